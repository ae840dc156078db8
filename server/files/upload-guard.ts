import type { Database } from '../../prisma/database';
import { refuseClosedCollection } from '../campaign/collection-guard';
import { refused } from '../../shared/http-errors';
import { assignmentId } from '../../temporal/workflow-ids';

// An agency uploads files only while it may still deliver: not once the campaign is cancelled or
// the agency withdrawn from it (its workflow has ended), nor once collection is closed for it.

const CONTACT = 'Nếu cần bổ sung, hãy liên hệ Trung tâm Phục vụ - Kiểm soát TTHC tỉnh.';

export async function refuseClosedUploads(db: Database, scope: { campaignId: string; agencyCode: string }) {
  const row = await db.assignment.findUnique({
    where: { id: assignmentId(scope.campaignId, scope.agencyCode) },
    select: { stage: true, campaign: { select: { status: true } } },
  });
  if (row?.campaign.status === 'cancelled')
    throw refused(`Chiến dịch đã bị hủy: không còn nhận tệp; tệp chưa được lưu. ${CONTACT}`);
  if (row?.stage === 'withdrawn')
    throw refused(`Cơ quan đã được rút khỏi chiến dịch: không còn nhận tệp; tệp chưa được lưu. ${CONTACT}`);
  await refuseClosedCollection(db, scope);
}
