// The reporting job: build the report from the system of record, render it, write it,
// and schedule it daily.
export { buildCampaignReport, CampaignNotFoundError, type BuildReportOptions } from './build';
export {
  runReport,
  reportDir,
  REPORT_FILE_NAMES,
  type ReportFiles,
  type RunReportOptions,
  type RunReportResult,
} from './run-report';
export { renderHtml } from './render-html';
export { renderMarkdown } from './render-markdown';
export { renderAgenciesCsv, renderAttentionCsv } from './render-csv';
export { renderJson } from './render-json';
export * from './model';
