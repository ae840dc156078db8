import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { agencyWorkflow } from '../workflows';
import {
  agencyWorkflowId,
  agencyWorkflowInputSchema,
  type AgencyWorkflowInput,
  type AgencyWorkflowStartInput,
} from '../domain/agency-input';
import type { SearchAttributePair } from '@temporalio/common';
import {
  agencyCodeKey,
  agencyKindKey,
  campaignKey,
  startingStatus,
  statusAttributes,
} from '../domain/search-attributes';

/**
 * How an agency's workflow is started, apart from its type and task queue: its ID, that a finished
 * agency (approved, withdrawn) is never started again by a re-launch, the Web UI's summary, and every
 * search attribute, its starting status included, so that registration needs no upsert of its own.
 */
export function agencyStartOptions(input: AgencyWorkflowInput) {
  const status = statusAttributes(startingStatus(input)).filter((pair) => pair.value !== null);
  return {
    workflowId: agencyWorkflowId(input.campaignId, input.agency.code),
    args: [input] as [AgencyWorkflowInput],
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
    staticSummary: `${input.agency.name} (${input.agency.code})`,
    typedSearchAttributes: [
      { key: campaignKey, value: input.campaignId },
      { key: agencyCodeKey, value: input.agency.code },
      { key: agencyKindKey, value: input.agency.kind },
      ...status,
    ] as SearchAttributePair[],
  };
}

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
  const options = agencyStartOptions(input);
  try {
    await client.workflow.start(agencyWorkflow, { ...options, taskQueue });
    return { workflowId: options.workflowId, started: true, input };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      return { workflowId: options.workflowId, started: false, input };
    }
    throw error;
  }
}
