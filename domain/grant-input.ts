import { z } from 'zod';
import { EVERY_CAMPAIGN, PROVINCE_WIDE_ROLES, ROLES } from './access';

// What an operator or an administrator types to grant a role (the admin script, the API), checked
// before it reaches the database.

export const emailSchema = z
  .string({ error: 'Thiếu địa chỉ email (email).' })
  .trim()
  .toLowerCase()
  .pipe(z.email('Địa chỉ email (email) không hợp lệ, ví dụ nguyenvana@quangngai.gov.vn.'));

export const grantInputSchema = z
  .object({
    email: emailSchema,
    name: z.string().trim().min(1, 'Tên người dùng (name) không được để trống.').optional(),
    role: z.enum(ROLES, { error: `Vai trò (role) phải là một trong: ${ROLES.join(', ')}.` }),
    campaignId: z.string().trim().default(''),
    agencyCode: z.string().trim().default(''),
    /** An administrator's explicit leave for one person to be approver and operator of one campaign. */
    allowApproverOperator: z
      .boolean({
        error:
          'Cho phép một người vừa phê duyệt vừa điều hành chiến dịch (allowApproverOperator) phải là true hoặc false.',
      })
      .optional(),
  })
  // Only an administrator and the province's Service Center (operator) act for every campaign.
  .refine((g) => PROVINCE_WIDE_ROLES.includes(g.role) || g.campaignId !== EVERY_CAMPAIGN, {
    path: ['campaignId'],
    message: 'Vai trò này gắn với một chiến dịch: hãy nêu mã chiến dịch (campaignId).',
  })
  .refine((g) => (g.role === 'agency') === (g.agencyCode !== ''), {
    path: ['agencyCode'],
    message: 'Mã cơ quan (agencyCode) cần cho vai trò agency, và chỉ cho vai trò đó.',
  })
  .refine((g) => g.role !== 'admin' || g.campaignId === '', {
    path: ['campaignId'],
    message: 'Quản trị hệ thống (admin) không gắn với chiến dịch: bỏ mã chiến dịch (campaignId).',
  });
export type GrantInput = z.input<typeof grantInputSchema>;
