import { partialNotice } from './approval-records';
import { actionsSectionHtml } from '../read-side/actions';
import { extensionSectionHtml } from './extension-section';
import { roundsSectionHtml } from './rounds-section';
import { deliverableSectionHtml } from './deliverable-section';
import { REPORT_CHARTS } from './charts';
import { escapeHtml as h } from '../shared/escape';
import {
  ATTENTION_TITLE,
  fmtDate,
  fmtDeadline,
  fmtDeadlineStatus,
  fmtInstant,
  fmtNumber,
  fmtPercent,
  fmtStatusCounts,
  latenessNote,
  reportTitle,
} from './format';
import { deadlineSectionHtml } from './deadline-section';
import { REPORT_CSS } from './html-style';
import { describeEscalation } from './escalation-text';
import type { AgencyRow, CampaignReport } from './model';

// The page an official opens: title, the figures, the list for the Chairman, the charts and
// totals, then every agency. Every value from the database passes through h() (escapeHtml);
// the only unescaped markup is ours and the SVG that ECharts produced.

// No script may run even if something slipped through: the page needs none. Its own style sheet and
// the charts' style attributes are inline (one self-contained file); with nothing else allowed to
// load or connect, inline style cannot send anything anywhere.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The policy a server sends with the report: the document's own, and it may not be framed or post anywhere. */
export const REPORT_RESPONSE_CSP = `${CSP}; form-action 'none'; frame-ancestors 'none'; base-uri 'none'`;

function figure(label: string, value: number, tone = ''): string {
  return `<div class="figure ${tone}"><span class="n">${fmtNumber(value)}</span><span class="l">${h(label)}</span></div>`;
}

function figures(report: CampaignReport): string {
  const s = report.summary;
  return `<section class="figures">
${figure('Tổng số cơ quan được giao', s.agencies)}
${figure(`Đã được chấp nhận (${fmtPercent(s.accepted, s.agencies)})`, s.accepted, 'good')}
${figure('Đã nộp, đang chờ thẩm định', s.inReview)}
${figure('Chưa nộp hoặc phải nộp lại', s.pending)}
${figure('Cơ quan chậm trễ', s.late, s.late > 0 ? 'bad' : '')}
${figure('Thực hiện mang tính đối phó', s.perfunctory, s.perfunctory > 0 ? 'bad' : '')}
${figure('Cảnh báo chưa xử lý', s.openEscalations, s.openEscalations > 0 ? 'bad' : '')}
</section>
<p class="meta">Tình trạng hạn: ${h(fmtStatusCounts(s.byDeadlineStatus))}</p>`;
}

function attentionTable(report: CampaignReport): string {
  if (report.attention.length === 0)
    return '<p class="ok">Không có cơ quan nào chậm trễ hoặc thực hiện mang tính đối phó.</p>';
  const rows = report.attention
    .map(
      (a, i) =>
        `<tr class="late"><td class="c">${i + 1}</td><td>${h(a.name)}</td><td class="c">${h(a.code)}</td><td>${h(a.kindLabel)}</td><td>${h(a.stageLabel)}</td>` +
        `<td class="n">${a.daysLate ?? ''}</td><td class="n">${a.returnCount}</td><td><ul class="reasons">${a.reasons.map((r) => `<li>${h(r)}</li>`).join('')}</ul></td><td>${h(a.responsible)}</td></tr>`,
    )
    .join('\n');
  return `<p>Có <b class="warn">${fmtNumber(report.attention.length)}</b> cơ quan cần báo cáo Chủ tịch UBND tỉnh (trễ hạn: ${fmtNumber(report.summary.late)}; đối phó, bị trả lại từ ${report.perfunctoryReturnCount} lần: ${fmtNumber(report.summary.perfunctory)}).</p>
<table><thead><tr><th>STT</th><th>Tên cơ quan</th><th>Mã</th><th>Loại cơ quan</th><th>Trạng thái</th><th>Số ngày làm việc trễ</th><th>Số lần bị trả lại</th><th>Nội dung vi phạm</th><th>Trách nhiệm</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function totalsTables(report: CampaignReport): string {
  const stageRows = report.stages
    .map(
      (s) =>
        `<tr><td>${h(s.label)}</td><td class="n">${fmtNumber(s.count)}</td><td class="n">${fmtPercent(s.count, report.summary.agencies)}</td></tr>`,
    )
    .join('');
  const shown = report.stages.filter((s) => s.count > 0);
  const kindRows = report.kinds
    .filter((k) => k.total > 0)
    .map(
      (k) =>
        `<tr><td>${h(k.label)}</td><td class="n">${fmtNumber(k.total)}</td>${shown.map((s) => `<td class="n">${fmtNumber(k.byStage[s.stage] ?? 0)}</td>`).join('')}</tr>`,
    )
    .join('');
  const escalationRows = report.escalations
    .map(
      (e) =>
        `<tr><td>${h(e.label)}</td><td class="n">${fmtNumber(e.open)}</td><td class="n">${fmtNumber(e.resolved)}</td><td class="n">${fmtNumber(e.handled)}</td></tr>`,
    )
    .join('');
  return `<h3>Số cơ quan theo trạng thái</h3>
<table><thead><tr><th>Trạng thái</th><th>Số cơ quan</th><th>Tỷ lệ</th></tr></thead><tbody>${stageRows}
<tr><th>Tổng cộng</th><th class="n">${fmtNumber(report.summary.agencies)}</th><th></th></tr></tbody></table>
<h3>Theo loại cơ quan</h3>
<table><thead><tr><th>Loại cơ quan</th><th>Tổng số</th>${shown.map((s) => `<th>${h(s.label)}</th>`).join('')}</tr></thead><tbody>${kindRows}</tbody></table>
${escalationRows ? `<h3>Cảnh báo đã ghi nhận</h3><table><thead><tr><th>Loại cảnh báo</th><th>Chưa khắc phục</th><th>Đã khắc phục</th><th>Trung tâm đã xử lý</th></tr></thead><tbody>${escalationRows}</tbody></table>` : ''}`;
}

function escalationCell(row: AgencyRow): string {
  return row.escalations.map((e) => h(describeEscalation(e))).join('<br>');
}

function agencyTable(report: CampaignReport): string {
  const rows = report.agencies
    .map(
      (a, i) =>
        `<tr${a.lateness?.ongoing && a.lateness.daysLate > 0 ? ' class="late"' : ''}><td class="c">${i + 1}</td><td class="c">${h(a.code)}</td><td>${h(a.name)}</td><td>${h(a.kindLabel)}</td>` +
        `<td>${h(a.stageLabel)}${a.stageReason ? `<br><i>${h(a.stageReason)}</i>` : ''}</td><td class="c">${fmtDeadline(a.deadlines.submission)}</td><td class="c">${fmtDeadline(a.deadlines.resubmission)}</td>` +
        `<td class="c">${fmtDeadline(a.deadlines.review)}</td><td class="c">${fmtDate(a.lastSubmittedAt)}</td><td class="n">${a.lateness ? a.lateness.daysLate : ''}</td><td>${h(fmtDeadlineStatus(a.deadlineStatus))}</td>` +
        `<td class="n">${a.returnCount}</td><td class="n">${a.currentVersion}</td><td>${escalationCell(a)}</td></tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th>STT</th><th>Mã cơ quan</th><th>Tên cơ quan</th><th>Loại</th><th>Trạng thái</th><th>Hạn nộp</th><th>Hạn nộp lại</th><th>Hạn thẩm định</th><th>Ngày nộp gần nhất</th><th>Số ngày làm việc trễ</th><th>Tình trạng hạn</th><th>Số lần bị trả lại</th><th>Phiên bản</th><th>Cảnh báo</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function temporalNote(report: CampaignReport): string {
  const t = report.temporal;
  if (!t) return '';
  return t.ok
    ? `<p>Đối chiếu Temporal: <span class="ok">khớp</span> (${fmtNumber(t.workflowCount)} quy trình theo dõi cho ${fmtNumber(report.summary.agencies)} cơ quan).</p>`
    : `<p>Đối chiếu Temporal: <span class="warn">chưa khớp</span> — ${fmtNumber(t.missingCount)} cơ quan không tìm thấy quy trình theo dõi, ${fmtNumber(t.unknownToDatabase)} quy trình không có trong cơ sở dữ liệu.</p>`;
}

export function renderHtml(report: CampaignReport): string {
  const c = report.campaign;
  const title = reportTitle(c.directiveNumber);
  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)} — ${fmtDate(report.at)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${h(title)}</h1>
<p class="sub">${h(c.title)} (Công văn số ${h(c.directiveNumber)} ngày ${fmtDate(c.directiveDate)})</p>
<p class="meta">Số liệu tính đến <b>${fmtInstant(report.at)}</b> · Hạn gửi kết quả: <b>${fmtDeadline(c.submissionDeadline)}</b>${c.approvalDeadline ? ` · Hạn trình phê duyệt: <b>${fmtDeadline(c.approvalDeadline)}</b>` : ''}</p>
</header>
${report.partial ? `<p class="warn" role="status">${h(partialNotice(report.partial.unrecordedApprovals))}</p>\n` : ''}${figures(report)}
${roundsSectionHtml(report.rounds)}<section>
<h2>1. ${h(ATTENTION_TITLE)}</h2>
${attentionTable(report)}
</section>
<section>
<h2>2. Tình hình chung</h2>
<div class="charts">
${Object.values(REPORT_CHARTS)
  .map((c) => `<div class="chart" role="img" aria-label="${h(c.text(report))}">${c.svg(report)}</div>`)
  .join('\n')}
</div>
${totalsTables(report)}
</section>
${deliverableSectionHtml(report.deliverable)}<section>
<h2>3. Chi tiết từng cơ quan (${fmtNumber(report.agencies.length)} cơ quan)</h2>
${agencyTable(report)}
</section>
${deadlineSectionHtml(report.deadlines)}
${extensionSectionHtml(report.extensions)}
${actionsSectionHtml(report)}
<footer>
<p>${h(latenessNote(report.deadlines.calendar))}</p>
${temporalNote(report)}
<p>Báo cáo lập tự động lúc ${fmtInstant(report.generatedAt)} từ cơ sở dữ liệu theo dõi (mã chiến dịch: ${h(c.id)}).</p>
</footer>
</body>
</html>
`;
}
