import type { App } from '../../server/http/app';

// Every route the server registered, read from its own router (Fastify's printRoutes, one line per
// node of the radix tree, a route's full path being its ancestors' segments joined): a suite that
// walks this list checks a route added tomorrow without being told about it.

export interface RegisteredRoute {
  method: string;
  /** Fastify's pattern, e.g. /api/v1/campaigns/:campaignId/agencies/:agencyCode/return */
  path: string;
}

export function registeredRoutes(app: App): RegisteredRoute[] {
  const lines = app.printRoutes({ commonPrefix: false }).split('\n');
  const stack: string[] = [];
  const routes: RegisteredRoute[] = [];
  for (const line of lines) {
    const match = /^([│├└─\s]*?)([├└]── )(.*)$/.exec(line);
    if (!match) continue;
    const depth = (match[1]!.length + match[2]!.length) / 4 - 1;
    const [, segment, methods] = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(match[3]!)!;
    stack.length = depth;
    stack.push(segment!);
    for (const method of (methods ?? '').split(', ').filter(Boolean))
      if (method !== 'HEAD') routes.push({ method, path: stack.join('') });
  }
  return routes;
}
