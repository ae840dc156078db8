import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSigner } from '../../server/identity/proof';
import { freePort } from '../support/free-port';
import { ENV_TEMPORAL_ADDRESS, ENV_WORKFLOW_BUNDLE, required } from '../support/test-env';

// The documented commands run as a province would run them, apart: `npm run server` and
// `npm run worker` in processes of their own, on one database and one Temporal server, the worker
// trusting the server's public key only (one SQLite file: what is tested is the wiring).

const ROOT = path.join(__dirname, '..', '..');

function run(script: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn('npm', ['run', '--silent', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function until(check: () => boolean | Promise<boolean>, what: () => string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('npm run server and npm run worker start apart, the worker with the public key only', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-scripts-'));
  const keys = path.join(dir, 'keys');
  const trusted = path.join(dir, 'trusted');
  fs.mkdirSync(trusted);
  loadSigner(keys, { generate: true });
  const [privateFile] = fs.readdirSync(keys);
  const { createPrivateKey, createPublicKey } = await import('node:crypto');
  const publicPem = createPublicKey(createPrivateKey(fs.readFileSync(path.join(keys, privateFile!)))).export({
    type: 'spki',
    format: 'pem',
  });
  fs.writeFileSync(path.join(trusted, 'server.pem'), publicPem);
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: `file:${path.join(dir, 'dondoc.db')}`,
    TEMPORAL_ADDRESS: required(ENV_TEMPORAL_ADDRESS),
    DONDOC_TASK_QUEUE: `scripts-${port}`,
    DONDOC_SERVER_PORT: String(port),
    DONDOC_SIGNING_KEYS_DIR: keys,
    DONDOC_TRUSTED_KEYS_DIR: trusted,
    DONDOC_WORKFLOW_BUNDLE: required(ENV_WORKFLOW_BUNDLE),
    DONDOC_DATA_DIR: dir,
    DONDOC_LOG_LEVEL: 'info',
  };
  const server = run('server', env);
  const worker = run('worker', env);
  try {
    await until(
      async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status === 200,
      server.output,
    );
    await until(() => worker.output().includes('worker started'), worker.output);
    expect(server.output()).toContain('Máy chủ dondoc đang chạy');
  } finally {
    for (const { child } of [server, worker]) child.kill('SIGTERM');
    await Promise.all(
      [server, worker].map(
        ({ child }) =>
          new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve))),
      ),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
