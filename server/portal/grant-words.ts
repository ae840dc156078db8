import { EVERY_CAMPAIGN, ROLE_LABELS, type Grant } from '../../domain/access';
import type { Database } from '../../prisma/database';

// A person's grants as they read them on the home page: the role in words, the campaign by its
// directive's number and subject, the agency by its name; never a role or agency code.

const capitalized = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

export async function grantsInWords(db: Database, grants: readonly Grant[]): Promise<string[]> {
  const campaignIds = [...new Set(grants.map((g) => g.campaignId).filter((id) => id !== EVERY_CAMPAIGN))];
  const withAgency = grants.filter((g) => g.agencyCode);
  const [campaigns, agencies] = await Promise.all([
    db.campaign.findMany({
      where: { id: { in: campaignIds } },
      select: { id: true, directiveNumber: true, title: true },
    }),
    withAgency.length > 0
      ? db.agency.findMany({
          where: { OR: withAgency.map((g) => ({ campaignId: g.campaignId, code: g.agencyCode })) },
          select: { campaignId: true, code: true, name: true },
        })
      : [],
  ]);
  const campaignWords = (id: string) => {
    const campaign = campaigns.find((c) => c.id === id);
    return campaign ? `chiến dịch ${campaign.directiveNumber} (${campaign.title})` : 'một chiến dịch chưa khởi chạy';
  };
  return grants.map((g) => {
    const role = capitalized(ROLE_LABELS[g.role]);
    if (g.campaignId === EVERY_CAMPAIGN) return g.role === 'admin' ? role : `${role}, cho mọi chiến dịch của tỉnh`;
    if (g.agencyCode) {
      const agency = agencies.find((a) => a.campaignId === g.campaignId && a.code === g.agencyCode);
      return `Cán bộ của ${agency?.name ?? 'một cơ quan'}, trong ${campaignWords(g.campaignId)}`;
    }
    return `${role} của ${campaignWords(g.campaignId)}`;
  });
}
