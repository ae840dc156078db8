// Where each provider's datamodel and migrations live, and the datamodel snapshot that records
// what the last migration migrated to (so a new migration is a datamodel diff, no database).
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { migrationsDir } from '../migrate';
import type { Provider } from '../migration-db';
import type { SchemaFile } from './schema-engine';

export const PROVIDERS: readonly Provider[] = ['sqlite', 'postgresql'];

const PRISMA_DIR = path.resolve(__dirname, '..');
const MODELS_FILE = path.join(PRISMA_DIR, 'models', 'models.prisma');

// Not a directory, so `prisma migrate` skips it (the CLI lists only directories of the migrations
// folder), and not *.prisma, so the schema-folder loader (recursive) does not read it as schema.
export const SNAPSHOT_FILE = 'datamodel.prisma.snapshot';

const SNAPSHOT_HEADER = `// Snapshot of schema.prisma + ../models/models.prisma as of the last migration in this folder,
// written by \`npm run db:new-migration\`: the starting point of the next migration. Prisma ignores
// this file. Do not edit it by hand.
`;

function read(file: string): SchemaFile {
  return { path: path.relative(PRISMA_DIR, file), content: readFileSync(file, 'utf8') };
}

/** The provider's schema.prisma alone: generator and datasource, no models (an empty database). */
function datasourceOnly(provider: Provider): SchemaFile[] {
  return [read(path.join(PRISMA_DIR, provider, 'schema.prisma'))];
}

/** The datamodel as it is now: the provider's schema.prisma plus the shared models. */
export function currentDatamodel(provider: Provider): SchemaFile[] {
  return [...datasourceOnly(provider), read(MODELS_FILE)];
}

/** The datamodel as of the last migration, or the empty one before the first migration. */
export function migratedDatamodel(provider: Provider): SchemaFile[] {
  const snapshot = path.join(migrationsDir(provider), SNAPSHOT_FILE);
  return existsSync(snapshot) ? [read(snapshot)] : datasourceOnly(provider);
}

/** The snapshot text that records `datamodel` (one file: Prisma accepts a schema in one piece). */
export function snapshotOf(datamodel: readonly SchemaFile[]): string {
  return SNAPSHOT_HEADER + datamodel.map((file) => `\n${file.content.trimEnd()}\n`).join('');
}
