import { patched } from '@temporalio/workflow';

// Release policy (README, "Releases and running workflows"): a run started by a release finishes on
// that release's code unless a gate covers the change. A change to workflow code that running
// workflows must not see is gated here: add its name to GATES and branch on `gates.follows(name)`,
// the new code on true. Each gate asked costs a run one marker event (and a visibility write) the
// first time, so fold a gate (delete it and its old branch) once no run started before it can still
// be running. 1.0 is the baseline: it started with no gate.

/** Every gate of the workflows, by name. */
export const GATES = {
  /** After an approval, a later consolidation round (tổng hợp bổ sung) for agencies within their own deadline. */
  supplementaryRounds: 'supplementary-rounds',
  /** A consolidation or approval answers once recorded; the agencies are told afterwards, page by page. */
  answerBeforeFanOut: 'answer-before-fan-out',
  /** The campaign's wait also ends when the server suggests continuing as new, not only on a change. */
  continueAsNewWakes: 'continue-as-new-wakes',
  /** A consolidation answers before its files are written; the approver is told once they are. */
  filesAfterAnswer: 'files-after-answer',
  /** The run ends only once the agencies are told of its last decision, left running by its last Update. */
  toldBeforeEnd: 'told-before-end',
  /** An extension request or answer whose record is refused is taken back, as a refused transition is. */
  unrecordedRequestTakenBack: 'unrecorded-request-taken-back',
  /** A deadline suspension counts from its proof's instant, also when the deadline passed before the worker got to it. */
  suspensionAtProof: 'suspension-at-proof',
  /** A final transition (a withdrawal, an approval) whose record is refused leaves the run going. */
  refusedEndGoesOn: 'refused-end-goes-on',
  /** A moved, suspended or resumed deadline, a changed calendar, a reminder on demand or a support request or answer whose record is refused is taken back. */
  unrecordedChangeTakenBack: 'unrecorded-change-taken-back',
  /** An approval, send-back or cancellation changes the campaign's state only once its record is written. */
  decisionRecordedFirst: 'decision-recorded-first',
  /** An agency's transition or event notices are delivered by the outbox relay, due from their record; no notify activity follows. */
  noticesRelayed: 'notices-relayed',
} as const satisfies Record<string, string>;

export type Gate = (typeof GATES)[keyof typeof GATES];

/** Which side of each gate one run follows. */
export class CodeGates {
  /** True when this run follows the code after the gate (the new code). */
  follows(gate: Gate): boolean {
    return patched(gate);
  }
}
