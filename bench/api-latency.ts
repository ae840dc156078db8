import crypto from 'node:crypto';
import { agencyWorkflowId } from '../temporal/workflow-ids';
import type { AgencyList } from '../domain/agency-list';
import { submitListUpdate } from '../workflows/agency/messages';
import { startBenchServer } from './bench-server';
import {
  campaignBody,
  createBenchWorld,
  loadAverageText,
  percentile,
  printBenchLine,
  type BenchFigure,
} from './support';

// The price of the server: an agency's list submitted through the HTTP API (authenticate,
// authorize, sign the actor proof, Update, audit) against the same Update sent straight to
// Temporal with a proof; and a sign-in link request until the token is issued.
// Usage: node --import tsx bench/api-latency.ts [samples]   (default 50, after a warm-up, in 3 alternating rounds)

const LIST: AgencyList = {
  procedures: [
    {
      code: '1.001193',
      name: 'Đăng ký khai sinh',
      documents: [{ name: 'Tờ khai đăng ký khai sinh', kind: 'thanh_phan_ho_so' }],
    },
  ],
};

const ROUNDS = 3;
const WARM_UP = 6;

async function main(): Promise<void> {
  const samples = Number(process.argv[2] ?? 50);
  const world = await createBenchWorld();
  const figures: BenchFigure[] = [];
  const { post, signer, mail, tokenFor, adminToken, close } = await startBenchServer(world);
  try {
    const campaignId = `api-latency-${Date.now()}`;
    const body = campaignBody(campaignId, samples * 2 + WARM_UP);
    const { agencies } = body;
    const launched = await post('/api/v1/campaigns', body, adminToken);
    if (launched.status !== 200) throw new Error(`launch: ${launched.status} ${await launched.text()}`);
    for (const agency of agencies)
      await world.client.workflow.getHandle(agencyWorkflowId(campaignId, agency.code)).query('agencyState');

    type Agency = (typeof agencies)[number];
    const submitDirectly = async (agency: Agency): Promise<number> => {
      const updateId = crypto.randomUUID();
      const start = performance.now();
      const workflowId = agencyWorkflowId(campaignId, agency.code);
      const argument = { by: agency.name, list: LIST };
      const proof = signer.sign(
        {
          personId: 'bench',
          personName: agency.name,
          role: 'agency',
          campaignId,
          workflowId,
          update: 'submitList',
          updateId,
        },
        argument,
        new Date(),
      );
      await world.client.workflow
        .getHandle(workflowId)
        .executeUpdate(submitListUpdate, { updateId, args: [{ ...argument, proof } as never] });
      return performance.now() - start;
    };
    const submitThroughApi = async (agency: Agency): Promise<number> => {
      const token = await tokenFor(agency.email);
      const start = performance.now();
      const answer = await post(
        `/api/v1/campaigns/${campaignId}/agencies/${agency.code}/submissions`,
        { list: LIST },
        token,
      );
      if (answer.status !== 200) throw new Error(`submit: ${answer.status} ${await answer.text()}`);
      return performance.now() - start;
    };

    // Warm-up on agencies of their own (not measured), then 3 rounds alternating the two paths, so a
    // burst of load on the shared machine falls on both.
    const warmUp = agencies.slice(samples * 2);
    for (const [i, agency] of warmUp.entries()) await (i % 2 === 0 ? submitDirectly(agency) : submitThroughApi(agency));
    const direct: number[] = [];
    const viaApi: number[] = [];
    const perRound = Math.ceil(samples / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      const from = round * perRound;
      const to = Math.min(samples, from + perRound);
      for (const agency of agencies.slice(from, to)) direct.push(await submitDirectly(agency));
      for (const agency of agencies.slice(samples + from, samples + to)) viaApi.push(await submitThroughApi(agency));
    }

    const signIn: number[] = [];
    for (const agency of agencies.slice(0, samples)) {
      const start = performance.now();
      await post('/api/v1/auth/email-link', { email: agency.email });
      const token = /token=([\w-]+)/.exec(mail.at(-1) ?? '')?.[1];
      const exchanged = await post('/api/v1/auth/link-exchange', { token });
      if (exchanged.status !== 200) throw new Error(`sign-in: ${exchanged.status}`);
      signIn.push(performance.now() - start);
    }

    const p = (values: number[], q: number) => percentile(values, q).toFixed(1);
    console.log(
      [
        `samples: ${samples} (SQLite, dev server, worker in its own process)`,
        `  submit, Update sent directly (with proof): p50 ${p(direct, 50)} ms, p95 ${p(direct, 95)} ms`,
        `  submit through the HTTP API:               p50 ${p(viaApi, 50)} ms, p95 ${p(viaApi, 95)} ms`,
        `  p95 ratio: ${(percentile(viaApi, 95) / percentile(direct, 95)).toFixed(2)}x (goal <= 1.5x)`,
        `  sign-in link request -> token issued:     p50 ${p(signIn, 50)} ms, p95 ${p(signIn, 95)} ms`,
        `  ${loadAverageText()}`,
      ].join('\n'),
    );
    const ratio = percentile(viaApi, 95) / percentile(direct, 95);
    figures.push(
      {
        figure: `a list submitted through the HTTP API vs the same Update sent directly with a proof (${samples} samples)`,
        result: `p50 ${p(viaApi, 50)} ms, p95 ${p(viaApi, 95)} ms vs p50 ${p(direct, 50)} ms, p95 ${p(direct, 95)} ms = **${ratio.toFixed(2)}×**`,
        value: ratio,
        goal: 'p95 ≤ 1.5×',
        met: ratio <= 1.5,
      },
      {
        figure: 'sign-in link request to token issued',
        result: `p50 ${p(signIn, 50)} ms, p95 ${p(signIn, 95)} ms`,
        value: percentile(signIn, 95),
      },
    );
  } finally {
    await close();
    await world.close();
  }
  printBenchLine('api-latency', process.argv.slice(2), figures);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
