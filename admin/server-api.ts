import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliIO } from './context';
import { CliError } from './errors';

// The admin script as a client of the dondoc server: the person signed in with `dondoc login`
// (their personal token kept in a file only they can read), every call made as them.

export interface Credentials {
  server: string;
  token: string;
}

export function credentialsFile(env: NodeJS.ProcessEnv): string {
  return env.DONDOC_CREDENTIALS_FILE ?? path.join(os.homedir(), '.config', 'dondoc', 'credentials.json');
}

export function serverUrl(env: NodeJS.ProcessEnv, given?: string): string {
  return (given ?? env.DONDOC_SERVER_URL ?? env.DONDOC_PUBLIC_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
}

export function saveCredentials(env: NodeJS.ProcessEnv, credentials: Credentials): string {
  const file = credentialsFile(env);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return file;
}

export function loadCredentials(env: NodeJS.ProcessEnv): Credentials {
  if (env.DONDOC_API_TOKEN) return { server: serverUrl(env), token: env.DONDOC_API_TOKEN };
  const file = credentialsFile(env);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials;
  } catch {
    throw new CliError(
      'Bạn chưa đăng nhập. Cách sửa: chạy "npm run dondoc -- login --email <email công vụ>" rồi mở thư, hoặc "login --token <mã API>".',
    );
  }
}

/** A refusal by the server, with its HTTP status and Vietnamese message (naming the field or role). */
export class ServerRefusal extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** A file sent as multipart/form-data under the field `file` (instead of a JSON body). */
  file?: { name: string; content: Buffer };
  /** Becomes the Update ID on the server: a retried request is applied once. */
  idempotencyKey?: string;
}

export async function callServer<T>(
  server: string,
  method: string,
  route: string,
  options: CallOptions = {},
): Promise<T> {
  let response: Response;
  let body: string | FormData | undefined;
  if (options.file) {
    body = new FormData();
    body.append('file', new Blob([options.file.content]), options.file.name);
  } else if (options.body !== undefined) body = JSON.stringify(options.body);
  try {
    response = await fetch(`${server}${route}`, {
      method,
      headers: {
        ...(options.token && { authorization: `Bearer ${options.token}` }),
        ...(typeof body === 'string' && { 'content-type': 'application/json' }),
        ...(options.idempotencyKey && { 'idempotency-key': options.idempotencyKey }),
      },
      body,
    });
  } catch (error) {
    throw new CliError(
      `Không kết nối được máy chủ dondoc tại ${server} (${(error as Error).message}). Cách sửa: kiểm tra máy chủ đang chạy ("npm run server" hoặc "npm start") và DONDOC_SERVER_URL.`,
    );
  }
  const text = await response.text();
  let answer: T & { message?: string; error?: string };
  try {
    answer = (text ? JSON.parse(text) : {}) as T & { message?: string; error?: string };
  } catch {
    throw new CliError(
      `Máy chủ dondoc tại ${server} trả lời ${response.status} không phải JSON; chưa rõ thao tác đã được thực hiện chưa.`,
    );
  }
  if (!response.ok)
    throw new ServerRefusal(
      response.status,
      answer.error ?? '',
      answer.message ?? `Máy chủ trả lời ${response.status}.`,
    );
  return answer;
}

export type ServerCall = <T>(method: string, route: string, options?: Omit<CallOptions, 'token'>) => Promise<T>;

/** Calls as the signed-in person. */
export function asSignedIn(io: CliIO): ServerCall {
  const credentials = loadCredentials(io.env);
  return <T>(method: string, route: string, options: Omit<CallOptions, 'token'> = {}) =>
    callServer<T>(credentials.server, method, route, { ...options, token: credentials.token });
}
