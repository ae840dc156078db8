import { patched } from '@temporalio/workflow';

// Every change of workflow code that running workflows must not see is gated by a patched() marker.
// Each patched() call a new run makes costs two history events and one visibility write (the SDK
// records a marker and upserts TemporalChangeVersion): at registration, three gates doubled an
// agency's history. So a run started on this code records one marker at its start, and with it
// follows every gate listed below without asking each one. Runs started before that marker existed
// replay without it and keep asking each gate, exactly as they were recorded.

/** The marker a run records at its start when it starts past every gate of FOLLOWED_FROM_START. */
export const STARTED_PAST_GATES = 'started-past-gates-2026-12';

/**
 * The gates a run that starts with STARTED_PAST_GATES follows without asking. Fixed for good: runs
 * started before a gate existed carry STARTED_PAST_GATES too, so a gate added later goes in
 * ASKED_EACH_TIME. (To fold later gates in as well, add a newer start marker with its own list,
 * asked first.)
 */
const FOLLOWED_FROM_START = {
  oneLatenessRule: 'one-lateness-rule',
  noticeServiceCenterName: 'notice-service-center-name',
  assignmentOutbox: 'assignment-outbox',
  boundedFindings: 'bounded-findings',
  extensionRequests: 'extension-requests',
  confirmedCampaignEvents: 'confirmed-campaign-events',
  auditPerson: 'audit-person',
  calendarChange: 'calendar-change',
  calendarCorrections: 'calendar-corrections',
  continueAsNewSuggested: 'continue-as-new-suggested',
  changedSearchAttributesOnly: 'changed-search-attributes-only',
} as const;

/** Gates added after STARTED_PAST_GATES: every run asks each with its own marker. */
const ASKED_EACH_TIME = {
  /** The perfunctory rule counts the returns made in this campaign, not a re-review's initial one. */
  perfunctoryCampaignReturns: 'perfunctory-campaign-returns',
  /** A transition whose record is refused leaves the state as it was, and later writes still run. */
  stateWithItsRecord: 'state-with-its-record',
} as const;

/** Every gate of the workflows, by name. */
export const GATES = { ...FOLLOWED_FROM_START, ...ASKED_EACH_TIME } as const;

export type Gate = (typeof GATES)[keyof typeof GATES];

const followedFromStart: ReadonlySet<Gate> = new Set<Gate>(Object.values(FOLLOWED_FROM_START));

/** Which side of each gate one run follows; made once, at the start of its workflow function. */
export class CodeGates {
  private constructor(private readonly startedPastGates: boolean) {}

  /** Call first thing in a workflow function, on every run: replay must meet the marker where it was recorded. */
  static atStart(): CodeGates {
    return new CodeGates(patched(STARTED_PAST_GATES));
  }

  /** True when this run follows the code after the gate (the new code). */
  follows(gate: Gate): boolean {
    return (this.startedPastGates && followedFromStart.has(gate)) || patched(gate);
  }
}
