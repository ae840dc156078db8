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

export async function callServer<T>(
  server: string,
  method: string,
  route: string,
  options: { token?: string; body?: unknown } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${server}${route}`, {
      method,
      headers: {
        ...(options.token && { authorization: `Bearer ${options.token}` }),
        ...(options.body !== undefined && { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (error) {
    throw new CliError(
      `Không kết nối được máy chủ dondoc tại ${server} (${(error as Error).message}). Cách sửa: kiểm tra máy chủ đang chạy ("npm run server" hoặc "npm start") và DONDOC_SERVER_URL.`,
    );
  }
  const text = await response.text();
  const body = text ? (JSON.parse(text) as T & { message?: string }) : ({} as T & { message?: string });
  if (!response.ok) throw new CliError(body.message ?? `Máy chủ trả lời ${response.status}.`);
  return body;
}

/** A call as the signed-in person. */
export function asSignedIn(io: CliIO) {
  const credentials = loadCredentials(io.env);
  return <T>(method: string, route: string, body?: unknown) =>
    callServer<T>(credentials.server, method, route, { token: credentials.token, body });
}
