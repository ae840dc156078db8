import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ReportActivities } from '../../activities/report';
import { isWorkingDay, localDay } from '../../domain/working-days';

// The daily progress report, started by the schedule at 07:30 (Asia/Ho_Chi_Minh) Monday to Friday.
// The schedule's cron knows weekends, not Vietnamese holidays: the workflow asks for the working
// calendar and skips Tết, public holidays and nghỉ bù. Deterministic: time comes from the workflow's
// own start, everything else from activities.

export interface ReportWorkflowInput {
  campaignId: string;
  /** Base folder; files go to <outputDir>/<campaignId>/<yyyy-mm-dd>/. */
  outputDir: string;
  /** Addresses that receive the HTML report by e-mail (once per report day). */
  emailTo?: string[];
  /** The instant the report speaks for; the workflow's start time by default. */
  at?: string;
  /** Run on a weekend or holiday too (a report asked for by hand). */
  includeNonWorkingDays?: boolean;
}

export interface ReportWorkflowResult {
  /** Local day of the report, YYYY-MM-DD. */
  day: string;
  skipped: boolean;
  reason?: string;
  dir?: string;
  files?: string[];
  emailed?: { sent: number; alreadySent: number; skipped: number };
}

const { reportWorkCalendar } = proxyActivities<ReportActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

const { generateReport } = proxyActivities<ReportActivities>({
  // 10,000 agencies take seconds; the margin covers a slow database and the e-mail.
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '30 seconds', maximumAttempts: 5, nonRetryableErrorTypes: ['CampaignNotFoundError'] },
});

export async function reportWorkflow(input: ReportWorkflowInput): Promise<ReportWorkflowResult> {
  if (!input?.campaignId || !input.outputDir)
    throw ApplicationFailure.nonRetryable('reportWorkflow cần campaignId và outputDir.', 'InvalidReportInput');
  const at = input.at ?? workflowInfo().startTime.toISOString();
  const day = localDay(new Date(at));
  if (!input.includeNonWorkingDays) {
    const calendar = await reportWorkCalendar({ day });
    if (!isWorkingDay(day, calendar))
      return { day, skipped: true, reason: 'Ngày nghỉ (thứ Bảy, Chủ nhật, lễ, Tết hoặc nghỉ bù): không lập báo cáo.' };
  }
  const result = await generateReport({
    campaignId: input.campaignId,
    outputDir: input.outputDir,
    at,
    emailTo: input.emailTo,
  });
  return { day, skipped: false, ...result };
}
