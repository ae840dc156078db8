import { ConfigError } from './config';
import { redactCredentials } from './redact';

// How our commands (npm start, serve, ops) end: at the end of their work with code 0, or on a failure
// with one message on stderr (a configuration problem as it is, anything else after "Lỗi:"),
// credentials redacted, and code 1.

/** Prints the failure as the operator reads it and exits with code 1. */
export function exitOnFailure(error: unknown): never {
  console.error(
    redactCredentials(
      error instanceof ConfigError ? error.message : `Lỗi: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
  process.exit(1);
}

/** Runs a command's main: code 0 once it ends, or the failure and code 1. */
export function runCommand(main: () => Promise<unknown>): void {
  main().then(() => process.exit(0), exitOnFailure);
}
