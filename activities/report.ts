import fs from 'node:fs/promises';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { CampaignNotFoundError } from '../reporting/build';
import { runReport } from '../reporting/run-report';
import { fmtInstant, fmtNumber, reportTitle } from '../reporting/format';
import type { Database } from '../prisma/database';
import { buildVietnamCalendar } from '../domain/calendar/vietnam';
import type { WorkCalendar } from '../domain/working-days';
import { createReportMailer, type ReportMailResult } from './report-email';

// The reporting job's side effects for the daily schedule: the working calendar the workflow
// consults, and the report files (plus the optional e-mail). Idempotent by report day: the files
// of a day are replaced whole, the e-mail goes once per day and address.

export interface ReportActivityOptions {
  /** SMTP_URL; without it e-mails are recorded as skipped. */
  smtpUrl?: string;
  /** SMTP_FROM. */
  from?: string;
  /** Cross-checks the agency workflows in Temporal visibility when given. */
  temporalClient?: Client;
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

export function createReportActivities(db: Database, options: ReportActivityOptions = {}) {
  const sendReportMail = createReportMailer(db, {
    smtpUrl: options.smtpUrl,
    from: options.from ?? 'dondoc <dondoc@localhost>',
  });

  return {
    /** The civil-service calendar of the day's year (date-holidays cannot run in workflow code). */
    async reportWorkCalendar(input: { day: string }): Promise<WorkCalendar> {
      const year = Number(input.day.slice(0, 4));
      return buildVietnamCalendar(year, year);
    },

    async generateReport(input: GenerateReportInput): Promise<GenerateReportResult> {
      let result;
      try {
        result = await runReport({
          db,
          campaignId: input.campaignId,
          at: new Date(input.at),
          baseDir: input.outputDir,
          ...(options.temporalClient ? { temporal: { client: options.temporalClient } } : {}),
        });
      } catch (error) {
        if (error instanceof CampaignNotFoundError) throw ApplicationFailure.nonRetryable(error.message, error.name);
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
