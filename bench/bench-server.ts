import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildServer } from '../server/http/app';
import { issueApiToken } from '../server/identity/api-tokens';
import { grantRole } from '../server/identity/people';
import { loadSigner, type Signer } from '../server/identity/proof';
import { loadConfig } from '../shared/config';
import type { BenchWorld } from './support';

// The real HTTP server (`buildServer`) over a benchmark world's Temporal client and database, with
// an administrator's token and a way to give any person a token: what an API client would call.

export interface BenchServer {
  base: string;
  adminToken: string;
  /** The server's signer (the key the workers trust), for an Update sent straight to Temporal. */
  signer: Signer;
  /** The e-mails the server sent (sign-in links), kept in memory: this measures the server, not SMTP. */
  mail: string[];
  post(route: string, body: unknown, token?: string): Promise<Response>;
  /** A multipart upload of one file in the field "file". */
  upload(route: string, file: { name: string; content: Buffer }, token: string): Promise<Response>;
  /** A token of the person with this e-mail (the launch registered them). */
  tokenFor(email: string): Promise<string>;
  close(): Promise<void>;
}

export async function startBenchServer(world: BenchWorld): Promise<BenchServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bench-server-'));
  const config = loadConfig({
    DONDOC_TASK_QUEUE: world.taskQueue,
    DONDOC_SIGNING_KEYS_DIR: world.signingKeysDir,
    DONDOC_FILES_DIR: path.join(dir, 'files'),
  });
  // The server signs with the key the world's workers trust, as a deployment's server does.
  const signer = loadSigner(world.signingKeysDir, { generate: false });
  const mail: string[] = [];
  const app = await buildServer({
    config,
    db: world.db,
    client: world.client,
    signer,
    mailer: { send: async (message) => void mail.push(message.text) },
    signInLimit: { max: 100_000, windowMs: 60_000 },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const bearer = (token?: string) => (token ? { authorization: `Bearer ${token}` } : undefined);
  const tokenFor = async (email: string) => {
    const person = await world.db.person.findUniqueOrThrow({ where: { email } });
    return (await issueApiToken(world.db, person.id, { label: 'bench', days: 1, channel: 'token' })).token;
  };
  await grantRole(world.db, { email: 'admin@bench.example', role: 'admin' }, 'bench');
  return {
    base,
    adminToken: await tokenFor('admin@bench.example'),
    signer,
    mail,
    post: (route, body, token) =>
      fetch(`${base}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(token) },
        body: JSON.stringify(body),
      }),
    upload: (route, file, token) => {
      const form = new FormData();
      form.append('file', new Blob([file.content]), file.name);
      return fetch(`${base}${route}`, { method: 'POST', headers: bearer(token), body: form });
    },
    tokenFor,
    async close() {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
