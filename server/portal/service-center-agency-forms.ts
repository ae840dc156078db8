import type { UpdateDefinition } from '@temporalio/common';
import { parseShownDay } from '../../domain/day-input';
import type { UpdateAction, UpdateNameOf } from '../../domain/access';
import {
  answerExtensionUpdate,
  answerSupportUpdate,
  escalateUpdate,
  extendDeadlineUpdate,
  remindNowUpdate,
  resumeDeadlineUpdate,
  suspendDeadlineUpdate,
  withdrawUpdate,
} from '../../workflows/agency/messages';

// The Service Center's forms on one agency's page: what each asks, how what was typed becomes the
// Update's argument, and what is wrong with it, beside its field, in plain Vietnamese. The Update,
// its roles and its label are the action's declaration (domain/access.ts, workflows/agency/actions.ts).

export type FormValues = Record<string, string>;
/** Field name → what is wrong with it; "" is the form as a whole. */
export type FormErrors = Record<string, string>;

const DAY_HINT = 'Ghi ngày dạng dd/mm/yyyy, ví dụ 23/12/2026.';

/** A day typed as dd/mm/yyyy (one way everywhere the hint says so), or the error to show beside it. */
function typedDay(value: string | undefined): { day?: string; error?: string } {
  const text = (value ?? '').trim();
  if (!text) return { error: `Hãy điền ngày. ${DAY_HINT}` };
  const day = parseShownDay(text);
  return day ? { day } : { error: `"${text}" không phải một ngày dạng dd/mm/yyyy. ${DAY_HINT}` };
}

function need(values: FormValues, field: string, errors: FormErrors, message: string): string {
  const value = (values[field] ?? '').trim();
  if (!value) errors[field] = message;
  return value;
}

/** The Update's argument, or only the errors when there are any. */
function outcome<Arg>(errors: FormErrors, argument: Arg): { errors: FormErrors; argument?: Arg } {
  return Object.keys(errors).length > 0 ? { errors } : { errors, argument };
}

/** A form whose one field is the reason the person must give. */
const reasonIn = (field: string, missing: string) => (values: FormValues) => {
  const errors: FormErrors = {};
  const reason = need(values, field, errors, missing);
  return outcome(errors, { reason });
};

/** A form whose one field is a note the person may add. */
const noteIn = (field: string) => (values: FormValues) => {
  const note = (values[field] ?? '').trim();
  return { errors: {}, argument: { ...(note && { note }) } };
};

/** Sends an action's declared Update with its argument (server/act.ts), typed by the declaration. */
export type SendUpdate = <A extends UpdateAction, Ret, Arg>(
  action: A,
  update: UpdateDefinition<Ret, [Arg], UpdateNameOf<A>>,
  argument: Arg,
) => Promise<Ret>;

interface AgencyForm {
  action: UpdateAction;
  /** How the Update is sent once what was typed is right, or what is wrong with the form. */
  read(values: FormValues): { send?: (sendUpdate: SendUpdate) => Promise<unknown>; errors: FormErrors };
  /** What the page says once done. */
  done: string;
}

/** One form, its Update's argument checked against the Update's declared type. */
function agencyForm<A extends UpdateAction, Ret, Arg>(form: {
  action: A;
  update: UpdateDefinition<Ret, [Arg], UpdateNameOf<A>>;
  done: string;
  /** The argument of the Update, or what is wrong with the form. */
  read(values: FormValues): { argument?: NoInfer<Arg>; errors: FormErrors };
}): AgencyForm {
  return {
    action: form.action,
    done: form.done,
    read(values) {
      const { argument, errors } = form.read(values);
      if (argument === undefined) return { errors };
      return { errors, send: (sendUpdate) => sendUpdate(form.action, form.update, argument) };
    },
  };
}

/** Each form, by its path under the agency's page. */
export const AGENCY_FORMS = {
  'tra-loi-gia-han': agencyForm({
    action: 'answerExtension',
    update: answerExtensionUpdate,
    done: 'Đã trả lời đề nghị gia hạn; cơ quan được thông báo.',
    read(values) {
      const errors: FormErrors = {};
      const requestId = need(values, 'requestId', errors, 'Không còn đề nghị gia hạn nào đang chờ trả lời.');
      const choice = values.traLoi ?? '';
      if (!['dong-y', 'ngay-khac', 'tu-choi'].includes(choice))
        errors.traLoi = 'Hãy chọn: chấp thuận như đề nghị, chấp thuận với ngày khác, hoặc không chấp thuận.';
      const reason = (values.lyDo ?? '').trim();
      let deadline: string | undefined;
      if (choice === 'ngay-khac') {
        const typed = typedDay(values.ngay);
        if (typed.error) errors.ngay = typed.error;
        deadline = typed.day;
      }
      if (choice === 'tu-choi' && !reason) errors.lyDo = 'Hãy nêu lý do không chấp thuận; cơ quan sẽ đọc lý do này.';
      return outcome(errors, {
        requestId,
        decision: choice === 'tu-choi' ? 'refuse' : 'grant',
        ...(deadline && { deadline }),
        ...(reason && { reason }),
      });
    },
  }),
  'tra-loi-ho-tro': agencyForm({
    action: 'answerSupport',
    update: answerSupportUpdate,
    done: 'Đã trả lời yêu cầu hỗ trợ; cơ quan được thông báo.',
    read(values) {
      const errors: FormErrors = {};
      const requestId = need(values, 'requestId', errors, 'Không còn yêu cầu hỗ trợ nào đang chờ trả lời.');
      const answer = need(
        values,
        'traLoiHoTro',
        errors,
        'Hãy viết câu trả lời: cơ quan sẽ đọc câu trả lời này trên trang của mình và trong thư thông báo.',
      );
      return outcome(errors, { requestId, answer });
    },
  }),
  'gia-han': agencyForm({
    action: 'extendDeadline',
    update: extendDeadlineUpdate,
    done: 'Đã gia hạn; cơ quan được thông báo thời hạn mới.',
    read(values) {
      const errors: FormErrors = {};
      const typed = typedDay(values.han);
      if (typed.error) errors.han = typed.error;
      const reason = need(values, 'lyDo', errors, 'Hãy nêu lý do gia hạn.');
      return outcome(errors, { deadline: `${typed.day}T23:59:59+07:00`, reason });
    },
  }),
  'nhac-viec': agencyForm({
    action: 'remind',
    update: remindNowUpdate,
    done: 'Đã gửi lời nhắc.',
    read: noteIn('ghiChu'),
  }),
  'bao-cao': agencyForm({
    action: 'escalate',
    update: escalateUpdate,
    done: 'Đã báo cáo cơ quan lên Văn phòng UBND tỉnh.',
    read: reasonIn('lyDoBaoCao', 'Hãy nêu lý do báo cáo.'),
  }),
  'tam-dung': agencyForm({
    action: 'suspendDeadline',
    update: suspendDeadlineUpdate,
    done: 'Đã tạm dừng tính thời hạn của cơ quan.',
    read: reasonIn('lyDoTamDung', 'Hãy nêu lý do tạm dừng, ví dụ cơ quan đang chờ hướng dẫn.'),
  }),
  'tiep-tuc': agencyForm({
    action: 'resumeDeadline',
    update: resumeDeadlineUpdate,
    done: 'Đã tiếp tục tính thời hạn; thời hạn mới ở trên.',
    read: noteIn('ghiChuTiepTuc'),
  }),
  rut: agencyForm({
    action: 'withdraw',
    update: withdrawUpdate,
    done: 'Đã rút cơ quan khỏi chiến dịch.',
    read(values) {
      const errors: FormErrors = {};
      const reason = need(values, 'lyDoRut', errors, 'Hãy nêu lý do rút cơ quan khỏi chiến dịch.');
      if (values.xacNhan !== '1') errors.xacNhan = 'Hãy đánh dấu ô xác nhận: việc rút cơ quan không hoàn tác được.';
      return outcome(errors, { reason });
    },
  }),
} satisfies Record<string, AgencyForm>;
export type AgencyFormName = keyof typeof AGENCY_FORMS;

/**
 * A workflow's refusal as people read it: the codes of fields and settings in brackets left out
 * ("Thời hạn (deadline) …" → "Thời hạn …"); the words around them already say what to do.
 */
export function plainRefusal(message: string): string {
  return message.replace(/\s*\((?:[a-z][A-Za-z]*)(?:\.[A-Za-z]+)*(?: là [^)]*)?\)/g, '').trim();
}
