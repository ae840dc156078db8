import type { Database } from '../../prisma/database';
import { campaignCalendarVersion } from '../../read-side/calendar-version';

// The working-day calendar a campaign counts its deadlines on, as the portal shows it: its version,
// whether a newer one is stored, and the days set by official announcements (with their basis).

export interface CalendarView {
  version: number;
  weekendsOnly: boolean;
  /** A newer stored version the campaign is not on yet. */
  newer?: number;
  /** 'dd/mm/yyyy nghỉ (basis)' or 'dd/mm/yyyy làm bù (basis)', within the campaign's dates. */
  official: string[];
  /** Days off and make-up days computed from the law, counted. */
  computedOff: number;
  computedWorking: number;
}

/** What a list of assignments shows of the calendar a campaign's deadlines count on. */
export interface CalendarLine {
  version: number;
  weekendsOnly: boolean;
  /** A newer stored version the campaign is not on yet. */
  newer?: number;
}

/** The newest calendar version stored (1, the law's, when no announcement is). */
export async function latestCalendarVersion(db: Pick<Database, 'calendarAnnouncement'>): Promise<number> {
  const row = await db.calendarAnnouncement.findFirst({ orderBy: { version: 'desc' }, select: { version: true } });
  return Math.max(1, row?.version ?? 1);
}

export function calendarLine(campaign: { calendarVersion: number; definition: unknown }, latest: number): CalendarLine {
  const weekendsOnly = (campaign.definition as { calendar?: unknown } | null)?.calendar === 'weekends-only';
  return {
    version: campaign.calendarVersion,
    weekendsOnly,
    newer: !weekendsOnly && latest > campaign.calendarVersion ? latest : undefined,
  };
}

/** The fragment of an agency's page where its campaign's calendar is described. */
export const CALENDAR_FRAGMENT = 'lich-lam-viec';

const vnDay = (day: string) => day.split('-').reverse().join('/');

export async function calendarView(db: Database, campaignId: string): Promise<CalendarView> {
  const calendar = await campaignCalendarVersion(db, campaignId);
  return {
    version: calendar.version,
    weekendsOnly: calendar.weekendsOnly ?? false,
    newer: calendar.latest !== undefined && calendar.latest > calendar.version ? calendar.latest : undefined,
    official: (calendar.official ?? []).map(
      (d) => `${vnDay(d.day)} ${d.working ? 'làm bù' : 'nghỉ'}${d.basis ? ` (${d.basis})` : ''}`,
    ),
    computedOff: (calendar.computed ?? []).filter((d) => !d.working).length,
    computedWorking: (calendar.computed ?? []).filter((d) => d.working).length,
  };
}
