import { escapeHtml as h, escapeMarkdown as m } from '../shared/escape';
import { fmtDate } from './format';
import { describeCalendarVersion, type CalendarVersion } from '../read-side/calendar-version';
import type { OpenSuspension } from '../read-side/suspensions';

// The report's section on deadlines that moved for a reason: agencies whose deadline the Service
// Center suspended.

export interface SuspendedAgency extends OpenSuspension {
  code: string;
  name: string;
}

export interface DeadlineSection {
  /** The working-day calendar version the campaign is on. */
  calendar: CalendarVersion;
  suspended: SuspendedAgency[];
}

const DEADLINE_SECTION_TITLE = '4. Lịch làm việc và tạm dừng thời hạn';

function suspendedRows(section: DeadlineSection): string[][] {
  return section.suspended.map((s) => [s.name, s.code, fmtDate(s.since), s.reason, s.by, String(s.workingDaysLeft)]);
}

const SUSPENDED_HEADER = ['Tên cơ quan', 'Mã', 'Tạm dừng từ', 'Lý do', 'Người thực hiện', 'Ngày làm việc còn lại'];

export function deadlineSectionMarkdown(section: DeadlineSection): string {
  const parts = [`## ${DEADLINE_SECTION_TITLE}`, `Lịch làm việc: ${m(describeCalendarVersion(section.calendar))}.`];
  if (section.suspended.length === 0) parts.push('Không có cơ quan nào đang tạm dừng thời hạn.');
  else {
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    parts.push(
      [
        line(SUSPENDED_HEADER),
        line(SUSPENDED_HEADER.map(() => '---')),
        ...suspendedRows(section).map((r) => line(r.map(m))),
      ].join('\n'),
    );
  }
  return parts.join('\n\n');
}

export function deadlineSectionHtml(section: DeadlineSection): string {
  const body =
    section.suspended.length === 0
      ? '<p class="ok">Không có cơ quan nào đang tạm dừng thời hạn.</p>'
      : `<table><thead><tr>${SUSPENDED_HEADER.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>\n${suspendedRows(
          section,
        )
          .map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`)
          .join('\n')}\n</tbody></table>`;
  const calendar = `<p>Lịch làm việc: ${h(describeCalendarVersion(section.calendar))}.</p>`;
  return `<section>\n<h2>${h(DEADLINE_SECTION_TITLE)}</h2>\n${calendar}\n${body}\n</section>`;
}
