import type { Database } from '../../prisma/database';

type CampaignData = Parameters<Database['campaign']['create']>[0]['data'];

/**
 * A campaign's row alone, as a launch writes it (letter 751's directive), for tests of what hangs
 * under a campaign (grants, assignments, reports) without starting any workflow.
 */
export function createCampaignRow(db: Database, id: string, overrides: Partial<CampaignData> = {}) {
  return db.campaign.create({
    data: {
      id,
      directiveNumber: '751/UBND-TTHC',
      directiveDate: new Date('2024-02-07T00:00:00+07:00'),
      title: 'Số hóa',
      submissionDeadline: new Date('2024-03-04T23:59:59+07:00'),
      ...overrides,
    } as CampaignData,
  });
}
