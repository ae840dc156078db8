import { declaredDeliverable } from '../../domain/deliverables';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Database } from '../../prisma/database';
import { vietnamCalendarFor } from '../../domain/calendar/vietnam';
import { calendarAtVersion, latestVersion } from '../../domain/calendar/announcements';
import { loadAnnouncements } from '../campaign/calendar-announcements';
import type { AgencyWorkflowStartInput } from '../../domain/agency-input';
import { campaignWorkflowId, campaignWorkflowInputSchema } from '../../domain/campaign-input';
import { CampaignClock, type ClockSpec } from '../../domain/clock';
import { launchDeadlineProblems } from '../../domain/campaign-deadlines';
import { drillClock, relaunchChanges } from '../../domain/relaunch';
import { campaignWorkflow } from '../../workflows';
import { campaignTaskQueue } from '../../temporal/task-queues';
import { campaignKey } from '../../temporal/search-attributes';
import { WORK_CALENDAR_NONE, type WorkCalendar } from '../../domain/working-days';
import type { CampaignDefinition } from '../../domain/campaign-definition';
import { agencyGrants, campaignPeopleGrants, grantRoles } from '../identity/people';
import { launchDutyProblems } from '../identity/duties';
import { mapLimit } from '../../shared/map-limit';
import { startAgencyWorkflow } from './start-agency';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { recordStartedRun, registerWorkflows, StartedRunRecorder } from '../../shared/workflow-runs';

// Launching is idempotent: the campaign row is upserted, the campaign workflow and each agency
// workflow are started only if they are not running yet. Re-running a file starts nothing twice;
// adding agencies to it starts just those.

export interface LaunchOptions {
  client: Client;
  db: Database;
  taskQueue: string;
  definition: CampaignDefinition;
  /** Compressed time for demos and drills (a rehearsal: past deadlines allowed); the real clock by default. */
  clock?: Required<ClockSpec>;
  /** A rehearsal on a compressed clock starting on the directive's day (a re-launch keeps its clock). */
  drill?: { secondsPerDay: number };
  /** Agency workflows started at once. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  /** Who launched (a person ID), recorded on the role grants the file names. */
  launchedBy?: string;
  /** An administrator's explicit leave for the approver and the Service Center to be one person (audited by the caller). */
  allowApproverOperator?: boolean;
}

export interface LaunchResult {
  campaignId: string;
  campaignStarted: boolean;
  agenciesStarted: number;
  agenciesAlreadyRunning: number;
  /** The compressed clock the campaign runs on, when it is a rehearsal. */
  clock?: Required<ClockSpec>;
}

/** A campaign that must not start as it is (deadlines already past...); nothing was written or started. */
export class LaunchRefusedError extends Error {
  constructor(
    readonly campaignId: string,
    readonly problems: string[],
    fix = '',
  ) {
    super(
      `Không khởi chạy chiến dịch ${campaignId}; chưa có gì được ghi hay khởi chạy:\n${problems.map((p) => `  - ${p}`).join('\n')}${fix ? `\n${fix}` : ''}`,
    );
    this.name = 'LaunchRefusedError';
  }
}

/** The campaign's calendar as the law gives it (version 1), before any stored announcement. */
export function calendarFor(definition: CampaignDefinition): WorkCalendar {
  if (definition.calendar === 'weekends-only') return WORK_CALENDAR_NONE;
  return vietnamCalendarFor([
    new Date(`${definition.directive.date}T00:00:00+07:00`),
    new Date(definition.deadlines.approval),
  ]);
}

type StoredLaunch = { definition: unknown; calendarVersion: number } | null;

export async function launchCampaign(options: LaunchOptions): Promise<LaunchResult> {
  const { client, db, taskQueue, definition } = options;
  const existing = await db.campaign.findUnique({
    where: { id: definition.id },
    select: { definition: true, calendarVersion: true },
  });
  const clock = await checkedLaunch(options, existing);
  const common = await commonInput(db, definition, existing, clock);
  await storeCampaign(options, clock, common.calendarVersion);
  // Every workflow is registered before it starts: the workers record nothing for a run dondoc did not start.
  await registerWorkflows(db, [campaignWorkflowId(definition.id)]);
  const campaignStarted = await startCampaignWorkflow(client, db, taskQueue, definition, common);
  const started = await startAgencies(options, common);
  return {
    campaignId: definition.id,
    campaignStarted,
    agenciesStarted: started,
    agenciesAlreadyRunning: definition.agencies.length - started,
    ...(clock && { clock }),
  };
}

/** Refuses a launch that must not happen as it is; the clock the campaign runs on otherwise. */
async function checkedLaunch(options: LaunchOptions, existing: StoredLaunch) {
  const { db, definition } = options;
  if (existing?.definition) {
    const changes = relaunchChanges(existing.definition, definition);
    if (changes.length > 0)
      throw new LaunchRefusedError(
        definition.id,
        changes,
        'Các workflow đang chạy vẫn dùng giá trị cũ, nên không khởi chạy lại. Cách sửa: giữ nguyên các trường này ' +
          '(dời hạn bằng "campaign extend"), hoặc đặt id mới cho một chiến dịch mới.',
      );
  }
  // Separation of duties: the approver never operates the campaign it approves, unless allowed.
  if (!options.allowApproverOperator) {
    const problems = await launchDutyProblems(db, definition);
    if (problems.length > 0) throw new LaunchRefusedError(definition.id, problems);
  }
  const storedClock = (existing?.definition as { clock?: Required<ClockSpec> } | null | undefined)?.clock;
  if (options.drill && existing && !storedClock)
    throw new LaunchRefusedError(definition.id, [
      `--drill (drill): chiến dịch ${definition.id} đã khởi chạy trên đồng hồ thật, không thể chuyển thành diễn tập. Cách sửa: bỏ --drill, hoặc đặt id mới cho cuộc diễn tập.`,
    ]);
  const clock =
    options.clock ??
    storedClock ??
    (options.drill ? drillClock(definition, options.drill.secondsPerDay, new Date()) : undefined);
  // A first launch is checked against campaign time (a drill's compressed clock starts on the
  // directive's day); a re-launch only starts what is missing, on the deadlines checked the first time.
  if (!existing) {
    const problems = launchDeadlineProblems(definition, new CampaignClock(clock).now());
    if (problems.length > 0) throw new LaunchRefusedError(definition.id, problems);
  }
  return clock;
}

/** What the campaign's and every agency's workflow start with alike. */
async function commonInput(
  db: Database,
  definition: CampaignDefinition,
  existing: StoredLaunch,
  clock: Required<ClockSpec> | undefined,
) {
  // A first launch takes the latest calendar version; a re-launch starts what is missing on the
  // campaign's own version. A weekends-only campaign takes no announcement.
  const announcements = definition.calendar === 'weekends-only' ? [] : await loadAnnouncements(db);
  const calendarVersion = existing?.calendarVersion ?? latestVersion(announcements);
  const calendar = calendarAtVersion(calendarFor(definition), announcements, calendarVersion);
  return {
    campaignId: definition.id,
    reviewer: definition.reviewer.name,
    serviceCenter: definition.serviceCenter.name,
    calendar,
    calendarVersion,
    policy: definition.policy,
    clock,
  };
}

type CommonInput = Awaited<ReturnType<typeof commonInput>>;

/** The campaign's row (the definition with a drill's clock) and the roles of the campaign's own people. */
async function storeCampaign(options: LaunchOptions, clock: Required<ClockSpec> | undefined, calendarVersion: number) {
  const { db, definition } = options;
  // The drill clock is kept with the definition, so a re-launch continues the same rehearsal.
  const stored = JSON.parse(JSON.stringify({ ...definition, ...(clock ? { clock } : {}) }));
  await db.campaign.upsert({
    where: { id: definition.id },
    create: {
      id: definition.id,
      directiveNumber: definition.directive.number,
      directiveDate: new Date(`${definition.directive.date}T00:00:00+07:00`),
      title: definition.directive.title,
      submissionDeadline: new Date(definition.deadlines.submission),
      approvalDeadline: new Date(definition.deadlines.approval),
      reviewer: definition.reviewer.name,
      approver: definition.approver.name,
      definition: stored,
      calendarVersion,
    },
    update: { definition: stored },
  });
  // The people the file names get their roles before anything can reach them (the agencies' with their chunk).
  await grantRoles(
    db,
    campaignPeopleGrants(definition, { allowApproverOperator: options.allowApproverOperator }),
    grantedBy(options),
  );
}

const grantedBy = (options: LaunchOptions) => options.launchedBy ?? `launch:${options.definition.id}`;

/** Agencies prepared per chunk, the chunks one after another, ahead of the starts. */
const PREPARED_CHUNK = 500;

/**
 * Each chunk of agencies gets its people's roles and its workflows registered before any of them
 * starts; the chunks are prepared one after another while the earlier chunks' agencies start, so
 * the launch's own writes overlap its starts. Returns the wait before agency `index` may start.
 */
function preparedAgencies(options: LaunchOptions): (index: number) => Promise<void> {
  const { db, definition } = options;
  const chunks: Promise<void>[] = [];
  let previous = Promise.resolve();
  for (let from = 0; from < definition.agencies.length; from += PREPARED_CHUNK) {
    const chunk = definition.agencies.slice(from, from + PREPARED_CHUNK);
    previous = previous.then(async () => {
      await grantRoles(db, agencyGrants(definition.id, chunk), grantedBy(options));
      await registerWorkflows(
        db,
        chunk.map((entry) => agencyWorkflowId(definition.id, entry.code)),
      );
    });
    // A failed chunk fails the starts that wait for it (and every later chunk); none is left unawaited.
    previous.catch(() => undefined);
    chunks.push(previous);
  }
  return (index) => chunks[Math.floor(index / PREPARED_CHUNK)]!;
}

/** The campaign workflow started, unless it already runs (or ran: a finished campaign is not restarted). */
async function startCampaignWorkflow(
  client: Client,
  db: Database,
  taskQueue: string,
  definition: CampaignDefinition,
  common: CommonInput,
): Promise<boolean> {
  const campaignInput = campaignWorkflowInputSchema.parse({
    ...common,
    directive: {
      number: definition.directive.number,
      date: definition.directive.date,
      title: definition.directive.title,
    },
    submissionDeadline: definition.deadlines.submission,
    approvalDeadline: definition.deadlines.approval,
    approver: definition.approver.name,
    contacts: {
      reviewerEmail: definition.reviewer.email,
      approverEmail: definition.approver.email,
      serviceCenterEmail: definition.serviceCenter.email,
    },
  });
  try {
    const handle = await client.workflow.start(campaignWorkflow, {
      workflowId: campaignWorkflowId(definition.id),
      taskQueue: campaignTaskQueue(taskQueue),
      args: [campaignInput],
      workflowIdReusePolicy: 'REJECT_DUPLICATE', // a finished campaign is not restarted by a re-launch
      staticSummary: `${definition.directive.number}: ${definition.directive.title}`,
      typedSearchAttributes: [{ key: campaignKey, value: definition.id }],
    });
    await recordStartedRun(db, handle.workflowId, handle.firstExecutionRunId, 'campaignWorkflow');
    return true;
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    return false;
  }
}

/** Each agency's workflow started unless it runs already; how many were started. */
async function startAgencies(options: LaunchOptions, common: CommonInput): Promise<number> {
  const { client, db, taskQueue, definition } = options;
  const agencies = definition.agencies;
  let done = 0;
  let started = 0;
  const runs = new StartedRunRecorder(db);
  const prepared = preparedAgencies(options);
  await mapLimit(agencies, options.concurrency ?? 32, async (entry, index) => {
    await prepared(index);
    const input: AgencyWorkflowStartInput = {
      ...common,
      directive: definition.directive.number,
      agency: { code: entry.code, name: entry.name, kind: entry.kind, email: entry.email },
      contacts: { reviewerEmail: definition.reviewer.email, serviceCenterEmail: definition.serviceCenter.email },
      submissionDeadline: definition.deadlines.submission,
      initialStage: entry.stage,
      initialReason: entry.reason,
      deliverable: declaredDeliverable(definition.deliverable),
    };
    const result = await startAgencyWorkflow(client, db, taskQueue, input, { registered: true, runs });
    if (result.started) started++;
    options.onProgress?.(++done, agencies.length);
  });
  await runs.settled();
  return started;
}
