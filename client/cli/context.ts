import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { openDatabase, type Database } from '../../prisma/database';
import { providerOf, sqliteFilePath } from '../../prisma/migration-db';
import { ConfigError, loadConfig, type Config } from '../../shared/config';
import { configureLogger } from '../../shared/logger';
import { temporalConnectionInterceptors } from '../../shared/temporal-retry';
import { CliError, connectionFailure, databaseFailure } from './errors';
import { asSignedIn, type ServerCall } from './server-api';

// What every command runs with: its output streams, its environment, and the resources it opens
// lazily (configuration, database, Temporal client for reads, the dondoc server for every change),
// all closed once the command ends.

export type Output = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface CliIO {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
}

export interface CliDeps extends CliIO {
  /** How long connecting to Temporal may take; 5 s by default. */
  connectTimeoutMs?: number;
  /** How long a query may wait for the worker; 15 s by default. */
  queryTimeoutMs?: number;
  /** How long an Update is retried while the server answers "not now"; 30 s by default. */
  updateRetryMs?: number;
  /** The current instant (tests). */
  now?: () => Date;
}

export class Session {
  /** Set by a command that finished with failures it already reported (per agency). */
  exitCode = 0;
  private loadedConfig?: Config;
  private database?: Promise<Database>;
  private temporalConnection?: Promise<{ connection: Connection; client: Client }>;
  private serverCall?: ServerCall;

  constructor(readonly deps: CliDeps) {}

  get now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  get queryTimeoutMs(): number {
    return this.deps.queryTimeoutMs ?? 15_000;
  }

  get updateRetryMs(): number {
    return this.deps.updateRetryMs ?? 30_000;
  }

  out(line = ''): void {
    this.deps.stdout.write(`${line}\n`);
  }

  warn(line: string): void {
    this.deps.stderr.write(`${line}\n`);
  }

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

  db(): Promise<Database> {
    const url = this.config().databaseUrl;
    // Opening a SQLite file that is not there would create an empty one: say where it was looked for.
    if (providerOf(url) === 'sqlite' && !fs.existsSync(sqliteFilePath(url))) {
      throw new CliError(
        `Không có cơ sở dữ liệu SQLite tại ${sqliteFilePath(url)} (DATABASE_URL). Cách sửa: đặt DATABASE_URL đúng cơ sở dữ liệu của dondoc, ` +
          'hoặc tạo nó bằng "npm run db:migrate" (campaign launch cũng tự tạo).',
      );
    }
    this.database ??= openDatabase(url).catch((error: unknown) => {
      throw databaseFailure(error);
    });
    return this.database;
  }

  /** The dondoc server, called as the person signed in with `dondoc login` (or DONDOC_API_TOKEN). */
  api(): ServerCall {
    this.serverCall ??= asSignedIn(this.deps);
    return this.serverCall;
  }

  async connection(): Promise<Connection> {
    return (await this.temporal()).connection;
  }

  async client(): Promise<Client> {
    return (await this.temporal()).client;
  }

  private temporal(): Promise<{ connection: Connection; client: Client }> {
    const config = this.config();
    this.temporalConnection ??= (async () => {
      const options = config.temporal.connect.connectionOptions;
      try {
        const connection = await Connection.connect({
          ...options,
          interceptors: temporalConnectionInterceptors(),
          connectTimeout: this.deps.connectTimeoutMs ?? 5_000,
        });
        return { connection, client: new Client({ connection, namespace: config.temporal.namespace }) };
      } catch (error) {
        throw connectionFailure(config, error);
      }
    })();
    return this.temporalConnection;
  }

  async close(): Promise<void> {
    const temporal = this.temporalConnection?.catch(() => undefined);
    const database = this.database?.catch(() => undefined);
    await (await temporal)?.connection.close().catch(() => undefined);
    await (await database)?.$disconnect().catch(() => undefined);
  }
}
