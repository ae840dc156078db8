import { z } from 'zod';
import { agencyListSchema } from '../../domain/agency-list';
import type { AgencyDeadlines } from '../../domain/deadlines';
import type { ExtensionPolicy, ExtensionRequest } from '../../domain/extension-requests';
import type { DeadlineKind, Stage } from '../../domain/stages';
import type { DeadlineSuspension } from '../../domain/suspension';
import { boundedArray, boundedText } from '../../temporal/message-fields';

// Every message of the agency workflow, declared once: its schemas and types here, its Update and
// Query definitions in ./definitions (re-exported), imported by the workflow, the server, the admin
// script, the reporting job and the tests.

const instant = z.iso.datetime({
  offset: true,
  error: 'Phải là thời điểm ISO 8601 có múi giờ, ví dụ 2024-03-11T23:59:59+07:00.',
});

export const submitListInputSchema = z.object({
  list: agencyListSchema,
  source: z.enum(['json', 'xlsx', 'csv']).default('json'),
});
export type SubmitListInput = z.input<typeof submitListInputSchema>;

/** How a delivery reached dondoc: typed into the portal's form, or read from a file. */
export const DELIVERY_SOURCES = ['form', 'xlsx', 'csv', 'json'] as const;

/** A delivery of the campaign's declared deliverable; its content is checked against the declaration. */
export const submitDeliveryInputSchema = z.object({
  delivery: z.record(z.string(), z.unknown(), {
    error: 'Sản phẩm (delivery) phải là một đối tượng: { fields: {…} } cho biểu mẫu, { rows: […] } cho bảng.',
  }),
  source: z.enum(DELIVERY_SOURCES).default('form'),
});
export type SubmitDeliveryInput = z.input<typeof submitDeliveryInputSchema>;

export const acceptListInputSchema = z.object({
  note: boundedText('Ghi chú (note)').optional(),
});
export type AcceptListInput = z.input<typeof acceptListInputSchema>;

export const returnReasonsSchema = z.object({
  overall: boundedText('Lý do trả lại (overall)', 'longText', 'Thiếu lý do trả lại (overall).').min(
    1,
    'Lý do trả lại (overall) không được để trống.',
  ),
  lines: boundedArray(
    'Các dòng bị trả lại (lines)',
    z.object({
      procedureCode: boundedText('Mã TTHC của dòng bị trả lại', 'shortText').min(
        1,
        'Thiếu mã TTHC của dòng bị trả lại.',
      ),
      documentName: boundedText('Tên giấy tờ của dòng bị trả lại', 'shortText').optional(),
      reason: boundedText('Lý do của dòng bị trả lại').min(1, 'Thiếu lý do của dòng bị trả lại.'),
    }),
  ).default([]),
  /** For a declared deliverable: the places returned (a field, an indicator, a row), each with its reason. */
  places: boundedArray(
    'Các chỗ bị trả lại (places)',
    z.object({
      path: boundedText('Vị trí bị trả lại', 'shortText').min(1, 'Thiếu vị trí bị trả lại.'),
      label: boundedText('Tên chỗ bị trả lại', 'shortText').min(1, 'Thiếu tên chỗ bị trả lại.'),
      reason: boundedText('Lý do của chỗ bị trả lại').min(1, 'Thiếu lý do của chỗ bị trả lại.'),
    }),
  ).optional(),
});
export type ReturnReasons = z.infer<typeof returnReasonsSchema>;

export const returnListInputSchema = z.object({ reasons: returnReasonsSchema });
export type ReturnListInput = z.input<typeof returnListInputSchema>;

export const extendDeadlineInputSchema = z.object({
  /** Which deadline; the one currently running when omitted. */
  kind: z.enum(['submission', 'resubmission', 'review']).optional(),
  deadline: instant,
  reason: boundedText('Lý do gia hạn (reason)').min(1, 'Cần nêu lý do gia hạn.'),
});
export type ExtendDeadlineInput = z.input<typeof extendDeadlineInputSchema>;

const day = (field: string) => {
  const message = `${field} phải là một ngày dạng YYYY-MM-DD, ví dụ 2024-03-12 (thời hạn là hết ngày đó).`;
  return z
    .string({ error: message })
    .regex(/^\d{4}-\d{2}-\d{2}$/, message)
    .refine((value) => {
      const ms = Date.parse(`${value}T00:00:00Z`);
      return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(value);
    }, message);
};

/** An agency (or the Service Center, for a request made on paper) asks for a later deadline. */
export const requestExtensionInputSchema = z.object({
  /** The day asked for: the new deadline is the end of that day. */
  deadline: day('Thời hạn đề nghị (deadline)'),
  reason: boundedText('Lý do xin gia hạn (reason)', 'longText', 'Cần nêu lý do xin gia hạn (reason).').min(
    1,
    'Cần nêu lý do xin gia hạn (reason), ví dụ đang chờ ý kiến của cơ quan cấp trên.',
  ),
});
export type RequestExtensionInput = z.input<typeof requestExtensionInputSchema>;

/** The Service Center grants a request (possibly with another day) or refuses it with a reason. */
const answerExtensionFields = z.object({
  requestId: boundedText('Mã đề nghị gia hạn (requestId)', 'shortText').min(1, 'Thiếu mã đề nghị gia hạn (requestId).'),
  decision: z.enum(['grant', 'refuse'], { error: 'Quyết định (decision) phải là grant hoặc refuse.' }),
  /** Grant only: another day than the one asked for. */
  deadline: day('Thời hạn chấp thuận (deadline)').optional(),
  /** Required to refuse; a note on a grant. */
  reason: boundedText('Lý do (reason)').optional(),
});
const answerRules = <S extends z.ZodType<z.output<typeof answerExtensionFields>>>(schema: S) =>
  schema
    .refine((answer) => answer.decision === 'grant' || (answer.reason ?? '').length > 0, {
      path: ['reason'],
      message: 'Cần nêu lý do không chấp thuận (reason).',
    })
    .refine((answer) => answer.decision === 'grant' || answer.deadline === undefined, {
      path: ['deadline'],
      message: 'Chỉ nêu thời hạn (deadline) khi chấp thuận.',
    });
export const answerExtensionInputSchema = answerRules(answerExtensionFields);
export type AnswerExtensionInput = z.input<typeof answerExtensionInputSchema>;

export const withdrawInputSchema = z.object({
  reason: boundedText('Lý do rút (reason)').min(1, 'Cần nêu lý do rút cơ quan khỏi chiến dịch.'),
});
export type WithdrawInput = z.input<typeof withdrawInputSchema>;

export const escalateInputSchema = z.object({
  reason: boundedText('Lý do báo cáo (reason)').min(1, 'Cần nêu lý do báo cáo.'),
});
export type EscalateInput = z.input<typeof escalateInputSchema>;

export const supportRequestInputSchema = z.object({
  question: boundedText('Câu hỏi (question)').min(5, 'Câu hỏi quá ngắn: hãy nêu rõ TTHC và giấy tờ cần hỗ trợ.'),
});
export type SupportRequestInput = z.input<typeof supportRequestInputSchema>;

export const supportAnswerInputSchema = z.object({
  requestId: boundedText('Mã yêu cầu hỗ trợ (requestId)', 'shortText').min(1, 'Thiếu mã yêu cầu hỗ trợ (requestId).'),
  answer: boundedText('Câu trả lời (answer)').min(1, 'Câu trả lời không được để trống.'),
});
export type SupportAnswerInput = z.input<typeof supportAnswerInputSchema>;

export const remindNowInputSchema = z.object({
  /** A line from the Service Center added to the reminder, e.g. what is still missing. */
  note: boundedText('Ghi chú (note)').optional(),
});
export type RemindNowInput = z.input<typeof remindNowInputSchema>;

export interface RemindNowReceipt {
  /** Which deadline the reminder is about. */
  kind: DeadlineKind;
  deadline: string;
  /** Working days left before the deadline; 0 on its last day or once it has passed. */
  workingDaysLeft: number;
  /** Set once the deadline has passed: working days past it (0 on the deadline's own day). */
  workingDaysLate?: number;
  /** Who it went to: the agency (submission, resubmission) or the reviewer (review). */
  audience: 'agency' | 'reviewer';
  notificationKey: string;
}

export interface TransitionReceipt {
  stage: Stage;
  version: number;
  at: string;
  /** Soft quality findings that travel with a submission to the reviewer. */
  findings?: string[];
}

export type Deadlines = AgencyDeadlines;

/** What the agencyState query returns: the agency's facts and its extension requests (ExtensionState's). */
export interface AgencyState extends AgencyFacts, ExtensionSummary {}

/** The extension requests made so far, oldest first, and the campaign's limits on them. */
export interface ExtensionSummary {
  extensionRequests?: ExtensionRequest[];
  extensionPolicy?: ExtensionPolicy;
  /** The latest deadline a new request may ask for: the running deadline plus the policy's working days. */
  extensionLatestDeadline?: string;
}

/** What the agency workflow's state knows (AgencyWorkflowState). */
export interface AgencyFacts {
  campaignId: string;
  agencyCode: string;
  agencyName: string;
  stage: Stage;
  stageReason?: string;
  version: number;
  returnCount: number;
  deadlines: Deadlines;
  activeDeadline?: { kind: DeadlineKind; at: string };
  overdue: boolean;
  /** Set while the Service Center has suspended the running deadline. */
  suspension?: DeadlineSuspension;
  /** The campaign calendar version the workflow counts on: 1 is the one computed at launch. */
  calendarVersion: number;
  escalations: string[];
  supportRequests: { id: string; answered: boolean }[];
  lastAction?: { action: string; by: string; at: string };
}

export * from './definitions';
