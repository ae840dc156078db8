import { z } from 'zod';
import { assignmentId } from '../../temporal/workflow-ids';
import type { Database } from '../../prisma/database';
import { notFound } from '../../shared/http-errors';

// The resources the API's and the portal's paths name, read one way: the params of a campaign's and
// an agency's paths, and the one lookup of an agency's assignment in a campaign.

export const campaignParams = z.object({ campaignId: z.string().min(1, 'Thiếu mã chiến dịch (campaignId).') });
export const agencyParams = campaignParams.extend({
  agencyCode: z.string().min(1, 'Thiếu mã cơ quan (agencyCode).'),
});

/** The assignment of an agency in a campaign (with its agency), or 404 saying which is missing. */
export async function findAssignment(db: Database, campaignId: string, agencyCode: string) {
  const row = await db.assignment.findUnique({
    where: { id: assignmentId(campaignId, agencyCode) },
    include: { agency: true },
  });
  if (!row)
    throw notFound(`Chiến dịch ${campaignId} không có cơ quan ${agencyCode} (hoặc workflow của cơ quan chưa chạy).`);
  return row;
}
