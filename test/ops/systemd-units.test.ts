import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// The process units a province installs: each runs as its own unprivileged user, from an
// environment file, with the hardening options below; systemd's own checker (where this machine
// has it) finds no error and rates every unit's exposure "OK" or better.

const UNITS_DIR = path.join(__dirname, '..', '..', 'ops', 'systemd');
const UNITS = ['dondoc-server.service', 'dondoc-worker.service', 'temporal.service'];
/** Binaries the units start that a test machine need not have installed (the Temporal server's). */
const INSTALLED_LATER = ['/opt/temporal/bin/temporal-server'];

function parse(file: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = new Map();
      sections.set(header[1]!, current);
      continue;
    }
    const [key, ...value] = line.split('=');
    current!.set(key!, [...(current!.get(key!) ?? []), value.join('=')]);
  }
  return sections;
}

const REQUIRED: Record<string, (value: string) => boolean> = {
  User: (v) => v !== '' && v !== 'root',
  Group: (v) => v !== '' && v !== 'root',
  EnvironmentFile: (v) => v.startsWith('/etc/'),
  NoNewPrivileges: (v) => v === 'yes',
  ProtectSystem: (v) => v === 'strict',
  ProtectHome: (v) => v === 'yes',
  PrivateTmp: (v) => v === 'yes',
  PrivateDevices: (v) => v === 'yes',
  ReadWritePaths: (v) => v.startsWith('/var/lib/'),
  CapabilityBoundingSet: (v) => v === '',
  RestrictSUIDSGID: (v) => v === 'yes',
  UMask: (v) => v === '0077',
  Restart: (v) => v === 'on-failure',
};

test.each(UNITS)('%s runs unprivileged, hardened, from an environment file', (unit) => {
  const service = parse(path.join(UNITS_DIR, unit)).get('Service')!;
  for (const [key, acceptable] of Object.entries(REQUIRED)) {
    const values = service.get(key);
    expect({ key, value: values?.at(-1) }).toEqual({ key, value: expect.any(String) });
    expect({ key, ok: acceptable(values!.at(-1)!) }).toEqual({ key, ok: true });
  }
});

const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;

// Where systemd-analyze is missing (a machine without systemd) the skip is reported by name.
(analyze ? test : test.skip)('systemd-analyze verifies the units and rates their exposure OK', () => {
  const units = UNITS.map((unit) => path.join(UNITS_DIR, unit));
  const verify = spawnSync('systemd-analyze', ['verify', ...units], { encoding: 'utf8' });
  const errors = `${verify.stdout}${verify.stderr}`
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => !INSTALLED_LATER.some((binary) => line.includes(`Command ${binary} is not executable`)));
  expect(errors).toEqual([]);
  for (const unit of units) {
    const report = execFileSync('systemd-analyze', ['security', '--offline=true', unit], { encoding: 'utf8' });
    const exposure = Number(/Overall exposure level for .*: ([\d.]+)/.exec(report)?.[1]);
    expect({ unit: path.basename(unit), exposure: exposure <= 4 }).toEqual({
      unit: path.basename(unit),
      exposure: true,
    });
  }
});
