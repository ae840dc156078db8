import { DefaultLogger, Runtime, type Logger } from '@temporalio/worker';
import type { WorkerGroup } from './worker-group';
import { Gauge, Registry } from 'prom-client';
import type { Database } from '../prisma/database';
import { databaseCheck, runChecks } from '../server/health/readiness';
import type { Config } from '../shared/config';
import { startOpsListener, type OpsListener } from '../shared/ops-listener';

// The worker's operations endpoint (DONDOC_WORKER_METRICS_PORT): /readyz (polling, database) and
// /metrics — dondoc's own figures read from the system of record, followed by the Temporal SDK's
// (its runtime exports them on DONDOC_TEMPORAL_METRICS_PORT, always on the loopback address, and
// this endpoint passes them on, so one guarded address serves both).

/** Figures read from the database at most this often, however often Prometheus scrapes. */
const DATABASE_FIGURES_TTL_MS = 5_000;

/**
 * Installs the Temporal runtime with its Prometheus exporter when a port is configured. Call once,
 * before the worker's connection; `logger` keeps the caller's choice of SDK log lines.
 */
export function installWorkerRuntime(config: Config, logger: Logger = new DefaultLogger('INFO')): void {
  const port = config.ops.temporalMetricsPort;
  Runtime.install({
    logger,
    ...(port !== undefined && {
      telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${port}` } } },
    }),
  });
}

interface Figures {
  pendingByChannel: { channel: string; count: number }[];
  oldestPendingAt?: Date;
  overdueByCampaign: { campaignId: string; count: number }[];
  openEscalationsByKind: { kind: string; count: number }[];
}

/** Counts per group, in SQL both databases read alike (COUNT is a bigint on PostgreSQL). */
async function countsBy(db: Database, table: string, column: string, where: string) {
  const rows = await db.$queryRawUnsafe<{ key: string; n: number | bigint }[]>(
    `SELECT "${column}" AS key, COUNT(*) AS n FROM "${table}" WHERE ${where} GROUP BY "${column}"`,
  );
  return rows.map((row) => ({ key: row.key, count: Number(row.n) }));
}

async function readFigures(db: Database): Promise<Figures> {
  const [pending, oldest, overdue, escalations] = await Promise.all([
    countsBy(db, 'Notification', 'channel', `"status" = 'pending'`),
    db.notification.findFirst({
      where: { status: 'pending' },
      orderBy: { createdAt: 'asc' },
      select: { createdAt: true },
    }),
    countsBy(db, 'Assignment', 'campaignId', `"overdue" = TRUE`),
    countsBy(db, 'Escalation', 'kind', `"resolvedAt" IS NULL`),
  ]);
  return {
    pendingByChannel: pending.map((row) => ({ channel: row.key, count: row.count })),
    oldestPendingAt: oldest?.createdAt,
    overdueByCampaign: overdue.map((row) => ({ campaignId: row.key, count: row.count })),
    openEscalationsByKind: escalations.map((row) => ({ kind: row.key, count: row.count })),
  };
}

export function workerRegistry(db: Database, now: () => Date = () => new Date()): Registry {
  const registry = new Registry();
  let cached: { at: number; figures: Promise<Figures> } | undefined;
  const figures = () => {
    if (!cached || Date.now() - cached.at > DATABASE_FIGURES_TTL_MS) {
      const read = readFigures(db);
      cached = { at: Date.now(), figures: read };
      read.catch(() => (cached = undefined));
    }
    return cached.figures;
  };
  new Gauge({
    name: 'dondoc_outbox_pending',
    help: 'Notifications recorded and not yet delivered, by channel.',
    labelNames: ['channel'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of (await figures()).pendingByChannel) this.set({ channel: row.channel }, row.count);
    },
  });
  new Gauge({
    name: 'dondoc_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest undelivered notification (0 when none waits).',
    registers: [registry],
    async collect() {
      const oldest = (await figures()).oldestPendingAt;
      this.set(oldest ? Math.max(0, (now().getTime() - oldest.getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'dondoc_overdue_agencies',
    help: 'Agencies past their deadline, by campaign.',
    labelNames: ['campaign'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of (await figures()).overdueByCampaign) this.set({ campaign: row.campaignId }, row.count);
    },
  });
  new Gauge({
    name: 'dondoc_escalations_open',
    help: 'Escalations raised and not resolved, by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of (await figures()).openEscalationsByKind) this.set({ kind: row.kind }, row.count);
    },
  });
  return registry;
}

/** The SDK's own figures, from its exporter on the loopback address (empty when it is off or down). */
async function temporalFigures(port: number | undefined): Promise<string> {
  if (port === undefined) return '';
  const answer = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2_000) }).catch(
    () => undefined,
  );
  return answer?.ok ? answer.text() : '';
}

export function startWorkerOpsListener(config: Config, db: Database, worker: WorkerGroup): Promise<OpsListener> {
  const registry = workerRegistry(db);
  const port = config.ops.workerMetricsPort!;
  return startOpsListener(config.ops, port, {
    '/metrics': async () => ({
      status: 200,
      contentType: registry.contentType,
      body: `${await registry.metrics()}\n${await temporalFigures(config.ops.temporalMetricsPort)}`,
    }),
    '/readyz': async () => {
      const result = await runChecks({
        worker: async () => {
          const state = worker.getState();
          if (state !== 'RUNNING') throw new Error(state);
          return state;
        },
        database: databaseCheck(db),
      });
      return { status: result.ready ? 200 : 503, contentType: 'application/json', body: JSON.stringify(result) };
    },
  });
}
