import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../prisma/database';
import type { Signer } from '../identity/proof';
import { databaseCheck, migrationsCheck, runChecks, temporalCheck, type Check } from './readiness';

// /healthz: the process answers (a liveness probe restarts it when not). /readyz: it can serve
// (a load balancer sends it traffic only then): the database, Temporal, the migrations, the keys.
// Neither needs a session; neither says anything a visitor could use beyond up or down.

export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { db: Database; client: Client; signer: Signer },
): void {
  const keysCheck: Check = async () => {
    const count = Object.keys(deps.signer.trustedKeys()).length;
    if (count === 0) throw new Error('no signing key');
    return `${count} signing key(s)`;
  };
  const checks = {
    database: databaseCheck(deps.db),
    temporal: temporalCheck(deps.client),
    migrations: migrationsCheck(deps.db),
    keys: keysCheck,
  };
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const result = await runChecks(checks);
    return reply.code(result.ready ? 200 : 503).send(result);
  });
}
