// What global setup hands to every test file, through the environment of the jest workers.
export const ENV_TEMPORAL_ADDRESS = 'DONDOC_TEST_TEMPORAL_ADDRESS';
export const ENV_WORKFLOW_BUNDLE = 'DONDOC_TEST_WORKFLOW_BUNDLE';
export const ENV_DATABASES = 'DONDOC_TEST_DATABASES';
export const ENV_POSTGRES_URL = 'DONDOC_TEST_POSTGRES_URL';
export const DEFAULT_POSTGRES_URL = 'postgresql://postgres:postgres@127.0.0.1:5432/postgres';

export type TestDatabaseKind = 'sqlite' | 'postgresql';

/** The databases the suite runs against: both by default; narrowing it is an explicit choice. */
export function testDatabases(): TestDatabaseKind[] {
  const wanted = (process.env[ENV_DATABASES] ?? 'sqlite,postgresql').split(',').map((s) => s.trim());
  return wanted.filter((kind): kind is TestDatabaseKind => kind === 'sqlite' || kind === 'postgresql');
}

export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (npm test), whose global setup sets it`);
  return value;
}
