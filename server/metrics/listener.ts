import type { Config } from '../../shared/config';
import { startOpsListener, type OpsListener } from '../../shared/ops-listener';
import { serverMetrics } from './server-metrics';

/** The server's /metrics on DONDOC_METRICS_PORT (loopback, or behind DONDOC_METRICS_TOKEN). */
export function startServerMetricsListener(ops: Config['ops'], port: number): Promise<OpsListener> {
  const { registry } = serverMetrics();
  return startOpsListener(ops, port, {
    '/metrics': async () => ({ status: 200, contentType: registry.contentType, body: await registry.metrics() }),
  });
}
