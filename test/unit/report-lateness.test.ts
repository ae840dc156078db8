import { createLatenessCalculator } from '../../domain/lateness';
import { latenessDistribution } from '../../reporting/lateness';
import { vietnamCalendarFor } from '../../domain/calendar/vietnam';
import { WORK_CALENDAR_NONE } from '../../domain/working-days';
import { agencyRow } from '../support/report-model';

// Days late in working days on the real Vietnamese calendar (date-holidays + official breaks).

const vn = (local: string) => new Date(`${local}+07:00`);
const calendar = vietnamCalendarFor([vn('2024-01-01T00:00:00')]);

describe('working days late', () => {
  test('deadline 08/02/2024 inside Tết, list on 16/02/2024: the deadline moves to 15/02 and only 16/02 counts', () => {
    const late = createLatenessCalculator(calendar, vn('2024-03-07T07:30:00'));
    const row = late({
      stage: 'accepted',
      submissionDeadline: vn('2024-02-08T23:59:59'),
      resubmissionDeadline: null,
      lastSubmittedAt: vn('2024-02-16T09:00:00'),
    });
    expect(row).toEqual({
      basis: 'submission',
      deadline: vn('2024-02-08T23:59:59').toISOString(),
      daysLate: 1,
      ongoing: false,
    });
    // Weekends alone would count Fri 09/02 and Mon–Thu 12–15/02 as well: 6 days.
    const weekendsOnly = createLatenessCalculator(WORK_CALENDAR_NONE, vn('2024-03-07T07:30:00'));
    expect(
      weekendsOnly({
        stage: 'accepted',
        submissionDeadline: vn('2024-02-08T23:59:59'),
        resubmissionDeadline: null,
        lastSubmittedAt: vn('2024-02-16T09:00:00'),
      })!.daysLate,
    ).toBe(6);
  });

  test('deadline Wed 07/02/2024 (last working day before Tết), list on 16/02: 2 working days, not 9 calendar days', () => {
    const late = createLatenessCalculator(calendar, vn('2024-03-07T07:30:00'));
    expect(
      late({
        stage: 'submitted',
        submissionDeadline: vn('2024-02-07T23:59:59'),
        resubmissionDeadline: null,
        lastSubmittedAt: vn('2024-02-16T09:00:00'),
      })!.daysLate,
    ).toBe(2);
  });

  test('a list still owed counts up to the report day; on time is 0', () => {
    const late = createLatenessCalculator(calendar, vn('2024-03-07T07:30:00'));
    expect(
      late({
        stage: 'assigned',
        submissionDeadline: vn('2024-03-04T23:59:59'),
        resubmissionDeadline: null,
        lastSubmittedAt: null,
      }),
    ).toMatchObject({ daysLate: 3, ongoing: true });
    expect(
      late({
        stage: 'assigned',
        submissionDeadline: vn('2024-03-08T23:59:59'),
        resubmissionDeadline: null,
        lastSubmittedAt: null,
      }),
    ).toMatchObject({ daysLate: 0, ongoing: true });
    expect(
      late({
        stage: 'accepted',
        submissionDeadline: vn('2024-03-04T23:59:59'),
        resubmissionDeadline: null,
        lastSubmittedAt: vn('2024-03-04T22:00:00'),
      }),
    ).toMatchObject({ daysLate: 0, ongoing: false });
  });

  test('after a return the resubmission deadline applies; weekends do not count', () => {
    const late = createLatenessCalculator(calendar, vn('2024-03-07T07:30:00'));
    // Due Fri 01/03, resubmitted Mon 04/03: one working day.
    expect(
      late({
        stage: 'resubmitted',
        submissionDeadline: vn('2024-03-04T23:59:59'),
        resubmissionDeadline: vn('2024-03-01T23:59:59'),
        lastSubmittedAt: vn('2024-03-04T09:00:00'),
      }),
    ).toMatchObject({
      basis: 'resubmission',
      daysLate: 1,
    });
    expect(
      late({
        stage: 'returned',
        submissionDeadline: vn('2024-03-04T23:59:59'),
        resubmissionDeadline: vn('2024-03-06T23:59:59'),
        lastSubmittedAt: vn('2024-02-26T09:00:00'),
      }),
    ).toMatchObject({
      basis: 'resubmission',
      daysLate: 1,
      ongoing: true,
    });
  });

  test('a withdrawn agency has no lateness', () => {
    const late = createLatenessCalculator(calendar, vn('2024-03-07T07:30:00'));
    expect(
      late({
        stage: 'withdrawn',
        submissionDeadline: vn('2024-03-04T23:59:59'),
        resubmissionDeadline: null,
        lastSubmittedAt: null,
      }),
    ).toBeNull();
  });
});

test('lateness distribution: buckets of working days, withdrawn agencies left out', () => {
  const withDays = (daysLate: number) =>
    agencyRow({ lateness: { basis: 'submission', deadline: '2024-03-04T16:59:59.000Z', daysLate, ongoing: true } });
  const rows = [
    withDays(0),
    withDays(0),
    withDays(1),
    withDays(2),
    withDays(5),
    withDays(6),
    withDays(30),
    agencyRow({ lateness: null }),
  ];
  expect(latenessDistribution(rows)).toEqual([
    { label: 'Không trễ hạn', count: 2 },
    { label: '1–2 ngày', count: 2 },
    { label: '3–5 ngày', count: 1 },
    { label: '6–10 ngày', count: 1 },
    { label: 'Trên 10 ngày', count: 1 },
  ]);
});
