import { addWorkingDays } from '../../domain/working-days';
import { database } from '../common/activity-proxies';
import type { Deliveries } from '../common/deliveries';
import type { Actor } from '../common/update-declarations';
import type { TransitionReceipt } from './messages';
import type { AgencyNotices } from './notices';
import type { AgencyRecorder } from './recorder';
import type { AgencyWorkflowState, LastVersion } from './state';

// A submitted version, whatever the agency delivers (the Article 4 list or a declared deliverable):
// one way to record it, so both start the review deadline and tell the reviewer alike.

export interface VersionParts {
  state: AgencyWorkflowState;
  notices: AgencyNotices;
  deliveries: Deliveries;
  recorder: AgencyRecorder;
}

export interface SubmittedVersion {
  content: unknown;
  source: string;
  findings: { path: string; code: string; message: string }[];
  /** What changed against the last version, as the reviewer reads it. */
  changes: string;
  /** The version, kept as the last one once recorded. */
  last: LastVersion;
}

/** One submitted version recorded: the review deadline starts, the reviewer is told what changed. */
export async function recordVersion(
  { state, notices, deliveries, recorder }: VersionParts,
  actor: Actor,
  version: SubmittedVersion,
): Promise<TransitionReceipt> {
  const { input, facts } = state;
  const number = facts.version + 1;
  const { findings } = version;
  const lateKey = state.raisedLatenessKey();
  const reviewOrigin = { from: state.clock.nowIso(), workingDays: input.policy.reviewWorkingDays };
  const reviewDeadline = addWorkingDays(
    new Date(reviewOrigin.from),
    reviewOrigin.workingDays,
    state.calendar,
  ).toISOString();
  const result = await recorder.transition(
    'submit',
    actor.name,
    {
      submission: { version: number, content: version.content, source: version.source, findings },
      assignment: { reviewDeadline, stageReason: null },
    },
    () => state.versionSubmitted({ reviewDeadline, reviewOrigin, last: version.last }),
    (seq, toStage) => [
      notices.message(
        `${seq}:submission_received`,
        'submission_received',
        notices.recipients.reviewer,
        notices.with({
          agencyCode: input.agency.code,
          version: number,
          resubmission: toStage === 'resubmitted',
          reviewDeadline,
          changes: version.changes,
          findings: findings.map((finding) => finding.message).join('\n'),
        }),
      ),
    ],
  );
  if (lateKey) await recorder.persist(() => database.resolveEscalation({ key: lateKey, at: result.receipt.at }));
  result.notices.forEach((notice) => deliveries.deliver(notice));
  return { ...result.receipt, findings: findings.map((finding) => finding.message) };
}
