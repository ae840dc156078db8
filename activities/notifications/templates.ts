import { z } from 'zod';
import { ESCALATION_KINDS, type EscalationKind } from '../escalations';
import { formatDate, formatDateTime } from '../../domain/time';

// Every message the campaign sends, in one place: Vietnamese text for people, dates in
// Asia/Ho_Chi_Minh. Params cross a Temporal boundary (JSON), so instants arrive as ISO strings
// and are validated here; a missing or malformed param fails with a message naming the field.

export const REVIEWER_NAME = 'Sở Thông tin và Truyền thông';
export const SERVICE_CENTER_NAME = 'Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh';

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

// Common to every message: the directive the campaign carries out, e.g. 751/UBND-TTHC.
const directive = {
  directive: text('số hiệu công văn (directive)'),
  directiveDate: instant('ngày công văn (directiveDate)').optional(),
};

const DEFAULT_TASK =
  'Rà soát, lập danh sách giấy tờ cần số hóa của từng thủ tục hành chính (Điều 4 Thông tư số 01/2023/TT-VPCP)';
const DEFAULT_HOW_TO_SUBMIT =
  'Lập danh sách theo tệp mẫu mau-danh-sach-giay-to-so-hoa.xlsx (mỗi dòng một giấy tờ) và gửi qua hệ thống dondoc; ' +
  'nếu vướng mắc, liên hệ Sở Thông tin và Truyền thông hoặc Trung tâm Phục vụ - Kiểm soát TTHC tỉnh để được hỗ trợ.';

// ---------- params per kind ----------

const assignedParams = z.object({
  ...directive,
  agencyName: text('tên cơ quan (agencyName)'),
  task: text('nội dung nhiệm vụ (task)').default(DEFAULT_TASK),
  deadline: instant('hạn nộp (deadline)'),
  howToSubmit: text('hướng dẫn cách nộp (howToSubmit)').default(DEFAULT_HOW_TO_SUBMIT),
  reviewerName: text('cơ quan thẩm định (reviewerName)').default(REVIEWER_NAME),
  /** The seven re-review agencies of letter 751 start as `returned`: their earlier result was inadequate. */
  initialStage: z
    .enum(['assigned', 'returned'], { error: 'initialStage phải là assigned hoặc returned.' })
    .default('assigned'),
  reason: blankable('lý do (reason)'),
  note: blankable('ghi chú (note)'),
});

/** A reminder the Service Center sends by hand ("remind now"), possibly after the deadline. */
const onDemand = {
  workingDaysLate: count('số ngày làm việc quá hạn (workingDaysLate)', 0).optional(),
  note: blankable('lời nhắn (note)'),
  requestedBy: blankable('người yêu cầu nhắc (requestedBy)'),
};

const reminderParams = z.object({
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
  },
  {
    error: (issue) =>
      issue.input === undefined ? 'Thiếu lý do trả lại (reasons).' : 'reasons phải có dạng { overall, lines }.',
  },
);

const returnedParams = z.object({
  ...directive,
  agencyName: text('tên cơ quan (agencyName)'),
  /** Absent for the re-review agencies, whose earlier result predates the system. */
  version: count('phiên bản (version)', 1).optional(),
  reviewerName: text('cơ quan thẩm định (reviewerName)').default(REVIEWER_NAME),
  reasons: returnReasons,
  resubmissionDeadline: instant('hạn nộp lại (resubmissionDeadline)'),
  howToSubmit: blankable('hướng dẫn cách nộp (howToSubmit)'),
});

const acceptedParams = z.object({
  ...directive,
  agencyName: text('tên cơ quan (agencyName)'),
  version: count('phiên bản (version)', 1),
  reviewerName: text('cơ quan thẩm định (reviewerName)').default(REVIEWER_NAME),
  acceptedAt: instant('thời điểm chấp nhận (acceptedAt)').optional(),
  note: blankable('ghi chú (note)'),
});

const submissionReceivedParams = z.object({
  ...directive,
  reviewerName: text('cơ quan thẩm định (reviewerName)').default(REVIEWER_NAME),
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

const reviewReminderParams = z.object({
  ...directive,
  reviewerName: text('cơ quan thẩm định (reviewerName)').default(REVIEWER_NAME),
  agencyName: text('tên cơ quan (agencyName)'),
  version: count('phiên bản (version)', 1),
  submittedAt: instant('thời điểm nộp (submittedAt)').optional(),
  deadline: instant('hạn thẩm định (deadline)'),
  workingDaysLeft: count('số ngày làm việc còn lại (workingDaysLeft)', 0),
  ...onDemand,
});

const DEADLINE_KIND_LABELS = {
  submission: 'nộp danh sách',
  resubmission: 'nộp lại danh sách',
  review: 'thẩm định danh sách',
} as const;

const deadlineExtendedParams = z.object({
  ...directive,
  agencyName: text('tên cơ quan (agencyName)'),
  deadlineKind: z.enum(['submission', 'resubmission', 'review'], {
    error: 'deadlineKind phải là submission, resubmission hoặc review.',
  }),
  /** Who reads it: the agency, or the reviewer for a review deadline. */
  recipientName: optionalText('nơi nhận (recipientName)'),
  deadline: instant('thời hạn mới (deadline)'),
  previousDeadline: instant('thời hạn cũ (previousDeadline)').optional(),
  reason: text('lý do gia hạn (reason)'),
});

export const ESCALATION_LABELS: Record<EscalationKind, string> = {
  submission_overdue: 'Quá hạn nộp danh sách',
  resubmission_overdue: 'Quá hạn nộp lại danh sách sau khi bị trả lại',
  review_overdue: 'Quá hạn thẩm định danh sách',
  perfunctory: 'Thực hiện mang tính đối phó (danh sách bị trả lại nhiều lần)',
  manual: 'Báo cáo của cán bộ theo dõi',
  missing_at_consolidation: 'Chưa có danh sách được chấp nhận khi tổng hợp',
  approval_overdue: 'Quá hạn phê duyệt danh mục tổng hợp',
};

const DEADLINE_ESCALATIONS: readonly EscalationKind[] = [
  'submission_overdue',
  'resubmission_overdue',
  'review_overdue',
  'approval_overdue',
];

// Evidence as the escalation row stores it (a JSON object) gets readable labels for known keys.
const EVIDENCE_LABELS: Record<string, string> = {
  stage: 'Trạng thái',
  version: 'Phiên bản',
  returnCount: 'Số lần bị trả lại',
  reason: 'Lý do',
  lastReasons: 'Lý do trả lại gần nhất',
  by: 'Người báo cáo',
};

const escalationParams = z
  .object({
    ...directive,
    escalationKind: z.enum(ESCALATION_KINDS, {
      error: `escalationKind phải là một trong: ${ESCALATION_KINDS.join(', ')}.`,
    }),
    recipientName: text('nơi nhận (recipientName)').default(SERVICE_CENTER_NAME),
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
    if (DEADLINE_ESCALATIONS.includes(params.escalationKind) && !params.deadline) {
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

const supportRequestParams = z.object({
  ...directive,
  recipientName: text('nơi nhận (recipientName)').default(`${REVIEWER_NAME}; ${SERVICE_CENTER_NAME}`),
  agencyName: text('tên cơ quan (agencyName)'),
  question: text('câu hỏi (question)'),
  askedBy: text('người hỏi (askedBy)'),
  askedAt: instant('thời điểm hỏi (askedAt)').optional(),
  requestId: optionalText('mã yêu cầu (requestId)'),
});

const supportAnswerParams = z.object({
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
const catalogueParams = z.object({
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

const variant = <K extends string, P extends z.ZodType>(kind: K, params: P) =>
  z.object({ kind: z.literal(kind), params });

/** Every notification as `{ kind, params }`: one params schema per kind. */
export const notificationSchema = z.discriminatedUnion('kind', [
  variant('assigned', assignedParams),
  variant('reminder', reminderParams),
  variant('returned', returnedParams),
  variant('accepted', acceptedParams),
  variant('submission_received', submissionReceivedParams),
  variant('review_reminder', reviewReminderParams),
  variant('deadline_extended', deadlineExtendedParams),
  variant('escalation', escalationParams),
  variant('support_request', supportRequestParams),
  variant('support_answer', supportAnswerParams),
  variant('catalogue', catalogueParams),
]);

type ValidNotification = z.output<typeof notificationSchema>;
export type NotificationKind = ValidNotification['kind'];
/** A kind with its params, typed together (instants as ISO strings or Dates; defaults may be left out). */
export type NotificationMessage = z.input<typeof notificationSchema>;
export type NotificationParamsInput<K extends NotificationKind> = Extract<NotificationMessage, { kind: K }>['params'];
/** What a template receives, validated and with defaults applied. */
export type NotificationParams<K extends NotificationKind> = Extract<ValidNotification, { kind: K }>['params'];

export const NOTIFICATION_KINDS: readonly NotificationKind[] = notificationSchema.options.map(
  (option) => option.shape.kind.value,
);

/** Who each kind is written to; the caller chooses the addresses. */
export const NOTIFICATION_AUDIENCE: Record<NotificationKind, string> = {
  assigned: 'agency',
  reminder: 'agency',
  returned: 'agency',
  accepted: 'agency',
  submission_received: 'reviewer',
  review_reminder: 'reviewer',
  deadline_extended: 'agency, or reviewer for a review deadline',
  escalation: 'service center',
  support_request: 'reviewer and service center',
  support_answer: 'agency',
  catalogue: 'approver (ready, reminder), reviewer (sent back), reviewer and service center (approved)',
};

export interface RenderedNotification {
  subject: string;
  text: string;
}

export class NotificationParamsError extends Error {
  constructor(
    readonly kind: string,
    readonly issues: { field: string; message: string }[],
  ) {
    super(
      `Tham số của thông báo "${kind}" không hợp lệ:\n${issues.map((issue) => `  - ${issue.field}: ${issue.message}`).join('\n')}`,
    );
    this.name = 'NotificationParamsError';
  }
}

// ---------- text helpers ----------

/** "10:15 ngày 04/03/2024": when something happened. */
function at(date: Date): string {
  const [time, day] = formatDateTime(date).split(' ');
  return `${time} ngày ${day}`;
}

/** A deadline ending exactly at midnight is "24:00" of the day before, as the Civil Code counts periods. */
function endsAtMidnight(date: Date): boolean {
  return formatDateTime(date).startsWith('00:00 ') && date.getTime() % 60_000 === 0;
}

/** The day of a deadline, for subjects: "04/03/2024". */
function deadlineDay(date: Date): string {
  return formatDate(endsAtMidnight(date) ? new Date(date.getTime() - 1) : date);
}

/** A deadline with its time: "23:59 ngày 04/03/2024", or "24:00 ngày 11/03/2024" for midnight. */
function by(date: Date): string {
  return endsAtMidnight(date) ? `24:00 ngày ${deadlineDay(date)}` : at(date);
}

function directiveRef(p: { directive: string; directiveDate?: Date }): string {
  return p.directiveDate
    ? `Công văn số ${p.directive} ngày ${formatDate(p.directiveDate)}`
    : `Công văn số ${p.directive}`;
}

function daysLeft(n: number): string {
  return n === 0 ? 'hôm nay là ngày làm việc cuối cùng' : `còn ${n} ngày làm việc`;
}

/** The Service Center's own words on a reminder sent by hand. */
function onDemandLines(p: { note?: string; requestedBy?: string }): string | undefined {
  if (!p.note && !p.requestedBy) return undefined;
  return [p.requestedBy && `Nhắc việc theo yêu cầu của ${p.requestedBy}.`, p.note && `Lời nhắn: ${p.note}`]
    .filter(Boolean)
    .join('\n');
}

function overdueText(workingDaysLate: number): string {
  return workingDaysLate === 0 ? 'đã quá hạn' : `đã quá hạn ${workingDaysLate} ngày làm việc`;
}

function bullets(items: string[]): string {
  return items.map((item) => `  - ${item}`).join('\n');
}

function versionText(version: number | undefined): string {
  return version === undefined ? '' : ` (phiên bản ${version})`;
}

function withCode(name: string, code: string | undefined): string {
  return code ? `${name} (mã ${code})` : name;
}

function evidenceLines(evidence: string[] | Record<string, unknown>): string[] {
  if (Array.isArray(evidence)) return evidence;
  return Object.entries(evidence)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(
      ([key, value]) =>
        `${EVIDENCE_LABELS[key] ?? key}: ${typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value)}`,
    );
}

const FOOTER =
  '--\nThư này được gửi tự động từ hệ thống theo dõi, đôn đốc (dondoc). Mọi thời hạn tính theo giờ Việt Nam (UTC+07:00).';

function compose(subject: string, paragraphs: (string | false | undefined)[]): RenderedNotification {
  const body = paragraphs.filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n\n');
  return { subject, text: `${body}\n\n${FOOTER}\n` };
}

const SUPPORT_HINT =
  `Nếu chưa rõ giấy tờ nào cần số hóa, quý cơ quan có thể đề nghị ${REVIEWER_NAME} hoặc Văn phòng UBND tỉnh ` +
  `(qua ${SERVICE_CENTER_NAME}) hỗ trợ.`;

type ReturnLine = NotificationParams<'returned'>['reasons']['lines'][number];

function describeLine(line: ReturnLine): string {
  const where = [
    line.line !== undefined && `Dòng ${line.line}`,
    line.procedureCode && `TTHC ${line.procedureCode}${line.procedureName ? ` (${line.procedureName})` : ''}`,
    !line.procedureCode && line.procedureName && `TTHC ${line.procedureName}`,
    line.documentName && `giấy tờ "${line.documentName}"`,
  ].filter(Boolean);
  return where.length > 0 ? `${where.join(', ')}: ${line.reason}` : line.reason;
}

// ---------- the templates ----------

const renderers: { [K in NotificationKind]: (p: NotificationParams<K>) => RenderedNotification } = {
  assigned: (p) =>
    compose(
      `[${p.directive}] ${p.initialStage === 'returned' ? 'Đề nghị rà soát lại' : 'Giao nhiệm vụ'}: ${p.task} – hạn ${deadlineDay(p.deadline)}`,
      [
        `Kính gửi: ${p.agencyName}.`,
        p.initialStage === 'returned'
          ? `Thực hiện ${directiveRef(p)}, kết quả thực hiện trước đây của quý cơ quan chưa đạt yêu cầu; đề nghị quý cơ quan rà soát lại và gửi kết quả.`
          : `Thực hiện ${directiveRef(p)}, đề nghị quý cơ quan thực hiện nhiệm vụ sau.`,
        [
          `Nhiệm vụ: ${p.task}`,
          p.reason && `Lý do: ${p.reason}`,
          `Hạn gửi kết quả: chậm nhất ${by(p.deadline)}.`,
          `Cơ quan tiếp nhận, thẩm định: ${p.reviewerName}.`,
        ]
          .filter(Boolean)
          .join('\n'),
        `Cách nộp:\n${p.howToSubmit}`,
        p.note && `Ghi chú: ${p.note}`,
        SUPPORT_HINT,
      ],
    ),

  reminder: (p) => {
    const what = p.deadlineKind === 'resubmission' ? 'nộp lại danh sách' : 'gửi kết quả';
    const late = p.workingDaysLate !== undefined;
    const when = late ? overdueText(p.workingDaysLate!) : daysLeft(p.workingDaysLeft);
    return compose(
      `[${p.directive}] ${late ? 'Quá hạn' : 'Nhắc hạn'}: ${when} để ${what} (hạn ${deadlineDay(p.deadline)})`,
      [
        `Kính gửi: ${p.agencyName}.`,
        `Theo ${directiveRef(p)}, thời hạn ${what} cho nhiệm vụ "${p.task}" là ${by(p.deadline)}; ${when}.`,
        `Hệ thống chưa ghi nhận ${p.deadlineKind === 'resubmission' ? 'danh sách nộp lại' : 'kết quả'} của quý cơ quan. ` +
          (late
            ? 'Đề nghị quý cơ quan gửi ngay; việc chậm trễ đã được tổng hợp, báo cáo Chủ tịch UBND tỉnh.'
            : 'Đề nghị quý cơ quan khẩn trương hoàn thành và gửi đúng hạn; trường hợp chậm trễ sẽ được tổng hợp, báo cáo Chủ tịch UBND tỉnh.'),
        onDemandLines(p),
        p.howToSubmit && `Cách nộp:\n${p.howToSubmit}`,
      ],
    );
  },

  returned: (p) =>
    compose(
      `[${p.directive}] Trả lại danh sách của ${p.agencyName}${versionText(p.version)} – hạn nộp lại ${deadlineDay(p.resubmissionDeadline)}`,
      [
        `Kính gửi: ${p.agencyName}.`,
        `${p.reviewerName} đã thẩm định danh sách giấy tờ cần số hóa${versionText(p.version)} của quý cơ quan, thực hiện ${directiveRef(p)}, ` +
          'và trả lại để hoàn thiện, vì các lý do sau.',
        `Lý do chung:\n${p.reasons.overall}`,
        p.reasons.lines.length > 0 && `Lý do theo từng dòng:\n${bullets(p.reasons.lines.map(describeLine))}`,
        `Đề nghị quý cơ quan hoàn thiện và gửi lại danh sách chậm nhất ${by(p.resubmissionDeadline)}.`,
        p.howToSubmit && `Cách nộp:\n${p.howToSubmit}`,
        SUPPORT_HINT,
      ],
    ),

  accepted: (p) =>
    compose(`[${p.directive}] Danh sách của ${p.agencyName} đã được chấp nhận${versionText(p.version)}`, [
      `Kính gửi: ${p.agencyName}.`,
      `${p.reviewerName} đã chấp nhận danh sách giấy tờ cần số hóa${versionText(p.version)} của quý cơ quan` +
        `${p.acceptedAt ? ` ngày ${formatDate(p.acceptedAt)}` : ''}, thực hiện ${directiveRef(p)}.`,
      p.note && `Ý kiến của cơ quan thẩm định: ${p.note}`,
      'Danh sách sẽ được tổng hợp, trình Chủ tịch UBND tỉnh phê duyệt; quý cơ quan không cần thực hiện thêm thao tác nào.',
    ]),

  submission_received: (p) => {
    const resubmission = p.resubmission ?? p.version > 1;
    const verb = resubmission ? 'nộp lại' : 'nộp';
    return compose(
      `[${p.directive}] ${p.agencyName} đã ${verb} danh sách (phiên bản ${p.version}) – hạn thẩm định ${deadlineDay(p.reviewDeadline)}`,
      [
        `Kính gửi: ${p.reviewerName}.`,
        `${withCode(p.agencyName, p.agencyCode)} đã ${verb} danh sách giấy tờ cần số hóa, phiên bản ${p.version}` +
          `${p.submittedAt ? `, lúc ${at(p.submittedAt)}` : ''}, thực hiện ${directiveRef(p)}.`,
        resubmission && `Những thay đổi so với phiên bản trước:\n${p.changes ?? '(không có mô tả thay đổi)'}`,
        !resubmission && p.changes && `Tóm tắt danh sách:\n${p.changes}`,
        `Kết quả kiểm tra tự động:\n${p.findings ?? 'Không phát hiện vấn đề.'}`,
        `Đề nghị thẩm định và cho ý kiến (chấp nhận, hoặc trả lại kèm lý do) chậm nhất ${by(p.reviewDeadline)}.`,
      ],
    );
  },

  review_reminder: (p) => {
    const late = p.workingDaysLate !== undefined;
    const when = late ? overdueText(p.workingDaysLate!) : daysLeft(p.workingDaysLeft);
    return compose(
      `[${p.directive}] ${late ? 'Quá hạn thẩm định' : 'Nhắc thẩm định'}: danh sách của ${p.agencyName} (phiên bản ${p.version}) – ${when}`,
      [
        `Kính gửi: ${p.reviewerName}.`,
        `Danh sách giấy tờ cần số hóa của ${p.agencyName} (thực hiện ${directiveRef(p)}), phiên bản ${p.version}` +
          `${p.submittedAt ? `, nộp lúc ${at(p.submittedAt)}` : ''}, đang chờ thẩm định.`,
        late
          ? `Hạn thẩm định là ${by(p.deadline)}; ${when}. Việc chậm thẩm định đã được báo cáo ${SERVICE_CENTER_NAME}.`
          : `Hạn thẩm định là ${by(p.deadline)}; ${when}. Nếu quá hạn, việc chậm thẩm định sẽ được báo cáo ${SERVICE_CENTER_NAME}.`,
        onDemandLines(p),
      ],
    );
  },

  deadline_extended: (p) => {
    const what = DEADLINE_KIND_LABELS[p.deadlineKind];
    const to = p.recipientName ?? (p.deadlineKind === 'review' ? REVIEWER_NAME : p.agencyName);
    return compose(`[${p.directive}] Gia hạn ${what} của ${p.agencyName} đến ${deadlineDay(p.deadline)}`, [
      `Kính gửi: ${to}.`,
      `Thời hạn ${what}${p.deadlineKind === 'review' ? ` của ${p.agencyName}` : ''} theo ${directiveRef(p)} được gia hạn` +
        `${p.previousDeadline ? ` từ ${by(p.previousDeadline)}` : ''} đến ${by(p.deadline)}.`,
      `Lý do: ${p.reason}`,
    ]);
  },

  escalation: (p) => {
    const label = ESCALATION_LABELS[p.escalationKind];
    return compose(`[${p.directive}] Cảnh báo: ${label}${p.agencyName ? ` – ${p.agencyName}` : ''}`, [
      `Kính gửi: ${p.recipientName}.`,
      `Hệ thống ghi nhận một trường hợp cần theo dõi, đôn đốc và báo cáo theo ${directiveRef(p)}:`,
      [
        `Loại: ${label}`,
        p.agencyName && `Cơ quan: ${withCode(p.agencyName, p.agencyCode)}`,
        p.deadline && `Thời hạn: ${by(p.deadline)}`,
        p.raisedAt && `Ghi nhận lúc: ${at(p.raisedAt)}`,
        p.raisedBy && `Người báo cáo: ${p.raisedBy}`,
      ]
        .filter(Boolean)
        .join('\n'),
      `Căn cứ:\n${bullets(evidenceLines(p.evidence))}`,
      'Đề nghị xem xét, đôn đốc và tổng hợp báo cáo Chủ tịch UBND tỉnh.',
    ]);
  },

  support_request: (p) =>
    compose(`[${p.directive}] Yêu cầu hỗ trợ từ ${p.agencyName}`, [
      `Kính gửi: ${p.recipientName}.`,
      `${p.agencyName} (người hỏi: ${p.askedBy}) đề nghị hỗ trợ${p.askedAt ? ` lúc ${at(p.askedAt)}` : ''} ` +
        `về việc lập danh sách giấy tờ cần số hóa theo ${directiveRef(p)}:`,
      p.question,
      `Đề nghị trả lời cơ quan qua hệ thống${p.requestId ? ` (mã yêu cầu: ${p.requestId})` : ''}.`,
    ]),

  support_answer: (p) =>
    compose(`[${p.directive}] Trả lời yêu cầu hỗ trợ của ${p.agencyName}`, [
      `Kính gửi: ${p.agencyName}.`,
      `${p.answeredBy} trả lời yêu cầu hỗ trợ của quý cơ quan về việc lập danh sách giấy tờ cần số hóa theo ${directiveRef(p)}.`,
      p.question && `Câu hỏi của quý cơ quan${p.askedAt ? ` (gửi lúc ${at(p.askedAt)})` : ''}:\n${p.question}`,
      `Trả lời của ${p.answeredBy}${p.answeredAt ? ` (lúc ${at(p.answeredAt)})` : ''}:\n${p.answer}`,
      p.requestId && `Mã yêu cầu: ${p.requestId}`,
    ]),

  catalogue: (p) => {
    const figures = [
      p.entries !== undefined && `Số dòng danh mục: ${p.entries}`,
      p.agencies !== undefined && `Số cơ quan có danh sách được chấp nhận: ${p.agencies}`,
      p.missing ? `Số cơ quan chưa có danh sách được chấp nhận (đã báo cáo): ${p.missing}` : undefined,
    ]
      .filter(Boolean)
      .join('\n');
    const files = p.files.length > 0 ? `Tệp danh mục:\n${bullets(p.files)}` : undefined;
    switch (p.event) {
      case 'ready':
        return compose(
          `[${p.directive}] Trình phê duyệt danh mục giấy tờ cần số hóa${p.deadline ? ` – hạn ${deadlineDay(p.deadline)}` : ''}`,
          [
            `Kính gửi: ${p.recipientName}.`,
            `${REVIEWER_NAME} đã tổng hợp danh mục giấy tờ, tài liệu cần số hóa của từng TTHC theo ${directiveRef(p)} và trình phê duyệt.`,
            figures,
            p.deadline && `Hạn phê duyệt: ${by(p.deadline)}.`,
            files,
          ],
        );
      case 'approval_reminder':
        return compose(
          `[${p.directive}] Nhắc hạn phê duyệt danh mục tổng hợp${p.deadline ? ` (hạn ${deadlineDay(p.deadline)})` : ''}`,
          [
            `Kính gửi: ${p.recipientName}.`,
            `Danh mục tổng hợp theo ${directiveRef(p)} đang chờ phê duyệt${p.workingDaysLeft !== undefined ? `; ${daysLeft(p.workingDaysLeft)}` : ''}.`,
            p.deadline && `Hạn phê duyệt: ${by(p.deadline)}.`,
            files,
          ],
        );
      case 'sent_back':
        return compose(`[${p.directive}] Danh mục tổng hợp được trả lại để hoàn thiện`, [
          `Kính gửi: ${p.recipientName}.`,
          `Người phê duyệt đã trả lại danh mục tổng hợp theo ${directiveRef(p)} để hoàn thiện.`,
          p.reasons && `Lý do:\n${p.reasons}`,
          'Đề nghị hoàn thiện và tổng hợp lại để trình phê duyệt.',
        ]);
      case 'approved':
        return compose(
          `[${p.directive}] Đã phê duyệt danh mục giấy tờ cần số hóa${p.decisionNumber ? ` (Quyết định ${p.decisionNumber})` : ''}`,
          [
            `Kính gửi: ${p.recipientName}.`,
            `Danh mục giấy tờ, tài liệu cần số hóa của từng TTHC theo ${directiveRef(p)} đã được phê duyệt` +
              `${p.decisionNumber ? ` tại Quyết định số ${p.decisionNumber}` : ''}${p.decisionDate ? ` ngày ${p.decisionDate}` : ''}${p.signer ? `, người ký: ${p.signer}` : ''}.`,
            figures,
            'Đây là căn cứ để các cơ quan, đơn vị triển khai số hóa.',
          ],
        );
    }
  },
};

function fieldOf(path: readonly PropertyKey[]): string {
  // Issues are reported under `params`; name the field as the caller wrote it.
  const rest = path[0] === 'params' ? path.slice(1) : path;
  if (rest.length === 0) return 'params';
  return rest
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
}

/** Validates a message against the schema of its kind; throws NotificationParamsError naming each bad field. */
export function validateNotification(message: NotificationMessage): ValidNotification {
  const { kind, params } = (message ?? {}) as { kind?: unknown; params?: unknown };
  if (typeof kind !== 'string' || !(kind in renderers)) {
    throw new NotificationParamsError(String(kind), [
      { field: 'kind', message: `Loại thông báo không hợp lệ; phải là một trong: ${NOTIFICATION_KINDS.join(', ')}.` },
    ]);
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new NotificationParamsError(kind, [{ field: 'params', message: 'Thiếu params (phải là một object).' }]);
  }
  const parsed = notificationSchema.safeParse(message);
  if (!parsed.success) {
    throw new NotificationParamsError(
      kind,
      parsed.error.issues.map((issue) => ({ field: fieldOf(issue.path), message: issue.message })),
    );
  }
  return parsed.data;
}

/** Renders a validated message. */
export function renderValidNotification(message: ValidNotification): RenderedNotification {
  // The schema narrowed params to the kind; the map is keyed by the same kinds.
  return (renderers[message.kind] as (p: unknown) => RenderedNotification)(message.params);
}

export function renderNotification<K extends NotificationKind>(
  kind: K,
  params: NotificationParamsInput<K>,
): RenderedNotification {
  return renderValidNotification(validateNotification({ kind, params } as NotificationMessage));
}
