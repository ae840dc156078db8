import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyMigrations } from '../prisma/migrate';
import { openDatabase } from '../prisma/database';
import { agencyGrants, grantRoles } from '../server/identity/people';
import { registerWorkflows, StartedRunRecorder } from '../shared/workflow-runs';
import { agencyWorkflowId } from '../temporal/workflow-ids';
import { roster } from './launch-roster';
import { freshPostgresDatabase, printBenchLine, type BenchFigure } from './support';

// The launching process's own writes per chunk of agencies, without a Temporal server: CPU and wall
// time of the role grants, the registry of runs, and the claims of started runs (32 at a time, as
// a launch's starts return, 5 ms apart). The CPU is what the launch takes from the cores the server
// shares; the claims' wall time includes those pauses.
// Usage: node --import tsx bench/launch-writes.ts [N] [--postgres]   (default 2000, SQLite)

async function measured(run: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const spent = process.cpuUsage(cpu);
  return { wallMs: performance.now() - start, cpuMs: (spent.user + spent.system) / 1000 };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const n = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 2000);
  const postgres = args.includes('--postgres');
  const database = postgres
    ? await freshPostgresDatabase(
        process.env.DONDOC_BENCH_POSTGRES_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/postgres',
      )
    : {
        url: `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'launch-writes-')), 'bench.db')}`,
        drop: async () => {},
      };
  await applyMigrations(database.url);
  const db = await openDatabase(database.url);
  const figures: BenchFigure[] = [];
  try {
    // A warm-up campaign first, so neither path pays the first query plans.
    for (const [label, size] of [
      ['warm-up', 500],
      ['measured', n],
    ] as const) {
      const campaign = roster(size, `writes-${label}-${Date.now()}`);
      const totals = {
        grants: { wallMs: 0, cpuMs: 0 },
        registry: { wallMs: 0, cpuMs: 0 },
        claims: { wallMs: 0, cpuMs: 0 },
      };
      const add = (into: { wallMs: number; cpuMs: number }, spent: { wallMs: number; cpuMs: number }) => {
        into.wallMs += spent.wallMs;
        into.cpuMs += spent.cpuMs;
      };
      for (let from = 0; from < size; from += 500) {
        const chunk = campaign.agencies.slice(from, from + 500);
        add(totals.grants, await measured(() => grantRoles(db, agencyGrants(campaign.id, chunk), 'bench')));
        const ids = chunk.map((entry) => agencyWorkflowId(campaign.id, entry.code));
        add(totals.registry, await measured(() => registerWorkflows(db, ids)));
      }
      const runs = new StartedRunRecorder(db);
      add(
        totals.claims,
        await measured(async () => {
          for (let i = 0; i < size; i += 32) {
            const started = campaign.agencies.slice(i, i + 32).map((entry, j) => ({
              workflowId: agencyWorkflowId(campaign.id, entry.code),
              runId: `run-${i + j}`,
              workflowType: 'agencyWorkflow',
            }));
            // Not awaited, as a launch's starts do not wait for their records; the next 32 return a little later.
            started.forEach((run) => void runs.record(run));
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          await runs.settled();
        }),
      );
      if (label === 'warm-up') continue;
      for (const [what, spent] of Object.entries(totals)) {
        const line = `${what}: CPU ${spent.cpuMs.toFixed(0)} ms, wall ${spent.wallMs.toFixed(0)} ms for ${n} agencies`;
        console.log(line);
        figures.push({
          figure: `launching process, ${what}, ${n} agencies (${db.provider})`,
          result: line,
          value: spent.cpuMs,
        });
      }
    }
  } finally {
    await db.$disconnect();
    await database.drop();
  }
  printBenchLine('launch-writes', args, figures);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
