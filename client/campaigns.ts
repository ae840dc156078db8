import type { Database } from '../prisma/database';

export interface CampaignRecord {
  id: string;
  directiveNumber: string;
  directiveDate: string;
  title: string;
  submissionDeadline: string;
  approvalDeadline?: string;
}

/** Records the campaign before any agency workflow starts; re-running changes nothing. */
export async function ensureCampaign(db: Database, campaign: CampaignRecord): Promise<void> {
  await db.campaign.upsert({
    where: { id: campaign.id },
    create: {
      id: campaign.id,
      directiveNumber: campaign.directiveNumber,
      directiveDate: new Date(campaign.directiveDate),
      title: campaign.title,
      submissionDeadline: new Date(campaign.submissionDeadline),
      approvalDeadline: campaign.approvalDeadline ? new Date(campaign.approvalDeadline) : null,
    },
    update: {},
  });
}
