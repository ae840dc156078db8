import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { agencyWorkflow } from '../workflows';
import {
  agencyWorkflowId,
  agencyWorkflowInputSchema,
  type AgencyWorkflowInput,
  type AgencyWorkflowStartInput,
} from '../domain/agency-input';
import { agencyCodeKey, agencyKindKey, campaignKey, stageKey } from '../domain/search-attributes';

/**
 * Starts one agency's workflow, or finds it already running: launching twice starts nothing twice.
 * Returns the workflow ID and whether this call started it.
 */
export async function startAgencyWorkflow(
  client: Client,
  taskQueue: string,
  rawInput: AgencyWorkflowStartInput,
): Promise<{ workflowId: string; started: boolean; input: AgencyWorkflowInput }> {
  const input = agencyWorkflowInputSchema.parse(rawInput);
  const workflowId = agencyWorkflowId(input.campaignId, input.agency.code);
  try {
    await client.workflow.start(agencyWorkflow, {
      workflowId,
      taskQueue,
      args: [input],
      // An agency that finished (approved, withdrawn) is never started again by a re-launch.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      staticSummary: `${input.agency.name} (${input.agency.code})`,
      typedSearchAttributes: [
        { key: campaignKey, value: input.campaignId },
        { key: agencyCodeKey, value: input.agency.code },
        { key: agencyKindKey, value: input.agency.kind },
        { key: stageKey, value: input.initialStage },
      ],
    });
    return { workflowId, started: true, input };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false, input };
    throw error;
  }
}
