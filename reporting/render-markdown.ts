import { describeEscalation } from './escalation-text';
import { partialNotice } from './approval-records';
import { actionsSectionMarkdown } from '../read-side/actions';
import { extensionSectionMarkdown } from './extension-section';
import { roundsSectionMarkdown } from './rounds-section';
import { deliverableSectionMarkdown } from './deliverable-section';
import { escapeMarkdown as m } from '../shared/escape';
import {
  ATTENTION_TITLE,
  fmtDate,
  fmtDay,
  fmtDeadline,
  fmtDeadlineStatus,
  fmtInstant,
  fmtNumber,
  fmtPercent,
  fmtStatusCounts,
  latenessNote,
  reportTitle,
} from './format';
import { deadlineSectionMarkdown } from './deadline-section';
import type { CampaignReport, ProgressPoint } from './model';

// The same report as Markdown, for chat and e-mail tools and for reading in a repository. Database
// strings pass through m() (escapeMarkdown): Markdown renders raw HTML, so they are HTML-escaped too.

function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Only the days on which something changed, plus the last day: the curve without the flat runs. */
function changedDays(progress: ProgressPoint[]): ProgressPoint[] {
  return progress.filter(
    (p, i) =>
      i === progress.length - 1 ||
      i === 0 ||
      p.submitted !== progress[i - 1]!.submitted ||
      p.accepted !== progress[i - 1]!.accepted,
  );
}

export function renderMarkdown(report: CampaignReport): string {
  const parts: string[] = [
    ...headerMarkdown(report),
    ...summaryMarkdown(report),
    ...(report.rounds.length > 0 ? [roundsSectionMarkdown(report.rounds)] : []),
    ...attentionMarkdown(report),
    ...overviewMarkdown(report),
    ...(report.deliverable ? [deliverableSectionMarkdown(report.deliverable)] : []),
    ...agencyDetailMarkdown(report),
    deadlineSectionMarkdown(report.deadlines),
    extensionSectionMarkdown(report.extensions),
    actionsSectionMarkdown(report),
    `_${m(latenessNote(report.deadlines.calendar))}_`,
  ];
  return `${parts.join('\n\n')}\n`;
}

/** The title, the directive, the instant the figures are for, the deadlines. */
function headerMarkdown(report: CampaignReport): string[] {
  const c = report.campaign;
  return [
    `# ${m(reportTitle(c.directiveNumber))}`,
    `${m(c.title)} (Công văn số ${m(c.directiveNumber)} ngày ${fmtDate(c.directiveDate)})`,
    `Số liệu tính đến **${fmtInstant(report.at)}**. Hạn gửi kết quả: **${fmtDeadline(c.submissionDeadline)}**` +
      (c.approvalDeadline ? `. Hạn trình phê duyệt: **${fmtDeadline(c.approvalDeadline)}**.` : '.'),
    ...(report.partial ? [`**${m(partialNotice(report.partial.unrecordedApprovals))}**`] : []),
  ];
}

/** The figures of the whole campaign. */
function summaryMarkdown(report: CampaignReport): string[] {
  const s = report.summary;
  return [
    '## Số liệu tổng hợp',
    [
      `- Tổng số cơ quan được giao: **${fmtNumber(s.agencies)}**`,
      `- Đã được chấp nhận: **${fmtNumber(s.accepted)}** (${fmtPercent(s.accepted, s.agencies)})`,
      `- Đã nộp, đang chờ thẩm định: **${fmtNumber(s.inReview)}**`,
      `- Chưa nộp hoặc phải nộp lại: **${fmtNumber(s.pending)}**`,
      `- Cơ quan chậm trễ: **${fmtNumber(s.late)}**`,
      `- Tình trạng hạn: ${fmtStatusCounts(s.byDeadlineStatus)}`,
      `- Thực hiện mang tính đối phó (bị trả lại từ ${report.perfunctoryReturnCount} lần): **${fmtNumber(s.perfunctory)}**`,
      `- Cảnh báo chưa xử lý: **${fmtNumber(s.openEscalations)}**`,
    ].join('\n'),
  ];
}

/** Section 1: the agencies late or perfunctory. */
function attentionMarkdown(report: CampaignReport): string[] {
  return [
    `## 1. ${m(ATTENTION_TITLE)}`,
    report.attention.length === 0
      ? 'Không có cơ quan nào chậm trễ hoặc thực hiện mang tính đối phó.'
      : table(
          [
            'STT',
            'Tên cơ quan',
            'Mã',
            'Loại cơ quan',
            'Trạng thái',
            'Số ngày làm việc trễ',
            'Số lần bị trả lại',
            'Nội dung vi phạm',
            'Trách nhiệm',
          ],
          report.attention.map((a, i) => [
            i + 1,
            m(a.name),
            m(a.code),
            m(a.kindLabel),
            m(a.stageLabel),
            a.daysLate ?? '',
            a.returnCount,
            a.reasons.map(m).join('; '),
            m(a.responsible),
          ]),
        ),
  ];
}

/** Section 2: the agencies by stage, by kind, by days late, and the progress. */
function overviewMarkdown(report: CampaignReport): string[] {
  const s = report.summary;
  return [
    '## 2. Tình hình chung',
    '### Số cơ quan theo trạng thái',
    table(
      ['Trạng thái', 'Số cơ quan', 'Tỷ lệ'],
      [
        ...report.stages.map((st) => [m(st.label), fmtNumber(st.count), fmtPercent(st.count, s.agencies)]),
        ['**Tổng cộng**', `**${fmtNumber(s.agencies)}**`, ''],
      ],
    ),
    '### Theo loại cơ quan',
    table(
      ['Loại cơ quan', 'Tổng số', ...report.stages.filter((st) => st.count > 0).map((st) => m(st.label))],
      report.kinds
        .filter((k) => k.total > 0)
        .map((k) => [
          m(k.label),
          fmtNumber(k.total),
          ...report.stages.filter((st) => st.count > 0).map((st) => fmtNumber(k.byStage[st.stage] ?? 0)),
        ]),
    ),
    '### Số cơ quan theo số ngày làm việc trễ hạn',
    table(
      ['Mức trễ', 'Số cơ quan'],
      report.lateness.map((b) => [m(b.label), fmtNumber(b.count)]),
    ),
    '### Tiến độ (lũy kế, các ngày có thay đổi)',
    report.progress.length === 0
      ? 'Chưa có số liệu.'
      : table(
          ['Ngày', 'Đã nộp (lần đầu)', 'Đã chấp nhận'],
          changedDays(report.progress).map((p) => [fmtDay(p.day), fmtNumber(p.submitted), fmtNumber(p.accepted)]),
        ),
  ];
}

/** Section 3: every agency. */
function agencyDetailMarkdown(report: CampaignReport): string[] {
  return [
    `## 3. Chi tiết từng cơ quan (${fmtNumber(report.agencies.length)} cơ quan)`,
    table(
      [
        'STT',
        'Mã cơ quan',
        'Tên cơ quan',
        'Loại',
        'Trạng thái',
        'Hạn nộp',
        'Hạn nộp lại',
        'Hạn thẩm định',
        'Ngày nộp gần nhất',
        'Số ngày làm việc trễ',
        'Tình trạng hạn',
        'Số lần bị trả lại',
        'Phiên bản',
        'Cảnh báo',
      ],
      report.agencies.map((a, i) => [
        i + 1,
        m(a.code),
        m(a.name),
        m(a.kindLabel),
        m(a.stageLabel),
        fmtDeadline(a.deadlines.submission),
        fmtDeadline(a.deadlines.resubmission),
        fmtDeadline(a.deadlines.review),
        fmtDate(a.lastSubmittedAt),
        a.lateness?.daysLate ?? '',
        fmtDeadlineStatus(a.deadlineStatus),
        a.returnCount,
        a.currentVersion,
        a.escalations.map((e) => m(describeEscalation(e))).join('; '),
      ]),
    ),
  ];
}
