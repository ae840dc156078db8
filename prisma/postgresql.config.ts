import { defineConfig } from 'prisma/config';

// Prisma CLI config for the PostgreSQL schema, e.g. `prisma migrate deploy --config prisma/postgresql.config.ts`.
export default defineConfig({
  schema: 'postgresql',
  migrations: { path: 'postgresql/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
