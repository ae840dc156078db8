import { setTimeout as sleep } from 'node:timers/promises';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { ensureSearchAttributes } from '../../server/temporal/search-attributes';

// A Temporal server dondoc runs on, made ready: the namespace registered (a new server has none),
// dondoc's search attributes created, and both visible before the first workflow starts. Idempotent,
// so the cluster script and a process unit may run it at every start.

export interface PreparedNamespace {
  namespace: string;
  /** True when this call registered the namespace. */
  registered: boolean;
  /** The search attributes this call created (empty when all existed). */
  searchAttributesAdded: string[];
}

export interface PrepareOptions {
  /** How long the namespace keeps a closed workflow's history. */
  retentionDays?: number;
  /** How long to wait for the server to answer and for the namespace to reach every service. */
  timeoutMs?: number;
  /** After registering: how long a new namespace takes to reach every service's cache (the server refreshes it every 10 s). */
  settleMs?: number;
}

const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

function grpcCode(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? Number(error.code) : undefined;
}

async function until<T>(deadline: number, what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(500);
  }
  const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`Máy chủ Temporal chưa sẵn sàng (${what})${cause}`);
}

async function registerIfMissing(connection: Connection, namespace: string, retentionDays: number): Promise<boolean> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return false;
  } catch (error) {
    if (grpcCode(error) !== NOT_FOUND) throw error;
  }
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
    });
    return true;
  } catch (error) {
    if (grpcCode(error) === ALREADY_EXISTS) return false;
    throw error;
  }
}

/** Registers the namespace and dondoc's search attributes on the server where missing. */
export async function prepareNamespace(
  server: ConnectionOptions,
  namespace: string,
  options: PrepareOptions = {},
): Promise<PreparedNamespace> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const connection = await until(deadline, 'kết nối', () => Connection.connect({ ...server, connectTimeout: 2_000 }));
  try {
    const registered = await until(deadline, 'đăng ký namespace', () =>
      registerIfMissing(connection, namespace, options.retentionDays ?? 30),
    );
    // A namespace just registered reaches the history and matching services' caches a little later;
    // adding search attributes before then is refused, so it is retried until accepted.
    const searchAttributesAdded = await until(deadline, 'tạo search attribute', () =>
      ensureSearchAttributes(connection, namespace),
    );
    if (registered) await sleep(options.settleMs ?? 12_000);
    return { namespace, registered, searchAttributesAdded };
  } finally {
    await connection.close();
  }
}
