import type * as Checks from './checks';

/**
 * The message schemas and the actor-proof verifier, loaded when a workflow run first checks a message
 * and then kept for every later run in this workflow thread.
 *
 * A worker that reuses its V8 context evaluates the modules a workflow imports once per run, and
 * building these schemas and the verifier was most of what a run's first Update cost (bench/README.md, "Workflow start-up" and "Submit latency"). This module is preloaded
 * (worker/bundle.ts, SHARED_WORKFLOW_MODULES): evaluated once, before any run, in the cache every run
 * shares. The SDK freezes what a preloaded module exports, which zod's lazily memoised schemas do not
 * survive, so what is shared is held in this closure instead, built by the first run that needs it.
 *
 * Sharing is safe because nothing in it belongs to a run: a schema turns a message into a new value
 * and keeps only what it derives from its own definition; the verifier reads its arguments only (the
 * proof's expiry is compared with the run's own time, passed in). Loading is synchronous and issues no
 * command, so a run replays the same whichever run loaded them.
 */
let loaded: typeof Checks | undefined;

export function checks(): typeof Checks {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose (above)
  loaded ??= require('./checks') as typeof Checks;
  return loaded;
}
