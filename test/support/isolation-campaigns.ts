import type { Role } from '../../domain/access';
import { launchThroughApi } from './api-campaign';
import { sampleCampaign } from './sample-campaign';
import type { ServerHarness } from './server-harness';

// The two campaigns the isolation suites launch (this one and another, whose people's e-mails start
// with "b-"), their people by the names the matrix uses, and who must be refused on a route.

export const ROOT_AGENCY = 'so-tu-phap';
const MISSING_AGENCY = 'co-quan-khong-ton-tai';

export interface IsolationPerson {
  email: string;
  role: Role;
  agency?: string;
}
export type IsolationPeople = Record<'justice' | 'health' | 'reviewer' | 'approver' | 'operator', IsolationPerson>;

/** A campaign's people, with the role and agency each holds. */
export function peopleOf(prefix: string): IsolationPeople {
  const email = (name: string) => `${prefix}${name}@example.gov.vn`;
  return {
    justice: { email: email('stp'), role: 'agency', agency: 'so-tu-phap' },
    health: { email: email('syt'), role: 'agency', agency: 'so-y-te' },
    reviewer: { email: email('stttt'), role: 'reviewer' },
    approver: { email: email('chutich'), role: 'approver' },
    operator: { email: email('ttpv'), role: 'operator' },
  };
}

function definitionFor(prefix: string) {
  const people = peopleOf(prefix);
  const base = sampleCampaign();
  return sampleCampaign({
    reviewer: { ...base.reviewer, email: people.reviewer.email },
    approver: { ...base.approver, email: people.approver.email },
    serviceCenter: { ...base.serviceCenter, email: people.operator.email },
    agencies: base.agencies.map((a) => ({ ...a, email: `${prefix}${a.email}` })),
  });
}

/** This campaign and the other one, not launched yet. */
export const isolationCampaigns = () => ({ own: definitionFor(''), other: definitionFor('b-') });

/** Launches both through the server; each person's API token, by "own:justice", "other:reviewer"… */
export async function launchIsolationCampaigns(
  server: ServerHarness,
  campaigns: ReturnType<typeof isolationCampaigns>,
): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const [side, prefix] of [
    ['own', ''],
    ['other', 'b-'],
  ] as const) {
    const people = peopleOf(prefix);
    const emails = Object.fromEntries(Object.entries(people).map(([who, p]) => [who, p.email]));
    const launched = await launchThroughApi(server, campaigns[side], emails, 'token');
    for (const who of Object.keys(people)) tokens[`${side}:${who}`] = launched.tokens[who]!;
  }
  return tokens;
}

export interface Caller {
  who: string;
  person: IsolationPerson;
  agencyCode?: string;
}

/**
 * Who must be refused on a route of this campaign: every role holder of the other campaign; every
 * role holder of this one that `mayAct` does not allow; on agency routes, a member of another
 * agency and an agency that does not exist.
 */
export function refusedCallers(agencyRoute: boolean, mayAct: (person: IsolationPerson) => boolean): Caller[] {
  const own = peopleOf('');
  return [
    ...Object.entries(peopleOf('b-')).map(([who, person]) => ({ who: `other:${who}`, person })),
    ...Object.entries(own)
      .filter(([, person]) => !mayAct(person))
      .map(([who, person]) => ({ who: `own:${who}`, person })),
    ...(agencyRoute
      ? [
          { who: 'own:health', person: own.health, agencyCode: ROOT_AGENCY },
          { who: 'own:justice', person: own.justice, agencyCode: MISSING_AGENCY },
        ]
      : []),
  ];
}
