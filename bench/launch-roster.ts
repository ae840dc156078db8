import type { CampaignDefinition } from '../campaign-files/campaign-definition';
import { calendarFor } from '../server/launch/launch-campaign';
import { agencyWorkflowInputSchema } from '../domain/agency-input';
import { defaultPolicy } from '../domain/policy';
import { agencyStartOptions } from '../server/launch/start-agency';
import { pool, type BenchWorld } from './support';

// A benchmark campaign of N agencies, its matched no-op workflows, and the waits that drain a phase.

export const CONCURRENCY = 32;
const REVIEWER = 'Sở Thẩm định (bench)';
const SERVICE_CENTER = 'Trung tâm Điều hành (bench)';

export function roster(n: number, id: string): CampaignDefinition {
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  return {
    id,
    directive: { number: '100/UBND-BENCH', date: '2024-02-07', title: 'Benchmark' },
    deadlines: { submission: inDays(30), approval: inDays(40) },
    calendar: 'vietnam',
    policy: defaultPolicy(),
    reviewer: { name: REVIEWER, email: 'stttt@bench.example' },
    approver: { name: 'Chủ tịch UBND tỉnh' },
    serviceCenter: { name: SERVICE_CENTER },
    agencies: Array.from({ length: n }, (_, i) => ({
      code: `xa-${String(i).padStart(5, '0')}`,
      name: `UBND xã số ${i}`,
      kind: 'commune' as const,
      email: `xa-${i}@bench.example`,
      stage: 'assigned' as const,
    })),
  };
}

/** N matched no-op workflows, started as the launch starts agencies: same input, attributes, summary. */
export async function startMatchedNoops(
  world: BenchWorld,
  definition: CampaignDefinition,
  workflowType: 'matchedNoopWorkflow' | 'listeningNoopWorkflow' = 'matchedNoopWorkflow',
): Promise<void> {
  const calendar = calendarFor(definition);
  await pool(definition.agencies.length, CONCURRENCY, async (i) => {
    const entry = definition.agencies[i]!;
    const input = agencyWorkflowInputSchema.parse({
      campaignId: definition.id,
      reviewer: definition.reviewer.name,
      serviceCenter: definition.serviceCenter.name,
      calendar,
      policy: definition.policy,
      directive: definition.directive.number,
      agency: { code: entry.code, name: entry.name, kind: entry.kind, email: entry.email },
      contacts: { reviewerEmail: definition.reviewer.email, serviceCenterEmail: definition.serviceCenter.email },
      submissionDeadline: definition.deadlines.submission,
      initialStage: entry.stage,
    });
    await world.client.workflow.start(workflowType, {
      ...agencyStartOptions(input),
      taskQueue: world.taskQueue,
    });
  });
}

/** Every agency has recorded its assignment (its registration is done). */
export const assignmentsRecorded = (world: BenchWorld, campaignId: string, n: number) => () =>
  world.db.assignment.count({ where: { campaignId } }).then((count) => count >= n);

/** ...and its assignment notice has left the outbox's pending state (its `notify` activity ran). */
export const noticesSettled = (world: BenchWorld, campaignId: string, n: number) => () =>
  world.db.notification
    .count({ where: { campaignId, kind: 'assigned', status: { not: 'pending' } } })
    .then((count) => count >= n);
