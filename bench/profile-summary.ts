import fs from 'node:fs';
import path from 'node:path';

// Summarises V8 CPU profiles (node --cpu-prof; one file per thread): self time by package or
// source folder, and the heaviest functions.
// Usage: node --import tsx bench/profile-summary.ts FILE.cpuprofile... [--top N]

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package, a dondoc folder, node's own code, or V8 (GC, idle, program). */
function place(url: string, name: string): string {
  if (!url) return `(${name || 'anonymous'})`;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes('workflow-bundle')) return 'workflow bundle';
  const relative = url.replace(/^file:\/\//, '');
  const root = path.resolve(__dirname, '..');
  return relative.startsWith(root) ? `dondoc ${path.relative(root, relative).split('/')[0]}/` : relative;
}

function summarise(file: string, top: number): void {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, micros] of self) {
    const { callFrame } = byId.get(id)!;
    const where = place(callFrame.url, callFrame.functionName);
    groups.set(where, (groups.get(where) ?? 0) + micros);
    const fn = `${callFrame.functionName || '(anonymous)'} ${where}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + micros);
  }
  const idle = groups.get('((idle))') ?? 0;
  const busy = total - idle;
  const row = ([name, micros]: [string, number]) =>
    `  ${(micros / 1e6).toFixed(2).padStart(7)} s  ${((100 * micros) / busy).toFixed(1).padStart(5)}%  ${name}`;
  console.log(
    `${path.basename(file)}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (not idle)`,
  );
  const sorted = (map: Map<string, number>) =>
    [...map.entries()]
      .filter(([name]) => !name.startsWith('(idle)') && name !== '((idle))')
      .sort((a, b) => b[1] - a[1]);
  console.log(' self time by place (share of busy time):');
  sorted(groups)
    .slice(0, top)
    .map(row)
    .forEach((line) => console.log(line));
  console.log(' heaviest functions:');
  sorted(functions)
    .slice(0, top)
    .map(row)
    .forEach((line) => console.log(line));
}

const args = process.argv.slice(2);
const at = args.indexOf('--top');
const top = at >= 0 ? Number(args.splice(at, 2)[1]) : 12;
for (const file of args) summarise(file, top);
