// `npm run db:migrate`: applies pending migrations to $DATABASE_URL (default: the local SQLite file).
import { applyMigrations } from '../migrate';
import { redactCredentials } from '../../shared/redact';

const databaseUrl = process.env['DATABASE_URL'] || 'file:./.data/dondoc.db';

// The log names each migration as it is applied, then the summary.
applyMigrations(databaseUrl, (msg) => console.log(msg)).catch((error: unknown) => {
  console.error(redactCredentials(error instanceof Error ? error.message : String(error)));
  process.exitCode = 1;
});
