import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';

// A CPU profile of this process for one phase of a benchmark (written when DONDOC_BENCH_PROFILE_DIR
// names a folder), so the launch and its matched no-op starts can be compared function by function.
// Summarize one with: node --import tsx bench/profile-summary.ts FILE --top 30

const dir = process.env.DONDOC_BENCH_PROFILE_DIR;
let session: Session | undefined;

/** Profiles `run` into `<dir>/<name>.cpuprofile`; just runs it when no folder is named. */
export async function profiledPhase<T>(name: string, run: () => Promise<T>): Promise<T> {
  if (!dir) return run();
  if (!session) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
  }
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  }
}
