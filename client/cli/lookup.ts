import { randomUUID } from 'node:crypto';
import { ServiceError, WorkflowNotFoundError, type QueryDefinition, type WorkflowHandle } from '@temporalio/client';
import { z } from 'zod';
import type { Agency, Assignment, Campaign } from '../../generated/prisma-sqlite/client';
import { agencyWorkflowId } from '../../domain/agency-input';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { PHASE_LABELS, campaignStateQuery, type CampaignState } from '../../workflows/campaign/messages';
import { agencyStateQuery, type AgencyState } from '../../workflows/agency/messages';
import { runningDeadline, type LatenessFacts } from '../../domain/lateness';
import { STAGE_LABELS, type DeadlineKind, type Stage } from '../../domain/stages';
import type { Database } from '../../prisma/database';
import { loadLateRule } from '../../reporting/late-rule';
import { campaignDefinitionSchema, type CampaignDefinition } from '../campaign-definition';
import type { Session } from './context';
import { CliError, workerNotAnswering } from './errors';
import { ServerRefusal } from './server-api';

// What the commands look up before acting: the campaign and its people (from the database), the
// agency's assignment, and the workflows' own state (queried, with a deadline so that a stopped
// worker is reported instead of waited for).

export { DEADLINE_LABELS } from '../../domain/stages';

export interface CampaignInfo {
  row: Campaign;
  roles: Partial<Record<'reviewer' | 'approver' | 'serviceCenter', string>>;
  /** The definition stored at launch, when it is readable (calendar, policy, contacts). */
  definition?: CampaignDefinition;
}

export type AgencyAssignment = Assignment & { agency: Agency };

const storedRoles = z.object({
  reviewer: z.object({ name: z.string() }).optional(),
  approver: z.object({ name: z.string() }).optional(),
  serviceCenter: z.object({ name: z.string() }).optional(),
});

export async function loadCampaign(session: Session, campaignId: string): Promise<CampaignInfo> {
  const db = await session.db();
  const row = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!row) {
    throw new CliError(
      `Không tìm thấy chiến dịch ${campaignId} trong cơ sở dữ liệu.\n` +
        'Cách sửa: kiểm tra mã chiến dịch (trường id của tệp chiến dịch) và DATABASE_URL; chiến dịch mới được tạo bằng "npm run dondoc -- campaign launch <tệp.yaml>".',
    );
  }
  const stored = storedRoles.safeParse(row.definition ?? {});
  const names = stored.success ? stored.data : {};
  const definition = campaignDefinitionSchema.safeParse(row.definition ?? undefined);
  return {
    row,
    roles: {
      reviewer: names.reviewer?.name ?? row.reviewer ?? undefined,
      approver: names.approver?.name ?? row.approver ?? undefined,
      serviceCenter: names.serviceCenter?.name,
    },
    definition: definition.success
      ? ({ ...definition.data, agencies: definition.data.agencies ?? [] } as CampaignDefinition)
      : undefined,
  };
}

async function unknownAgencies(session: Session, campaign: CampaignInfo, codes: string[]): Promise<CliError> {
  const campaignId = campaign.row.id;
  // Rows are written by each agency's workflow when it first runs: a roster entry without one
  // means no worker has run it yet, not that the code is wrong.
  const unknown = codes.filter((code) => !campaign.definition?.agencies.some((a) => a.code === code));
  if (unknown.length === 0) {
    return new CliError(
      `Cơ quan ${codes.join(', ')} có trong định nghĩa chiến dịch ${campaignId} nhưng chưa có trong cơ sở dữ liệu: workflow của cơ quan chưa chạy lần nào. ` +
        `Cách sửa: kiểm tra worker đang chạy ("npm start" hoặc "npm run worker", DONDOC_TASK_QUEUE=${session.config().taskQueue}) và dùng cùng DATABASE_URL với worker.`,
    );
  }
  // The roster as launched, else what the database knows.
  let roster = campaign.definition?.agencies.map((a) => a.code).sort() ?? [];
  if (roster.length === 0) {
    const db = await session.db();
    roster = (
      await db.assignment.findMany({
        where: { campaignId },
        select: { agencyCode: true },
        orderBy: { agencyCode: 'asc' },
      })
    ).map((a) => a.agencyCode);
  }
  const known =
    roster.length === 0
      ? 'Chiến dịch chưa có cơ quan nào.'
      : `Chiến dịch có ${roster.length} cơ quan, ví dụ: ${roster.slice(0, 8).join(', ')}${roster.length > 8 ? ', …' : '.'}`;
  const list = unknown.join(', ');
  return new CliError(
    `Không tìm thấy cơ quan ${list} trong chiến dịch ${campaignId}. ${known} Cách sửa: dùng đúng mã cơ quan (trường code trong tệp chiến dịch).`,
  );
}

export async function loadAssignment(
  session: Session,
  campaign: CampaignInfo,
  code: string,
): Promise<AgencyAssignment> {
  const [assignment] = await loadAssignments(session, campaign, [code]);
  return assignment!;
}

/** Every listed agency of the campaign, or an error naming the unknown ones (nothing is sent then). */
export async function loadAssignments(
  session: Session,
  campaign: CampaignInfo,
  codes: string[],
): Promise<AgencyAssignment[]> {
  const db = await session.db();
  const unique = [...new Set(codes)];
  const found = await db.assignment.findMany({
    where: { campaignId: campaign.row.id, agencyCode: { in: unique } },
    include: { agency: true },
  });
  const byCode = new Map(found.map((a) => [a.agencyCode, a]));
  const missing = unique.filter((code) => !byCode.has(code));
  if (missing.length > 0) throw await unknownAgencies(session, campaign, missing);
  return unique.map((code) => byCode.get(code)!);
}

/** The deadline the agency (or the reviewer) is working against, from the stored assignment. */
export function activeDeadline(assignment: Assignment): { kind: DeadlineKind; at: Date } | undefined {
  return runningDeadline(assignment.stage, deadlinesOf(assignment));
}

function deadlinesOf(assignment: Assignment): LatenessFacts['deadlines'] {
  return {
    submission: assignment.submissionDeadline,
    resubmission: assignment.resubmissionDeadline,
    review: assignment.reviewDeadline,
  };
}

/**
 * Which of the campaign's agencies are late at `now`: the one rule of domain/lateness.ts (the
 * report's late list asks the same), over the campaign's working-day calendar and its open escalations.
 */
export async function lateness(db: Database, campaign: CampaignInfo, now: Date): Promise<(a: Assignment) => boolean> {
  return loadLateRule(db, campaign.row, now);
}

export function agencyLabel(assignment: AgencyAssignment): string {
  return `${assignment.agency.name} (${assignment.agencyCode})`;
}

/**
 * The query's deadline passed: DEADLINE_EXCEEDED, or CANCELLED when the deadline struck while the
 * SDK was between retries (the CLI never cancels a call itself).
 */
function isDeadlineExceeded(error: unknown): boolean {
  const code = (error as { cause?: { code?: number } })?.cause?.code;
  return error instanceof ServiceError && (code === 4 || code === 1);
}

/** The query waited in vain: name the task queue the workflow really runs on. */
async function noWorker(session: Session, handle: WorkflowHandle): Promise<CliError> {
  const taskQueue = await handle.describe().then(
    (description) => description.taskQueue,
    () => undefined,
  );
  return workerNotAnswering(session.config(), taskQueue);
}

export async function agencyHandle(session: Session, campaignId: string, code: string): Promise<WorkflowHandle> {
  return (await session.client()).workflow.getHandle(agencyWorkflowId(campaignId, code));
}

/** The agency workflow's own view; fails clearly when it does not exist or no worker answers. */
export function queryAgency(
  session: Session,
  campaign: CampaignInfo,
  assignment: AgencyAssignment,
): Promise<AgencyState> {
  return queryAgencyWorkflow(session, campaign, assignment, agencyStateQuery);
}

/** Asks an agency's workflow; says so in Vietnamese when it does not exist or no worker answers. */
export async function queryAgencyWorkflow<R>(
  session: Session,
  campaign: CampaignInfo,
  assignment: AgencyAssignment,
  query: QueryDefinition<R, []>,
): Promise<R> {
  const client = await session.client();
  const handle = client.workflow.getHandle(agencyWorkflowId(campaign.row.id, assignment.agencyCode));
  try {
    return await client.withDeadline(Date.now() + session.queryTimeoutMs, () => handle.query(query));
  } catch (error) {
    if (error instanceof WorkflowNotFoundError)
      throw new CliError(
        `Không tìm thấy cơ quan ${assignment.agencyCode} trong chiến dịch ${campaign.row.id} (không có workflow ${handle.workflowId} trên máy chủ Temporal).`,
      );
    if (isDeadlineExceeded(error)) throw await noWorker(session, handle);
    throw error;
  }
}

const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

/**
 * Takes one action on the agency through the dondoc server, as the signed-in person, under one
 * Idempotency-Key (the server's Update ID: applied at most once). The server checks the role, the
 * workflow the stage and the proof; their refusals come back in Vietnamese.
 */
export async function actOnAgency<R>(
  session: Session,
  campaign: CampaignInfo,
  assignment: AgencyAssignment,
  what: string,
  stage: Stage,
  action: string,
  request: { body?: unknown; file?: { name: string; content: Buffer }; idempotencyKey?: string },
): Promise<R> {
  const route = `/api/v1/campaigns/${path(campaign.row.id, 'agencies', assignment.agencyCode)}/${action}`;
  try {
    return await session.api()<R>('POST', route, { idempotencyKey: randomUUID(), ...request });
  } catch (error) {
    if (error instanceof ServerRefusal && error.code === 'refused' && /đã kết thúc/.test(error.message))
      throw new CliError(
        `Không thể ${what}: hồ sơ của ${agencyLabel(assignment)} đã kết thúc ở trạng thái "${STAGE_LABELS[stage] ?? stage}".`,
      );
    throw error;
  }
}

export async function campaignHandle(session: Session, campaignId: string): Promise<WorkflowHandle> {
  return (await session.client()).workflow.getHandle(campaignWorkflowId(campaignId));
}

function campaignNotFound(campaignId: string): CliError {
  return new CliError(
    `Không tìm thấy workflow của chiến dịch ${campaignId} trên máy chủ Temporal. Cách sửa: khởi chạy chiến dịch bằng "npm run dondoc -- campaign launch <tệp.yaml>", hoặc kiểm tra TEMPORAL_ADDRESS và TEMPORAL_NAMESPACE.`,
  );
}

/** The campaign workflow's state, or undefined when it does not exist (a campaign made without it). */
export async function queryCampaign(
  session: Session,
  campaignId: string,
  options: { required: boolean },
): Promise<CampaignState | undefined> {
  const client = await session.client();
  const handle = client.workflow.getHandle(campaignWorkflowId(campaignId));
  try {
    return await client.withDeadline(Date.now() + session.queryTimeoutMs, () => handle.query(campaignStateQuery));
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      if (options.required) throw campaignNotFound(campaignId);
      return undefined;
    }
    if (isDeadlineExceeded(error)) throw await noWorker(session, handle);
    throw error;
  }
}

/** Takes one campaign-wide action through the dondoc server, as the signed-in person. */
export async function actOnCampaign<R>(
  session: Session,
  campaignId: string,
  what: string,
  state: CampaignState,
  action: string,
  body: unknown,
): Promise<R> {
  const route = `/api/v1/campaigns/${path(campaignId)}/${action}`;
  try {
    return await session.api()<R>('POST', route, { body, idempotencyKey: randomUUID() });
  } catch (error) {
    if (error instanceof ServerRefusal && error.code === 'refused' && /đã kết thúc/.test(error.message))
      throw new CliError(
        `Không thể ${what}: chiến dịch ${campaignId} đã kết thúc (${PHASE_LABELS[state.phase] ?? state.phase}).`,
      );
    throw error;
  }
}
