import type { Database } from '../../prisma/database';
import type { CampaignDefinition } from '../../domain/campaign-definition';
import { recordAccess } from '../../server/identity/audit';
import { issueApiToken } from '../../server/identity/api-tokens';
import { findPerson, grantRole } from '../../server/identity/people';
import { callServer, type CallOptions } from '../../admin/server-api';

// The demo's people act like real ones: each holds a personal API token of their own and acts
// through the dondoc server, which checks their role and signs the proof the workflows verify. The
// demo machine's administrator hands the tokens out (as an administrator of a real installation
// would hand out the first operator's), and grants the Service Center its role so it can launch.

export type DemoCall = <T>(method: string, route: string, options?: Omit<CallOptions, 'token'>) => Promise<T>;

const TOKEN_DAYS = 7;

/** Calls the server as the holder of `token`. */
function callAs(server: string, token: string): DemoCall {
  return <T>(method: string, route: string, options: Omit<CallOptions, 'token'> = {}) =>
    callServer<T>(server, method, route, { ...options, token });
}

async function tokenOf(db: Database, email: string, now: Date): Promise<string> {
  const person = await findPerson(db, { email: email.toLowerCase() });
  if (!person) throw new Error(`Chưa có người dùng ${email} trong dondoc (chiến dịch chưa cấp vai trò).`);
  return (await issueApiToken(db, person.id, { label: 'demo', days: TOKEN_DAYS, channel: 'token' }, now)).token;
}

function emailOf(who: { name: string; email?: string }, role: string): string {
  if (!who.email) throw new Error(`Tệp chiến dịch của bản demo thiếu email của ${role} (${who.name}).`);
  return who.email;
}

/** The Service Center person, made operator of the demo campaign so that they can launch it. */
export async function serviceCenterCall(
  db: Database,
  definition: CampaignDefinition,
  server: string,
  now = new Date(),
): Promise<DemoCall> {
  const email = emailOf(definition.serviceCenter, 'Trung tâm Phục vụ');
  const grant = { email, name: definition.serviceCenter.name, role: 'operator' as const, campaignId: definition.id };
  const { created } = await grantRole(db, grant, 'demo', now);
  if (created)
    await recordAccess(
      db,
      {
        channel: 'system',
        action: 'grant',
        outcome: 'done',
        campaignId: definition.id,
        detail: { ...grant, by: 'demo' },
      },
      now,
    );
  return callAs(server, await tokenOf(db, email, now));
}

export interface DemoPeople {
  reviewer: DemoCall;
  approver: DemoCall;
  /** Agency code → that agency's member. */
  agency(code: string): DemoCall;
  /** Whether the campaign file names the agency (and so someone acts for it). */
  knows(code: string): boolean;
}

/** The people the launched campaign granted roles to, each with a token of their own. */
export async function demoPeople(
  db: Database,
  definition: CampaignDefinition,
  server: string,
  now = new Date(),
): Promise<DemoPeople> {
  const reviewer = callAs(server, await tokenOf(db, emailOf(definition.reviewer, 'cơ quan thẩm định'), now));
  const approver = callAs(server, await tokenOf(db, emailOf(definition.approver, 'người phê duyệt'), now));
  const agencies = new Map<string, DemoCall>();
  for (const agency of definition.agencies)
    agencies.set(agency.code, callAs(server, await tokenOf(db, emailOf(agency, agency.name), now)));
  return {
    reviewer,
    approver,
    agency(code) {
      const call = agencies.get(code);
      if (!call) throw new Error(`Cơ quan ${code} không có trong chiến dịch demo.`);
      return call;
    },
    knows: (code) => agencies.has(code),
  };
}
