import type { Client } from '@temporalio/client';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { campaignStateQuery, type ConsolidationSummary } from '../../workflows/campaign/messages';
import { eventually } from './eventually';

/** A consolidation's files, once the campaign workflow has written them (after its Update answered). */
export function consolidationFiles(
  client: Client,
  campaignId: string,
  round: number,
): Promise<ConsolidationSummary['files']> {
  const campaign = client.workflow.getHandle(campaignWorkflowId(campaignId));
  return eventually(async () => {
    const { consolidation } = await campaign.query(campaignStateQuery);
    if (consolidation?.round !== round || !consolidation.files.xlsx)
      throw new Error(`consolidation ${round}: files not written yet`);
    return consolidation.files;
  });
}
