import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleSpec,
} from '@temporalio/client';
import type { reportWorkflow, ReportWorkflowInput } from '../../workflows/report/workflow';
import { campaignKey } from '../../temporal/search-attributes';
import { TIME_ZONE } from '../../domain/time';

// The daily report as a Temporal Schedule: 07:30 Asia/Ho_Chi_Minh, Monday to Friday (the workflow
// itself skips holidays). Safe to call on every deployment: creates the schedule, or updates the
// one already there to the current spec and arguments (its paused state and note are kept).

const REPORT_CRON = '30 7 * * 1-5';

export interface ReportScheduleOptions {
  campaignId: string;
  /** Task queue of a worker that registers reportWorkflow and the report activities. */
  taskQueue: string;
  /** Base folder on the worker: files go to <outputDir>/<campaignId>/<yyyy-mm-dd>/. */
  outputDir: string;
  emailTo?: string[];
  /** Default `report:<campaignId>`. */
  scheduleId?: string;
}

export interface EnsuredSchedule {
  scheduleId: string;
  created: boolean;
}

function reportScheduleId(campaignId: string): string {
  return `report:${campaignId}`;
}

function desired(options: ReportScheduleOptions) {
  const spec: ScheduleSpec = { cronExpressions: [REPORT_CRON], timezone: TIME_ZONE };
  const args: [ReportWorkflowInput] = [
    {
      campaignId: options.campaignId,
      outputDir: options.outputDir,
      ...(options.emailTo?.length ? { emailTo: options.emailTo } : {}),
    },
  ];
  const action: ScheduleOptionsStartWorkflowAction<typeof reportWorkflow> = {
    type: 'startWorkflow',
    workflowType: 'reportWorkflow',
    // The schedule appends the scheduled time, so each day's run has its own ID.
    workflowId: `report:${options.campaignId}`,
    taskQueue: options.taskQueue,
    args,
    typedSearchAttributes: [{ key: campaignKey, value: options.campaignId }],
    workflowExecutionTimeout: '2 hours',
  };
  const policies: NonNullable<ScheduleOptions['policies']> = {
    // One report at a time; a run missed while the server was down still comes the same morning.
    overlap: ScheduleOverlapPolicy.SKIP,
    catchupWindow: '4 hours',
    pauseOnFailure: false,
  };
  return { spec, action, policies };
}

export async function ensureReportSchedule(client: Client, options: ReportScheduleOptions): Promise<EnsuredSchedule> {
  const scheduleId = options.scheduleId ?? reportScheduleId(options.campaignId);
  const { spec, action, policies } = desired(options);
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies,
      state: { note: `Báo cáo tiến độ hằng ngày của chiến dịch ${options.campaignId}` },
    });
    return { scheduleId, created: true };
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  await client.schedule.getHandle(scheduleId).update((previous) => ({
    spec,
    action,
    policies,
    state: { paused: previous.state.paused, note: previous.state.note },
  }));
  return { scheduleId, created: false };
}
