import type { CampaignDefinition } from '../../campaign-files/campaign-definition';
import { uniqueId } from './harness';
import { defaultPolicy } from '../../domain/policy';

// A small campaign in the shape of letter 751, with its own ID so each test stands alone.
export function sampleCampaign(overrides: Partial<CampaignDefinition> = {}): CampaignDefinition {
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  return {
    id: uniqueId('751-test'),
    directive: {
      number: '751/UBND-TTHC',
      date: '2024-02-07',
      title: 'Khẩn trương hoàn thành nhiệm vụ số hóa hồ sơ, giấy tờ',
    },
    deadlines: { submission: inDays(20), approval: inDays(30) },
    calendar: 'weekends-only',
    policy: { ...defaultPolicy(), reminderOffsets: [3, 1], resubmissionWorkingDays: 5, reviewWorkingDays: 5 },
    reviewer: { name: 'Sở Thông tin và Truyền thông', email: 'stttt@example.gov.vn' },
    approver: { name: 'Chủ tịch UBND tỉnh', email: 'chutich@example.gov.vn' },
    serviceCenter: { name: 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh', email: 'ttpv@example.gov.vn' },
    agencies: [
      {
        code: 'so-tu-phap',
        name: 'Sở Tư pháp',
        kind: 'department',
        email: 'stp@example.gov.vn',
        stage: 'returned',
        reason: 'Kết quả rà soát trước chưa đạt',
      },
      { code: 'so-y-te', name: 'Sở Y tế', kind: 'department', email: 'syt@example.gov.vn', stage: 'assigned' },
      {
        code: 'ubnd-huyen-binh-son',
        name: 'UBND huyện Bình Sơn',
        kind: 'district',
        email: 'binhson@example.gov.vn',
        stage: 'assigned',
      },
    ],
    ...overrides,
  };
}
