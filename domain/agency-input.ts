import { z } from 'zod';
import { campaignPolicySchema, defaultPolicy } from './policy';
import { INITIAL_STAGES } from './stages';
import { visibleText } from './text';
import { PAYLOAD_LIMITS } from './payload-limits';
import { deliverableDeclarationSchema } from './deliverables/declaration';

export { campaignPolicySchema, type CampaignPolicy } from './policy';

// What starts one agency workflow; the launcher validates it before starting anything.

export const AGENCY_KINDS = ['department', 'police', 'district', 'commune', 'other'] as const;

export const agencyRefSchema = z.object({
  code: z
    .string()
    .overwrite(visibleText)
    .min(1, 'Mã cơ quan không được để trống.')
    .max(PAYLOAD_LIMITS.agencyCode, `Mã cơ quan dài quá ${PAYLOAD_LIMITS.agencyCode} ký tự.`),
  name: z
    .string()
    .overwrite(visibleText)
    .min(1, 'Tên cơ quan không được để trống.')
    .max(PAYLOAD_LIMITS.shortText, `Tên cơ quan dài quá ${PAYLOAD_LIMITS.shortText} ký tự.`),
  kind: z.enum(AGENCY_KINDS, { error: `Loại cơ quan phải là một trong: ${AGENCY_KINDS.join(', ')}.` }),
  email: z.email('Email cơ quan không hợp lệ.').optional(),
});
export type AgencyRef = z.infer<typeof agencyRefSchema>;

const instant = (what: string) =>
  z.iso.datetime({
    offset: true,
    error: `${what} phải là thời điểm ISO 8601 có múi giờ, ví dụ 2024-03-04T23:59:59+07:00.`,
  });
const localDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD.');

/** Working-day calendar computed outside the workflow (holidays need libraries and data). */
export const workCalendarSchema = z.object({
  holidays: z.array(localDay).default([]),
  workingWeekendDays: z.array(localDay).default([]),
  /** The last local day the calendar knows (31/12 of its last year); absent: no bound (weekends-only). */
  coversUntil: localDay.optional(),
});

export const agencyWorkflowInputSchema = z.object({
  campaignId: z.string().overwrite(visibleText).min(1),
  /** The directive's number, shown in notifications. Required: each campaign names its own. */
  directive: z.string().overwrite(visibleText).min(1, 'Thiếu số hiệu văn bản (directive).'),
  agency: agencyRefSchema,
  reviewer: z.string().overwrite(visibleText).min(1, 'Thiếu người thẩm định (reviewer).'),
  serviceCenter: z.string().overwrite(visibleText).min(1, 'Thiếu đơn vị điều hành (serviceCenter).'),
  contacts: z.object({ reviewerEmail: z.email().optional(), serviceCenterEmail: z.email().optional() }).default({}),
  submissionDeadline: instant('Hạn nộp'),
  initialStage: z.enum(INITIAL_STAGES).default('assigned'),
  initialReason: z.string().overwrite(visibleText).optional(),
  calendar: workCalendarSchema.default({ holidays: [], workingWeekendDays: [] }),
  /** The calendar version the launch computed it at (CalendarAnnouncement); 1 when absent. */
  calendarVersion: z.number().int().min(1).optional(),
  policy: campaignPolicySchema.default(defaultPolicy),
  /** Compressed campaign time for demos and drills; the real clock when absent. */
  clock: z
    .object({
      secondsPerDay: z.number().positive(),
      simulatedStart: z.iso.datetime({ offset: true }),
      realStart: z.iso.datetime({ offset: true }),
    })
    .optional(),
  /** The agency's known procedure codes, when the catalogue is known: missing ones are flagged. */
  catalogue: z.array(z.string()).optional(),
  /**
   * What the agency delivers, when the campaign declares it (a form, or a table other than the
   * Article 4 list): deliveries are checked against it. Absent: the Article 4 list (submitList).
   */
  deliverable: deliverableDeclarationSchema.optional(),
});
export type AgencyWorkflowInput = z.infer<typeof agencyWorkflowInputSchema>;
export type AgencyWorkflowStartInput = z.input<typeof agencyWorkflowInputSchema>;
