import {
  deadlineKey,
  initialReturnCount,
  overdueKey,
  returnCountKey,
  stageKey,
  startingStatus,
  statusAttributes,
} from '../../temporal/search-attributes';

// The status an agency's start shows in the Web UI, which its workflow then upserts only where it changes.

const DEADLINE = '2024-02-23T17:00:00.000Z';

test('an assigned agency starts on its submission deadline, not late, never returned', () => {
  expect(startingStatus({ initialStage: 'assigned', submissionDeadline: DEADLINE })).toEqual({
    stage: 'assigned',
    activeDeadline: { kind: 'submission', at: DEADLINE },
    overdue: false,
    returnCount: 0,
  });
});

test('an agency launched "returned" for a re-review was returned once already', () => {
  expect(initialReturnCount('returned')).toBe(1);
  expect(startingStatus({ initialStage: 'returned', submissionDeadline: DEADLINE })).toMatchObject({
    stage: 'returned',
    returnCount: 1,
  });
});

test('the status as the four search attributes; no running deadline removes Deadline', () => {
  const running = statusAttributes({
    stage: 'submitted',
    activeDeadline: { at: DEADLINE },
    overdue: true,
    returnCount: 2,
  });
  expect(running).toEqual([
    { key: stageKey, value: 'submitted' },
    { key: deadlineKey, value: new Date(DEADLINE) },
    { key: overdueKey, value: true },
    { key: returnCountKey, value: 2 },
  ]);
  const done = statusAttributes({ stage: 'accepted', overdue: false, returnCount: 0 });
  expect(done.find((pair) => pair.key === deadlineKey)?.value).toBeNull();
});
