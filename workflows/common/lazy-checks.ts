import type * as Checks from './checks';

/**
 * The message schemas and the actor-proof verifier, loaded by a workflow run when it first checks a
 * message rather than when it starts. A worker that reuses its V8 context still evaluates the modules
 * a workflow imports once per run, and building the schemas was most of what starting a run cost
 * (bench/README.md, "Workflow start-up"); a run that only registers its agency checks no message.
 * Loading is synchronous and issues no command, so a run replays the same wherever it loads them.
 */
export function checks(): typeof Checks {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose (above)
  return require('./checks') as typeof Checks;
}
