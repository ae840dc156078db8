import { OVERDUE_ESCALATION } from './escalations';
import { activeDeadlineKind, type DeadlineKind, type Stage } from './stages';
import { workingDaysBefore, type WorkCalendar } from './working-days';

// Deadlines of one agency: which one runs, when its reminders fall, which of them are due at once,
// and the key that makes its overdue escalation happen once. The agency workflow plans its timers
// with these functions and answers the reminder-plan query with the same ones.

export interface AgencyDeadlines {
  submission: string;
  resubmission?: string;
  review?: string;
}

export interface ActiveDeadline {
  kind: DeadlineKind;
  at: string;
}

/** The deadline the agency (or the reviewer) works against in its stage, if any. */
export function activeDeadline(stage: Stage, deadlines: AgencyDeadlines): ActiveDeadline | undefined {
  const kind = activeDeadlineKind(stage, deadlines.resubmission !== undefined);
  const at = kind ? deadlines[kind] : undefined;
  return kind && at ? { kind, at } : undefined;
}

/** Whether a deadline has passed at a campaign instant (epoch milliseconds). */
export function isPast(deadline: ActiveDeadline | undefined, now: number): boolean {
  return deadline !== undefined && now > Date.parse(deadline.at);
}

/** One escalation per agency, kind and deadline: an extended deadline can be missed again. */
export function overdueEscalationKey(workflowId: string, deadline: ActiveDeadline): string {
  return `${workflowId}:${OVERDUE_ESCALATION[deadline.kind]}:${deadline.at}`;
}

/** Who is reminded of, or escalated for, a deadline. */
export function deadlineAudience(kind: DeadlineKind): 'agency' | 'reviewer' {
  return kind === 'review' ? 'reviewer' : 'agency';
}

export interface ReminderTime {
  /** Working days before the deadline. */
  offset: number;
  /** Epoch milliseconds: 08:00 local on that working day. */
  at: number;
}

/** One reminder per offset, in the offsets' order, keeping only those before the deadline. */
export function reminderTimes(deadline: number, offsets: readonly number[], calendar: WorkCalendar): ReminderTime[] {
  return offsets
    .map((offset) => ({ offset, at: workingDaysBefore(new Date(deadline), offset, calendar).getTime() }))
    .filter((reminder) => reminder.at < deadline);
}

interface TimerBase {
  at: number;
  key: string;
  kind: DeadlineKind;
  deadline: string;
}
export type ReminderTimer = TimerBase & { type: 'reminder'; offset: number };
export type DeadlineTimer = TimerBase & { type: 'deadline' };
export type AgencyTimer = ReminderTimer | DeadlineTimer;

export interface TimerPlanInput {
  workflowId: string;
  reminderOffsets: readonly number[];
  calendar: WorkCalendar;
  /** Keys of reminders already sent. */
  remindersDone: ReadonlySet<string>;
  /** Keys of escalations already raised. */
  escalated: ReadonlySet<string>;
}

/** Reminders still to send and the deadline still to watch, earliest first. */
export function plannedTimers(active: ActiveDeadline | undefined, plan: TimerPlanInput): AgencyTimer[] {
  if (!active) return [];
  const deadline = Date.parse(active.at);
  const timers: AgencyTimer[] = reminderTimes(deadline, plan.reminderOffsets, plan.calendar)
    .map(({ offset, at }) => ({
      type: 'reminder' as const,
      at,
      key: `${active.kind}:${active.at}:${offset}`,
      kind: active.kind,
      deadline: active.at,
      offset,
    }))
    .filter((timer) => !plan.remindersDone.has(timer.key));
  const escalationKey = overdueEscalationKey(plan.workflowId, active);
  if (!plan.escalated.has(escalationKey))
    timers.push({ type: 'deadline', at: deadline, key: escalationKey, kind: active.kind, deadline: active.at });
  return timers.sort((a, b) => a.at - b.at);
}

/**
 * Several reminders due at once (a late launch, a worker away for days): all of them are done, and
 * only the one closest to the deadline is sent.
 */
export function collapseDueReminders(
  timers: readonly AgencyTimer[],
  now: number,
  firing: ReminderTimer,
): { done: ReminderTimer[]; send: ReminderTimer } {
  const done = timers.filter((timer): timer is ReminderTimer => timer.type === 'reminder' && timer.at <= now);
  const send = done.reduce((a, b) => (a.offset < b.offset ? a : b), firing);
  return { done, send };
}

/** The automatic reminders still planned for an agency's running deadline, as the workflow will send them. */
export interface ReminderPlan {
  deadline?: ActiveDeadline;
  audience?: 'agency' | 'reviewer';
  /** Reminders not sent yet, earliest first. */
  reminders: { offset: number; at: string }[];
  /** When the deadline's overdue escalation fires; absent once raised. */
  escalationAt?: string;
}

export function reminderPlan(active: ActiveDeadline | undefined, plan: TimerPlanInput): ReminderPlan {
  if (!active) return { reminders: [] };
  const timers = plannedTimers(active, plan);
  const escalation = timers.find((timer) => timer.type === 'deadline');
  return {
    deadline: active,
    audience: deadlineAudience(active.kind),
    reminders: timers.flatMap((timer) =>
      timer.type === 'reminder' ? [{ offset: timer.offset, at: new Date(timer.at).toISOString() }] : [],
    ),
    ...(escalation && { escalationAt: new Date(escalation.at).toISOString() }),
  };
}
