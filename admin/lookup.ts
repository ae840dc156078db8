import { randomUUID } from 'node:crypto';
import { ACTION_LABELS, type Action, type UpdateAction } from '../domain/access';
import { PHASE_LABELS, type CampaignState } from '../workflows/campaign/messages';
import type { AgencyState } from '../workflows/agency/messages';
import { STAGE_LABELS, type DeadlineKind, type Stage } from '../domain/stages';
import type { Session } from './context';
import { CliError, WorkerNotAnsweringError } from './errors';
import { ServerRefusal } from './server-api';

// What the commands look up before acting, through the dondoc server as the signed-in person and
// for the action they are about to take (the server checks that role and agency first): the
// campaign and the agencies named, their stage and running deadline, who is late, and the
// workflows' own state (the server asks them with a deadline, so a stopped worker is reported).

export { DEADLINE_LABELS } from '../domain/stages';

export interface CampaignInfo {
  row: { id: string };
  /** The action the command is about to take: every lookup is authorized for it. */
  action: Action;
  roles: { reviewer?: string; approver?: string };
  reviewer: { name?: string; email?: string };
  /** Campaign time at the lookup (a rehearsal's compressed clock); absent from an older server. */
  now?: Date;
}

export interface AgencyAssignment {
  id: string;
  agencyCode: string;
  agency: { name: string; email: string | null };
  stage: Stage;
  currentVersion: number;
  activeDeadline?: { kind: DeadlineKind; at: string };
  /** Late by the one rule of domain/lateness.ts, at the server's time. */
  late: boolean;
}

interface LookupAnswer {
  campaign: Omit<CampaignInfo, 'action' | 'row' | 'now'> & { id: string; now?: string };
  agencies: AgencyAssignment[];
}

const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

/** "Not now" from the server: no worker answered the query in time. Nothing was sent. */
async function asked<R>(call: () => Promise<R>): Promise<R> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ServerRefusal && error.code === 'worker_unavailable')
      throw new WorkerNotAnsweringError(`${error.message} Chưa có thay đổi nào được gửi.`);
    throw error;
  }
}

async function lookup(session: Session, campaignId: string, action: Action, query: string): Promise<LookupAnswer> {
  return asked(() =>
    session.api()<LookupAnswer>('GET', `/api/v1/campaigns/${path(campaignId)}/lookup?for=${action}${query}`),
  );
}

export async function loadCampaign(session: Session, campaignId: string, action: Action): Promise<CampaignInfo> {
  const { campaign } = await lookup(session, campaignId, action, '');
  return {
    row: { id: campaign.id },
    action,
    roles: campaign.roles,
    reviewer: campaign.reviewer,
    ...(campaign.now && { now: new Date(campaign.now) }),
  };
}

/** The campaign and one of its agencies, looked up for an action on that agency (checked for it). */
async function loadAgency(
  session: Session,
  campaignId: string,
  code: string,
  action: Action,
): Promise<{ campaign: CampaignInfo; assignment: AgencyAssignment }> {
  const answer = await lookup(session, campaignId, action, `&agencies=${encodeURIComponent(code)}`);
  const campaign = {
    row: { id: answer.campaign.id },
    action,
    roles: answer.campaign.roles,
    reviewer: answer.campaign.reviewer,
  };
  return { campaign, assignment: answer.agencies[0]! };
}

/** Every listed agency of the campaign, or an error naming the unknown ones (nothing is sent then). */
export async function loadAssignments(
  session: Session,
  campaign: CampaignInfo,
  codes: string[],
): Promise<AgencyAssignment[]> {
  const query = `&agencies=${encodeURIComponent([...new Set(codes)].join(','))}`;
  return (await lookup(session, campaign.row.id, campaign.action, query)).agencies;
}

/** The campaign's agencies whose work is still open (not finished), by code. */
export async function openAssignments(session: Session, campaign: CampaignInfo): Promise<AgencyAssignment[]> {
  return (await lookup(session, campaign.row.id, campaign.action, '&open=true')).agencies;
}

/** An agency to act on: its campaign, its assignment and its workflow's stage. */
export interface AgencyTarget {
  campaign: CampaignInfo;
  assignment: AgencyAssignment;
  state: Pick<AgencyState, 'stage'>;
}

/** The campaign and one of its agencies looked up for an action, with the agency workflow's own state. */
export async function openAgency(
  session: Session,
  campaignId: string,
  code: string,
  action: Action,
): Promise<AgencyTarget & { state: AgencyState }> {
  const { campaign, assignment } = await loadAgency(session, campaignId, code, action);
  return { campaign, assignment, state: await queryAgency(session, campaign, assignment) };
}

export function agencyLabel(assignment: AgencyAssignment): string {
  return `${assignment.agency.name} (${assignment.agencyCode})`;
}

/** The agency workflow's own view; fails clearly when it does not exist or no worker answers. */
export function queryAgency(
  session: Session,
  campaign: CampaignInfo,
  assignment: AgencyAssignment,
): Promise<AgencyState> {
  const route = `/api/v1/campaigns/${path(campaign.row.id, 'agencies', assignment.agencyCode)}/workflow-state`;
  return asked(() => session.api()<AgencyState>('GET', `${route}?for=${campaign.action}`));
}

/** What an action on an agency sends: a JSON body or a file, under one Idempotency-Key. */
export interface AgencyRequest {
  body?: unknown;
  file?: { name: string; content: Buffer };
  idempotencyKey?: string;
}

/**
 * Takes one action on the agency through the dondoc server, as the signed-in person, under one
 * Idempotency-Key (the server's Update ID: applied at most once). The server checks the role, the
 * workflow the stage and the proof; their refusals come back in Vietnamese.
 */
export async function actOnAgency<R>(
  session: Session,
  { campaign, assignment, state }: AgencyTarget,
  action: UpdateAction,
  routePath: string,
  request: AgencyRequest,
): Promise<R> {
  const route = `/api/v1/campaigns/${path(campaign.row.id, 'agencies', assignment.agencyCode)}/${routePath}`;
  try {
    return await session.api()<R>('POST', route, { idempotencyKey: randomUUID(), ...request });
  } catch (error) {
    if (error instanceof ServerRefusal && error.code === 'refused' && /đã kết thúc/.test(error.message))
      throw new CliError(
        `Không thể ${ACTION_LABELS[action]}: hồ sơ của ${agencyLabel(assignment)} đã kết thúc ở trạng thái "${STAGE_LABELS[state.stage] ?? state.stage}".`,
      );
    throw error;
  }
}

/** The campaign workflow's state; fails clearly when it does not exist or no worker answers. */
export function queryCampaign(session: Session, campaign: CampaignInfo): Promise<CampaignState> {
  const route = `/api/v1/campaigns/${path(campaign.row.id)}/workflow-state?for=${campaign.action}`;
  return asked(() => session.api()<CampaignState>('GET', route));
}

/** Takes one campaign-wide action through the dondoc server, as the signed-in person. */
export async function actOnCampaign<R>(
  session: Session,
  campaignId: string,
  action: UpdateAction,
  state: CampaignState,
  routePath: string,
  body: unknown,
): Promise<R> {
  const route = `/api/v1/campaigns/${path(campaignId)}/${routePath}`;
  try {
    return await session.api()<R>('POST', route, { body, idempotencyKey: randomUUID() });
  } catch (error) {
    if (error instanceof ServerRefusal && error.code === 'refused' && /đã kết thúc/.test(error.message))
      throw new CliError(
        `Không thể ${ACTION_LABELS[action]}: chiến dịch ${campaignId} đã kết thúc (${PHASE_LABELS[state.phase] ?? state.phase}).`,
      );
    throw error;
  }
}
