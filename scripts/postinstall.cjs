// After `npm install`: generate both Prisma clients and make sure a Temporal CLI is at hand.
// Idempotent and quiet when all is well; says what to do when something is missing.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { findTemporalCli, installTemporalCli, HOW_TO_FIX } = require('./temporal-cli.cjs');

const ROOT = path.resolve(__dirname, '..');

function generatePrismaClients() {
  // `prisma generate` needs no schema engine, but the CLI insists on locating one first; offline it
  // cannot download it, so point it at a placeholder unless a real engine is configured.
  const env = { ...process.env };
  if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
    const placeholder = path.join(os.tmpdir(), 'dondoc-no-schema-engine');
    fs.writeFileSync(placeholder, '');
    env.PRISMA_SCHEMA_ENGINE_BINARY = placeholder;
  }
  for (const provider of ['sqlite', 'postgresql']) {
    const result = spawnSync(
      process.execPath,
      [require.resolve('prisma/build/index.js'), 'generate', '--schema', `prisma/${provider}`],
      {
        cwd: ROOT,
        env,
        encoding: 'utf8',
      },
    );
    if (result.status !== 0) {
      process.stderr.write(result.stdout + result.stderr);
      throw new Error(`prisma generate (${provider}) failed`);
    }
  }
}

(async () => {
  generatePrismaClients();
  if (findTemporalCli()) return;
  try {
    const installed = await installTemporalCli();
    console.log(`dondoc: đã cài Temporal CLI vào ${path.relative(ROOT, installed)}`);
  } catch (error) {
    // Not fatal: a connected machine can still let the Temporal SDK download a dev server, and a
    // deployment may point TEMPORAL_ADDRESS at a cluster.
    console.warn(`dondoc: chưa có Temporal CLI (${error.message}).\n${HOW_TO_FIX}`);
  }
})().catch((error) => {
  console.error(`dondoc postinstall: ${error.message}`);
  process.exitCode = 1;
});
