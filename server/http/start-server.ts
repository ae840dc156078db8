import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { Database } from '../../prisma/database';
import type { Config } from '../../shared/config';
import { buildServer, type App, type ServerDeps } from './app';
import { recordAccess } from '../identity/audit';
import { grantRole } from '../identity/people';
import { startServerMetricsListener } from '../metrics/listener';
import { noMailer, smtpMailer, type Mailer } from '../identity/mailer';

// Starts the dondoc server on the configured address; `npm run server` and `npm start` both use it.

export async function startServer(options: {
  config: Config;
  db: Database;
  client: Client;
  mailer?: Mailer;
  mailbox?: ServerDeps['mailbox'];
  logger?: boolean;
}): Promise<{ app: App; url: string; localUrl: string }> {
  const { config, db } = options;
  if (config.server.adminEmail) {
    const { created } = await grantRole(db, { email: config.server.adminEmail, role: 'admin' }, 'DONDOC_ADMIN_EMAIL');
    if (created)
      await recordAccess(db, {
        channel: 'system',
        action: 'grant',
        outcome: 'done',
        detail: { email: config.server.adminEmail, role: 'admin', by: 'DONDOC_ADMIN_EMAIL' },
      });
  }
  const mailer = options.mailer ?? (config.smtp.url ? smtpMailer(config.smtp.url, config.smtp.from) : noMailer);
  const app = await buildServer({ ...options, mailer });
  if (config.ops.serverMetricsPort !== undefined) {
    const metrics = await startServerMetricsListener(config.ops, config.ops.serverMetricsPort);
    app.addHook('onClose', () => metrics.close());
  }
  await app.listen({ port: config.server.port, host: config.server.host });
  const { port } = app.server.address() as AddressInfo;
  // The public address may be a proxy's; the demo and local tools call the server where it listens.
  const host = ['0.0.0.0', '::', ''].includes(config.server.host) ? '127.0.0.1' : config.server.host;
  return { app, url: config.server.publicUrl, localUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
}
