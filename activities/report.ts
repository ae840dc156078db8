import { campaignPagePath, pageUrl } from '../domain/page-links';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { fmtInstant, fmtNumber, reportTitle } from '../reporting/format';
import type { Database } from '../prisma/database';
import type { WorkCalendar } from '../domain/working-days';
import { campaignClockOf } from '../domain/clock';
import { createReportMailer, type ReportMailResult } from './report-email';
import { ReportThreadError, runReportInThread } from './report-thread';

// The reporting job's side effects for the daily schedule: the working calendar the workflow
// consults, and the report files (plus the optional e-mail). Idempotent by report day: the files
// of a day are replaced whole, the e-mail goes once per day and address.
//
// The report is built, rendered and written in a thread of its own (report-thread.ts), so the
// worker's other activities go on meanwhile; its code (echarts) loads there, not in the worker. The
// holiday rules (date-holidays) are loaded by the first calendar asked for, not by every worker at
// start: most workers never run a report (bench/README.md, "Worker memory").
/* eslint-disable @typescript-eslint/no-require-imports -- required on first use, typed as the modules */
const temporalCheck = () => require('../reporting/temporal-check') as typeof import('../reporting/temporal-check');
const vietnamCalendar = () => require('../domain/calendar/vietnam') as typeof import('../domain/calendar/vietnam');
/* eslint-enable @typescript-eslint/no-require-imports */

/** Where a report may be written, and to whom it may be sent. */
export interface ReportLimits {
  /** The configured reports folder (DONDOC_REPORT_DIR): `outputDir` must lie inside it. */
  reportsDir?: string;
  /** Addresses allowed besides the campaign's own people (DONDOC_REPORT_RECIPIENTS). */
  allowedRecipients?: readonly string[];
}

export interface ReportActivityOptions extends ReportLimits {
  /** SMTP_URL; without it e-mails are recorded as skipped. */
  smtpUrl?: string;
  /** SMTP_FROM. */
  from?: string;
  /** Cross-checks the agency workflows in Temporal visibility when given. */
  temporalClient?: Client;
  /** DONDOC_PUBLIC_URL: the e-mail links to the campaign's page there. */
  publicUrl?: string;
}

export interface GenerateReportInput {
  campaignId: string;
  outputDir: string;
  /** ISO instant the report speaks for. */
  at: string;
  emailTo?: string[];
}

export interface GenerateReportResult {
  dir: string;
  files: string[];
  emailed?: ReportMailResult;
}

/** `outputDir` resolved, when it is the reports folder or inside it (symbolic links followed). */
function insideReportsFolder(reportsDir: string, outputDir: string): string {
  const real = (target: string) => {
    // The deepest existing ancestor decides where a path really leads.
    let existing = path.resolve(target);
    const rest: string[] = [];
    while (!fsSync.existsSync(existing) && path.dirname(existing) !== existing) {
      rest.unshift(path.basename(existing));
      existing = path.dirname(existing);
    }
    return path.join(fsSync.realpathSync(existing), ...rest);
  };
  const root = real(reportsDir);
  const target = real(outputDir);
  const relative = path.relative(root, target);
  if (relative.startsWith('..') || path.isAbsolute(relative))
    throw ApplicationFailure.nonRetryable(
      `Thư mục báo cáo ${outputDir} nằm ngoài thư mục báo cáo được cấu hình (DONDOC_REPORT_DIR=${reportsDir}). Cách sửa: chọn một thư mục bên trong ${reportsDir}.`,
      'ReportOutputOutsideFolder',
    );
  return target;
}

/** Every address must be one of the campaign's configured people (or agencies), or allowed explicitly. */
async function checkRecipients(
  db: Database,
  campaignId: string,
  emailTo: readonly string[],
  allowed: readonly string[] = [],
): Promise<void> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { definition: true } });
  const definition = (campaign?.definition ?? {}) as {
    reviewer?: { email?: string };
    approver?: { email?: string };
    serviceCenter?: { email?: string };
    agencies?: { email?: string }[];
  };
  const known = new Set(
    [
      definition.reviewer?.email,
      definition.approver?.email,
      definition.serviceCenter?.email,
      ...(definition.agencies ?? []).map((agency) => agency.email),
      ...allowed,
    ]
      .filter((address): address is string => typeof address === 'string')
      .map((address) => address.trim().toLowerCase()),
  );
  const unknown = emailTo.filter((address) => !known.has(address.trim().toLowerCase()));
  if (unknown.length > 0)
    throw ApplicationFailure.nonRetryable(
      `Không gửi báo cáo tới ${unknown.join(', ')}: không phải người được cấu hình của chiến dịch ${campaignId}. Cách sửa: dùng email của người thẩm định, người phê duyệt, đơn vị điều hành hoặc cơ quan trong tệp chiến dịch, hoặc thêm địa chỉ vào DONDOC_REPORT_RECIPIENTS.`,
      'ReportRecipientNotAllowed',
    );
}

/**
 * The instant a report speaks for, on the campaign's clock. A report never speaks for the campaign's
 * future: an instant after the campaign's now is the machine's (the schedule's start time in a
 * rehearsal, whose campaign time is years behind), read on the campaign's clock. On the real clock
 * both are the same instant.
 */
async function onCampaignClock(db: Database, campaignId: string, at: string): Promise<string> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { definition: true } });
  const clock = campaignClockOf(campaign?.definition);
  const asked = Date.parse(at);
  return asked > clock.now() ? new Date(clock.at(asked)).toISOString() : at;
}

export function createReportActivities(db: Database, options: ReportActivityOptions = {}) {
  const sendReportMail = createReportMailer(db, {
    smtpUrl: options.smtpUrl,
    from: options.from ?? 'dondoc <dondoc@localhost>',
  });

  return {
    /** The civil-service calendar of the day's year (date-holidays cannot run in workflow code). */
    async reportWorkCalendar(input: { day: string }): Promise<WorkCalendar> {
      const year = Number(input.day.slice(0, 4));
      const { buildVietnamCalendar } = vietnamCalendar();
      return buildVietnamCalendar(year, year);
    },

    async generateReport(input: GenerateReportInput): Promise<GenerateReportResult> {
      // Checked here, on the worker, whatever the workflow input says: nothing is written or sent otherwise.
      const outputDir = insideReportsFolder(options.reportsDir ?? 'reports', input.outputDir);
      if (input.emailTo?.length) await checkRecipients(db, input.campaignId, input.emailTo, options.allowedRecipients);
      const client = options.temporalClient;
      let result;
      try {
        result = await runReportInThread({
          databaseUrl: db.url,
          campaignId: input.campaignId,
          at: await onCampaignClock(db, input.campaignId, input.at),
          baseDir: outputDir,
          ...(client
            ? {
                temporalCheck: (campaignId, assignments) =>
                  temporalCheck().checkTemporal({ client }, campaignId, assignments),
              }
            : {}),
        });
      } catch (error) {
        if (error instanceof ReportThreadError && error.name === 'CampaignNotFoundError')
          throw ApplicationFailure.nonRetryable(error.message, error.name);
        throw error;
      }
      const { report, files, dir, paths } = result;
      if (!input.emailTo?.length) return { dir, files: paths };
      const s = report.summary;
      const title = reportTitle(report.campaign.directiveNumber);
      const emailed = await sendReportMail({
        campaignId: input.campaignId,
        day: report.reportDay,
        to: input.emailTo,
        subject: `${title} — số liệu đến ${fmtInstant(report.at)}`,
        text: [
          `${title}.`,
          `Số liệu tính đến ${fmtInstant(report.at)}.`,
          `Tổng số cơ quan: ${fmtNumber(s.agencies)}; đã được chấp nhận: ${fmtNumber(s.accepted)}; đang chờ thẩm định: ${fmtNumber(s.inReview)}; chưa nộp hoặc phải nộp lại: ${fmtNumber(s.pending)}.`,
          `Cơ quan chậm trễ: ${fmtNumber(s.late)}; thực hiện mang tính đối phó: ${fmtNumber(s.perfunctory)}.`,
          'Báo cáo đầy đủ ở phần nội dung HTML và các tệp đính kèm.',
          ...(options.publicUrl
            ? [`Xem trên dondoc: ${pageUrl(options.publicUrl, campaignPagePath(input.campaignId))}`]
            : []),
        ].join('\n'),
        html: await fs.readFile(files.html, 'utf8'),
        attachments: [
          { filename: 'co-quan.csv', path: files.csv },
          { filename: 'co-quan-cham-tre-doi-pho.csv', path: files.attentionCsv },
        ],
      });
      return { dir, files: paths, emailed };
    },
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;
