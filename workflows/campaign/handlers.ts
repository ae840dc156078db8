import type { ActingPerson } from '../../domain/actor-proof';
import type { ActingPeople } from '../common/acting-people';
import { workflowInfo } from '@temporalio/workflow';
import type { z } from 'zod';
import type { NotificationParamsInput } from '../../activities/notifications';
import type { CampaignPeople } from '../../domain/notifications';
import { campaignWide, database } from '../common/activity-proxies';
import type { Deliveries } from '../common/deliveries';
import type { Actor } from '../common/update-declarations';
import { notification, type NotificationEnvelope } from '../common/notification';
import type {
  AgencyTelling,
  CampaignEvent,
  approveInputSchema,
  cancelCampaignInputSchema,
  sendBackInputSchema,
  CampaignState,
  ConsolidationSummary,
} from './messages';
import type { CampaignTimer, CampaignWorkflowState } from './state';
import { GATES, type CodeGates } from '../common/code-gates';
import { approvalAuditKey } from '../../domain/rounds';

/** Agencies told of a campaign event per activity: the workflow's progress moves a page at a time. */
const TELL_PAGE = 500;

/** Missing agencies named in the Service Center's e-mail at most; the rest are counted. */
const MISSING_NAMED = 50;

/** What each message and each timer of the campaign workflow does. */
export class CampaignHandlers {
  private readonly workflowId = workflowInfo().workflowId;

  constructor(
    private readonly state: CampaignWorkflowState,
    private readonly deliveries: Deliveries,
    /** Who acts in each Update handler, recorded on its audit rows. */
    private readonly people: ActingPeople,
    private readonly gates: CodeGates,
  ) {}

  /** The verified person of the Update being handled, for its audit row. */
  private acting(): { person?: ActingPerson } {
    const person = this.people.current();
    return person ? { person } : {};
  }

  private get directive(): string {
    return this.state.input.directive.number;
  }

  /** The directive and the campaign's own people every notice names. */
  private get noticePeople(): Partial<CampaignPeople> & { directive: string } {
    const { input } = this.state;
    return { directive: this.directive, reviewerName: input.reviewer, serviceCenterName: input.serviceCenter };
  }

  private envelope(key: string, to: string): NotificationEnvelope {
    return {
      key: `${this.workflowId}:${key}`,
      campaignId: this.state.input.campaignId,
      recipients: [{ channel: 'email', address: to }],
    };
  }

  private send(
    key: string,
    to: string | undefined,
    params: Omit<NotificationParamsInput<'catalogue'>, 'directive'>,
  ): void {
    if (!to) return;
    this.deliveries.deliver(notification(this.envelope(key, to), 'catalogue', { ...this.noticePeople, ...params }));
  }

  /** Work a campaign-wide operation left running after its Update answered (telling the agencies). */
  private background: Promise<void> | undefined;

  /**
   * Runs one campaign-wide operation; validators refuse another while it runs. It starts once the
   * agencies have heard of the previous decision, so they hear of each in order.
   */
  private async exclusive<T>(operation: () => Promise<T>): Promise<T> {
    this.state.operationStarted();
    try {
      // Awaited only when there is something to wait for: a run started before telling afterwards
      // replays its operations without an extra turn of the event loop.
      if (this.telling) await this.settled();
      return await operation();
    } finally {
      this.state.operationEnded();
    }
  }

  /** Leaves `work` running once the operation's Update has answered. */
  private afterwards(work: () => Promise<void>): void {
    this.background = work().finally(() => {
      this.background = undefined;
    });
  }

  /** True while the agencies are still being told of a decision. */
  get telling(): boolean {
    return this.background !== undefined;
  }

  /** The work left running, done (before the next operation, the run's end or a continue-as-new). */
  async settled(): Promise<void> {
    while (this.background) await this.background;
  }

  /**
   * Tells the agencies in `stages` of a campaign event: after the Update has answered, in pages the
   * workflow drives (its state shows how many were told), or, for a run started before that, at once.
   */
  private async tellAgencies(
    stages: string[],
    event: CampaignEvent & { type: AgencyTelling['event'] },
    /** Work left for after the telling (the consolidation's files). */
    then?: () => Promise<void>,
  ): Promise<void> {
    const { state } = this;
    const campaignId = state.input.campaignId;
    if (!this.gates.follows(GATES.answerBeforeFanOut)) {
      await campaignWide.signalAgencies({ campaignId, stages, event });
      await then?.();
      return;
    }
    state.startTelling(event.type);
    this.afterwards(async () => {
      for (let after = ''; ;) {
        const page = await campaignWide.signalAgencyPage({ campaignId, stages, event, after, limit: TELL_PAGE });
        state.told(page.signalled);
        if (page.signalled < TELL_PAGE || !page.last) break;
        after = page.last;
      }
      state.doneTelling();
      await then?.();
    });
  }

  /** Builds the catalogue from the accepted lists (asked by the reviewer, or on its own: `system`) and tells the agencies and the approver. */
  consolidate(by: string): Promise<ConsolidationSummary> {
    return this.exclusive(async () => {
      const { state } = this;
      const { input, facts, clock } = state;
      const at = clock.nowIso();
      const round = (facts.consolidation?.round ?? 0) + 1;
      const catalogueRound = state.nextCatalogueRound();
      const filesLater = this.gates.follows(GATES.filesAfterAnswer);
      const summary = await campaignWide.consolidateCampaign({
        campaignId: input.campaignId,
        round,
        catalogueRound,
        by,
        ...this.acting(),
        at,
        directive: this.directive,
        ...(filesLater && { files: 'later' as const }),
      });
      if (!state.consolidated(summary)) return summary; // a later round with no new list: nothing to approve
      const tellApprover = (files: ConsolidationSummary['files']) =>
        this.send(`consolidated:${round}`, input.contacts.approverEmail, {
          event: 'ready',
          recipientName: input.approver,
          entries: summary.entries,
          agencies: summary.agencies,
          missing: summary.missing.length,
          deadline: input.approvalDeadline,
          files: [files.xlsx, files.csv],
        });
      const writeFiles = async () => {
        const files = await campaignWide.exportConsolidation({
          campaignId: input.campaignId,
          round,
          catalogueRound,
          at,
        });
        state.filesWritten(files);
        tellApprover(files);
      };
      await this.tellAgencies(['accepted'], { type: 'consolidated', by, at }, filesLater ? writeFiles : undefined);
      if (!filesLater) tellApprover(summary.files);
      if (summary.missing.length > 0 && input.contacts.serviceCenterEmail) {
        const more = summary.missing.length - MISSING_NAMED;
        this.deliveries.deliver(
          notification(this.envelope(`missing:${round}`, input.contacts.serviceCenterEmail), 'escalation', {
            ...this.noticePeople,
            escalationKind: 'missing_at_consolidation',
            agencyName: `${summary.missing.length} cơ quan chưa có danh sách được chấp nhận`,
            raisedAt: at,
            evidence: summary.missing.slice(0, MISSING_NAMED).concat(more > 0 ? [`… và ${more} cơ quan khác`] : []),
          }),
        );
      }
      return summary;
    });
  }

  /** The approver's decision: every consolidated agency is approved. */
  approve(request: z.output<typeof approveInputSchema>, actor: Actor): Promise<{ approved: number }> {
    return this.exclusive(async () => {
      const { state } = this;
      const { input, facts, clock } = state;
      const at = clock.nowIso();
      const decision = {
        decisionNumber: request.decisionNumber,
        decisionDate: request.decisionDate,
        signer: request.signer,
        at,
      };
      const round = state.approvingRound();
      // Agencies within their own deadline when this round closed are offered the next one.
      const laterRound = state.leavesLaterRound() && this.gates.follows(GATES.supplementaryRounds);
      const recordedFirst = this.gates.follows(GATES.decisionRecordedFirst);
      if (!recordedFirst) state.approved(decision, laterRound);
      await campaignWide.recordCampaignStatus({
        campaignId: input.campaignId,
        status: 'approved',
        decision,
        round,
        ...(facts.consolidation && { consolidation: { round: facts.consolidation.round, at: facts.consolidation.at } }),
        audit: {
          key: approvalAuditKey(this.workflowId, round),
          actor: actor.name,
          ...this.acting(),
          action: 'approve',
          payload: {
            decisionNumber: request.decisionNumber,
            decisionDate: request.decisionDate,
            signer: request.signer,
            ...(laterRound || round > 1 ? { round, laterRound } : {}),
          },
          at,
        },
      });
      if (recordedFirst) state.approved(decision, laterRound);
      // Also 'accepted': an agency may hold the consolidation signal without having recorded it yet;
      // it handles both signals in order. One accepted after the consolidation ignores the approval.
      await this.tellAgencies(['accepted', 'consolidated'], { type: 'approved', by: actor.name, at });
      const approved = facts.consolidation?.agencies ?? 0; // the agencies whose lists the decision approves
      const keyOf = (who: string) => (round > 1 ? `approved:${round}:${who}` : `approved:${who}`);
      for (const [key, to, name] of [
        [keyOf('reviewer'), input.contacts.reviewerEmail, input.reviewer],
        [keyOf('office'), input.contacts.serviceCenterEmail, input.serviceCenter],
      ] as const) {
        this.send(key, to, {
          event: 'approved',
          recipientName: name,
          entries: facts.consolidation?.entries,
          agencies: approved,
          decisionNumber: request.decisionNumber,
          decisionDate: request.decisionDate,
          signer: request.signer,
        });
      }
      return { approved };
    });
  }

  /** The approver sends the catalogue back: collecting again, the reviewer is told why. */
  sendBack(request: z.output<typeof sendBackInputSchema>, actor: Actor): Promise<CampaignState> {
    // Recorded first, it holds the campaign as an approval does, so no other decision is taken meanwhile.
    const recordedFirst = this.gates.follows(GATES.decisionRecordedFirst);
    const act = () => this.recordSendBack(request, actor, recordedFirst);
    return recordedFirst ? this.exclusive(act) : act();
  }

  private async recordSendBack(
    request: z.output<typeof sendBackInputSchema>,
    actor: Actor,
    recordedFirst: boolean,
  ): Promise<CampaignState> {
    const { state } = this;
    const { input, facts, clock } = state;
    const at = clock.nowIso();
    const round = facts.consolidation?.round ?? 0;
    const sentBack = { by: actor.name, reasons: request.reasons, at };
    if (!recordedFirst) state.sentBack(sentBack);
    await campaignWide.recordCampaignStatus({
      campaignId: input.campaignId,
      // A supplementary round goes back to collecting after the first decision, which stands.
      status: state.phaseAfterSendBack() === 'approved' ? 'approved' : 'running',
      audit: {
        key: `${this.workflowId}:send-back:${round}`,
        actor: actor.name,
        ...this.acting(),
        action: 'send_back',
        payload: { round, reasons: request.reasons },
        at,
      },
    });
    if (recordedFirst) state.sentBack(sentBack);
    this.send(`sent-back:${round}`, input.contacts.reviewerEmail, {
      event: 'sent_back',
      recipientName: input.reviewer,
      reasons: request.reasons,
    });
    return facts;
  }

  /** The Service Center cancels the campaign: every agency still in it is withdrawn. */
  cancel(request: z.output<typeof cancelCampaignInputSchema>, actor: Actor): Promise<CampaignState> {
    return this.exclusive(async () => {
      const { state } = this;
      const { input, facts, clock } = state;
      const at = clock.nowIso();
      const recordedFirst = this.gates.follows(GATES.decisionRecordedFirst);
      if (!recordedFirst) state.enter('cancelled');
      await campaignWide.recordCampaignStatus({
        campaignId: input.campaignId,
        status: 'cancelled',
        audit: {
          key: `${this.workflowId}:cancel`,
          actor: actor.name,
          ...this.acting(),
          action: 'cancel',
          payload: { reason: request.reason },
          at,
        },
      });
      if (recordedFirst) state.enter('cancelled');
      await campaignWide.signalAgencies({
        campaignId: input.campaignId,
        stages: ['assigned', 'submitted', 'returned', 'resubmitted', 'accepted', 'consolidated'],
        event: { type: 'cancelled', by: actor.name, at, reason: request.reason },
      });
      return facts;
    });
  }

  /** A planned instant came. */
  async fire(timer: CampaignTimer): Promise<void> {
    const { state } = this;
    const { input, facts, clock } = state;
    switch (timer.type) {
      case 'approval_reminder':
        state.approvalReminderSent(timer.key);
        if (clock.now() < Date.parse(input.approvalDeadline)) {
          this.send(timer.key, input.contacts.approverEmail, {
            event: 'approval_reminder',
            recipientName: input.approver,
            deadline: input.approvalDeadline,
            workingDaysLeft: timer.offset,
          });
        }
        return;
      case 'approval_deadline': {
        state.approvalOverdue();
        await database.raiseEscalation({
          key: `${input.campaignId}:approval_overdue`,
          campaignId: input.campaignId,
          kind: 'approval_overdue',
          target: facts.phase === 'consolidated' ? 'approver' : 'reviewer',
          deadline: input.approvalDeadline,
          at: clock.nowIso(),
          evidence: { phase: facts.phase },
        });
        if (input.contacts.serviceCenterEmail) {
          this.deliveries.deliver(
            notification(this.envelope('approval-overdue', input.contacts.serviceCenterEmail), 'escalation', {
              ...this.noticePeople,
              escalationKind: 'approval_overdue',
              deadline: input.approvalDeadline,
              evidence: { phase: facts.phase },
            }),
          );
        }
        return;
      }
      case 'check': {
        const counts = await database.campaignCounts(input.campaignId);
        state.counted(counts);
        if (state.shouldConsolidate(counts)) await this.consolidate('system');
        return;
      }
    }
  }
}
