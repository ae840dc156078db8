import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { findTemporalCli } from '../scripts/temporal-cli.cjs';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

// The Temporal CLI dev server, for `npm start` and the tests: the project's CLI when one is
// installed, otherwise the SDK's own download (works on connected machines).

export interface DevServerOptions {
  ip?: string;
  port: number;
  namespace?: string;
  /** File-backed persistence; in memory when absent. */
  dbFilename?: string;
  uiPort?: number;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const ip = options.ip ?? '127.0.0.1';
  if (options.dbFilename) fs.mkdirSync(path.dirname(options.dbFilename), { recursive: true });
  const cli = findTemporalCli();
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ...(cli ? { executable: { type: 'existing-path', path: cli } } : {}),
      ip,
      port: options.port,
      namespace: options.namespace ?? 'default',
      dbFilename: options.dbFilename,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      log: { format: 'pretty', level: 'error' },
    },
  });
  return {
    address: `${ip}:${options.port}`,
    uiUrl: options.uiPort !== undefined ? `http://${ip === '0.0.0.0' ? 'localhost' : ip}:${options.uiPort}` : undefined,
    stop: () => env.teardown(),
  };
}

/** True when a Temporal frontend answers at the address within the timeout. */
export async function temporalAnswers(address: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    // connect() completes only after the server has answered a first call.
    const connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}
