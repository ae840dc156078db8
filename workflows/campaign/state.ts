import { ACTION_LABELS, type Action } from '../../domain/access';
import type { CampaignClock } from '../../domain/clock';
import type { CampaignWorkflowInput } from '../../domain/campaign-input';
import { reminderTimes } from '../../domain/deadlines';
import { PHASE_LABELS, type CampaignPhase } from '../../domain/campaign-phases';
import type { AgencyTelling, CampaignState, ConsolidationSummary, SupplementDecision } from './messages';

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
 * It is the only writer of what it knows: handlers decide, record, and ask for a named transition.
 */
export class CampaignWorkflowState {
  readonly facts: CampaignState;
  private readonly sentReminders: Set<string>;
  private approvalOverdueRaised: boolean;
  private changeCount = 0;
  private operationRunning = false;

  constructor(
    readonly input: CampaignWorkflowInput,
    readonly clock: CampaignClock,
    carry?: CampaignCarry,
  ) {
    this.facts = carry?.state ?? { campaignId: input.campaignId, phase: 'collecting', escalations: [] };
    this.sentReminders = new Set(carry?.remindersDone ?? []);
    this.approvalOverdueRaised = carry?.approvalEscalated ?? false;
  }

  /** Keys of the approval reminders already sent. */
  get remindersDone(): ReadonlySet<string> {
    return this.sentReminders;
  }

  /** Whether the approval deadline's escalation was raised. */
  get approvalEscalated(): boolean {
    return this.approvalOverdueRaised;
  }

  /** Bumps on every change that can move the next timer. */
  get changes(): number {
    return this.changeCount;
  }

  /** One campaign-wide operation at a time. */
  get busy(): boolean {
    return this.operationRunning;
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

  /**
   * A consolidation done: its round goes to the approver (true), or a later round that took no new
   * list stays open while an agency's own deadline runs, and ends when none does (false).
   */
  consolidated(summary: ConsolidationSummary): boolean {
    const { facts } = this;
    facts.consolidation = summary;
    facts.sentBack = undefined;
    const round = summary.catalogueRound ?? 1;
    if (round > 1 && summary.agencies === 0) {
      if (summary.pending?.length) facts.openRound = round;
      else delete facts.openRound;
      this.enter('approved');
      return false;
    }
    delete facts.openRound;
    this.enter('consolidated');
    return true;
  }

  /** The consolidation's files, written after its Update answered. */
  filesWritten(files: ConsolidationSummary['files']): void {
    if (this.facts.consolidation) this.facts.consolidation.files = files;
  }

  /** The catalogue round under approval: 1, or a supplement's. */
  approvingRound(): number {
    return this.facts.consolidation?.catalogueRound ?? 1;
  }

  /** The round under approval left agencies within their own deadline: a later round is theirs. */
  leavesLaterRound(): boolean {
    return (this.facts.consolidation?.pending?.length ?? 0) > 0;
  }

  /** The approver's decision: the first, or a supplement's; a later round opens when `laterRound`. */
  approved(decision: Omit<SupplementDecision, 'round'>, laterRound: boolean): void {
    const { facts } = this;
    const round = this.approvingRound();
    if (round > 1) (facts.supplements ??= []).push({ round, ...decision });
    else facts.decision = decision;
    if (laterRound) facts.openRound = round + 1;
    this.enter('approved');
  }

  /** The approver sent the round back: collecting again (a supplement's round, after the first decision). */
  sentBack(sentBack: NonNullable<CampaignState['sentBack']>): void {
    const round = this.approvingRound();
    this.facts.sentBack = sentBack;
    if (round > 1) this.facts.openRound = round;
    this.enter(this.phaseAfterSendBack());
  }

  /** A supplement's round sent back leaves the first decision standing; the first round collects again. */
  phaseAfterSendBack(): 'approved' | 'collecting' {
    return this.approvingRound() > 1 ? 'approved' : 'collecting';
  }

  /** A decision starts on its way to the agencies (after its Update has answered). */
  startTelling(event: AgencyTelling['event']): void {
    this.facts.telling = { event, told: 0, done: false };
  }

  /** One more page of agencies told. */
  told(count: number): void {
    if (this.facts.telling) this.facts.telling.told += count;
  }

  /** Every agency concerned has been told. */
  doneTelling(): void {
    if (this.facts.telling) this.facts.telling.done = true;
  }

  /** Moves to a phase and wakes the timer loop. */
  enter(phase: CampaignPhase): void {
    this.facts.phase = phase;
    this.changeCount++;
  }

  /** A campaign-wide operation starts: validators refuse another until it ends. */
  operationStarted(): void {
    this.operationRunning = true;
  }

  operationEnded(): void {
    this.operationRunning = false;
  }

  /** One of the approval deadline's reminders was sent to the approver. */
  approvalReminderSent(key: string): void {
    this.sentReminders.add(key);
  }

  /** The approval deadline passed undecided: escalated once, and listed by the state query. */
  approvalOverdue(): void {
    this.approvalOverdueRaised = true;
    this.facts.escalations.push('approval_overdue');
  }

  /** The agencies counted by stage, as the state query shows them. */
  counted(counts: NonNullable<CampaignState['counts']>): void {
    this.facts.counts = counts;
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

  private requirePhase(allowed: CampaignPhase[], action: Action): void {
    const what = ACTION_LABELS[action];
    if (!allowed.includes(this.facts.phase))
      throw new Error(`Không thể ${what} khi chiến dịch đang ở giai đoạn "${PHASE_LABELS[this.facts.phase]}".`);
    if (this.busy) throw new Error(`Chiến dịch đang xử lý một thao tác khác; hãy thử lại sau ít phút.`);
  }

  checkConsolidate(): void {
    this.requirePhase(this.facts.openRound !== undefined ? ['approved'] : ['collecting'], 'consolidate');
  }

  checkApprove(): void {
    this.requirePhase(['consolidated'], 'approve');
  }

  checkSendBack(): void {
    this.requirePhase(['consolidated'], 'sendBack');
  }

  checkCancel(): void {
    if (this.facts.decision)
      throw new Error(
        `Không thể hủy chiến dịch: danh mục đã được phê duyệt theo Quyết định số ${this.facts.decision.decisionNumber}.`,
      );
    this.requirePhase(['collecting', 'consolidated'], 'cancel');
  }
}
