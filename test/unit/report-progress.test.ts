import { progressSeries } from '../../reporting/progress';

// Progress per local day (UTC+7), cumulated, from the first submit and first accept of each agency.

const vn = (local: string) => new Date(`${local}:00+07:00`);

test('one point per day from the directive to the report day, cumulative, by Vietnamese date', () => {
  const events = [
    { assignmentId: 'a', action: 'submit', at: vn('2024-02-08T23:30') }, // 16:30 UTC, still 08/02 in Vietnam
    { assignmentId: 'b', action: 'submit', at: vn('2024-02-09T00:30') }, // 17:30 UTC on 08/02: 09/02 in Vietnam
    { assignmentId: 'a', action: 'accept', at: vn('2024-02-09T10:00') },
    { assignmentId: 'c', action: 'submit', at: vn('2024-02-11T10:00') },
    { assignmentId: 'd', action: 'submit', at: vn('2024-02-12T10:00') }, // after the report's instant
  ];
  expect(progressSeries(events, vn('2024-02-07T00:00'), vn('2024-02-11T12:00'))).toEqual([
    { day: '2024-02-07', submitted: 0, accepted: 0 },
    { day: '2024-02-08', submitted: 1, accepted: 0 },
    { day: '2024-02-09', submitted: 2, accepted: 1 },
    { day: '2024-02-10', submitted: 2, accepted: 1 },
    { day: '2024-02-11', submitted: 3, accepted: 1 },
  ]);
});

test('an event before the start extends the series back; a stray old date folds into the first point', () => {
  const early = progressSeries(
    [{ assignmentId: 'a', action: 'submit', at: vn('2024-02-05T10:00') }],
    vn('2024-02-07T00:00'),
    vn('2024-02-07T12:00'),
  );
  expect(early.map((p) => p.day)).toEqual(['2024-02-05', '2024-02-06', '2024-02-07']);

  const stray = progressSeries(
    [
      { assignmentId: 'a', action: 'submit', at: vn('2015-01-01T10:00') },
      { assignmentId: 'b', action: 'submit', at: vn('2024-02-07T10:00') },
    ],
    vn('2024-02-07T00:00'),
    vn('2024-02-07T12:00'),
  );
  expect(stray.length).toBeLessThanOrEqual(3 * 366 + 1);
  expect(stray[0]!.submitted).toBe(1);
  expect(stray[stray.length - 1]).toEqual({ day: '2024-02-07', submitted: 2, accepted: 0 });
});

test('a report before any activity has an empty curve of zeros', () => {
  expect(progressSeries([], vn('2024-02-07T00:00'), vn('2024-02-07T12:00'))).toEqual([
    { day: '2024-02-07', submitted: 0, accepted: 0 },
  ]);
  expect(progressSeries([], vn('2024-02-08T00:00'), vn('2024-02-07T12:00'))).toEqual([]);
});
