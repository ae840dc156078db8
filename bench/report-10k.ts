import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client as PgClient } from 'pg';
import { buildCampaignReport } from '../reporting/build';
import { readSnapshot } from '../reporting/snapshot';
import { renderAgenciesCsv, renderAttentionCsv } from '../reporting/render-csv';
import { renderHtml } from '../reporting/render-html';
import { renderJson } from '../reporting/render-json';
import { renderMarkdown } from '../reporting/render-markdown';
import { openDatabase, type Database } from '../prisma/database';
import { applyMigrations } from '../prisma/migrate';
import { seedCampaign } from './report-seed';
import { loadConfig } from '../shared/config';
import { configureLogger } from '../shared/logger';
import { loadAverageText, printBenchLine, spread, type BenchFigure, type Spread } from './support';

// How long the reporting job takes for 1,000 and 10,000 agencies, against two baselines measured in
// the same rounds (a plain SELECT of the assignment rows, and the report's own read of its rows):
// fresh SQLite databases (and PostgreSQL when DONDOC_BENCH_POSTGRES_URL names a server). Prints figures only; the target is build + render under 5 s for 10,000 on 2 cores.
//
//   node --import tsx bench/report-10k.ts
//   DONDOC_BENCH_POSTGRES_URL=postgresql://postgres:postgres@127.0.0.1:5432/postgres node --import tsx bench/report-10k.ts

const SIZES = [1_000, 10_000];
const RUNS = 3;
const AT = new Date('2024-03-07T07:30:00+07:00');

interface Target {
  name: string;
  open(): Promise<{ db: Database; drop(): Promise<void> }>;
}

async function sqlite(): Promise<{ db: Database; drop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bench-report-'));
  const url = `file:${path.join(dir, 'bench.db')}`;
  await applyMigrations(url);
  const db = await openDatabase(url);
  return { db, drop: async () => (await db.$disconnect(), fs.rmSync(dir, { recursive: true, force: true })) };
}

async function postgres(serverUrl: string): Promise<{ db: Database; drop(): Promise<void> }> {
  const name = `dondoc_bench_${crypto.randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new PgClient({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  const db = await openDatabase(url.toString());
  return {
    db,
    drop: async () => (await db.$disconnect(), await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function time<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const f = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;

async function measure(db: Database, campaignId: string) {
  // Warm-up: the first query of each shape compiles its plan in Prisma's query compiler.
  await db.assignment.findMany({ where: { campaignId } });
  await buildCampaignReport({ db, campaignId, at: AT });
  const bare: number[] = [];
  const rows: number[] = [];
  const build: number[] = [];
  const render: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    bare.push((await time(() => db.assignment.findMany({ where: { campaignId } }))).ms);
    // The same rows the report reads (assignments, agencies, submissions, escalations, audit
    // firsts, counts), fetched and nothing more.
    rows.push((await time(() => readSnapshot(db, campaignId))).ms);
    const built = await time(() => buildCampaignReport({ db, campaignId, at: AT }));
    build.push(built.ms);
    const rendered = await time(() => [
      renderHtml(built.value),
      renderMarkdown(built.value),
      renderAgenciesCsv(built.value),
      renderAttentionCsv(built.value),
      renderJson(built.value),
    ]);
    render.push(rendered.ms);
    bytes = rendered.value.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  }
  const jobs = build.map((ms, i) => ms + render[i]!);
  return {
    bare: median(bare),
    rows: median(rows),
    build: median(build),
    render: median(render),
    bytes,
    // Each round's ratios, against both baselines: a plain SELECT of the assignments, and the report's own read.
    buildVsRows: spread(build.map((ms, i) => ms / rows[i]!)),
    jobVsRows: spread(jobs.map((ms, i) => ms / rows[i]!)),
    buildVsSelect: spread(build.map((ms, i) => ms / bare[i]!)),
    jobVsSelect: spread(jobs.map((ms, i) => ms / bare[i]!)),
    job: spread(jobs),
  };
}

async function main(): Promise<void> {
  process.env.DONDOC_LOG_LEVEL ??= 'error';
  configureLogger(loadConfig());
  const targets: Target[] = [{ name: 'SQLite', open: sqlite }];
  const pgUrl = process.env.DONDOC_BENCH_POSTGRES_URL;
  if (pgUrl) targets.push({ name: 'PostgreSQL', open: () => postgres(pgUrl) });
  const figures: BenchFigure[] = [];
  console.log(
    `reporting job benchmark — ${os.cpus().length} cores, Node ${process.version}, median of ${RUNS} runs after a warm-up, ratios per run as median (min–max)`,
  );
  for (const target of targets) {
    for (const n of SIZES) {
      const { db, drop } = await target.open();
      try {
        const campaignId = `bench-${n}`;
        const seeded = await time(() => seedCampaign(db, campaignId, n));
        const r = await measure(db, campaignId);
        const total = r.build + r.render;
        const range = (x: Spread) => `${x.median.toFixed(2)}× (${x.min.toFixed(2)}–${x.max.toFixed(2)})`;
        console.log(
          `${target.name.padEnd(10)} ${String(n).padStart(6)} agencies | seed ${f(seeded.ms)} | assignments SELECT ${f(r.bare)} | report's rows read ${f(r.rows)} | ` +
            `build ${f(r.build)} + render 5 files ${f(r.render)} = ${f(total)} | output ${(r.bytes / 1_048_576).toFixed(1)} MiB | ${loadAverageText()}\n` +
            `    build vs rows read ${range(r.buildVsRows)} (goal <= 1.5×), vs assignments SELECT ${range(r.buildVsSelect)}; ` +
            `job vs rows read ${range(r.jobVsRows)} (goal <= 1.5×), vs assignments SELECT ${range(r.jobVsSelect)}`,
        );
        const at = `${n.toLocaleString('en')} agencies, ${target.name}`;
        figures.push(
          {
            figure: `report over ${at} (build + render HTML, Markdown, 2 CSV, JSON: ${(r.bytes / 1_048_576).toFixed(1)} MiB)`,
            result: `**${(r.job.median / 1000).toFixed(2)} s** (${(r.job.min / 1000).toFixed(2)}–${(r.job.max / 1000).toFixed(2)})`,
            value: r.job.median / 1000,
            goal: '< 5 s',
            met: r.job.median < 5000,
          },
          {
            figure: `building the report vs reading the rows it is built from, ${at}`,
            result: `${r.build.toFixed(0)} vs ${r.rows.toFixed(0)} ms = **${range(r.buildVsRows)}**`,
            value: r.buildVsRows.median,
            goal: '≤ 1.5×',
            met: r.buildVsRows.median <= 1.5,
          },
          {
            figure: `building the report vs a plain SELECT of the assignments, ${at}`,
            result: `${r.build.toFixed(0)} vs ${r.bare.toFixed(0)} ms = **${range(r.buildVsSelect)}**`,
            value: r.buildVsSelect.median,
          },
          {
            figure: `the whole job incl. rendering five files, vs reading its rows, ${at}`,
            result: `${total.toFixed(0)} vs ${r.rows.toFixed(0)} ms = **${range(r.jobVsRows)}**; vs the plain SELECT ${range(r.jobVsSelect)}`,
            value: r.jobVsRows.median,
            goal: '≤ 1.5×',
            met: r.jobVsRows.median <= 1.5,
          },
        );
      } finally {
        await drop();
      }
    }
  }
  printBenchLine('report', process.argv.slice(2), figures);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
