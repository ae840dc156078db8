import { setTimeout as sleep } from 'node:timers/promises';
import { startAgencyWorkflow } from '../server/start-agency';
import { acceptListUpdate, returnListUpdate, submitListUpdate } from '../workflows/agency/messages';
import type { AgencyList } from '../domain/agency-list';
import { finishSignal, pingUpdate } from './noop-workflow';
import { createBenchWorld, percentile } from './support';

// Action latency: an agency submits → the reviewer's notification is recorded in the outbox,
// against a bare Update round trip on a no-op workflow, on the same server in the same run.
// Also the history size of one agency through two returns.
// Usage: node --import tsx bench/latency.ts [samples]   (default 200)

const LIST: AgencyList = {
  procedures: [
    {
      code: '1.001193',
      name: 'Đăng ký khai sinh',
      documents: [{ name: 'Tờ khai đăng ký khai sinh', kind: 'thanh_phan_ho_so' }],
    },
  ],
};

const DIRECTIVE = '100/UBND-BENCH';
const REVIEWER = 'Sở Thẩm định (bench)';
const SERVICE_CENTER = 'Trung tâm Điều hành (bench)';

async function main(): Promise<void> {
  const samples = Number(process.argv[2] ?? 200);
  const world = await createBenchWorld();
  const campaignId = `latency-${Date.now()}`;
  try {
    await world.db.campaign.create({
      data: {
        id: campaignId,
        directiveNumber: DIRECTIVE,
        directiveDate: new Date('2024-02-07'),
        title: 'bench',
        reviewer: REVIEWER,
        definition: { serviceCenter: { name: SERVICE_CENTER } },
        submissionDeadline: new Date(Date.now() + 30 * 86_400_000),
      },
    });
    const noop = await world.client.workflow.start('noopWorkflow', {
      taskQueue: world.taskQueue,
      workflowId: `${campaignId}-noop`,
    });
    const bare: number[] = [];
    for (let i = 0; i < samples; i++) {
      const start = performance.now();
      await noop.executeUpdate(pingUpdate, { args: [i] });
      bare.push(performance.now() - start);
    }
    await noop.signal(finishSignal);

    const action: number[] = [];
    for (let i = 0; i < samples; i++) {
      const { workflowId } = await startAgencyWorkflow(world.client, world.taskQueue, {
        campaignId,
        agency: { code: `a${i}`, name: `UBND xã ${i}`, kind: 'commune', email: `a${i}@bench.example` },
        directive: DIRECTIVE,
        reviewer: REVIEWER,
        serviceCenter: SERVICE_CENTER,
        contacts: { reviewerEmail: 'stttt@bench.example' },
        submissionDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      });
      const handle = world.client.workflow.getHandle(workflowId);
      await handle.query('agencyState'); // started and assigned: measure the action alone
      const start = performance.now();
      await handle.executeUpdate(submitListUpdate, { args: [{ by: `a${i}`, list: LIST }] });
      while (
        !(await world.db.notification.findFirst({
          where: { assignment: { workflowId }, kind: 'submission_received' },
          select: { id: true },
        }))
      )
        await sleep(2);
      action.push(performance.now() - start);
    }

    // One agency through two returns, for its history size.
    const { workflowId } = await startAgencyWorkflow(world.client, world.taskQueue, {
      campaignId,
      agency: { code: 'two-returns', name: 'Sở Nội vụ', kind: 'department', email: 'snv@bench.example' },
      directive: DIRECTIVE,
      reviewer: REVIEWER,
      serviceCenter: SERVICE_CENTER,
      contacts: { reviewerEmail: 'stttt@bench.example', serviceCenterEmail: 'ttpv@bench.example' },
      submissionDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    const handle = world.client.workflow.getHandle(workflowId);
    for (let round = 0; round < 2; round++) {
      await handle.executeUpdate(submitListUpdate, { args: [{ by: 'snv', list: LIST }] });
      await handle.executeUpdate(returnListUpdate, {
        args: [{ by: REVIEWER, reasons: { overall: 'Chưa đạt' } }],
      });
    }
    await handle.executeUpdate(submitListUpdate, { args: [{ by: 'snv', list: LIST }] });
    await handle.executeUpdate(acceptListUpdate, { args: [{ by: REVIEWER }] });
    await sleep(2_000); // background notifications settle
    const events = (await handle.describe()).historyLength;

    const p = (values: number[], q: number) => percentile(values, q).toFixed(1);
    console.log(
      [
        `samples: ${samples}`,
        `  bare Update round trip:                 p50 ${p(bare, 50)} ms, p95 ${p(bare, 95)} ms`,
        `  submit -> reviewer notification stored: p50 ${p(action, 50)} ms, p95 ${p(action, 95)} ms`,
        `  p95 ratio: ${(percentile(action, 95) / percentile(bare, 95)).toFixed(2)}x (goal <= 3x)`,
        `history events, one agency through two returns and acceptance: ${events} (goal <= 150)`,
      ].join('\n'),
    );
  } finally {
    await world.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
