import { z } from 'zod';
import { DEADLINE_ESCALATION_KINDS, ESCALATION_KINDS } from './escalations';
import { INITIAL_STAGES } from './stages';

// The params each notification kind needs (domain/notifications.ts joins them into the contract),
// with Vietnamese messages whose path names the field.

// ---------- field builders (Vietnamese messages; the path in the error names the field) ----------

const text = (label: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `Thiếu ${label}.` : `${label} phải là chuỗi ký tự.`) })
    .trim()
    .min(1, `${label} không được để trống.`);

const optionalText = (label: string) => text(label).optional();

/** An instant with an explicit offset ("before 05/3/2024" is ambiguous; an instant is not). */
const instant = (label: string) => {
  const message = `${label} phải là thời điểm ISO 8601 có múi giờ, ví dụ 2024-03-04T23:59:59+07:00.`;
  return z
    .union([z.date({ error: message }), z.iso.datetime({ offset: true, error: message })], {
      error: (issue) => (issue.input === undefined ? `Thiếu ${label}.` : message),
    })
    .transform((value) => new Date(value));
};

const count = (label: string, min: number) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? `Thiếu ${label}.` : `${label} phải là số.`) })
    .int(`${label} phải là số nguyên.`)
    .min(min, `${label} phải từ ${min} trở lên.`);

/** Optional free text where a blank string (e.g. an empty join of findings) means "none". */
const blankable = (label: string) =>
  z
    .string({ error: `${label} phải là chuỗi ký tự.` })
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined));

// Common to every message: the directive the campaign carries out and the campaign's own people.
// No default: each campaign names its reviewer and service center.
const directive = {
  directive: text('số hiệu công văn (directive)'),
  directiveDate: instant('ngày công văn (directiveDate)').optional(),
  reviewerName: text('cơ quan thẩm định (reviewerName)'),
  serviceCenterName: text('đơn vị điều hành (serviceCenterName)'),
  /** What agencies deliver, when the campaign declares it (its title); the Article 4 list when absent. */
  deliverable: optionalText('sản phẩm cần nộp (deliverable)'),
};

/** The campaign's people every message carries; the outbox fills those a request leaves out from the campaign's record. */
export const CAMPAIGN_PEOPLE_FIELDS = ['directive', 'reviewerName', 'serviceCenterName'] as const;
export type CampaignPeople = Record<(typeof CAMPAIGN_PEOPLE_FIELDS)[number], string>;

const DEFAULT_TASK =
  'Rà soát, lập danh sách giấy tờ cần số hóa của từng thủ tục hành chính (Điều 4 Thông tư số 01/2023/TT-VPCP)';
const DEFAULT_HOW_TO_SUBMIT =
  'Lập danh sách theo tệp mẫu mau-danh-sach-giay-to-so-hoa.xlsx (mỗi dòng một giấy tờ) và gửi qua hệ thống dondoc.';

// ---------- params per kind ----------

export const assignedParams = z.object({
  ...directive,
  agencyName: text('tên cơ quan (agencyName)'),
  task: text('nội dung nhiệm vụ (task)').default(DEFAULT_TASK),
  deadline: instant('hạn nộp (deadline)'),
  howToSubmit: text('hướng dẫn cách nộp (howToSubmit)').default(DEFAULT_HOW_TO_SUBMIT),
  /** Re-review agencies start as `returned`: their earlier result was inadequate. */
  initialStage: z.enum(INITIAL_STAGES, { error: 'initialStage phải là assigned hoặc returned.' }).default('assigned'),
  reason: blankable('lý do (reason)'),
  note: blankable('ghi chú (note)'),
});

/** A reminder the Service Center sends by hand ("remind now"), possibly after the deadline. */
const onDemand = {
  workingDaysLate: count('số ngày làm việc quá hạn (workingDaysLate)', 0).optional(),
  note: blankable('lời nhắn (note)'),
  requestedBy: blankable('người yêu cầu nhắc (requestedBy)'),
};

export const reminderParams = z.object({
  ...directive,
  agencyName: text('tên cơ quan (agencyName)'),
  task: text('nội dung nhiệm vụ (task)').default(DEFAULT_TASK),
  deadline: instant('hạn nộp (deadline)'),
  workingDaysLeft: count('số ngày làm việc còn lại (workingDaysLeft)', 0),
  /** Which deadline: the first submission, or the resubmission after a return. */
  deadlineKind: z
    .enum(['submission', 'resubmission'], { error: 'deadlineKind phải là submission hoặc resubmission.' })
    .default('submission'),
  howToSubmit: blankable('hướng dẫn cách nộp (howToSubmit)'),
  ...onDemand,
});

/** Same shape as the reviewer's return request (workflows/messages.ts), plus optional row details. */
const returnReasons = z.object(
  {
    overall: text('lý do trả lại chung (reasons.overall)'),
    lines: z
      .array(
        z.object({
          /** Row of the list, counted from 1 as people read it. */
          line: count('số dòng (line)', 1).optional(),
          procedureCode: optionalText('mã TTHC (procedureCode)'),
          procedureName: optionalText('tên TTHC (procedureName)'),
          documentName: optionalText('tên giấy tờ (documentName)'),
          reason: text('lý do (reason)'),
        }),
        { error: 'reasons.lines phải là danh sách lý do theo dòng.' },
      )
      .default([]),
    /** A declared deliverable's places returned (a field, an indicator, a row), each with its reason. */
    places: z
      .array(z.object({ label: text('chỗ bị trả lại (label)'), reason: text('lý do (reason)') }), {
        error: 'reasons.places phải là danh sách lý do theo từng chỗ.',
      })
      .default([]),
  },
  {
    error: (issue) =>
      issue.input === undefined ? 'Thiếu lý do trả lại (reasons).' : 'reasons phải có dạng { overall, lines }.',
  },
);

export const returnedParams = z.object({
  ...directive,
  agencyName: text('tên cơ quan (agencyName)'),
  /** Absent for the re-review agencies, whose earlier result predates the system. */
  version: count('phiên bản (version)', 1).optional(),
  reasons: returnReasons,
  resubmissionDeadline: instant('hạn nộp lại (resubmissionDeadline)'),
  howToSubmit: blankable('hướng dẫn cách nộp (howToSubmit)'),
});

export const acceptedParams = z.object({
  ...directive,
  agencyName: text('tên cơ quan (agencyName)'),
  version: count('phiên bản (version)', 1),
  acceptedAt: instant('thời điểm chấp nhận (acceptedAt)').optional(),
  note: blankable('ghi chú (note)'),
});

export const submissionReceivedParams = z.object({
  ...directive,
  agencyName: text('tên cơ quan (agencyName)'),
  agencyCode: blankable('mã cơ quan (agencyCode)'),
  version: count('phiên bản (version)', 1),
  /** Defaults to version > 1; a re-review agency resubmits with version 1. */
  resubmission: z.boolean({ error: 'resubmission phải là true hoặc false.' }).optional(),
  submittedAt: instant('thời điểm nộp (submittedAt)').optional(),
  /** Summary of the changes from the previous version, prepared by the caller. */
  changes: blankable('tóm tắt thay đổi (changes)'),
  /** Automatic quality findings, prepared by the caller; blank means none. */
  findings: blankable('kết quả kiểm tra chất lượng (findings)'),
  reviewDeadline: instant('hạn thẩm định (reviewDeadline)'),
});

export const reviewReminderParams = z.object({
  ...directive,
  agencyName: text('tên cơ quan (agencyName)'),
  version: count('phiên bản (version)', 1),
  submittedAt: instant('thời điểm nộp (submittedAt)').optional(),
  deadline: instant('hạn thẩm định (deadline)'),
  workingDaysLeft: count('số ngày làm việc còn lại (workingDaysLeft)', 0),
  ...onDemand,
});

export const deadlineExtendedParams = z.object({
  ...directive,
  agencyName: text('tên cơ quan (agencyName)'),
  deadlineKind: z.enum(['submission', 'resubmission', 'review'], {
    error: 'deadlineKind phải là submission, resubmission hoặc review.',
  }),
  /** Who reads it; absent: the agency, or the campaign's reviewer for a review deadline. */
  recipientName: optionalText('nơi nhận (recipientName)'),
  deadline: instant('thời hạn mới (deadline)'),
  previousDeadline: instant('thời hạn cũ (previousDeadline)').optional(),
  reason: text('lý do gia hạn (reason)'),
});

/** An extension request (xin gia hạn), to the Service Center: made, or its answer deadline near. */
export const extensionRequestParams = z.object({
  ...directive,
  agencyName: text('tên cơ quan (agencyName)'),
  agencyCode: blankable('mã cơ quan (agencyCode)'),
  requestId: text('mã đề nghị (requestId)'),
  deadlineKind: z.enum(['submission', 'resubmission', 'review'], {
    error: 'deadlineKind phải là submission, resubmission hoặc review.',
  }),
  currentDeadline: instant('thời hạn hiện tại (currentDeadline)'),
  requestedDeadline: instant('thời hạn đề nghị (requestedDeadline)'),
  workingDays: count('số ngày làm việc xin thêm (workingDays)', 1),
  reason: text('lý do xin gia hạn (reason)'),
  requestedBy: text('người đề nghị (requestedBy)'),
  answerDeadline: instant('hạn trả lời (answerDeadline)'),
});

/** The Service Center's answer, to the agency. */
export const extensionAnswerParams = z.object({
  ...directive,
  agencyName: text('tên cơ quan (agencyName)'),
  requestId: text('mã đề nghị (requestId)'),
  deadlineKind: z.enum(['submission', 'resubmission', 'review'], {
    error: 'deadlineKind phải là submission, resubmission hoặc review.',
  }),
  currentDeadline: instant('thời hạn hiện tại (currentDeadline)'),
  requestedDeadline: instant('thời hạn đề nghị (requestedDeadline)'),
  /** Granted only: the new deadline (the one asked for, or another). */
  grantedDeadline: instant('thời hạn mới (grantedDeadline)').optional(),
  answer: blankable('ý kiến trả lời (answer)'),
  decidedBy: text('người trả lời (decidedBy)'),
});

export const escalationParams = z
  .object({
    ...directive,
    escalationKind: z.enum(ESCALATION_KINDS, {
      error: `escalationKind phải là một trong: ${ESCALATION_KINDS.join(', ')}.`,
    }),
    /** Absent: the campaign's service center. */
    recipientName: optionalText('nơi nhận (recipientName)'),
    /** The agency concerned; absent only when the approval itself is overdue. */
    agencyName: optionalText('tên cơ quan (agencyName)'),
    agencyCode: blankable('mã cơ quan (agencyCode)'),
    deadline: instant('thời hạn (deadline)').optional(),
    raisedAt: instant('thời điểm ghi nhận (raisedAt)').optional(),
    raisedBy: optionalText('người báo cáo (raisedBy)'),
    /** Lines of text, or the escalation's evidence object (one line per key). */
    evidence: z.union([z.array(text('căn cứ')).min(1), z.record(z.string(), z.unknown())], {
      error: (issue) =>
        issue.input === undefined
          ? 'Thiếu căn cứ (evidence).'
          : 'evidence phải là danh sách chuỗi (ít nhất một) hoặc một object.',
    }),
  })
  .superRefine((params, ctx) => {
    if (params.escalationKind !== 'approval_overdue' && !params.agencyName) {
      ctx.addIssue({
        code: 'custom',
        path: ['agencyName'],
        message: `Thiếu tên cơ quan (agencyName) cho cảnh báo ${params.escalationKind}.`,
      });
    }
    if (DEADLINE_ESCALATION_KINDS.includes(params.escalationKind) && !params.deadline) {
      ctx.addIssue({
        code: 'custom',
        path: ['deadline'],
        message: `Thiếu thời hạn (deadline) cho cảnh báo ${params.escalationKind}.`,
      });
    }
    if (!Array.isArray(params.evidence) && Object.keys(params.evidence).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['evidence'], message: 'Phải có ít nhất một căn cứ (evidence).' });
    }
  });

export const supportRequestParams = z.object({
  ...directive,
  /** Absent: the campaign's reviewer and service center. */
  recipientName: optionalText('nơi nhận (recipientName)'),
  agencyName: text('tên cơ quan (agencyName)'),
  question: text('câu hỏi (question)'),
  askedBy: text('người hỏi (askedBy)'),
  askedAt: instant('thời điểm hỏi (askedAt)').optional(),
  requestId: optionalText('mã yêu cầu (requestId)'),
});

export const supportAnswerParams = z.object({
  ...directive,
  agencyName: text('tên cơ quan (agencyName)'),
  question: blankable('câu hỏi (question)'),
  askedAt: instant('thời điểm hỏi (askedAt)').optional(),
  answer: text('nội dung trả lời (answer)'),
  answeredBy: text('người trả lời (answeredBy)'),
  answeredAt: instant('thời điểm trả lời (answeredAt)').optional(),
  requestId: optionalText('mã yêu cầu (requestId)'),
});

/** The consolidated catalogue's journey: ready for approval, reminder, sent back, approved. */
export const catalogueParams = z.object({
  ...directive,
  event: z.enum(['ready', 'approval_reminder', 'sent_back', 'approved'], {
    error: 'event phải là ready, approval_reminder, sent_back hoặc approved.',
  }),
  recipientName: text('nơi nhận (recipientName)'),
  entries: count('số dòng danh mục (entries)', 0).optional(),
  agencies: count('số cơ quan (agencies)', 0).optional(),
  missing: count('số cơ quan chưa có danh sách (missing)', 0).optional(),
  deadline: instant('hạn phê duyệt (deadline)').optional(),
  workingDaysLeft: count('số ngày làm việc còn lại (workingDaysLeft)', 0).optional(),
  reasons: blankable('lý do (reasons)'),
  decisionNumber: blankable('số quyết định (decisionNumber)'),
  decisionDate: blankable('ngày quyết định (decisionDate)'),
  signer: blankable('người ký (signer)'),
  files: z.array(z.string()).default([]),
});
