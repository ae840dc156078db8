import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config';

// The metrics and readiness listener of a process, apart from the public port: on the loopback
// address by default, and behind a bearer token (DONDOC_METRICS_TOKEN) whenever one is set, so a
// scrape endpoint is never open to the internet by accident (config.ts refuses a wider address
// without a token).

export interface OpsAnswer {
  status: number;
  contentType: string;
  body: string;
}

export type OpsRoutes = Record<string, () => Promise<OpsAnswer>>;

export interface OpsListener {
  url: string;
  close(): Promise<void>;
}

function authorized(header: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(header ?? '');
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export async function startOpsListener(
  ops: Pick<Config['ops'], 'host' | 'token'>,
  port: number,
  routes: OpsRoutes,
): Promise<OpsListener> {
  const server = http.createServer((request, response) => {
    const route = routes[(request.url ?? '/').split('?')[0]!];
    const send = (answer: OpsAnswer) =>
      response.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
    if (request.method !== 'GET') return send({ status: 405, contentType: 'text/plain', body: 'GET only\n' });
    if (!authorized(request.headers.authorization, ops.token))
      return send({ status: 401, contentType: 'text/plain', body: 'Authorization: Bearer <DONDOC_METRICS_TOKEN>\n' });
    if (!route) return send({ status: 404, contentType: 'text/plain', body: `${Object.keys(routes).join(' ')}\n` });
    route().then(send, (error: unknown) =>
      send({ status: 500, contentType: 'text/plain', body: `${error instanceof Error ? error.message : error}\n` }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, ops.host, () => resolve());
  });
  const { address, port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${bound}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
