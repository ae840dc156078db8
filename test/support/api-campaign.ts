import type { CampaignDefinition } from '../../domain/campaign-definition';
import { issueApiToken } from '../../server/identity/api-tokens';
import { grantRole } from '../../server/identity/people';
import { apiAs, type ApiAnswer } from './api-client';
import { eventually } from './eventually';
import type { ServerHarness } from './server-harness';

export interface LaunchedThroughApi {
  /** API tokens by the test's own names for people, `admin` included. */
  tokens: Record<string, string>;
  /** The server's answer to the launch. */
  launched: ApiAnswer;
}

/**
 * Launches a campaign through the HTTP API as an administrator, then gives each person the campaign
 * file names (and so now holds a role) a token of their own, and waits until every agency is assigned.
 */
export async function launchThroughApi(
  server: ServerHarness,
  definition: CampaignDefinition,
  people: Record<string, string>,
  channel: 'cli' | 'token' = 'cli',
  /** The launch's query string, e.g. `?drill=true` for a rehearsal on the compressed clock. */
  query = '',
): Promise<LaunchedThroughApi> {
  const db = server.harness.database.db;
  await grantRole(db, { email: 'admin@example.gov.vn', name: 'Quản trị', role: 'admin' }, 'test');
  const admin = await db.person.findUniqueOrThrow({ where: { email: 'admin@example.gov.vn' } });
  const tokens: Record<string, string> = {
    admin: (await issueApiToken(db, admin.id, { label: 'test', days: 1, channel: 'token' })).token,
  };
  const launched = await apiAs(server.baseUrl, tokens.admin).post(`/api/v1/campaigns${query}`, definition);
  if (launched.status !== 200) throw new Error(`launch refused: ${launched.status} ${JSON.stringify(launched.body)}`);
  for (const [who, email] of Object.entries(people)) {
    const person = await db.person.findUniqueOrThrow({ where: { email } });
    tokens[who] = (await issueApiToken(db, person.id, { label: 'test', days: 1, channel })).token;
  }
  await eventually(async () =>
    expect(await db.assignment.count({ where: { campaignId: definition.id } })).toBe(definition.agencies.length),
  );
  return { tokens, launched };
}
