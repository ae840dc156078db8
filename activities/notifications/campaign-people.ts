import { z } from 'zod';
import type { Database } from '../../prisma/database';
import {
  CAMPAIGN_PEOPLE_FIELDS,
  withCampaignPeople,
  type CampaignPeople,
  type NotificationRequest,
} from '../../domain/notifications';

// Every message names the campaign's own directive, reviewer and service center. A request may leave
// them out: they are read here from the campaign's record (the definition stored at launch), once a
// minute at most per campaign.

const TTL_MS = 60_000;

const storedDefinition = z.object({
  reviewer: z.object({ name: z.string().min(1) }).optional(),
  serviceCenter: z.object({ name: z.string().min(1) }).optional(),
});

export type CampaignPeopleLookup = (campaignId: string) => Promise<Partial<CampaignPeople>>;

export function createCampaignPeopleLookup(db: Database): CampaignPeopleLookup {
  const cache = new Map<string, { at: number; people: Promise<Partial<CampaignPeople>> }>();
  async function read(campaignId: string): Promise<Partial<CampaignPeople>> {
    const row = await db.campaign.findUnique({
      where: { id: campaignId },
      select: { directiveNumber: true, reviewer: true, definition: true },
    });
    if (!row) return {};
    const definition = storedDefinition.safeParse(row.definition ?? {});
    const named = definition.success ? definition.data : {};
    return {
      directive: row.directiveNumber,
      reviewerName: named.reviewer?.name ?? row.reviewer ?? undefined,
      serviceCenterName: named.serviceCenter?.name,
    };
  }
  return (campaignId) => {
    const cached = cache.get(campaignId);
    if (cached && Date.now() - cached.at < TTL_MS) return cached.people;
    const people = read(campaignId);
    cache.set(campaignId, { at: Date.now(), people });
    people.catch(() => cache.delete(campaignId));
    return people;
  };
}

/** The request with the campaign's people filled in where it left them out (no read when none is missing). */
export async function completeWithCampaignPeople<M extends NotificationRequest & { campaignId: string }>(
  message: M,
  lookup: CampaignPeopleLookup,
): Promise<M> {
  const params = (message.params ?? {}) as Record<string, unknown>;
  if (CAMPAIGN_PEOPLE_FIELDS.every((field) => params[field] !== undefined)) return message;
  return withCampaignPeople(message, await lookup(message.campaignId));
}
