import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { agencyWorkflow } from '../../workflows';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import {
  agencyWorkflowInputSchema,
  type AgencyWorkflowInput,
  type AgencyWorkflowStartInput,
} from '../../domain/agency-input';
import type { SearchAttributePair } from '@temporalio/common';
import type { Database } from '../../prisma/database';
import { recordStartedRun, registerWorkflows, type StartedRunRecorder } from '../../shared/workflow-runs';
import {
  agencyCodeKey,
  agencyKindKey,
  campaignKey,
  startingStatus,
  statusAttributes,
} from '../../temporal/search-attributes';

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
 * The workflow is registered first and the run it started recorded (shared/workflow-runs.ts): its
 * activities record nothing for any other run. Returns the workflow ID and whether this call started it.
 */
export async function startAgencyWorkflow(
  client: Client,
  db: Database,
  taskQueue: string,
  rawInput: AgencyWorkflowStartInput,
  /** `registered`: the launch registered it already; `runs`: the launch's recorder of started runs (not awaited here). */
  options: { registered?: boolean; runs?: StartedRunRecorder } = {},
): Promise<{ workflowId: string; started: boolean; input: AgencyWorkflowInput }> {
  const input = agencyWorkflowInputSchema.parse(rawInput);
  const start = agencyStartOptions(input);
  if (!options.registered) await registerWorkflows(db, [start.workflowId]);
  try {
    const handle = await client.workflow.start(agencyWorkflow, { ...start, taskQueue });
    const run = { workflowId: start.workflowId, runId: handle.firstExecutionRunId, workflowType: 'agencyWorkflow' };
    // The launch's recorder writes it with others; the launch waits for them all before it answers.
    if (options.runs) void options.runs.record(run);
    else await recordStartedRun(db, run.workflowId, run.runId, run.workflowType);
    return { workflowId: start.workflowId, started: true, input };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      return { workflowId: start.workflowId, started: false, input };
    }
    throw error;
  }
}
