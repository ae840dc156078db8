import type { AgencyList } from '../domain/agency-list';
import { startAgencyWorkflow } from '../server/launch/start-agency';
import { submitListUpdate } from '../workflows/agency/messages';
import { until, type BenchWorld } from './support';

// The campaign, agencies and list the latency benchmarks submit to, and the submit they time.

export const BENCH_LIST: AgencyList = {
  procedures: [
    {
      code: '1.001193',
      name: 'Đăng ký khai sinh',
      documents: [{ name: 'Tờ khai đăng ký khai sinh', kind: 'thanh_phan_ho_so' }],
    },
  ],
};

export const BENCH_DIRECTIVE = '100/UBND-BENCH';
export const BENCH_REVIEWER = 'Sở Thẩm định (bench)';
export const BENCH_SERVICE_CENTER = 'Trung tâm Điều hành (bench)';

/** The campaign's row, as a launch writes it, for agencies started one by one. */
export async function createBenchCampaign(world: BenchWorld, id: string): Promise<void> {
  await world.db.campaign.create({
    data: {
      id,
      directiveNumber: BENCH_DIRECTIVE,
      directiveDate: new Date('2024-02-07'),
      title: 'bench',
      reviewer: BENCH_REVIEWER,
      definition: { serviceCenter: { name: BENCH_SERVICE_CENTER } },
      submissionDeadline: new Date(Date.now() + 30 * 86_400_000),
    },
  });
}

/**
 * Agency `a<i>` of the campaign, started and registered: its first workflow task completed, so the
 * run is idle, as an agency is when it submits days later. (Its state answers a query earlier, while
 * that task's local activity still runs; a submit sent then waited for the registration's end.)
 */
export async function startBenchAgency(
  world: BenchWorld,
  campaignId: string,
  i: number,
): Promise<{ workflowId: string; code: string }> {
  const code = `a${i}`;
  const { workflowId } = await startAgencyWorkflow(world.client, world.db, world.taskQueue, {
    campaignId,
    agency: { code, name: `UBND xã ${i}`, kind: 'commune', email: `${code}@bench.example` },
    directive: BENCH_DIRECTIVE,
    reviewer: BENCH_REVIEWER,
    serviceCenter: BENCH_SERVICE_CENTER,
    contacts: { reviewerEmail: 'stttt@bench.example' },
    submissionDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  const handle = world.client.workflow.getHandle(workflowId);
  await until(async () => !(await handle.describe()).raw.pendingWorkflowTask, 2);
  return { workflowId, code };
}

/** The agency submits its list: milliseconds until the reviewer's notification is stored. */
export async function timedSubmit(world: BenchWorld, agency: { workflowId: string; code: string }): Promise<number> {
  const handle = world.client.workflow.getHandle(agency.workflowId);
  const start = performance.now();
  await handle.executeUpdate(submitListUpdate, { args: [{ list: BENCH_LIST }] });
  await until(
    async () =>
      (await world.db.notification.findFirst({
        where: { assignment: { workflowId: agency.workflowId }, kind: 'submission_received' },
        select: { id: true },
      })) !== null,
    2,
  );
  return performance.now() - start;
}
