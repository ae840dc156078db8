import type { DatabaseTransaction } from '../prisma/database';
import { calendarDays, latestVersion, type Announcement } from '../domain/calendar/announcements';
import { campaignCalendar } from '../domain/calendar/vietnam';
import { localDay } from '../domain/working-days';

// Which working-day calendar a campaign is on (Campaign.calendarVersion: 1 is the law's, each stored
// announcement the next), and which of its days off and make-up days are official announcements
// versus computed from the law.

type Reader = Pick<DatabaseTransaction, 'campaign' | 'calendarAnnouncement'>;

export interface CalendarDayEntry {
  /** 'YYYY-MM-DD' */
  day: string;
  working: boolean;
  version?: number;
  basis?: string;
}

export interface CalendarVersion {
  version: number;
  /** The latest version stored; the campaign is behind when it is higher. */
  latest?: number;
  /** Days set by announcements in force, within the campaign's dates. */
  official?: CalendarDayEntry[];
  /** Days off and make-up days computed from the law, within the campaign's dates. */
  computed?: CalendarDayEntry[];
  /** The campaign counts weekends only (drills): no holiday, no announcement. */
  weekendsOnly?: boolean;
}

/** The stored announcements, oldest first. */
export async function loadAnnouncementRows(db: Pick<Reader, 'calendarAnnouncement'>): Promise<Announcement[]> {
  const rows = await db.calendarAnnouncement.findMany({ orderBy: { version: 'asc' } });
  return rows.map((r) => ({
    version: r.version,
    basis: r.basis,
    daysOff: r.daysOff as string[],
    workingDays: r.workingDays as string[],
    corrects: r.corrects,
    note: r.note,
    recordedBy: r.recordedBy,
    recordedAt: r.recordedAt,
  }));
}

export async function campaignCalendarVersion(db: Reader, campaignId: string): Promise<CalendarVersion> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!campaign) return { version: 1 };
  const all = await loadAnnouncementRows(db);
  const kind = (campaign.definition as { calendar?: unknown } | null)?.calendar;
  if (kind === 'weekends-only') return { version: campaign.calendarVersion, weekendsOnly: true };
  const end = campaign.approvalDeadline ?? campaign.submissionDeadline;
  const law = campaignCalendar(undefined, [campaign.directiveDate, end]);
  const [from, to] = [localDay(campaign.directiveDate), localDay(end)];
  const days = calendarDays(law, all, campaign.calendarVersion).filter((d) => d.day >= from && d.day <= to);
  const entry = (d: (typeof days)[number]): CalendarDayEntry => ({
    day: d.day,
    working: d.working,
    ...(d.version !== undefined && { version: d.version, basis: d.basis }),
  });
  return {
    version: campaign.calendarVersion,
    latest: latestVersion(all),
    official: days.filter((d) => d.source === 'announcement').map(entry),
    computed: days.filter((d) => d.source === 'law').map(entry),
  };
}

const vnDay = (day: string) => day.split('-').reverse().join('/');
const describeDay = (d: CalendarDayEntry) => `${vnDay(d.day)} ${d.working ? 'làm bù' : 'nghỉ'}`;

export function describeCalendarVersion(calendar: CalendarVersion): string {
  if (calendar.weekendsOnly) return 'chỉ nghỉ thứ Bảy, Chủ nhật (chiến dịch không dùng lịch nghỉ lễ)';
  const behind =
    calendar.latest !== undefined && calendar.latest > calendar.version
      ? ` — chưa cập nhật phiên bản ${calendar.latest} (dondoc calendar apply)`
      : '';
  const official =
    calendar.official && calendar.official.length > 0
      ? `; theo thông báo: ${calendar.official.map((d) => `${describeDay(d)} (${d.basis})`).join(', ')}`
      : '; không có ngày nào theo thông báo sau luật';
  const computedOff = (calendar.computed ?? []).filter((d) => !d.working).length;
  const computedWorking = (calendar.computed ?? []).filter((d) => d.working).length;
  const computed = calendar.computed
    ? `; tính theo luật và lịch nghỉ hằng năm có sẵn: ${computedOff} ngày nghỉ, ${computedWorking} ngày làm bù (xem dondoc calendar list)`
    : '';
  return `phiên bản ${calendar.version}${behind}${calendar.official ? official : ''}${computed}`;
}
