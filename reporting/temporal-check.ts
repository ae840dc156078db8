import type { Client } from '@temporalio/client';
import { stageKey } from '../temporal/search-attributes';
import type { TemporalCheck } from './model';

// A cross-check, never a source of figures: every assignment in the database should have its agency
// workflow in Temporal. Visibility is eventually consistent, so a stage that differs is reported,
// not trusted; the report's counts always come from the database.

const SAMPLE = 50;

export interface TemporalCheckOptions {
  client: Client;
  /** List workflows to find the missing ones (default true); false only counts them. */
  list?: boolean;
}

/** Visibility query strings quote with double quotes; escape the campaign id inside them. */
function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export async function checkTemporal(
  options: TemporalCheckOptions,
  campaignId: string,
  assignments: { workflowId: string; stage: string }[],
): Promise<TemporalCheck> {
  // The report workflows and the campaign workflow carry the Campaign attribute too.
  const query = `Campaign = ${quoted(campaignId)} AND WorkflowType = "agencyWorkflow"`;
  const { count } = await options.client.workflow.count(query);
  const check: TemporalCheck = {
    query,
    workflowCount: count,
    missingInTemporal: [],
    missingCount: 0,
    unknownToDatabase: 0,
    stageMismatches: [],
    stageMismatchCount: 0,
    ok: count >= assignments.length,
  };
  if (options.list === false) return check;

  // Newest run first: a workflow that continued as new is judged by its latest run.
  const stages = new Map<string, string | undefined>();
  for await (const execution of options.client.workflow.list({ query })) {
    if (!stages.has(execution.workflowId))
      stages.set(execution.workflowId, execution.typedSearchAttributes.get(stageKey));
  }
  const known = new Set<string>();
  for (const { workflowId, stage } of assignments) {
    known.add(workflowId);
    if (!stages.has(workflowId)) {
      check.missingCount += 1;
      if (check.missingInTemporal.length < SAMPLE) check.missingInTemporal.push(workflowId);
      continue;
    }
    const temporal = stages.get(workflowId);
    if (temporal !== undefined && temporal !== stage) {
      check.stageMismatchCount += 1;
      if (check.stageMismatches.length < SAMPLE) check.stageMismatches.push({ workflowId, database: stage, temporal });
    }
  }
  for (const workflowId of stages.keys()) if (!known.has(workflowId)) check.unknownToDatabase += 1;
  check.workflowCount = stages.size;
  check.ok = check.missingCount === 0 && check.unknownToDatabase === 0;
  return check;
}
