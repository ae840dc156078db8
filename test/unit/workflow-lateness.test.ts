import { agencyWorkflowInputSchema } from '../../domain/agency-input';
import { CampaignClock } from '../../domain/clock';
import { overdueEscalationKey } from '../../domain/deadlines';
import { isLate } from '../../domain/lateness';
import { WORK_CALENDAR_NONE } from '../../domain/working-days';
import { AgencyWorkflowState } from '../../workflows/agency/state';

// The agency workflow's "late" is the domain's lateness rule, the one the admin script's --late and
// the report ask: a deadline ends at 24:00 of its last day, moved past days off, and once the
// deadline's overdue escalation is raised the agency is late.

const clockAt = (instant: string) =>
  new CampaignClock({ secondsPerDay: 86_400, simulatedStart: instant, realStart: new Date().toISOString() });

// Saturday 02/03/2024 10:00: the deadline falls on a day off, so it ends on Monday 04/03 at 24:00.
const SATURDAY_DEADLINE = '2024-03-02T10:00:00+07:00';
const input = agencyWorkflowInputSchema.parse({
  campaignId: 'c1',
  directive: '12/UBND-TTHC',
  agency: { code: 'so-y-te', name: 'Sở Y tế', kind: 'department' },
  reviewer: 'Sở Khoa học và Công nghệ',
  serviceCenter: 'Trung tâm Phục vụ hành chính công tỉnh',
  submissionDeadline: SATURDAY_DEADLINE,
  calendar: WORK_CALENDAR_NONE,
});

function stateAt(now: string) {
  const state = new AgencyWorkflowState(input, 'w1', clockAt(now));
  state.refresh();
  return state;
}

/** What the admin script and the report would say of the same agency at the same instant. */
function domainSays(state: AgencyWorkflowState, now: string): boolean {
  const raised = state.raisedLatenessKey() !== undefined;
  return isLate(
    {
      stage: state.facts.stage,
      deadlines: { submission: new Date(state.facts.deadlines.submission), resubmission: null, review: null },
      overdue: false,
      suspended: state.isSuspended(),
      openEscalations: raised ? [{ kind: 'submission_overdue', deadline: new Date(SATURDAY_DEADLINE) }] : [],
    },
    new Date(now),
    WORK_CALENDAR_NONE,
  );
}

test('a deadline on a day off is not late until the next working day ends, as the domain rule says', () => {
  for (const [now, late] of [
    ['2024-03-02T11:00:00+07:00', false], // Saturday, after the deadline's instant
    ['2024-03-04T23:00:00+07:00', false], // Monday, its last working day
    ['2024-03-05T00:00:01+07:00', true], // Tuesday
  ] as const) {
    const state = stateAt(now);
    expect([now, state.facts.overdue]).toEqual([now, late]);
    expect(domainSays(state, now)).toBe(late);
  }
});

test('once the deadline’s overdue escalation is raised, the agency is late, as the domain rule says', () => {
  const state = stateAt('2024-03-02T10:00:01+07:00');
  expect(state.facts.overdue).toBe(false);
  // The escalation fires at the deadline's instant; the workflow records it before it publishes.
  const escalation = state.timers().find((timer) => timer.type === 'deadline')!;
  expect(new Date(escalation.at).toISOString()).toBe(new Date(SATURDAY_DEADLINE).toISOString());
  state.escalationRaised('submission_overdue', overdueEscalationKey('w1', state.activeDeadline()!));
  state.refresh();
  expect(state.facts.overdue).toBe(true);
  expect(domainSays(state, '2024-03-02T10:00:01+07:00')).toBe(true);
});

test('a suspended deadline is not late', () => {
  const state = stateAt('2024-03-06T09:00:00+07:00');
  state.suspended({
    kind: 'submission',
    deadline: SATURDAY_DEADLINE,
    workingDaysLeft: 1,
    since: '2024-03-01T09:00:00+07:00',
    by: 'Trung tâm Phục vụ hành chính công tỉnh',
    reason: 'Chờ hướng dẫn',
  });
  state.refresh();
  expect(state.facts.overdue).toBe(false);
});
