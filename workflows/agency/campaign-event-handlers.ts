import { log } from '@temporalio/workflow';
import { canTransition, type StageAction } from '../../domain/stages';
import type { CampaignEvent } from '../campaign/messages';
import { database } from '../common/activity-proxies';
import { checks } from '../common/lazy-checks';
import type { AgencyRecorder } from './recorder';
import type { AgencyWorkflowState } from './state';

/** The campaign's events and the agency action each one stands for. */
const CAMPAIGN_ACTIONS: Record<CampaignEvent['type'], StageAction> = {
  consolidated: 'consolidate',
  approved: 'approve',
  cancelled: 'withdraw',
};

/** What the campaign's signals to an agency do: consolidated, approved, cancelled. */
export class CampaignEventHandlers {
  private lastCampaignEvent: Promise<void> = Promise.resolve();
  private campaignEventsPending = 0;

  constructor(
    private readonly state: AgencyWorkflowState,
    private readonly recorder: AgencyRecorder,
  ) {}

  /**
   * The campaign: the list was consolidated, approved, or the campaign was cancelled. Signals may be
   * repeated (the sender resumes after a retry), so an event that no longer applies is ignored.
   */
  campaignEvent(raw: unknown): Promise<void> {
    // One at a time, in the order received: "approved" waits until "consolidated" is applied.
    const run = () => this.applyCampaignEvent(raw);
    const next = this.campaignEventsPending === 0 ? run() : this.lastCampaignEvent.then(run);
    this.campaignEventsPending++;
    this.lastCampaignEvent = next.finally(() => this.campaignEventsPending--);
    return next;
  }

  private async applyCampaignEvent(raw: unknown): Promise<void> {
    const { state } = this;
    const parsed = checks().campaign.campaignEventSchema.safeParse(raw);
    if (!parsed.success) {
      log.warn('campaign event ignored: malformed', { event: raw, issues: parsed.error.issues.map((i) => i.message) });
      return;
    }
    let event = parsed.data;
    const action = CAMPAIGN_ACTIONS[event.type];
    if (!canTransition(state.facts.stage, action)) return;
    // Anyone may send this signal: act only on what the campaign's own record says it decided.
    const confirmation = await database.confirmCampaignEvent({
      campaignId: state.ids.campaignId,
      assignmentId: state.ids.assignmentId,
      type: event.type,
    });
    if (!confirmation.confirmed) {
      log.warn('campaign event ignored: the campaign has not decided it', { type: event.type, by: event.by });
      return;
    }
    if (!canTransition(state.facts.stage, action)) return; // moved on while the record was read
    event = { ...event, by: confirmation.by ?? event.by, reason: confirmation.reason ?? event.reason };
    await this.recorder.transition(
      action,
      event.by,
      event.reason ? { assignment: { stageReason: event.reason }, details: { reason: event.reason } } : {},
      () => {
        if (event.reason) this.state.reasonGiven(event.reason);
      },
    );
  }
}
