import fs from 'node:fs';
import os from 'node:os';

/** The nice value of a background thread (a report or dashboard build): the process's other work is served first. */
const BACKGROUND_THREAD_NICE = 10;

/**
 * On Linux a thread has a nice value of its own (setpriority on its thread id): a worker thread that
 * builds a report lowers its own, so on a busy machine it takes the CPU the rest of the process
 * leaves. Elsewhere the call would renice the whole process, so it is not made there.
 */
export function lowerThisThreadPriority(nice = BACKGROUND_THREAD_NICE): void {
  try {
    const threadId = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId > 0) os.setPriority(threadId, nice);
  } catch {
    // No /proc/thread-self (not Linux): the thread runs at the process's priority.
  }
}
