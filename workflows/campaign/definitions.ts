import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  ApproveInput,
  CampaignEvent,
  CampaignState,
  CancelCampaignInput,
  ConsolidateInput,
  ConsolidationSummary,
  SendBackInput,
} from './messages';

// The campaign workflow's Updates and Query, and the signal it sends to every agency workflow,
// declared once; ./messages holds their schemas and re-exports these. Workflows import only this
// file, so that a new run builds no schema until it checks a message (workflows/common/lazy-checks.ts).

export const consolidateUpdate = defineUpdate<ConsolidationSummary, [ConsolidateInput], 'consolidate'>('consolidate');
export const approveUpdate = defineUpdate<{ approved: number }, [ApproveInput], 'approve'>('approve');
export const sendBackUpdate = defineUpdate<CampaignState, [SendBackInput], 'sendBack'>('sendBack');
export const cancelCampaignUpdate = defineUpdate<CampaignState, [CancelCampaignInput], 'cancelCampaign'>(
  'cancelCampaign',
);
export const campaignStateQuery = defineQuery<CampaignState>('campaignState');
/**
 * A signal anyone with access to the namespace can send: an agency checks its payload and asks the
 * campaign's own record before acting on it.
 */
export const campaignEventSignal = defineSignal<[CampaignEvent]>('campaignEvent');
