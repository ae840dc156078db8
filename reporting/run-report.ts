import path from 'node:path';
import { waitForApprovalRecords } from './approval-records';
import { buildCampaignReport, type BuildReportOptions } from './build';
import type { CampaignReport } from './model';
import { renderAgenciesCsv, renderAttentionCsv } from './render-csv';
import { renderHtml } from './render-html';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-markdown';
import { safeSegment, writeAtomically } from './write-files';

// The reporting job as one call, for the admin CLI and the scheduled activity: build the report,
// render every format, write them to reports/<campaignId>/<yyyy-mm-dd>/ and say where.

export interface RunReportOptions extends BuildReportOptions {
  /** Base folder; the files go to <baseDir>/<campaignId>/<yyyy-mm-dd>/. Default "reports" (from the working directory). */
  baseDir?: string;
  /** Exact folder, overriding baseDir and the default layout. */
  dir?: string;
  /**
   * How long a report taken after the approval waits for every agency to record it (default 20 s);
   * past it the report says it is partial.
   */
  approvalWaitMs?: number;
}

const APPROVAL_WAIT_MS = 20_000;

export interface ReportFiles {
  html: string;
  markdown: string;
  json: string;
  /** Every agency. */
  csv: string;
  /** The late / perfunctory agencies. */
  attentionCsv: string;
}

export interface RunReportResult {
  dir: string;
  files: ReportFiles;
  /** The same paths as a list, in the order above. */
  paths: string[];
  report: CampaignReport;
}

export const REPORT_FILE_NAMES: ReportFiles = {
  html: 'bao-cao-tien-do.html',
  markdown: 'bao-cao-tien-do.md',
  json: 'bao-cao-tien-do.json',
  csv: 'co-quan.csv',
  attentionCsv: 'co-quan-cham-tre-doi-pho.csv',
};

/** reports/<campaignId>/<yyyy-mm-dd>/ for a report day (local, Asia/Ho_Chi_Minh). */
export function reportDir(baseDir: string, campaignId: string, reportDay: string): string {
  return path.resolve(baseDir, safeSegment(campaignId), reportDay);
}

const RENDERERS: { [format in keyof ReportFiles]: (report: CampaignReport) => string } = {
  html: renderHtml,
  markdown: renderMarkdown,
  json: renderJson,
  csv: renderAgenciesCsv,
  attentionCsv: renderAttentionCsv,
};

/** One format of the report, rendered (what its file holds). */
export function renderReportFormat(report: CampaignReport, format: keyof ReportFiles): string {
  return RENDERERS[format](report);
}

/** Every format of the report, rendered (what the files hold). */
function renderReportFiles(report: CampaignReport): ReportFiles {
  return {
    html: renderHtml(report),
    markdown: renderMarkdown(report),
    json: renderJson(report),
    csv: renderAgenciesCsv(report),
    attentionCsv: renderAttentionCsv(report),
  };
}

/** Writes the rendered formats into `dir` under their usual names; returns the paths. */
export async function writeReportFiles(dir: string, contents: ReportFiles): Promise<ReportFiles> {
  const at = (format: keyof ReportFiles) => path.join(dir, REPORT_FILE_NAMES[format]);
  const files: ReportFiles = {
    html: at('html'),
    markdown: at('markdown'),
    json: at('json'),
    csv: at('csv'),
    attentionCsv: at('attentionCsv'),
  };
  await Promise.all(
    (Object.keys(files) as (keyof ReportFiles)[]).map((format) => writeAtomically(files[format], contents[format])),
  );
  return files;
}

export async function runReport(options: RunReportOptions): Promise<RunReportResult> {
  await waitForApprovalRecords(options.db, options.campaignId, options.approvalWaitMs ?? APPROVAL_WAIT_MS);
  const report = await buildCampaignReport(options);
  const dir = options.dir
    ? path.resolve(options.dir)
    : reportDir(options.baseDir ?? 'reports', options.campaignId, report.reportDay);
  const files = await writeReportFiles(dir, renderReportFiles(report));
  return { dir, files, paths: Object.values(files), report };
}
