import type { DatabaseTransaction } from '../prisma/database';

// Which working-day calendar a campaign is on: 1 is the one computed at launch; each official
// announcement applied after launch (an audit event `calendar` per agency) makes the next.

type Reader = Pick<DatabaseTransaction, 'auditEvent'>;

export interface CalendarVersion {
  version: number;
  /** The legal basis of the last announcement; absent for the launch calendar. */
  basis?: string;
  at?: string;
}

export async function campaignCalendarVersion(db: Reader, campaignId: string): Promise<CalendarVersion> {
  const events = await db.auditEvent.findMany({
    where: { campaignId, action: 'calendar' },
    select: { payload: true, at: true },
    orderBy: { at: 'desc' },
    take: 200,
  });
  let latest: CalendarVersion = { version: 1 };
  for (const event of events) {
    const payload = (event.payload ?? {}) as { version?: number; basis?: string };
    if (typeof payload.version === 'number' && payload.version > latest.version)
      latest = { version: payload.version, basis: payload.basis, at: event.at.toISOString() };
  }
  return latest;
}

export function describeCalendarVersion(calendar: CalendarVersion): string {
  return calendar.version === 1
    ? 'phiên bản 1 (ngày lễ tính theo luật và các thông báo nghỉ đã có lúc khởi chạy)'
    : `phiên bản ${calendar.version} (thông báo gần nhất: ${calendar.basis ?? '—'})`;
}
