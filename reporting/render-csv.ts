import { describeEscalation } from './escalation-text';
import { stringify } from 'csv-stringify/sync';
import { fmtDate, fmtDeadline, fmtDeadlineStatus } from './format';
import type { CampaignReport } from './model';
import { deliverableTotalsRows } from './deliverable-section';
import type { ExtensionTally } from '../domain/extension-requests';
import { spreadsheetText } from '../domain/spreadsheet-text';

// Two CSV files for spreadsheets: every agency, and the list for the Chairman. UTF-8 with a BOM so
// Excel shows Vietnamese letters; dates dd/mm/yyyy; Vietnamese headers. A campaign whose declared
// form has indicator tables adds their totals below the agencies, after an empty row, as the HTML and
// Markdown reports and the workbook show them.

const text = spreadsheetText;

/** The columns that name an agency, first in both files. */
const AGENCY_COLUMNS = ['STT', 'Mã cơ quan', 'Tên cơ quan', 'Loại cơ quan', 'Trạng thái'];

const write = (header: string[], rows: (string | number)[][], after: (string | number)[][] = []) =>
  stringify([header, ...rows, ...(after.length > 0 ? [[], ...after] : [])], { bom: true, record_delimiter: 'windows' });

export function renderAgenciesCsv(report: CampaignReport): string {
  const extensions = new Map(report.extensions.agencies.map((e) => [e.code, e.tally]));
  return write(
    [
      ...AGENCY_COLUMNS,
      'Lý do',
      'Hạn nộp',
      'Hạn nộp lại',
      'Hạn thẩm định',
      'Ngày nộp gần nhất',
      'Số ngày làm việc trễ',
      'Số lần bị trả lại',
      'Phiên bản',
      'Quá hạn',
      'Cảnh báo chưa khắc phục',
      'Cảnh báo đã khắc phục',
      'Tình trạng hạn',
      'Số đề nghị gia hạn',
      'Gia hạn được chấp thuận',
      'Gia hạn không được chấp thuận',
      'Đề nghị gia hạn đang chờ trả lời',
      'Cảnh báo Trung tâm đã xử lý',
    ],
    report.agencies.map((a, i) => [
      i + 1,
      text(a.code),
      text(a.name),
      a.kindLabel,
      a.stageLabel,
      text(a.stageReason),
      fmtDeadline(a.deadlines.submission),
      fmtDeadline(a.deadlines.resubmission),
      fmtDeadline(a.deadlines.review),
      fmtDate(a.lastSubmittedAt),
      a.lateness?.daysLate ?? '',
      a.returnCount,
      a.currentVersion,
      a.overdue ? 'Có' : 'Không',
      a.escalations
        .filter((e) => e.open)
        .map((e) => e.label)
        .join('; '),
      a.escalations
        .filter((e) => !e.open)
        .map((e) => e.label)
        .join('; '),
      fmtDeadlineStatus(a.deadlineStatus),
      ...extensionCells(extensions.get(a.code)),
      a.escalations
        .filter((e) => e.handled)
        .map(describeEscalation)
        .join('; '),
    ]),
    deliverableTotalsRows(report.deliverable).map((row) =>
      row.map((cell) => (typeof cell === 'string' ? text(cell) : cell)),
    ),
  );
}

/** The agency's extension requests: asked, granted, refused, waiting. */
function extensionCells(tally: ExtensionTally | undefined): number[] {
  return tally ? [tally.requested, tally.granted, tally.refused, tally.pending] : [0, 0, 0, 0];
}

export function renderAttentionCsv(report: CampaignReport): string {
  return write(
    [
      ...AGENCY_COLUMNS,
      'Chậm trễ',
      'Đối phó',
      'Số ngày làm việc trễ',
      'Số lần bị trả lại',
      'Nội dung vi phạm',
      'Trách nhiệm',
    ],
    report.attention.map((a, i) => [
      i + 1,
      text(a.code),
      text(a.name),
      a.kindLabel,
      a.stageLabel,
      a.late ? 'Có' : 'Không',
      a.perfunctory ? 'Có' : 'Không',
      a.daysLate ?? '',
      a.returnCount,
      a.reasons.map(text).join('; '),
      a.responsible,
    ]),
  );
}
