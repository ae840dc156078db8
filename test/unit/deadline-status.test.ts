import { buildVietnamCalendar } from '../../domain/calendar/vietnam';
import {
  createDeadlineStatusCalculator,
  describeDeadlineStatus,
  dueSoonWorkingDays,
  type DeadlineStatusFacts,
} from '../../domain/deadline-status';
import { isLate } from '../../domain/lateness';
import { WORK_CALENDAR_NONE } from '../../domain/working-days';

// The colour status classes: built on the one lateness rule, so "quá hạn" is exactly isLate, and
// "hoàn thành trễ hạn" is the report's lateness of the accepted list.

const at = (local: string) => new Date(`${local}+07:00`);
const friday = at('2024-03-15T23:59:59');

function facts(overrides: Partial<DeadlineStatusFacts> = {}): DeadlineStatusFacts {
  return {
    stage: 'assigned',
    deadlines: { submission: friday, resubmission: null, review: null },
    overdue: false,
    suspended: false,
    openEscalations: [],
    lastSubmittedAt: null,
    ...overrides,
  };
}

const statusAt = (now: string, input: DeadlineStatusFacts = facts(), calendar = WORK_CALENDAR_NONE) =>
  createDeadlineStatusCalculator(calendar, at(now), { dueSoonWorkingDays: 3 })(input);

describe('deadline status classes', () => {
  test('còn hạn while more working days are left than the first reminder offset, then sắp đến hạn', () => {
    expect(statusAt('2024-03-04T10:00:00')).toMatchObject({
      status: 'on_track',
      label: 'Còn hạn',
      workingDaysLeft: 9,
      owner: 'agency',
    });
    expect(statusAt('2024-03-11T10:00:00')).toMatchObject({ status: 'on_track', workingDaysLeft: 4 });
    expect(statusAt('2024-03-12T10:00:00')).toMatchObject({ status: 'due_soon', workingDaysLeft: 3 });
    const lastDay = statusAt('2024-03-15T15:00:00')!;
    expect(lastDay).toMatchObject({ status: 'due_soon', workingDaysLeft: 0 });
    expect(describeDeadlineStatus(lastDay)).toBe('Sắp đến hạn (hôm nay là ngày cuối)');
    expect(describeDeadlineStatus(statusAt('2024-03-12T10:00:00')!)).toBe('Sắp đến hạn (còn 3 ngày làm việc)');
  });

  test('quá hạn once the deadline has ended, counted in working days', () => {
    expect(statusAt('2024-03-16T10:00:00')).toMatchObject({ status: 'overdue', workingDaysOverdue: 0 }); // Saturday
    expect(statusAt('2024-03-18T09:00:00')).toMatchObject({ status: 'overdue', workingDaysOverdue: 1 });
    const tuesday = statusAt('2024-03-19T09:00:00')!;
    expect(tuesday).toMatchObject({ status: 'overdue', label: 'Quá hạn', workingDaysOverdue: 2 });
    expect(describeDeadlineStatus(tuesday)).toBe('Quá hạn 2 ngày làm việc');
  });

  test('a deadline on a day off runs to the end of the next working day', () => {
    const saturday = facts({ deadlines: { submission: at('2024-03-16T23:59:59'), resubmission: null, review: null } });
    expect(statusAt('2024-03-18T20:00:00', saturday)).toMatchObject({ status: 'due_soon', workingDaysLeft: 0 });
    expect(statusAt('2024-03-19T08:00:00', saturday)).toMatchObject({ status: 'overdue', workingDaysOverdue: 1 });
  });

  test('a missed deadline the workflow recorded is overdue even before its end is computed passed', () => {
    expect(statusAt('2024-03-14T10:00:00', facts({ overdue: true }))).toMatchObject({
      status: 'overdue',
      workingDaysOverdue: 0,
    });
    const escalated = facts({ openEscalations: [{ kind: 'submission_overdue', deadline: friday }] });
    expect(statusAt('2024-03-14T10:00:00', escalated)?.status).toBe('overdue');
  });

  test('a suspended deadline is neither running late nor counting down', () => {
    expect(statusAt('2024-03-19T09:00:00', facts({ suspended: true, overdue: true }))).toMatchObject({
      status: 'suspended',
      label: 'Tạm dừng tính hạn',
      workingDaysOverdue: 0,
    });
  });

  test('while the list is in review, the deadline is the reviewer’s', () => {
    const inReview = facts({
      stage: 'submitted',
      deadlines: { submission: friday, resubmission: null, review: at('2024-03-22T23:59:59') },
      lastSubmittedAt: at('2024-03-14T09:00:00'),
    });
    expect(statusAt('2024-03-20T09:00:00', inReview)).toMatchObject({
      status: 'due_soon',
      owner: 'reviewer',
      deadline: { kind: 'review', at: at('2024-03-22T23:59:59').toISOString() },
    });
    expect(statusAt('2024-03-25T09:00:00', inReview)).toMatchObject({ status: 'overdue', owner: 'reviewer' });
  });

  test('hoàn thành đúng hạn or trễ hạn by when the accepted list came, against the deadline owed', () => {
    const accepted = (lastSubmittedAt: Date, resubmission: Date | null = null) =>
      facts({ stage: 'accepted', deadlines: { submission: friday, resubmission, review: null }, lastSubmittedAt });
    expect(statusAt('2024-04-01T09:00:00', accepted(at('2024-03-14T09:00:00')))).toMatchObject({
      status: 'done_on_time',
      label: 'Hoàn thành đúng hạn',
      workingDaysOverdue: 0,
    });
    const late = statusAt('2024-04-01T09:00:00', accepted(at('2024-03-19T09:00:00')))!;
    expect(late).toMatchObject({ status: 'done_late', workingDaysOverdue: 2 });
    expect(describeDeadlineStatus(late)).toBe('Hoàn thành trễ hạn 2 ngày làm việc');
    // After a return the list owed is the resubmission, by its own deadline.
    const resubmitted = accepted(at('2024-03-21T09:00:00'), at('2024-03-22T23:59:59'));
    expect(statusAt('2024-04-01T09:00:00', resubmitted)?.status).toBe('done_on_time');
    expect(statusAt('2024-04-01T09:00:00', { ...resubmitted, stage: 'approved' })?.status).toBe('done_on_time');
  });

  test('a withdrawn agency has no status', () => {
    expect(statusAt('2024-03-19T09:00:00', facts({ stage: 'withdrawn' }))).toBeNull();
  });

  test('quá hạn agrees with isLate at every hour around the deadline', () => {
    const cases = [facts(), facts({ overdue: true }), facts({ stage: 'returned' }), facts({ suspended: true })];
    for (let hour = 0; hour < 24 * 6; hour += 5) {
      const now = new Date(at('2024-03-14T00:00:00').getTime() + hour * 3_600_000);
      const status = createDeadlineStatusCalculator(WORK_CALENDAR_NONE, now);
      for (const input of cases)
        expect(status(input)?.status === 'overdue').toBe(isLate(input, now, WORK_CALENDAR_NONE));
    }
  });

  test('working days left skip the Tết 2024 break of the civil service', () => {
    const calendar = buildVietnamCalendar(2024, 2024);
    const afterTet = facts({ deadlines: { submission: at('2024-02-16T23:59:59'), resubmission: null, review: null } });
    // 08/02–14/02 off: from Wed 07/02 only Thu 15/02 and Fri 16/02 are left.
    expect(statusAt('2024-02-07T10:00:00', afterTet, calendar)).toMatchObject({
      status: 'due_soon',
      workingDaysLeft: 2,
    });
  });

  test('sắp đến hạn starts at the policy’s first reminder', () => {
    expect(dueSoonWorkingDays([1, 5, 2])).toBe(5);
    expect(dueSoonWorkingDays(undefined)).toBe(3);
    expect(dueSoonWorkingDays([])).toBe(3);
  });
});
