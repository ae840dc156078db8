import { formatDate, formatDateTime } from './time';

// When a campaign's deadlines make sense. Checked before anything is written or started: a campaign
// launched with its deadlines already past would escalate every agency at once.

export interface CampaignDates {
  directive: { date: string };
  deadlines: { submission: string; approval: string };
}

/** Local midnight (Asia/Ho_Chi_Minh) that starts the directive's day. */
function directiveDayStart(date: string): number {
  return Date.parse(`${date}T00:00:00+07:00`);
}

/** Problems that hold whatever the clock says: each names its field and the fix. */
export function deadlineOrderProblems(dates: CampaignDates): { path: string[]; message: string }[] {
  const issued = directiveDayStart(dates.directive.date);
  if (Number.isNaN(issued)) return [];
  const problems: { path: string[]; message: string }[] = [];
  for (const [field, label] of [
    ['submission', 'Hạn nộp'],
    ['approval', 'Hạn phê duyệt'],
  ] as const) {
    const at = Date.parse(dates.deadlines[field]);
    if (!Number.isNaN(at) && at < issued)
      problems.push({
        path: ['deadlines', field],
        message: `${label} (${formatDateTime(new Date(at))}) ở trước ngày ban hành văn bản (directive.date: ${formatDate(new Date(issued))}). Cách sửa: đặt hạn sau ngày ban hành văn bản, hoặc sửa directive.date.`,
      });
  }
  return problems;
}

/**
 * Problems at the moment of launch (`now`: campaign time, which a drill's compressed clock sets to
 * the directive's day). A submission deadline already past is refused outside a drill.
 */
export function launchDeadlineProblems(dates: CampaignDates, now: number): string[] {
  const problems = deadlineOrderProblems(dates).map((p) => `${p.path.join('.')}: ${p.message}`);
  const submission = Date.parse(dates.deadlines.submission);
  if (problems.length === 0 && submission <= now)
    problems.push(
      `deadlines.submission: hạn nộp (${formatDateTime(new Date(submission))}) đã qua (bây giờ là ${formatDateTime(new Date(now))}); khởi chạy lúc này thì mọi cơ quan đều quá hạn ngay. ` +
        'Cách sửa: đặt hạn nộp trong tương lai (dời hạn cho chiến dịch đang chạy bằng "campaign extend"), hoặc diễn tập trên đồng hồ rút gọn bằng "campaign launch --drill".',
    );
  return problems;
}
