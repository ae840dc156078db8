import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../prisma/database';
import { serverMetrics } from '../../server/metrics/server-metrics';
import { workerRegistry } from '../../worker/metrics';

// Every dondoc figure the dashboard plots is one the server or the worker exports (a renamed metric
// would otherwise leave an empty panel nobody notices).

test('the Grafana dashboard plots only metrics dondoc exports', () => {
  const dashboard = JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', '..', 'ops', 'grafana', 'dondoc.json'), 'utf8'),
  ) as { panels: { targets: { expr: string }[] }[] };
  const plotted = new Set(
    dashboard.panels
      .flatMap((panel) => panel.targets.map((target) => target.expr))
      .flatMap((expr) => expr.match(/dondoc_[a-z0-9_]+/g) ?? [])
      .map((name) => name.replace(/_(bucket|count|sum)$/, '')),
  );
  // The worker's registry reads the database only when scraped; listing its metrics reads nothing.
  const exported = new Set(
    [...serverMetrics().registry.getMetricsAsArray(), ...workerRegistry({} as Database).getMetricsAsArray()].map(
      (metric) => metric.name,
    ),
  );
  expect(plotted.size).toBeGreaterThan(10);
  expect([...plotted].filter((name) => !exported.has(name))).toEqual([]);
});
