import type { EscalationKind } from '../../domain/escalations';
import { ESCALATION_LABELS } from '../../domain/escalations';
import {
  validateNotification,
  type NotificationKind,
  type NotificationMessage,
  type NotificationParams,
  type NotificationTemplateInput,
  type ValidNotification,
} from '../../domain/notifications';
import { deadlineDay, deadlineWithTime as by, formatInstant as at } from '../../domain/deadline-display';
import { formatDate } from '../../domain/time';

// Every message the campaign sends, rendered in one place: Vietnamese text for people, dates in
// Asia/Ho_Chi_Minh. The kinds and their params (the contract) are in domain/notifications.ts.

export interface RenderedNotification {
  subject: string;
  text: string;
}

/** What is delivered, in full (the body) and as one word (subjects, short phrases). */
const delivered = (p: { deliverable?: string }) => p.deliverable ?? 'danh sách giấy tờ cần số hóa';
const noun = (p: { deliverable?: string }) => (p.deliverable ? 'sản phẩm' : 'danh sách');
const Noun = (p: { deliverable?: string }) => (p.deliverable ? 'Sản phẩm' : 'Danh sách');

const deadlineKindLabel = (p: { deadlineKind: 'submission' | 'resubmission' | 'review'; deliverable?: string }) =>
  ({ submission: 'nộp', resubmission: 'nộp lại', review: 'thẩm định' })[p.deadlineKind] + ` ${noun(p)}`;

// Evidence as the escalation row stores it (a JSON object) gets readable labels for known keys.
const EVIDENCE_LABELS: Record<string, string> = {
  stage: 'Trạng thái',
  version: 'Phiên bản',
  returnCount: 'Số lần bị trả lại',
  campaignReturns: 'Số lần bị trả lại trong chiến dịch này',
  rule: 'Quy tắc áp dụng',
  reason: 'Lý do',
  lastReasons: 'Lý do trả lại gần nhất',
  by: 'Người báo cáo',
  requestId: 'Mã đề nghị gia hạn',
  requestedDeadline: 'Thời hạn đề nghị',
  requestedBy: 'Người đề nghị',
};

// ---------- text helpers ----------

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

/** A message before its link and footer. */
interface Draft {
  subject: string;
  body: string;
}

function compose(subject: string, paragraphs: (string | false | undefined)[]): Draft {
  return { subject, body: paragraphs.filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n\n') };
}

function supportHint(p: { reviewerName: string; serviceCenterName: string }): string {
  return `Nếu chưa rõ giấy tờ nào cần số hóa, quý cơ quan có thể đề nghị ${p.reviewerName} hoặc ${p.serviceCenterName} hỗ trợ.`;
}

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

const renderers: { [K in NotificationKind]: (p: NotificationParams<K>) => Draft } = {
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
        supportHint(p),
      ],
    ),

  reminder: (p) => {
    const what = p.deadlineKind === 'resubmission' ? `nộp lại ${noun(p)}` : 'gửi kết quả';
    const late = p.workingDaysLate !== undefined;
    const when = late ? overdueText(p.workingDaysLate!) : daysLeft(p.workingDaysLeft);
    return compose(
      `[${p.directive}] ${late ? 'Quá hạn' : 'Nhắc hạn'}: ${when} để ${what} (hạn ${deadlineDay(p.deadline)})`,
      [
        `Kính gửi: ${p.agencyName}.`,
        `Theo ${directiveRef(p)}, thời hạn ${what} cho nhiệm vụ "${p.task}" là ${by(p.deadline)}; ${when}.`,
        `Hệ thống chưa ghi nhận ${p.deadlineKind === 'resubmission' ? `${noun(p)} nộp lại` : 'kết quả'} của quý cơ quan. ` +
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
      `[${p.directive}] Trả lại ${noun(p)} của ${p.agencyName}${versionText(p.version)} – hạn nộp lại ${deadlineDay(p.resubmissionDeadline)}`,
      [
        `Kính gửi: ${p.agencyName}.`,
        `${p.reviewerName} đã thẩm định ${delivered(p)}${versionText(p.version)} của quý cơ quan, thực hiện ${directiveRef(p)}, ` +
          'và trả lại để hoàn thiện, vì các lý do sau.',
        `Lý do chung:\n${p.reasons.overall}`,
        p.reasons.lines.length > 0 && `Lý do theo từng dòng:\n${bullets(p.reasons.lines.map(describeLine))}`,
        p.reasons.places.length > 0 &&
          `Lý do theo từng chỗ cần sửa:\n${bullets(p.reasons.places.map((place) => `${place.label}: ${place.reason}`))}`,
        `Đề nghị quý cơ quan hoàn thiện và gửi lại ${noun(p)} chậm nhất ${by(p.resubmissionDeadline)}.`,
        p.howToSubmit && `Cách nộp:\n${p.howToSubmit}`,
        supportHint(p),
      ],
    ),

  accepted: (p) =>
    compose(`[${p.directive}] ${Noun(p)} của ${p.agencyName} đã được chấp nhận${versionText(p.version)}`, [
      `Kính gửi: ${p.agencyName}.`,
      `${p.reviewerName} đã chấp nhận ${delivered(p)}${versionText(p.version)} của quý cơ quan` +
        `${p.acceptedAt ? ` ngày ${formatDate(p.acceptedAt)}` : ''}, thực hiện ${directiveRef(p)}.`,
      p.note && `Ý kiến của cơ quan thẩm định: ${p.note}`,
      `${Noun(p)} sẽ được tổng hợp, trình Chủ tịch UBND tỉnh phê duyệt; quý cơ quan không cần thực hiện thêm thao tác nào.`,
    ]),

  submission_received: (p) => {
    const resubmission = p.resubmission ?? p.version > 1;
    const verb = resubmission ? 'nộp lại' : 'nộp';
    return compose(
      `[${p.directive}] ${p.agencyName} đã ${verb} ${noun(p)} (phiên bản ${p.version}) – hạn thẩm định ${deadlineDay(p.reviewDeadline)}`,
      [
        `Kính gửi: ${p.reviewerName}.`,
        `${withCode(p.agencyName, p.agencyCode)} đã ${verb} ${delivered(p)}, phiên bản ${p.version}` +
          `${p.submittedAt ? `, lúc ${at(p.submittedAt)}` : ''}, thực hiện ${directiveRef(p)}.`,
        resubmission && `Những thay đổi so với phiên bản trước:\n${p.changes ?? '(không có mô tả thay đổi)'}`,
        !resubmission && p.changes && `Tóm tắt ${noun(p)}:\n${p.changes}`,
        `Kết quả kiểm tra tự động:\n${p.findings ?? 'Không phát hiện vấn đề.'}`,
        `Đề nghị thẩm định và cho ý kiến (chấp nhận, hoặc trả lại kèm lý do) chậm nhất ${by(p.reviewDeadline)}.`,
      ],
    );
  },

  review_reminder: (p) => {
    const late = p.workingDaysLate !== undefined;
    const when = late ? overdueText(p.workingDaysLate!) : daysLeft(p.workingDaysLeft);
    return compose(
      `[${p.directive}] ${late ? 'Quá hạn thẩm định' : 'Nhắc thẩm định'}: ${noun(p)} của ${p.agencyName} (phiên bản ${p.version}) – ${when}`,
      [
        `Kính gửi: ${p.reviewerName}.`,
        `${p.deliverable ? `Sản phẩm "${p.deliverable}"` : 'Danh sách giấy tờ cần số hóa'} của ${p.agencyName} (thực hiện ${directiveRef(p)}), phiên bản ${p.version}` +
          `${p.submittedAt ? `, nộp lúc ${at(p.submittedAt)}` : ''}, đang chờ thẩm định.`,
        late
          ? `Hạn thẩm định là ${by(p.deadline)}; ${when}. Việc chậm thẩm định đã được báo cáo ${p.serviceCenterName}.`
          : `Hạn thẩm định là ${by(p.deadline)}; ${when}. Nếu quá hạn, việc chậm thẩm định sẽ được báo cáo ${p.serviceCenterName}.`,
        onDemandLines(p),
      ],
    );
  },

  deadline_extended: (p) => {
    const what = deadlineKindLabel(p);
    const to = p.recipientName ?? (p.deadlineKind === 'review' ? p.reviewerName : p.agencyName);
    return compose(`[${p.directive}] Gia hạn ${what} của ${p.agencyName} đến ${deadlineDay(p.deadline)}`, [
      `Kính gửi: ${to}.`,
      `Thời hạn ${what}${p.deadlineKind === 'review' ? ` của ${p.agencyName}` : ''} theo ${directiveRef(p)} được gia hạn` +
        `${p.previousDeadline ? ` từ ${by(p.previousDeadline)}` : ''} đến ${by(p.deadline)}.`,
      `Lý do: ${p.reason}`,
    ]);
  },

  escalation: (p) => {
    const label = ESCALATION_LABELS[p.escalationKind as EscalationKind];
    return compose(`[${p.directive}] Cảnh báo: ${label}${p.agencyName ? ` – ${p.agencyName}` : ''}`, [
      `Kính gửi: ${p.recipientName ?? p.serviceCenterName}.`,
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

  extension_requested: (p) =>
    compose(
      `[${p.directive}] ${p.agencyName} xin gia hạn ${deadlineKindLabel(p)} đến ${deadlineDay(p.requestedDeadline)}`,
      [
        `Kính gửi: ${p.serviceCenterName}.`,
        `${withCode(p.agencyName, p.agencyCode)} (người đề nghị: ${p.requestedBy}) xin gia hạn thời hạn ` +
          `${deadlineKindLabel(p)} theo ${directiveRef(p)}: từ ${by(p.currentDeadline)} đến ${by(p.requestedDeadline)} ` +
          `(thêm ${p.workingDays} ngày làm việc).`,
        `Lý do: ${p.reason}`,
        `Đề nghị chấp thuận (có thể với ngày khác) hoặc không chấp thuận kèm lý do, chậm nhất ${by(p.answerDeadline)} ` +
          `trên trang của cơ quan; quá hạn này, việc chưa trả lời sẽ được báo cáo.`,
      ],
    ),

  extension_answer_reminder: (p) =>
    compose(
      `[${p.directive}] Nhắc trả lời đề nghị gia hạn của ${p.agencyName} – hạn trả lời ${deadlineDay(p.answerDeadline)}`,
      [
        `Kính gửi: ${p.serviceCenterName}.`,
        `Đề nghị gia hạn ${deadlineKindLabel(p)} theo ${directiveRef(p)} của ${withCode(p.agencyName, p.agencyCode)} ` +
          `, xin đến ${by(p.requestedDeadline)} (thêm ${p.workingDays} ngày làm việc), chưa được trả lời.`,
        `Lý do cơ quan nêu: ${p.reason}`,
        `Hạn trả lời là ${by(p.answerDeadline)}; quá hạn này, việc chưa trả lời sẽ được báo cáo.`,
      ],
    ),

  extension_granted: (p) =>
    compose(
      `[${p.directive}] Chấp thuận gia hạn ${deadlineKindLabel(p)} của ${p.agencyName} đến ${deadlineDay(p.grantedDeadline ?? p.requestedDeadline)}`,
      [
        `Kính gửi: ${p.agencyName}.`,
        `${p.decidedBy} chấp thuận đề nghị gia hạn của quý cơ quan (xin đến ${by(p.requestedDeadline)}): thời hạn ` +
          `${deadlineKindLabel(p)} theo ${directiveRef(p)} được gia hạn từ ${by(p.currentDeadline)} ` +
          `đến ${by(p.grantedDeadline ?? p.requestedDeadline)}.`,
        p.grantedDeadline &&
          p.grantedDeadline.getTime() !== p.requestedDeadline.getTime() &&
          `Quý cơ quan đã đề nghị đến ${by(p.requestedDeadline)}; thời hạn được chấp thuận khác với đề nghị.`,
        p.answer && `Ý kiến: ${p.answer}`,
      ],
    ),

  extension_refused: (p) =>
    compose(`[${p.directive}] Không chấp thuận đề nghị gia hạn của ${p.agencyName}`, [
      `Kính gửi: ${p.agencyName}.`,
      `${p.decidedBy} không chấp thuận đề nghị gia hạn ${deadlineKindLabel(p)} theo ${directiveRef(p)} của quý cơ quan ` +
        `(xin đến ${by(p.requestedDeadline)}).`,
      p.answer && `Lý do: ${p.answer}`,
      `Thời hạn giữ nguyên: ${by(p.currentDeadline)}. Đề nghị quý cơ quan hoàn thành đúng hạn.`,
    ]),

  support_request: (p) =>
    compose(`[${p.directive}] Yêu cầu hỗ trợ từ ${p.agencyName}`, [
      `Kính gửi: ${p.recipientName ?? `${p.reviewerName}; ${p.serviceCenterName}`}.`,
      `${p.agencyName} (người hỏi: ${p.askedBy}) đề nghị hỗ trợ${p.askedAt ? ` lúc ${at(p.askedAt)}` : ''} ` +
        `về việc lập ${delivered(p)} theo ${directiveRef(p)}:`,
      p.question,
      'Đề nghị trả lời cơ quan qua hệ thống.',
    ]),

  support_answer: (p) =>
    compose(`[${p.directive}] Trả lời yêu cầu hỗ trợ của ${p.agencyName}`, [
      `Kính gửi: ${p.agencyName}.`,
      `${p.answeredBy} trả lời yêu cầu hỗ trợ của quý cơ quan về việc lập ${delivered(p)} theo ${directiveRef(p)}.`,
      p.question && `Câu hỏi của quý cơ quan${p.askedAt ? ` (gửi lúc ${at(p.askedAt)})` : ''}:\n${p.question}`,
      `Trả lời của ${p.answeredBy}${p.answeredAt ? ` (lúc ${at(p.answeredAt)})` : ''}:\n${p.answer}`,
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
            `${p.reviewerName} đã tổng hợp danh mục giấy tờ, tài liệu cần số hóa của từng TTHC theo ${directiveRef(p)} và trình phê duyệt.`,
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

/** Renders a validated message. */
/** `link`: the absolute address of the page the message is about (the agency's, or the campaign's). */
export function renderValidNotification(message: ValidNotification, link?: string): RenderedNotification {
  // The schema narrowed params to the kind; the map is keyed by the same kinds.
  const draft = (renderers[message.kind] as (p: unknown) => Draft)(message.params);
  const linkLine = link ? `\n\nXem và xử lý trên dondoc: ${link}` : '';
  return { subject: draft.subject, text: `${draft.body}${linkLine}\n\n${FOOTER}\n` };
}

export function renderNotification<K extends NotificationKind>(
  kind: K,
  params: NotificationTemplateInput<K>,
  link?: string,
): RenderedNotification {
  return renderValidNotification(validateNotification({ kind, params } as NotificationMessage), link);
}
