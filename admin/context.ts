import { ConfigError, loadConfig, type Config } from '../shared/config';
import { configureLogger } from '../shared/logger';
import { CliError } from './errors';
import { asSignedIn, type ServerCall } from './server-api';

// What every command runs with: its output streams, its environment, and the dondoc server it calls
// as the signed-in person, for every read and every change. The admin script opens neither the
// database nor Temporal: only the server and the workers do.

export type Output = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface CliIO {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
}

export interface CliDeps extends CliIO {
  /** The current instant (tests). */
  now?: () => Date;
}

export class Session {
  /** Set by a command that finished with failures it already reported (per agency). */
  exitCode = 0;
  private loadedConfig?: Config;
  private serverCall?: ServerCall;

  constructor(readonly deps: CliDeps) {}

  get now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  out(line = ''): void {
    this.deps.stdout.write(`${line}\n`);
  }

  warn(line: string): void {
    this.deps.stderr.write(`${line}\n`);
  }

  /** The environment's settings (the log level, and what an error message names). */
  config(): Config {
    if (!this.loadedConfig) {
      try {
        this.loadedConfig = loadConfig(this.deps.env);
        configureLogger(this.loadedConfig);
      } catch (error) {
        if (error instanceof ConfigError) throw new CliError(error.message);
        throw error;
      }
    }
    return this.loadedConfig;
  }

  /** The dondoc server, called as the person signed in with `dondoc login` (or DONDOC_API_TOKEN). */
  api(): ServerCall {
    this.serverCall ??= asSignedIn(this.deps);
    return this.serverCall;
  }
}
