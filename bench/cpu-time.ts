import fs from 'node:fs';

// CPU seconds each kind of process spent during a phase (Linux /proc), so a benchmark can say where
// the machine's cores went: the benchmark's own process, the workers, the Temporal server, PostgreSQL.

const USER_HZ = 100; // /proc/<pid>/stat counts in clock ticks; Linux fixes USER_HZ at 100

type Snapshot = Map<number, { name: string; seconds: number }>;

function snapshot(): Snapshot {
  const processes: Snapshot = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ..." — comm may hold spaces, so split after its closing parenthesis.
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
      processes.set(Number(entry), { name, seconds: ticks / USER_HZ });
    } catch {
      // the process ended between listing and reading
    }
  }
  return processes;
}

/** Starts counting; `stop()` gives CPU seconds per group (`labels` names PIDs; others go by command name). */
export function cpuTime(labels: Record<number, string>): { stop(): Map<string, number> } {
  const before = snapshot();
  return {
    stop() {
      const after = snapshot();
      const groups = new Map<string, number>();
      for (const [pid, { name, seconds }] of after) {
        const spent = seconds - (before.get(pid)?.name === name ? before.get(pid)!.seconds : 0);
        if (spent <= 0) continue;
        const group = labels[pid] ?? name;
        groups.set(group, (groups.get(group) ?? 0) + spent);
      }
      return groups;
    },
  };
}

/** "worker 41.2 s, temporal 30.1 s, ..." — the largest first, groups under 0.5 s left out. */
export const cpuText = (groups: Map<string, number>) =>
  [...groups]
    .filter(([, seconds]) => seconds >= 0.5)
    .sort((a, b) => b[1] - a[1])
    .map(([group, seconds]) => `${group} ${seconds.toFixed(1)} s`)
    .join(', ');
