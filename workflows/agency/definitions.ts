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

export const submitListUpdate = defineUpdate<TransitionReceipt, [SubmitListInput]>('submitList');
export const returnListUpdate = defineUpdate<TransitionReceipt, [ReturnListInput]>('returnList');
export const acceptListUpdate = defineUpdate<TransitionReceipt, [AcceptListInput]>('acceptList');
export const withdrawUpdate = defineUpdate<TransitionReceipt, [WithdrawInput]>('withdraw');
export const extendDeadlineUpdate = defineUpdate<Deadlines, [ExtendDeadlineInput]>('extendDeadline');
export const remindNowUpdate = defineUpdate<RemindNowReceipt, [RemindNowInput]>('remindNow');
export const escalateUpdate = defineUpdate<{ escalationKey: string }, [EscalateInput]>('escalate');
export const requestSupportUpdate = defineUpdate<{ requestId: string }, [SupportRequestInput]>('requestSupport');
export const answerSupportUpdate = defineUpdate<{ requestId: string }, [SupportAnswerInput]>('answerSupport');
export const requestExtensionUpdate = defineUpdate<ExtensionRequest, [RequestExtensionInput]>('requestExtension');
export const answerExtensionUpdate = defineUpdate<ExtensionRequest, [AnswerExtensionInput]>('answerExtension');
export const changeCalendarUpdate = defineUpdate<CalendarChangeReceipt, [ChangeCalendarInput]>('changeCalendar');
export const suspendDeadlineUpdate = defineUpdate<DeadlineSuspension, [SuspendDeadlineInput]>('suspendDeadline');
export const resumeDeadlineUpdate = defineUpdate<ResumeReceipt, [ResumeDeadlineInput]>('resumeDeadline');
export const agencyStateQuery = defineQuery<AgencyState>('agencyState');
/** The automatic reminders still planned, computed by the workflow's own timer plan. */
export const reminderPlanQuery = defineQuery<ReminderPlan>('reminderPlan');
