import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ReminderPlan } from '../../domain/deadlines';
import type { DeadlineSuspension } from '../../domain/suspension';
import type { ExtensionRequest } from '../../domain/extension-requests';
import type { CalendarChangeReceipt, ChangeCalendarInput } from './calendar-messages';
import type {
  AcceptListInput,
  AgencyState,
  AnswerExtensionInput,
  Deadlines,
  EscalateInput,
  ExtendDeadlineInput,
  RemindNowInput,
  RemindNowReceipt,
  RequestExtensionInput,
  ReturnListInput,
  SubmitDeliveryInput,
  SubmitListInput,
  SupportAnswerInput,
  SupportRequestInput,
  TransitionReceipt,
  WithdrawInput,
} from './messages';
import type { ResumeDeadlineInput, ResumeReceipt, SuspendDeadlineInput } from './suspension-messages';

// The agency workflow's Updates and Queries, declared once. Their payload schemas and types are in
// ./messages (and ./calendar-messages, ./suspension-messages), which re-export these; the workflow
// imports only this file, so that a new workflow run builds no schema until it checks a message
// (workflows/common/lazy-checks.ts).

export const submitListUpdate = defineUpdate<TransitionReceipt, [SubmitListInput], 'submitList'>('submitList');
export const submitDeliveryUpdate = defineUpdate<TransitionReceipt, [SubmitDeliveryInput], 'submitDelivery'>(
  'submitDelivery',
);
export const returnListUpdate = defineUpdate<TransitionReceipt, [ReturnListInput], 'returnList'>('returnList');
export const acceptListUpdate = defineUpdate<TransitionReceipt, [AcceptListInput], 'acceptList'>('acceptList');
export const withdrawUpdate = defineUpdate<TransitionReceipt, [WithdrawInput], 'withdraw'>('withdraw');
export const extendDeadlineUpdate = defineUpdate<Deadlines, [ExtendDeadlineInput], 'extendDeadline'>('extendDeadline');
export const remindNowUpdate = defineUpdate<RemindNowReceipt, [RemindNowInput], 'remindNow'>('remindNow');
export const escalateUpdate = defineUpdate<{ escalationKey: string }, [EscalateInput], 'escalate'>('escalate');
export const requestSupportUpdate = defineUpdate<{ requestId: string }, [SupportRequestInput], 'requestSupport'>(
  'requestSupport',
);
export const answerSupportUpdate = defineUpdate<{ requestId: string }, [SupportAnswerInput], 'answerSupport'>(
  'answerSupport',
);
export const requestExtensionUpdate = defineUpdate<ExtensionRequest, [RequestExtensionInput], 'requestExtension'>(
  'requestExtension',
);
export const answerExtensionUpdate = defineUpdate<ExtensionRequest, [AnswerExtensionInput], 'answerExtension'>(
  'answerExtension',
);
export const changeCalendarUpdate = defineUpdate<CalendarChangeReceipt, [ChangeCalendarInput], 'changeCalendar'>(
  'changeCalendar',
);
export const suspendDeadlineUpdate = defineUpdate<DeadlineSuspension, [SuspendDeadlineInput], 'suspendDeadline'>(
  'suspendDeadline',
);
export const resumeDeadlineUpdate = defineUpdate<ResumeReceipt, [ResumeDeadlineInput], 'resumeDeadline'>(
  'resumeDeadline',
);
export const agencyStateQuery = defineQuery<AgencyState>('agencyState');
/** The automatic reminders still planned, computed by the workflow's own timer plan. */
export const reminderPlanQuery = defineQuery<ReminderPlan>('reminderPlan');
