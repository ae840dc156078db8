import { ACTION_LABELS, type Action } from './access';

// The agency lifecycle as one table: which action moves which stage where.
// Validators and handlers both consult it, so the rules live in exactly one place.

export const STAGES = [
  'assigned',
  'submitted',
  'returned',
  'resubmitted',
  'accepted',
  'consolidated',
  'approved',
  'withdrawn',
] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  assigned: 'Đã giao',
  submitted: 'Đã nộp',
  returned: 'Bị trả lại',
  resubmitted: 'Đã nộp lại',
  accepted: 'Đã chấp nhận',
  consolidated: 'Đã tổng hợp',
  approved: 'Đã phê duyệt',
  withdrawn: 'Đã rút khỏi chiến dịch',
};

/** The moves between stages, as the audit rows name them. */
export type StageAction = 'submit' | 'return' | 'accept' | 'consolidate' | 'approve' | 'withdraw';

/** The action of the access rule each move is: its one name for people (domain/access.ts). */
export const STAGE_ACTIONS: Record<StageAction, Action> = {
  submit: 'submit',
  return: 'returnList',
  accept: 'acceptList',
  consolidate: 'consolidate',
  approve: 'approve',
  withdraw: 'withdraw',
};

interface Transition {
  from: readonly Stage[];
  to: (from: Stage) => Stage;
}

const TRANSITIONS: Record<StageAction, Transition> = {
  // A first submission is "submitted"; one after a return is "resubmitted".
  submit: { from: ['assigned', 'returned'], to: (from) => (from === 'returned' ? 'resubmitted' : 'submitted') },
  return: { from: ['submitted', 'resubmitted'], to: () => 'returned' },
  accept: { from: ['submitted', 'resubmitted'], to: () => 'accepted' },
  consolidate: { from: ['accepted'], to: () => 'consolidated' },
  approve: { from: ['consolidated'], to: () => 'approved' },
  withdraw: {
    from: ['assigned', 'submitted', 'returned', 'resubmitted', 'accepted', 'consolidated'],
    to: () => 'withdrawn',
  },
};

// Named stage groups: every module that asks "is this agency still owing a list?" or "is its list in
// the catalogue?" asks here.

/** The agency owes a list (first submission, or resubmission after a return). */
export const PENDING_STAGES: readonly Stage[] = ['assigned', 'returned'];
/** The list is with the reviewer. */
export const IN_REVIEW_STAGES: readonly Stage[] = ['submitted', 'resubmitted'];
/** The list was accepted and counts for the catalogue. */
export const ACCEPTED_STAGES: readonly Stage[] = ['accepted', 'consolidated', 'approved'];
/** The workflow has ended. */
export const TERMINAL_STAGES: readonly Stage[] = ['approved', 'withdrawn'];
/** Out of the campaign: counted apart, never late. */
export const WITHDRAWN_STAGES: readonly Stage[] = ['withdrawn'];
/** Where an agency may start: re-review agencies start returned. */
export const INITIAL_STAGES = ['assigned', 'returned'] as const satisfies readonly Stage[];
export type InitialStage = (typeof INITIAL_STAGES)[number];

/** Whether a stage as stored (free text in the database) belongs to a group. */
export function inStages(group: readonly Stage[], stage: string): boolean {
  return (group as readonly string[]).includes(stage);
}

export class IllegalTransitionError extends Error {
  constructor(
    readonly action: StageAction,
    readonly stage: Stage,
    /** The action as the person took it, when it is not the stage action's own (a declared delivery is a submit). */
    readonly asTaken: Action = STAGE_ACTIONS[action],
  ) {
    super(
      `Không thể ${ACTION_LABELS[asTaken]} khi hồ sơ đang ở trạng thái "${STAGE_LABELS[stage]}". ` +
        `Chỉ được ${ACTION_LABELS[asTaken]} khi ở trạng thái: ${TRANSITIONS[action].from.map((s) => `"${STAGE_LABELS[s]}"`).join(', ')}.`,
    );
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(stage: Stage, action: StageAction): boolean {
  return TRANSITIONS[action].from.includes(stage);
}

/** The stage the action leads to; throws IllegalTransitionError when the action is not allowed now. */
export function nextStage(stage: Stage, action: StageAction, asTaken?: Action): Stage {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(stage)) throw new IllegalTransitionError(action, stage, asTaken);
  return transition.to(stage);
}

/** Which deadline the agency (or the reviewer) is working against in a stage, if any. */
export type DeadlineKind = 'submission' | 'resubmission' | 'review';

export const DEADLINE_LABELS: Record<DeadlineKind, string> = {
  submission: 'hạn nộp',
  resubmission: 'hạn nộp lại',
  review: 'hạn thẩm định',
};

export function activeDeadlineKind(stage: Stage, hasResubmissionDeadline: boolean): DeadlineKind | undefined {
  switch (stage) {
    case 'assigned':
      return 'submission';
    case 'returned':
      // Agencies that start returned (re-review of an earlier result) work against the submission deadline.
      return hasResubmissionDeadline ? 'resubmission' : 'submission';
    case 'submitted':
    case 'resubmitted':
      return 'review';
    default:
      return undefined;
  }
}
