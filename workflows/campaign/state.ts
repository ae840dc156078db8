import type { CampaignClock } from '../../domain/clock';
import type { CampaignWorkflowInput } from '../../domain/campaign-input';
import { reminderTimes } from '../../domain/deadlines';
import { PHASE_LABELS, type CampaignPhase } from '../../domain/campaign-phases';
import type { CampaignState } from './messages';

/** How often (campaign time) the campaign looks whether every agency is accepted. */
const CHECK_EVERY_MS = 6 * 3_600_000;
/** Never poll faster than this in real time, however compressed the clock. */
const MIN_REAL_CHECK_MS = 3_000;

const TERMINAL: readonly CampaignPhase[] = ['approved', 'cancelled'];

/** Carried across continue-as-new. */
export interface CampaignCarry {
  state: CampaignState;
  remindersDone: string[];
  approvalEscalated: boolean;
}

/** The next thing to do on the campaign clock. */
export type CampaignTimer =
  | { type: 'approval_reminder'; at: number; key: string; offset: number }
  | { type: 'approval_deadline'; at: number }
  | { type: 'check'; at: number };

/**
 * What the campaign workflow knows, and the decisions it takes on it, as plain methods: who may act
 * in which phase, what comes next on the clock, when to consolidate on its own. No Temporal call here.
 */
export class CampaignWorkflowState {
  readonly facts: CampaignState;
  readonly remindersDone: Set<string>;
  approvalEscalated: boolean;
  /** Bumps on every change that can move the next timer. */
  changes = 0;
  /** One campaign-wide operation at a time. */
  busy = false;

  constructor(
    readonly input: CampaignWorkflowInput,
    readonly clock: CampaignClock,
    carry?: CampaignCarry,
  ) {
    this.facts = carry?.state ?? { campaignId: input.campaignId, phase: 'collecting', escalations: [] };
    this.remindersDone = new Set(carry?.remindersDone ?? []);
    this.approvalEscalated = carry?.approvalEscalated ?? false;
  }

  /** Approved with no later round open, or cancelled. */
  get finished(): boolean {
    return TERMINAL.includes(this.facts.phase) && this.facts.openRound === undefined;
  }

  /** The catalogue round the next consolidation makes: 1, or the later round open after an approval. */
  nextCatalogueRound(): number {
    return this.facts.openRound ?? 1;
  }

  carry(): CampaignCarry {
    return { state: this.facts, remindersDone: [...this.remindersDone], approvalEscalated: this.approvalEscalated };
  }

  /** Moves to a phase and wakes the timer loop. */
  enter(phase: CampaignPhase): void {
    this.facts.phase = phase;
    this.changes++;
  }

  /** The next thing to do: an approval reminder, the approval deadline, or a look at the agencies. */
  nextTimer(): CampaignTimer | undefined {
    const { input, facts, clock } = this;
    const deadline = Date.parse(input.approvalDeadline);
    const candidates: CampaignTimer[] = [];
    if (facts.phase === 'consolidated') {
      for (const { offset, at } of reminderTimes(deadline, input.policy.reminderOffsets, input.calendar)) {
        const key = `approval:${offset}`;
        if (!this.remindersDone.has(key)) candidates.push({ type: 'approval_reminder', at, key, offset });
      }
    }
    // The approval deadline is the first decision's; a supplementary round has none of its own.
    if (!this.approvalEscalated && !facts.decision) candidates.push({ type: 'approval_deadline', at: deadline });
    if (facts.phase === 'collecting') {
      const compression = input.clock ? 86_400_000 / (input.clock.secondsPerDay * 1000) : 1;
      candidates.push({ type: 'check', at: clock.now() + Math.max(CHECK_EVERY_MS, MIN_REAL_CHECK_MS * compression) });
    }
    return candidates.sort((a, b) => a.at - b.at)[0];
  }

  /** Consolidate on its own: every agency still in the campaign is accepted, and nobody sent it back. */
  shouldConsolidate(counts: { total: number; byStage: Record<string, number> }): boolean {
    const open = counts.total - (counts.byStage.withdrawn ?? 0);
    return (
      this.input.autoConsolidate &&
      open > 0 &&
      (counts.byStage.accepted ?? 0) === open &&
      this.facts.phase === 'collecting' &&
      !this.busy &&
      !this.facts.sentBack
    );
  }

  // ── Update validators ────────────────────────────────────────────────────────────────────

  private requirePhase(allowed: CampaignPhase[], what: string): void {
    if (!allowed.includes(this.facts.phase))
      throw new Error(`Không thể ${what} khi chiến dịch đang ở giai đoạn "${PHASE_LABELS[this.facts.phase]}".`);
    if (this.busy) throw new Error(`Chiến dịch đang xử lý một thao tác khác; hãy thử lại sau ít phút.`);
  }

  checkConsolidate(): void {
    this.requirePhase(this.facts.openRound !== undefined ? ['approved'] : ['collecting'], 'tổng hợp danh mục');
  }

  checkApprove(): void {
    this.requirePhase(['consolidated'], 'phê duyệt danh mục');
  }

  checkSendBack(): void {
    this.requirePhase(['consolidated'], 'trả lại danh mục tổng hợp');
  }

  checkCancel(): void {
    if (this.facts.decision)
      throw new Error(
        `Không thể hủy chiến dịch: danh mục đã được phê duyệt theo Quyết định số ${this.facts.decision.decisionNumber}.`,
      );
    this.requirePhase(['collecting', 'consolidated'], 'hủy chiến dịch');
  }
}
