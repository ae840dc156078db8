import type { Client } from '@temporalio/client';
import type { Database } from '../prisma/database';
import { formatDate } from '../shared/time';
import { acceptListUpdate, agencyStateQuery, submitListUpdate } from '../workflows/messages';
import type { AgencyList } from '../workflows/agency-list';
import { STAGE_LABELS } from '../workflows/stages';
import { ensureCampaign } from './campaigns';
import { startAgencyWorkflow } from './start-agency';

// The demo that `npm start` runs: letter 751's Sở Tư pháp submits its list and Sở TTTT accepts it.
// Re-running it finds the agency where it was left.

export const DEMO_CAMPAIGN = {
  id: 'demo-751-UBND-TTHC-2024',
  directiveNumber: '751/UBND-TTHC',
  directiveDate: '2024-02-07T00:00:00+07:00',
  title: 'Khẩn trương hoàn thành nhiệm vụ liên quan đến số hóa hồ sơ, giấy tờ trong giải quyết TTHC',
  submissionDeadline: '2024-03-04T23:59:59+07:00',
  approvalDeadline: '2024-03-14T23:59:59+07:00',
};

const DEMO_AGENCY = { code: '000.00.12.H48', name: 'Sở Tư pháp', kind: 'department' as const, email: 'stp@quangngai.gov.vn' };
const REVIEWER = 'Sở Thông tin và Truyền thông';

const DEMO_LIST: AgencyList = {
  procedures: [
    {
      code: '1.001612.000.00.00.H48',
      name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam',
      field: 'Lý lịch tư pháp',
      documents: [
        { name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', kind: 'thanh_phan_ho_so', basis: 'Luật Lý lịch tư pháp 2009' },
        { name: 'Phiếu lý lịch tư pháp', kind: 'ket_qua' },
      ],
    },
  ],
};

export async function runDemo(options: { client: Client; db: Database; taskQueue: string; uiUrl?: string; say: (line: string) => void }): Promise<void> {
  const { client, db, taskQueue, say } = options;
  await ensureCampaign(db, DEMO_CAMPAIGN);
  const { workflowId, started } = await startAgencyWorkflow(client, taskQueue, {
    campaignId: DEMO_CAMPAIGN.id,
    agency: DEMO_AGENCY,
    reviewer: REVIEWER,
    submissionDeadline: DEMO_CAMPAIGN.submissionDeadline,
  });
  say(`${started ? 'Đã giao nhiệm vụ cho' : 'Tiếp tục theo dõi'} ${DEMO_AGENCY.name}, hạn nộp ${formatDate(DEMO_CAMPAIGN.submissionDeadline)}.`);
  if (options.uiUrl) say(`Xem trên Temporal Web UI: ${options.uiUrl}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`);

  const handle = client.workflow.getHandle(workflowId);
  let state = await handle.query(agencyStateQuery);
  if (state.stage === 'assigned') {
    const receipt = await handle.executeUpdate(submitListUpdate, { args: [{ by: DEMO_AGENCY.name, list: DEMO_LIST }] });
    say(`${DEMO_AGENCY.name} đã nộp danh sách (phiên bản ${receipt.version}).`);
  }
  state = await handle.query(agencyStateQuery);
  if (state.stage === 'submitted' || state.stage === 'resubmitted') {
    await handle.executeUpdate(acceptListUpdate, { args: [{ by: REVIEWER, note: 'Danh sách đạt yêu cầu theo Điều 4 Thông tư 01/2023/TT-VPCP.' }] });
    say(`${REVIEWER} đã chấp nhận danh sách của ${DEMO_AGENCY.name}.`);
  }
  state = await handle.query(agencyStateQuery);
  const records = await db.auditEvent.count({ where: { campaignId: DEMO_CAMPAIGN.id } });
  say(`Trạng thái hiện tại: ${STAGE_LABELS[state.stage]}; ${records} sự kiện đã ghi vào cơ sở dữ liệu.`);
}
