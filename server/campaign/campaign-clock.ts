import { campaignClockOf, type CampaignClock } from '../../domain/clock';
import type { Database } from '../../prisma/database';
import { loadCampaignRow } from '../../read-side/campaign-roles';

// Campaign time for a request: the server's real now (`context.now()`, which tests may shift) read
// through the campaign's stored clock (a rehearsal's compressed one, or the real clock). Every
// campaign-scoped read takes its "now" from here, never from the machine's clock.

export interface CampaignTime {
  clock: CampaignClock;
  /** Campaign time at the request's real now. */
  now: Date;
}

/** The campaign's clock, read once from the definition stored at launch, and its time at `realNow`. */
export async function loadCampaignTime(db: Database, campaignId: string, realNow: Date): Promise<CampaignTime> {
  const clock = campaignClockOf((await loadCampaignRow(db, campaignId)).definition);
  return { clock, now: new Date(clock.at(realNow.getTime())) };
}

/** The campaign's time at `realNow` (the Vietnamese 404 for an unknown campaign). */
export async function loadCampaignNow(db: Database, campaignId: string, realNow: Date): Promise<Date> {
  return (await loadCampaignTime(db, campaignId, realNow)).now;
}
