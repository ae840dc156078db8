import { defineConfig } from 'prisma/config';

// Default Prisma CLI config: the SQLite schema. PostgreSQL uses prisma/postgresql.config.ts.
export default defineConfig({
  schema: 'prisma/sqlite',
  migrations: { path: 'prisma/sqlite/migrations' },
});
