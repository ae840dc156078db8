import {
  activeDeadline,
  collapseDueReminders,
  isPast,
  overdueEscalationKey,
  plannedTimers,
  reminderPlan,
  reminderTimes,
  type ReminderTimer,
  type TimerPlanInput,
} from '../../domain/deadlines';
import { WORK_CALENDAR_NONE } from '../../domain/working-days';

// The agency workflow's timer decisions, as plain functions: no server needed.

const SUBMISSION = '2024-03-04T16:59:59.000Z'; // Mon 04/03/2024 23:59:59 in Vietnam
const plan = (overrides: Partial<TimerPlanInput> = {}): TimerPlanInput => ({
  workflowId: 'campaign:c1:agency:a1',
  reminderOffsets: [3, 1],
  calendar: WORK_CALENDAR_NONE,
  remindersDone: new Set(),
  escalated: new Set(),
  ...overrides,
});

describe('activeDeadline', () => {
  const deadlines = {
    submission: SUBMISSION,
    resubmission: '2024-03-11T16:59:59.000Z',
    review: '2024-03-08T16:59:59Z',
  };

  test.each([
    ['assigned', { kind: 'submission', at: SUBMISSION }],
    ['submitted', { kind: 'review', at: deadlines.review }],
    ['resubmitted', { kind: 'review', at: deadlines.review }],
    ['returned', { kind: 'resubmission', at: deadlines.resubmission }],
    ['accepted', undefined],
    ['approved', undefined],
    ['withdrawn', undefined],
  ] as const)('%s → %j', (stage, expected) => {
    expect(activeDeadline(stage, deadlines)).toEqual(expected);
  });

  test('an agency launched "returned" works against the submission deadline until it gets its own', () => {
    expect(activeDeadline('returned', { submission: SUBMISSION })).toEqual({ kind: 'submission', at: SUBMISSION });
  });

  test('a review deadline not set yet means no running deadline', () => {
    expect(activeDeadline('submitted', { submission: SUBMISSION })).toBeUndefined();
  });

  test('isPast: strictly after the deadline', () => {
    const deadline = { kind: 'submission' as const, at: SUBMISSION };
    expect(isPast(deadline, Date.parse(SUBMISSION))).toBe(false);
    expect(isPast(deadline, Date.parse(SUBMISSION) + 1)).toBe(true);
    expect(isPast(undefined, Date.parse(SUBMISSION) + 1)).toBe(false);
  });
});

describe('reminderTimes', () => {
  test('08:00 local, n working days before, in the offsets order', () => {
    expect(
      reminderTimes(Date.parse(SUBMISSION), [3, 1], WORK_CALENDAR_NONE).map((r) => [
        r.offset,
        new Date(r.at).toISOString(),
      ]),
    ).toEqual([
      [3, '2024-02-28T01:00:00.000Z'], // Wed 28/02 08:00
      [1, '2024-03-01T01:00:00.000Z'], // Fri 01/03 08:00, over the weekend
    ]);
  });

  test('a holiday pushes a reminder to the working day before it', () => {
    const calendar = { holidays: ['2024-03-01'], workingWeekendDays: [] };
    expect(reminderTimes(Date.parse(SUBMISSION), [1], calendar).map((r) => new Date(r.at).toISOString())).toEqual([
      '2024-02-29T01:00:00.000Z',
    ]);
  });

  test('a reminder that would not come before the deadline is dropped', () => {
    // A deadline at 07:00 on its own day: the day's 08:00 reminder would come after it.
    const early = Date.parse('2024-03-04T00:00:00.000Z');
    expect(reminderTimes(early, [0, 1], WORK_CALENDAR_NONE).map((r) => r.offset)).toEqual([1]);
  });
});

describe('plannedTimers', () => {
  const active = { kind: 'submission' as const, at: SUBMISSION };

  test('reminders then the deadline, earliest first, with stable keys', () => {
    const timers = plannedTimers(active, plan({ reminderOffsets: [1, 3] }));
    expect(timers.map((t) => [t.type, t.key])).toEqual([
      ['reminder', `submission:${SUBMISSION}:3`],
      ['reminder', `submission:${SUBMISSION}:1`],
      ['deadline', `campaign:c1:agency:a1:submission_overdue:${SUBMISSION}`],
    ]);
    expect(timers.at(-1)!.at).toBe(Date.parse(SUBMISSION));
  });

  test('reminders sent and an escalation raised are not planned again', () => {
    const timers = plannedTimers(
      active,
      plan({
        remindersDone: new Set([`submission:${SUBMISSION}:3`]),
        escalated: new Set([overdueEscalationKey('campaign:c1:agency:a1', active)]),
      }),
    );
    expect(timers.map((t) => t.key)).toEqual([`submission:${SUBMISSION}:1`]);
  });

  test('no running deadline, nothing planned', () => {
    expect(plannedTimers(undefined, plan())).toEqual([]);
  });

  test('an extended deadline gets its own escalation key', () => {
    const extended = { kind: 'submission' as const, at: '2024-03-11T16:59:59.000Z' };
    expect(overdueEscalationKey('w', extended)).not.toBe(overdueEscalationKey('w', active));
    expect(overdueEscalationKey('w', { kind: 'review', at: SUBMISSION })).toBe(`w:review_overdue:${SUBMISSION}`);
  });
});

describe('collapseDueReminders', () => {
  const active = { kind: 'submission' as const, at: SUBMISSION };
  const timers = plannedTimers(active, plan());
  const [threeDays, oneDay] = timers as ReminderTimer[];

  test('a late launch: both reminders are due, only the one closest to the deadline is sent', () => {
    const now = Date.parse('2024-03-02T00:00:00.000Z');
    const { done, send } = collapseDueReminders(timers, now, threeDays!);
    expect(done.map((t) => t.offset)).toEqual([3, 1]);
    expect(send.offset).toBe(1);
  });

  test('on time: only the reminder that fires is due and sent', () => {
    const { done, send } = collapseDueReminders(timers, threeDays!.at, threeDays!);
    expect(done.map((t) => t.offset)).toEqual([3]);
    expect(send).toBe(threeDays);
    expect(oneDay!.at).toBeGreaterThan(threeDays!.at);
  });
});

describe('reminderPlan', () => {
  test('what the reminder-plan query answers: the reminders still to send and the escalation', () => {
    const active = { kind: 'review' as const, at: SUBMISSION };
    expect(reminderPlan(active, plan({ remindersDone: new Set([`review:${SUBMISSION}:3`]) }))).toEqual({
      deadline: active,
      audience: 'reviewer',
      reminders: [{ offset: 1, at: '2024-03-01T01:00:00.000Z' }],
      escalationAt: SUBMISSION,
    });
  });

  test('no running deadline: an empty plan', () => {
    expect(reminderPlan(undefined, plan())).toEqual({ reminders: [] });
  });
});
