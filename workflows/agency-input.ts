import { z } from 'zod';

// What starts one agency workflow; the launcher validates it before starting anything.

export const AGENCY_KINDS = ['department', 'police', 'district', 'commune', 'other'] as const;

export const agencyRefSchema = z.object({
  code: z.string().trim().min(1, 'Mã cơ quan không được để trống.'),
  name: z.string().trim().min(1, 'Tên cơ quan không được để trống.'),
  kind: z.enum(AGENCY_KINDS, { error: `Loại cơ quan phải là một trong: ${AGENCY_KINDS.join(', ')}.` }),
  email: z.email('Email cơ quan không hợp lệ.').optional(),
});
export type AgencyRef = z.infer<typeof agencyRefSchema>;

export const agencyWorkflowInputSchema = z.object({
  campaignId: z.string().trim().min(1),
  agency: agencyRefSchema,
  reviewer: z.string().trim().min(1, 'Thiếu người thẩm định (reviewer).'),
  submissionDeadline: z.iso.datetime({ offset: true, error: 'Hạn nộp phải là thời điểm ISO 8601 có múi giờ, ví dụ 2024-03-04T23:59:59+07:00.' }),
  initialStage: z.enum(['assigned', 'returned']).default('assigned'),
  initialReason: z.string().trim().optional(),
});
export type AgencyWorkflowInput = z.infer<typeof agencyWorkflowInputSchema>;

/** Readable, stable IDs: the Web UI shows them and the admin script derives them. */
export function agencyWorkflowId(campaignId: string, agencyCode: string): string {
  return `campaign:${campaignId}:agency:${agencyCode}`;
}

export function assignmentId(campaignId: string, agencyCode: string): string {
  return `${campaignId}/${agencyCode}`;
}
