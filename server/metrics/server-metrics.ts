import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { observeAccess } from '../identity/audit';
import type { HeavyReadLimiter } from '../http/heavy-reads';

// The server's Prometheus metrics, one registry per process (every app built in it reports into
// it): request latency by route, actions and sign-ins by outcome, the heavy-read slots, and Node's
// own figures (event-loop delay, memory, handles). Route labels are the route patterns, never raw
// URLs, so the number of series stays bounded whatever is requested.

interface ServerMetrics {
  registry: Registry;
  requests: Histogram<'method' | 'route' | 'status'>;
  limiters: Set<HeavyReadLimiter>;
}

let metrics: ServerMetrics | undefined;

function create(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'dondoc_server_' });
  const limiters = new Set<HeavyReadLimiter>();
  const requests = new Histogram({
    name: 'dondoc_http_request_duration_seconds',
    help: 'Time to answer a request, by route pattern (unmatched for addresses no route serves).',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const actions = new Counter({
    name: 'dondoc_actions_total',
    help: 'Actions taken or refused through the server (the access trail), by action and outcome.',
    labelNames: ['action', 'channel', 'outcome'] as const,
    registers: [registry],
  });
  const signIns = new Counter({
    name: 'dondoc_sign_ins_total',
    help: 'Sign-ins by channel, method and outcome.',
    labelNames: ['channel', 'method', 'outcome'] as const,
    registers: [registry],
  });
  observeAccess((record) => {
    if (record.action === 'signIn') {
      const method = typeof record.detail?.method === 'string' ? record.detail.method : 'unknown';
      signIns.inc({ channel: record.channel, method, outcome: record.outcome });
    } else actions.inc({ action: record.action, channel: record.channel, outcome: record.outcome });
  });
  const sum = (read: (limiter: HeavyReadLimiter) => number) =>
    [...limiters].reduce((total, limiter) => total + read(limiter), 0);
  new Gauge({
    name: 'dondoc_heavy_reads_running',
    help: 'Reports and file exports being built now.',
    registers: [registry],
    collect() {
      this.set(sum((limiter) => limiter.inUse));
    },
  });
  new Gauge({
    name: 'dondoc_heavy_reads_limit',
    help: 'Reports and file exports that may run at once, everyone together.',
    registers: [registry],
    collect() {
      this.set(sum((limiter) => limiter.limits.global));
    },
  });
  new Gauge({
    name: 'dondoc_heavy_reads_refused',
    help: 'Heavy reads refused since start for want of a slot (person: one person at their bound; global: everyone).',
    labelNames: ['bound'] as const,
    registers: [registry],
    collect() {
      this.set(
        { bound: 'person' },
        sum((limiter) => limiter.refused.person),
      );
      this.set(
        { bound: 'global' },
        sum((limiter) => limiter.refused.global),
      );
    },
  });
  return { registry, requests, limiters };
}

export function serverMetrics(): ServerMetrics {
  metrics ??= create();
  return metrics;
}

/** Times every request of `app` and reports its heavy-read slots while it runs. */
export function registerServerMetrics(app: FastifyInstance, heavyReads: HeavyReadLimiter): void {
  const { requests, limiters } = serverMetrics();
  limiters.add(heavyReads);
  app.addHook('onClose', async () => {
    limiters.delete(heavyReads);
  });
  app.addHook('onResponse', async (request, reply) => {
    requests.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
}
