import fs from 'node:fs';
import path from 'node:path';
import { readZipDirectory, readZipEntry } from '../../list-files/zip';
import type { Database } from '../../prisma/database';
import { formatDate, formatDateTime } from '../../domain/time';

// Everything a run leaves behind, comparable across runs: every row of every table the Prisma
// models declare (the table list is read from the models and checked against the database's own),
// and every file the run exported. Two things are normalised, nothing is left out:
// - the campaign ID and the export directory (each run has its own), wherever they appear: IDs,
//   keys, workflow IDs, text; and random IDs (UUIDs, e.g. of role grants);
// - instants that follow the wall clock (when something happened, deadlines counted from it),
//   in DateTime columns, in JSON, in text ("10:15 ngày 04/03/2024", ISO strings) and in the
//   exported files. Instants both runs were given (the campaign's deadlines) stay as they are.

interface RuntimeField {
  name: string;
  kind: string;
  type: string;
}
interface RuntimeModel {
  fields: RuntimeField[];
  dbName: string | null;
}

/** The models of the generated client (Prisma's runtime data model, read from the DMMF). */
function runtimeModels(db: Database): Record<string, RuntimeModel> {
  return (db as unknown as { _runtimeDataModel: { models: Record<string, RuntimeModel> } })._runtimeDataModel.models;
}

/** The tables of the database, apart from Prisma's own migration bookkeeping. */
async function databaseTables(db: Database, kind: 'sqlite' | 'postgresql'): Promise<string[]> {
  const rows =
    kind === 'sqlite'
      ? await db.$queryRawUnsafe<{ name: string }[]>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
      : await db.$queryRawUnsafe<{ name: string }[]>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        );
  return rows.map((row) => row.name).filter((name) => name !== '_prisma_migrations');
}

export interface SnapshotContext {
  campaignId: string;
  /** The run's export directory (each run has its own), named in messages that list the files. */
  exportDir: string;
  /** Instants given to both runs alike: kept verbatim wherever they appear. */
  fixedInstants: Date[];
}

// Random IDs (`grant_<uuid>`, people, tokens): which one a run drew says nothing about what it did.
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const RANDOM_ID = '<uuid>';
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;
// What the templates print: "10:15 ngày 04/03/2024", "24:00 ngày 11/03/2024", or the day alone.
const SHOWN_INSTANT = /(?:\d{2}:\d{2} ngày )?\d{2}\/\d{2}\/\d{4}/g;
const INSTANT = '<instant>';

/** Normalises a value (or a text) of a run as its snapshot does. */
export function normalizer(context: SnapshotContext) {
  const fixedIso = new Set(context.fixedInstants.map((d) => d.toISOString()));
  const fixedShown = new Set(
    context.fixedInstants.flatMap((d) => {
      const [time, day] = formatDateTime(d).split(' ');
      const before = formatDate(new Date(d.getTime() - 1)); // a period ending at 24:00 of the day before
      return [`${time} ngày ${day}`, day!, formatDate(d), `24:00 ngày ${before}`, before];
    }),
  );
  const text = (value: string): string =>
    value
      .split(context.exportDir)
      .join('<exports>')
      .split(context.campaignId)
      .join('<campaign>')
      .replace(UUID, RANDOM_ID)
      .replace(ISO_INSTANT, (iso) => (fixedIso.has(new Date(iso).toISOString()) ? iso : INSTANT))
      .replace(SHOWN_INSTANT, (shown) => (fixedShown.has(shown) ? shown : INSTANT));
  const value = (v: unknown): unknown => {
    if (v === null || v === undefined) return null;
    if (v instanceof Date) return fixedIso.has(v.toISOString()) ? v.toISOString() : INSTANT;
    if (typeof v === 'string') return text(v);
    if (typeof v === 'bigint') return v.toString();
    if (Array.isArray(v)) return v.map(value);
    if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), value(x)]));
    return v;
  };
  return { text, value };
}

export type Row = Record<string, unknown>;

export interface RunSnapshot {
  /** Every row of every table, by model name, rows in a canonical order. */
  tables: Record<string, Row[]>;
  /** Every exported file, by path relative to the export directory (campaign ID normalised). */
  files: Record<string, string | Record<string, string>>;
}

const byContent = (a: Row, b: Row) => {
  const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Every table, whole: the list of models must be the database's list of tables. */
async function snapshotTables(
  db: Database,
  kind: 'sqlite' | 'postgresql',
  context: SnapshotContext,
): Promise<Record<string, Row[]>> {
  const models = runtimeModels(db);
  const modelTables = Object.entries(models).map(([name, model]) => model.dbName ?? name);
  expect((await databaseTables(db, kind)).sort()).toEqual(modelTables.sort());
  const { value } = normalizer(context);
  const tables: Record<string, Row[]> = {};
  for (const [name, model] of Object.entries(models)) {
    const delegate = (db as unknown as Record<string, { findMany(): Promise<Row[]> }>)[
      name[0]!.toLowerCase() + name.slice(1)
    ]!;
    const scalars = model.fields.filter((field) => field.kind === 'scalar' || field.kind === 'enum');
    const rows = await delegate.findMany();
    tables[name] = rows
      .map((row) => Object.fromEntries(scalars.map((field) => [field.name, value(row[field.name])])))
      .sort(byContent);
  }
  return tables;
}

/**
 * Every file under `dir`: text as text, a zip (.xlsx) as its entries' text, all normalised. The
 * xlsx writer stamps the instant it wrote the file (docProps/core.xml): that is an instant too.
 */
function snapshotFiles(dir: string, context: SnapshotContext): RunSnapshot['files'] {
  const { text } = normalizer(context);
  const files: RunSnapshot['files'] = {};
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        walk(full);
        continue;
      }
      const key = text(path.relative(dir, full));
      const buffer = fs.readFileSync(full);
      if (entry.name.endsWith('.xlsx')) {
        files[key] = Object.fromEntries(
          readZipDirectory(buffer)
            .map((zipEntry) => [zipEntry.name, text(readZipEntry(buffer, zipEntry, 50_000_000).toString('utf8'))])
            .sort(([a], [b]) => (a! < b! ? -1 : 1)),
        );
      } else {
        files[key] = text(buffer.toString('utf8'));
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return files;
}

export async function snapshotRun(
  db: Database,
  kind: 'sqlite' | 'postgresql',
  exportDir: string,
  context: SnapshotContext,
): Promise<RunSnapshot> {
  return { tables: await snapshotTables(db, kind, context), files: snapshotFiles(exportDir, context) };
}

/** The rows of one table whose `field` is `value` (after normalisation, e.g. `<campaign>/so-y-te`). */
export function rowsWhere(snapshot: RunSnapshot, table: string, field: string, value: unknown): Row[] {
  return (snapshot.tables[table] ?? []).filter((row) => row[field] === value);
}

/**
 * The outbox's record of its own attempts: how many were made and the last error. A kill during a
 * delivery makes one more attempt (and may leave "another attempt is delivering" behind), so these
 * may differ from an undisturbed run; `compareRuns` checks them apart, everything else is whole.
 */
const DELIVERY_BOOKKEEPING = ['attempts', 'lastError'] as const;

/**
 * The server's audit of what people did, comparable across runs: each answered action once. A
 * request the server answered after a fault may have been tried before (the server killed before
 * it answered, the Update waiting for a worker): those attempts are audited too, as they happened,
 * so the disturbed run may hold an action's "done" row more than once, and "failed" rows; each
 * failed attempt must be followed by its "done" (same Update ID), which `accessAttempts` checks.
 */
function answeredActions(rows: Row[]): Row[] {
  const seen = new Set<string>();
  return rows
    .filter((row) => row.outcome === 'done')
    .map(({ id: _id, at: _at, ...rest }) => rest)
    .filter((row) => {
      const key = JSON.stringify(row);
      return !seen.has(key) && !!seen.add(key);
    });
}

/** Attempts the server audited beside the answered ones, and those never answered after all. */
export function accessAttempts(snapshot: RunSnapshot): { retried: number; unanswered: Row[] } {
  const rows = snapshot.tables.AccessEvent ?? [];
  const done = new Set(rows.filter((row) => row.outcome === 'done').map((row) => row.updateId));
  const others = rows.filter((row) => row.outcome !== 'done');
  return {
    retried: rows.length - answeredActions(rows).length,
    unanswered: others.filter((row) => !done.has(row.updateId)),
  };
}

/**
 * The disturbed run must have left exactly what the undisturbed one did: every table and every
 * file, whole (the server's audit as answered actions, see above; API tokens are random secrets,
 * each run its own); for each outbox row, at least as many delivery attempts.
 */
export function expectSameRun(disturbed: RunSnapshot, calm: RunSnapshot): void {
  const strip = (snapshot: RunSnapshot): RunSnapshot => ({
    files: snapshot.files,
    tables: {
      ...snapshot.tables,
      AccessEvent: answeredActions(snapshot.tables.AccessEvent ?? []).sort(byContent),
      ApiToken: (snapshot.tables.ApiToken ?? []).map((row) => ({ ...row, tokenHash: '<secret>' })).sort(byContent),
      Notification: (snapshot.tables.Notification ?? []).map((row) => {
        const rest = { ...row };
        for (const field of DELIVERY_BOOKKEEPING) delete rest[field];
        return rest;
      }),
    },
  });
  expect(accessAttempts(calm)).toEqual({ retried: 0, unanswered: [] });
  expect(accessAttempts(disturbed).unanswered).toEqual([]);
  expect(strip(disturbed)).toEqual(strip(calm));
  const attempts = (snapshot: RunSnapshot) =>
    Object.fromEntries((snapshot.tables.Notification ?? []).map((row) => [row.idempotencyKey, row.attempts as number]));
  const [x, c] = [attempts(disturbed), attempts(calm)];
  const fewer = Object.keys(c).filter((key) => (x[key] ?? 0) < c[key]!);
  expect(fewer).toEqual([]);
}
