import { ACTIONS, type Action, type Role } from './access';

// What the action of a workflow's audit row stands for among the actions people take (domain/access.ts):
// the workflows name their rows by what happened to the agency ('return', 'extend'), people act
// by what they do ('returnList', 'extendDeadline'). Rows of the system (assignment, escalations
// by rule) name no person and stand for no one's action.

const AUDIT_ROW_ACTIONS: Record<string, Action> = {
  submit: 'submit',
  return: 'returnList',
  accept: 'acceptList',
  consolidate: 'consolidate',
  approve: 'approve',
  send_back: 'sendBack',
  cancel: 'cancel',
  withdraw: 'withdraw',
  remind: 'remind',
  extend: 'extendDeadline',
  escalate: 'escalate',
  support_request: 'support',
  support_answer: 'answerSupport',
  extension_request: 'requestExtension',
  extension_grant: 'answerExtension',
  extension_refuse: 'answerExtension',
  suspend: 'suspendDeadline',
  resume: 'resumeDeadline',
  calendar: 'changeCalendar',
};

/** Actions taken at the server alone: no workflow records them, the server's trail does. */
export const SERVER_ONLY_ACTIONS = ['launch', 'scheduleReport', 'makeReport', 'grant', 'revoke'] as const;

/** The person's action an audit row records, or the row's own name when it maps to none. */
export function actionOfAuditRow(rowAction: string): string {
  return AUDIT_ROW_ACTIONS[rowAction] ?? rowAction;
}

/** The one role an action may be taken in, when only one may take it. */
export function onlyRoleOf(action: string): Role | undefined {
  const roles = (ACTIONS as Record<string, readonly Role[]>)[action];
  return roles?.length === 1 ? roles[0] : undefined;
}
