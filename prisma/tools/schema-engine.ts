// Prisma's schema engine, loaded from its WebAssembly build: the native engine cannot be
// downloaded here, and diffing two datamodels needs no database anyway.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
} from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { Provider } from '../migration-db';

/** One file of a Prisma schema: its name (used in error messages) and its text. */
export interface SchemaFile {
  path: string;
  content: string;
}

// lib.dom declares the WebAssembly global, @types/node 20 does not: type the one call we make.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

let engineReady: Promise<void> | undefined;

// The package's main entry imports the .wasm file as an ES module, which Node cannot do; so
// instantiate the .wasm ourselves with the wasm-bindgen glue as its import object. The glue keeps
// the instance in a module variable: once per process.
function loadEngine(): Promise<void> {
  engineReady ??= (async () => {
    // package.json is not in the package's exports; the exported glue file locates the folder.
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const bytes = await readFile(path.join(dir, 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports['__wbindgen_start'] as () => void)();
  })();
  return engineReady;
}

// The engine's PostgreSQL connector runs one probe when it starts (schema exists? server
// version? CockroachDB?) even for a pure datamodel diff. Answer it as a stock PostgreSQL 15 with
// the default schema present, so no CREATE SCHEMA is planned and nothing depends on a server.
const POSTGRES_PROBE = 'SELECT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = $1), version()';
const POSTGRES_PROBE_ANSWER: SqlResultSet = {
  columnNames: ['exists', 'version', 'numeric_version'],
  columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
  rows: [[true, 'PostgreSQL 15 (offline datamodel diff)', 150000]],
};

/** An adapter with no database behind it: any real query is a bug, reported through `refused`. */
function offlineAdapter(provider: Provider, refused: string[]): SqlDriverAdapter {
  const refuse = (sql: string): never => {
    refused.push(sql);
    throw new Error('no database behind the offline schema engine');
  };
  return {
    provider: provider === 'postgresql' ? 'postgres' : 'sqlite',
    adapterName: 'dondoc-offline',
    queryRaw: async (query: SqlQuery) =>
      provider === 'postgresql' && query.sql.startsWith(POSTGRES_PROBE) ? POSTGRES_PROBE_ANSWER : refuse(query.sql),
    executeRaw: async (query: SqlQuery) => refuse(query.sql),
    executeScript: async (script: string) => refuse(script),
    startTransaction: async () => refuse('BEGIN'),
    dispose: async () => undefined,
  };
}

function offlineAdapterFactory(provider: Provider, refused: string[]): SqlMigrationAwareDriverAdapterFactory {
  const adapter = offlineAdapter(provider, refused);
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    connect: async () => adapter,
    connectToShadowDb: async () => adapter,
  };
}

/**
 * The SQL script that turns a database matching `from` into one matching `to`, or null when the
 * two datamodels need no change. Both are complete schemas (datasource included) for `provider`.
 * For a first migration pass the provider's datasource-only schema as `from`: that is what
 * `prisma migrate dev` diffs against (an empty diff target would add CREATE SCHEMA "public").
 */
export async function diffDatamodels(
  provider: Provider,
  from: readonly SchemaFile[],
  to: readonly SchemaFile[],
): Promise<string | null> {
  await loadEngine();
  const logs: string[] = [];
  const refused: string[] = [];
  let engine: glue.SchemaEngine | undefined;
  try {
    // Starting the engine already connects (and on PostgreSQL probes), hence inside the try.
    engine = await glue.SchemaEngine.new(
      { datamodels: undefined },
      (line: string) => logs.push(line),
      bindMigrationAwareSqlAdapterFactory(offlineAdapterFactory(provider, refused)),
    );
    const result = await engine.diff({
      from: { tag: 'schemaDatamodel', files: [...from] },
      to: { tag: 'schemaDatamodel', files: [...to] },
      script: true,
      exitCode: true, // 2 when there is something to migrate, 0 when the datamodels agree
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.exitCode === 2 ? (result.stdout ?? '') : null;
  } catch (error) {
    // The engine only reports adapter failures as "External error id#N": name the query instead.
    const cause = refused.length
      ? `it tried to query a database: ${refused.join('; ')}`
      : `${error instanceof Error ? error.message : String(error)}\n${logs.join('')}`;
    throw new Error(`Schema engine diff (${provider}) failed: ${cause}`, { cause: error });
  } finally {
    engine?.free();
  }
}
