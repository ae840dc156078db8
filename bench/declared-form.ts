import path from 'node:path';
import { loadCampaignDefinition } from '../campaign-files/campaign-definition';
import type { AgencyList } from '../domain/agency-list';
import { monthlyReportOf } from '../test/support/declared-campaigns';
import { tinyPdf } from '../test/support/sample-files';
import { startBenchServer, type BenchServer } from './bench-server';
import {
  campaignBody,
  createBenchWorld,
  formatSpread,
  loadAverageText,
  percentile,
  pool,
  printBenchLine,
  spread,
  timed,
  type BenchFigure,
  type BenchWorld,
  until,
} from './support';

// A campaign that declares what agencies deliver (the monthly report form of
// campaigns/bao-cao-thang-12-2026-TTHC.yaml) against the same campaign without a declaration (the
// Article 4 list), everything through the HTTP API on the same server in the same run:
// (a) registration end to end (launch request until every agency's assignment is recorded), the
//     same agencies, rounds alternating;
// (b) submit → the reviewer's `submission_received` notification stored: a monthly report delivered
//     (its signed PDF uploaded by each agency before timing) vs an Article 4 list of at least the
//     report's JSON size, alternating.
// Usage: node --import tsx bench/declared-form.ts [agencies] [--samples S] [--rounds R]   (default 200, 30, 3)

const GOAL = 1.1;

interface Agency {
  code: string;
  email: string;
}

/** An Article 4 list whose JSON is at least `bytes` long: distinct procedures, one document each. */
function listOfSize(bytes: number): AgencyList {
  const list: AgencyList = { procedures: [] };
  for (let k = 0; JSON.stringify(list).length < bytes; k++)
    list.procedures.push({
      code: `1.${String(1193 + k).padStart(6, '0')}`,
      name: `Thủ tục hành chính số ${k + 1}`,
      documents: [{ name: 'Tờ khai theo mẫu', kind: 'thanh_phan_ho_so' }],
    });
  return list;
}

/** Launch through the API; ms until every agency's assignment is recorded, then drained (notices out). */
async function register(world: BenchWorld, server: BenchServer, body: ReturnType<typeof campaignBody>) {
  const n = body.agencies.length;
  const { ms } = await timed(async () => {
    const answer = await server.post('/api/v1/campaigns', body, server.adminToken);
    if (answer.status !== 200) throw new Error(`launch: ${answer.status} ${await answer.text()}`);
    await until(() => world.db.assignment.count({ where: { campaignId: body.id } }).then((c) => c >= n));
  });
  await until(() =>
    world.db.notification
      .count({ where: { campaignId: body.id, kind: 'assigned', status: { not: 'pending' } } })
      .then((c) => c >= n),
  );
  return ms;
}

/** POST, then ms until the reviewer's notification of this agency's submission is stored. */
async function timedPost(world: BenchWorld, campaignId: string, code: string, send: () => Promise<Response>) {
  const start = performance.now();
  const answer = await send();
  if (answer.status !== 200) throw new Error(`${campaignId}/${code}: ${answer.status} ${await answer.text()}`);
  await until(
    async () =>
      (await world.db.notification.findFirst({
        where: { campaignId, kind: 'submission_received', assignment: { agencyCode: code } },
        select: { id: true },
      })) !== null,
    2,
  );
  return performance.now() - start;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args.splice(at, 2)[1]) : fallback;
  };
  const samples = option('--samples', 30);
  const rounds = option('--rounds', 3);
  const n = Number(args[0] ?? 200);
  const warmUp = Math.max(3, Math.ceil(samples / 10));
  if (n < samples + warmUp) throw new Error(`agencies (${n}) must be at least samples + warm-up (${samples + warmUp})`);
  const declaration = (
    await loadCampaignDefinition(path.join(__dirname, '../campaigns/bao-cao-thang-12-2026-TTHC.yaml'))
  ).deliverable;

  const world = await createBenchWorld();
  const server = await startBenchServer(world);
  const figures: BenchFigure[] = [];
  try {
    // (a) Registration, rounds alternating which goes first, after one small launch of each (not
    // measured) so neither pays the first launch's compilations and connections alone.
    const warmUpSize = Math.min(n, 20);
    await register(world, server, campaignBody(`danh-muc-warm-${Date.now()}`, warmUpSize));
    await register(world, server, campaignBody(`bao-cao-warm-${Date.now()}`, warmUpSize, declaration));
    const plain: number[] = [];
    const declared: number[] = [];
    let last = { plain: campaignBody('x', 0), declared: campaignBody('y', 0) };
    for (let round = 0; round < rounds; round++) {
      const stamp = `${round}-${Date.now()}`;
      last = {
        plain: campaignBody(`danh-muc-${stamp}`, n),
        declared: campaignBody(`bao-cao-${stamp}`, n, declaration),
      };
      const order = round % 2 === 0 ? (['plain', 'declared'] as const) : (['declared', 'plain'] as const);
      for (const which of order)
        (which === 'plain' ? plain : declared).push(await register(world, server, last[which]));
      console.log(
        `  round ${round + 1}/${rounds}: ${n} agencies registered, list ${(plain.at(-1)! / 1000).toFixed(2)} s, declared form ${(declared.at(-1)! / 1000).toFixed(2)} s (${loadAverageText()})`,
      );
    }
    const registerRatios = declared.map((ms, i) => ms / plain[i]!);

    // (b) Submit → notification, on the last round's agencies. Each declared agency uploads its
    // signed report (the same PDF) once before timing; tokens are issued before timing too.
    const pdf = { name: 'bao-cao-thang-12.pdf', content: tinyPdf('Báo cáo tháng 12') };
    const picked = (body: ReturnType<typeof campaignBody>) => body.agencies.slice(0, samples + warmUp);
    const reports = new Map<string, unknown>();
    const tokens = new Map<string, string>();
    await pool(samples + warmUp, 4, async (i) => {
      const listAgency = picked(last.plain)[i]!;
      const formAgency = picked(last.declared)[i]!;
      tokens.set(listAgency.email, await server.tokenFor(listAgency.email));
      const token = await server.tokenFor(formAgency.email);
      tokens.set(formAgency.email, token);
      const uploaded = await server.upload(
        `/api/v1/campaigns/${last.declared.id}/agencies/${formAgency.code}/files`,
        pdf,
        token,
      );
      if (uploaded.status !== 200) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
      const report = monthlyReportOf(i);
      report.fields['ban-ky'] = [(await uploaded.json()) as (typeof report.fields)['ban-ky'][number]];
      reports.set(formAgency.code, report);
    });
    const reportBytes = Math.max(...[...reports.values()].map((r) => JSON.stringify(r).length));
    const list = listOfSize(reportBytes);
    const listBytes = JSON.stringify(list).length;

    const submitList = (a: Agency) =>
      timedPost(world, last.plain.id, a.code, () =>
        server.post(`/api/v1/campaigns/${last.plain.id}/agencies/${a.code}/submissions`, { list }, tokens.get(a.email)),
      );
    const deliverReport = (a: Agency) =>
      timedPost(world, last.declared.id, a.code, () =>
        server.post(
          `/api/v1/campaigns/${last.declared.id}/agencies/${a.code}/deliveries`,
          { delivery: reports.get(a.code) },
          tokens.get(a.email),
        ),
      );
    const listAgencies = picked(last.plain);
    const formAgencies = picked(last.declared);
    for (let i = samples; i < samples + warmUp; i++) {
      await submitList(listAgencies[i]!);
      await deliverReport(formAgencies[i]!);
    }
    const listTimes: number[] = [];
    const formTimes: number[] = [];
    const submitRatios: number[] = [];
    const perRound = Math.ceil(samples / rounds);
    for (let round = 0; round < rounds; round++) {
      const from = round * perRound;
      const to = Math.min(samples, from + perRound);
      const roundList: number[] = [];
      const roundForm: number[] = [];
      for (let i = from; i < to; i++) {
        // Interleaved, the order switching each sample, so a burst of load falls on both.
        if (i % 2 === 0) {
          roundList.push(await submitList(listAgencies[i]!));
          roundForm.push(await deliverReport(formAgencies[i]!));
        } else {
          roundForm.push(await deliverReport(formAgencies[i]!));
          roundList.push(await submitList(listAgencies[i]!));
        }
      }
      listTimes.push(...roundList);
      formTimes.push(...roundForm);
      submitRatios.push(percentile(roundForm, 95) / percentile(roundList, 95));
      console.log(
        `  round ${round + 1}/${rounds}: list p95 ${percentile(roundList, 95).toFixed(1)} ms, monthly report p95 ${percentile(roundForm, 95).toFixed(1)} ms, ratio ${submitRatios.at(-1)!.toFixed(2)}× (${loadAverageText()})`,
      );
    }

    const registerRatio = spread(registerRatios);
    const wholeRatio = percentile(formTimes, 95) / percentile(listTimes, 95);
    const submitRatio = spread(submitRatios);
    const s = (values: number[]) => formatSpread(spread(values.map((v) => v / 1000)), 2, ' s');
    const p = (values: number[], q: number) => percentile(values, q).toFixed(1);
    console.log(
      [
        `agencies: ${n} a campaign, ${rounds} rounds; ${samples} submits of each after ${warmUp} warm-up; ${loadAverageText()}`,
        `  registered, Article 4 list campaign:   ${s(plain)}`,
        `  registered, declared monthly report:   ${s(declared)}`,
        `  (a) registration ratio:                ${formatSpread(registerRatio, 2, '×')} (goal <= 1.10x)`,
        `  list submitted (${listBytes} B, ${list.procedures.length} procedures) -> notification: p50 ${p(listTimes, 50)} ms, p95 ${p(listTimes, 95)} ms`,
        `  monthly report delivered (${reportBytes} B)       -> notification: p50 ${p(formTimes, 50)} ms, p95 ${p(formTimes, 95)} ms`,
        `  (b) p95 ratio, all samples: ${wholeRatio.toFixed(2)}×; per round ${formatSpread(submitRatio, 2, '×')} (goal <= 1.10x)`,
      ].join('\n'),
    );
    const at = `${n.toLocaleString('en')} agencies`;
    figures.push(
      {
        figure: `${at} registered end to end, campaign declaring the monthly report form vs the same without a declaration (${rounds} rounds)`,
        result: `${(spread(declared).median / 1000).toFixed(1)} s vs ${(spread(plain).median / 1000).toFixed(1)} s; ratio **${registerRatio.median.toFixed(2)}×** (${registerRatio.min.toFixed(2)}–${registerRatio.max.toFixed(2)})`,
        value: registerRatio.median,
        goal: '≤ 1.10×',
        met: registerRatio.median <= GOAL,
        rounds: registerRatios,
      },
      {
        figure: `monthly report delivered (${reportBytes} B JSON) vs Article 4 list submitted (${listBytes} B) → reviewer's notification stored, through the API (${samples} samples each, ${rounds} rounds)`,
        result: `p95 ${p(formTimes, 95)} ms vs ${p(listTimes, 95)} ms; p95 ratio **${submitRatio.median.toFixed(2)}×** (rounds ${submitRatio.min.toFixed(2)}–${submitRatio.max.toFixed(2)}; all samples ${wholeRatio.toFixed(2)}×)`,
        value: submitRatio.median,
        goal: 'p95 ≤ 1.10×',
        met: submitRatio.median <= GOAL,
        rounds: submitRatios,
      },
    );
  } finally {
    await server.close();
    await world.close();
  }
  printBenchLine('declared-form', process.argv.slice(2), figures);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
