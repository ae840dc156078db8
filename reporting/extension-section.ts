import {
  EXTENSION_STATUS_LABELS,
  extensionRequestsFromAudit,
  tallyExtensions,
  type ExtensionAuditRow,
  type ExtensionRequest,
  type ExtensionTally,
} from '../domain/extension-requests';
import type { WorkCalendar } from '../domain/working-days';
import { escapeHtml as h, escapeMarkdown as m } from '../shared/escape';
import { fmtDate, fmtDeadline, fmtNumber } from './format';

// The report's section on extension requests (xin gia hạn): per agency that asked, how often, and
// what came of each request — granted (with the new deadline), refused (with the reason) or still
// waiting for the Service Center's answer. Rebuilt from the audit rows by domain/extension-requests.ts.

export interface ExtensionAgency {
  code: string;
  name: string;
  tally: ExtensionTally;
  /** Oldest first. */
  requests: ExtensionRequest[];
}

export interface ExtensionSection {
  /** Only the agencies that asked at least once, in agency code order. */
  agencies: ExtensionAgency[];
  total: ExtensionTally;
}

const EXTENSION_SECTION_TITLE = '5. Đề nghị gia hạn';

/** The section from each agency's extension audit rows (agencies without rows are left out). */
export function extensionSection(
  agencies: readonly { code: string; name: string; rows: readonly ExtensionAuditRow[] }[],
  calendar: WorkCalendar,
): ExtensionSection {
  const total: ExtensionTally = { requested: 0, granted: 0, refused: 0, pending: 0, workingDaysGranted: 0 };
  const listed: ExtensionAgency[] = [];
  for (const agency of agencies) {
    if (agency.rows.length === 0) continue;
    const requests = extensionRequestsFromAudit(agency.rows);
    if (requests.length === 0) continue;
    const tally = tallyExtensions(requests, calendar);
    for (const key of Object.keys(total) as (keyof ExtensionTally)[]) total[key] += tally[key];
    listed.push({ code: agency.code, name: agency.name, tally, requests });
  }
  return { agencies: listed, total };
}

/** What came of one request, in Vietnamese: "đã chấp thuận, gia hạn đến 12/03/2024". */
function describeOutcome(request: ExtensionRequest): string {
  const label = EXTENSION_STATUS_LABELS[request.status] ?? request.status;
  switch (request.status) {
    case 'granted':
      return `${label}, gia hạn đến ${fmtDeadline(request.grantedDeadline ?? request.requestedDeadline)}`;
    case 'refused':
      return request.answer ? `${label}: ${request.answer}` : label;
    default:
      return `${label} (hạn trả lời ${fmtDeadline(request.answerDeadline)})`;
  }
}

const HEADER = ['Tên cơ quan', 'Mã', 'Lần', 'Ngày đề nghị', 'Người đề nghị', 'Xin gia hạn đến', 'Lý do', 'Kết quả'];

function rows(section: ExtensionSection): string[][] {
  return section.agencies.flatMap((agency) =>
    agency.requests.map((r, i) => [
      agency.name,
      agency.code,
      `${i + 1}/${agency.tally.requested}`,
      fmtDate(r.requestedAt),
      r.requestedBy,
      fmtDeadline(r.requestedDeadline),
      r.reason,
      describeOutcome(r),
    ]),
  );
}

function note(section: ExtensionSection): string {
  const t = section.total;
  if (t.requested === 0) return 'Chưa có cơ quan nào đề nghị gia hạn.';
  return (
    `${fmtNumber(section.agencies.length)} cơ quan gửi ${fmtNumber(t.requested)} đề nghị gia hạn: ` +
    `${fmtNumber(t.granted)} được chấp thuận (tổng cộng ${fmtNumber(t.workingDaysGranted)} ngày làm việc), ` +
    `${fmtNumber(t.refused)} không được chấp thuận, ${fmtNumber(t.pending)} đang chờ trả lời.`
  );
}

export function extensionSectionMarkdown(section: ExtensionSection): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const parts = [`## ${EXTENSION_SECTION_TITLE}`, note(section)];
  if (section.agencies.length > 0)
    parts.push([line(HEADER), line(HEADER.map(() => '---')), ...rows(section).map((r) => line(r.map(m)))].join('\n'));
  return parts.join('\n\n');
}

export function extensionSectionHtml(section: ExtensionSection): string {
  const table =
    section.agencies.length === 0
      ? ''
      : `<table><thead><tr>${HEADER.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>\n${rows(section)
          .map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`)
          .join('\n')}\n</tbody></table>`;
  return `<section>\n<h2>${h(EXTENSION_SECTION_TITLE)}</h2>\n<p>${h(note(section))}</p>\n${table}\n</section>`;
}
