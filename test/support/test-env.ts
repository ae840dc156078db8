// What global setup hands to every test file, through the environment of the jest workers.
export const ENV_TEMPORAL_ADDRESS = 'DONDOC_TEST_TEMPORAL_ADDRESS';
export const ENV_WORKFLOW_BUNDLE = 'DONDOC_TEST_WORKFLOW_BUNDLE';
export const ENV_DATABASES = 'DONDOC_TEST_DATABASES';
export const ENV_POSTGRES_URL = 'DONDOC_TEST_POSTGRES_URL';
export const DEFAULT_POSTGRES_URL = 'postgresql://postgres:postgres@127.0.0.1:5432/postgres';
/** The value of DONDOC_TEST_POSTGRES_URL that asks for the embedded server even when one answers at the default. */
export const EMBEDDED_POSTGRES = 'embedded';

const KINDS = ['sqlite', 'postgresql'] as const;
export type TestDatabaseKind = (typeof KINDS)[number];

/**
 * The databases the suite runs against: both by default; narrowing it is an explicit choice, and a
 * value that names no database is an error rather than a run that silently tests nothing.
 */
export function testDatabases(): TestDatabaseKind[] {
  const raw = process.env[ENV_DATABASES];
  if (raw === undefined) return [...KINDS];
  const wanted = raw.split(',').map((s) => s.trim());
  const unknown = wanted.filter((kind) => !(KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0 || raw.trim() === '')
    throw new Error(
      `${ENV_DATABASES}=${JSON.stringify(raw)} ` +
        (raw.trim() === ''
          ? 'is empty'
          : `names an unknown database: ${unknown.map((k) => JSON.stringify(k)).join(', ')}`) +
        `. Use ${KINDS.join(', ')} or both separated by a comma (${KINDS.join(',')}), or leave it unset for both.`,
    );
  return KINDS.filter((kind) => wanted.includes(kind));
}

/** The PostgreSQL server the tests create their databases on (global setup always sets it). */
export function testPostgresUrl(): string {
  return required(ENV_POSTGRES_URL);
}

export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (npm test), whose global setup sets it`);
  return value;
}
