import { declareUpdate, type UpdateDeclarations } from '../common/update-declarations';
import type { AgencyHandlers } from './handlers';
import type { CalendarHandlers } from './calendar-handlers';
import type { ExtensionHandlers } from './extension-handlers';
import type { ExtensionState } from './extension-state';
import type { AgencyWorkflowState } from './state';
import type { AgencyUpdateChecks } from './update-checks';
import type { SupportHandlers } from './support-handlers';
import type { SuspensionHandlers } from './suspension-handlers';
import {
  acceptListUpdate,
  answerExtensionUpdate,
  answerSupportUpdate,
  changeCalendarUpdate,
  escalateUpdate,
  extendDeadlineUpdate,
  remindNowUpdate,
  requestExtensionUpdate,
  requestSupportUpdate,
  resumeDeadlineUpdate,
  returnListUpdate,
  submitDeliveryUpdate,
  submitListUpdate,
  suspendDeadlineUpdate,
  withdrawUpdate,
} from './definitions';

// Every Update of the agency workflow, declared once, keyed by the action of the access rule it
// carries (domain/access.ts holds its roles and label): its definition, schema, state check, handler,
// and the API route the server makes of it (under /api/v1/campaigns/:campaignId/agencies/:agencyCode).
// Without a route, the server sends it by a route of its own: a calendar change goes to every agency
// (server/routes/calendar.ts).

/** What one agency workflow run serves its Updates with. */
export interface AgencyServices {
  state: AgencyWorkflowState;
  checks: AgencyUpdateChecks;
  extensionState: ExtensionState;
  agency: AgencyHandlers;
  support: SupportHandlers;
  suspensions: SuspensionHandlers;
  calendars: CalendarHandlers;
  extensions: ExtensionHandlers;
}

const update = declareUpdate<AgencyServices>();

export const AGENCY_UPDATES = {
  submit: update({
    update: submitListUpdate,
    schema: (m) => m.agency.submitListInputSchema,
    check: ({ checks }, request) => checks.submit(request),
    handle: ({ agency }, request, actor, checked) => agency.submit(request, actor, checked),
    route: { path: '/submissions', summary: 'Nộp (hoặc nộp lại) danh sách giấy tờ cần số hóa.', carriesList: true },
  }),
  deliver: update({
    update: submitDeliveryUpdate,
    schema: (m) => m.agency.submitDeliveryInputSchema,
    check: ({ checks }, request) => checks.deliver(request),
    handle: ({ agency }, request, actor, checked) => agency.deliver(request, actor, checked),
    // server/routes/deliveries.ts: the files named by the server's records, the delivery checked first.
    route: {
      path: '/deliveries',
      summary:
        'Nộp (hoặc nộp lại) sản phẩm chiến dịch khai báo (biểu mẫu, bảng): { delivery: { fields: {…} } } hoặc { delivery: { rows: […] } }.',
      carriesList: true,
      ownRoute: true,
    },
  }),
  returnList: update({
    update: returnListUpdate,
    schema: (m) => m.agency.returnListInputSchema,
    check: ({ checks }) => checks.returnList(),
    handle: ({ agency }, request, actor) => agency.returnList(request, actor),
    route: { path: '/return', summary: 'Trả lại danh sách, kèm lý do chung và lý do từng dòng.' },
  }),
  acceptList: update({
    update: acceptListUpdate,
    schema: (m) => m.agency.acceptListInputSchema,
    check: ({ checks }) => checks.accept(),
    handle: ({ agency }, request, actor) => agency.accept(request, actor),
    route: { path: '/accept', summary: 'Chấp nhận danh sách đang chờ thẩm định.' },
  }),
  extendDeadline: update({
    update: extendDeadlineUpdate,
    schema: (m) => m.agency.extendDeadlineInputSchema,
    check: ({ checks }, request) => checks.extend(request),
    handle: ({ agency }, request, actor) => agency.extend(request, actor),
    route: { path: '/extend', summary: 'Gia hạn một thời hạn của cơ quan.' },
  }),
  remind: update({
    update: remindNowUpdate,
    schema: (m) => m.agency.remindNowInputSchema,
    check: ({ checks, agency }) => checks.remind(agency.canReach),
    handle: ({ agency }, request, actor) => agency.remindNow(request, actor),
    route: { path: '/remind', summary: 'Nhắc việc ngay (ngoài lịch nhắc tự động).' },
  }),
  withdraw: update({
    update: withdrawUpdate,
    schema: (m) => m.agency.withdrawInputSchema,
    check: ({ checks }) => checks.withdraw(),
    handle: ({ agency }, request, actor) => agency.withdraw(request, actor),
    route: { path: '/withdraw', summary: 'Rút cơ quan khỏi chiến dịch.' },
  }),
  escalate: update({
    update: escalateUpdate,
    schema: (m) => m.agency.escalateInputSchema,
    check: () => undefined,
    handle: ({ agency }, request, actor) => agency.escalateByHand(request, actor),
    route: { path: '/escalate', summary: 'Báo cáo cơ quan lên Văn phòng UBND tỉnh.' },
  }),
  support: update({
    update: requestSupportUpdate,
    schema: (m) => m.agency.supportRequestInputSchema,
    check: () => undefined,
    handle: ({ support }, request, actor) => support.requestSupport(request, actor),
    route: {
      path: '/support',
      summary: 'Gửi câu hỏi cần hỗ trợ tới cơ quan thẩm định và đơn vị điều hành của chiến dịch.',
    },
  }),
  answerSupport: update({
    update: answerSupportUpdate,
    schema: (m) => m.agency.supportAnswerInputSchema,
    check: ({ checks }, request) => checks.answerSupport(request),
    handle: ({ support }, request, actor) => support.answerSupport(request, actor),
    route: { path: '/support/answer', summary: 'Trả lời một yêu cầu hỗ trợ.' },
  }),
  suspendDeadline: update({
    update: suspendDeadlineUpdate,
    schema: (m) => m.suspension.suspendDeadlineInputSchema,
    check: ({ checks }, request, acting) => checks.suspend(request, acting),
    handle: ({ suspensions }, request, actor, checked) => suspensions.suspend(request, actor, checked),
    route: { path: '/suspend', summary: 'Tạm dừng tính thời hạn của cơ quan.' },
  }),
  resumeDeadline: update({
    update: resumeDeadlineUpdate,
    schema: (m) => m.suspension.resumeDeadlineInputSchema,
    check: ({ checks }) => checks.resume(),
    handle: ({ suspensions }, request, actor) => suspensions.resume(request, actor),
    route: { path: '/resume', summary: 'Tiếp tục tính thời hạn đã tạm dừng.' },
  }),
  changeCalendar: update({
    update: changeCalendarUpdate,
    schema: (m) => m.calendar.changeCalendarInputSchema,
    check: ({ checks }, request) => checks.calendarChange(request),
    handle: ({ calendars }, request, actor) => calendars.change(request, actor),
  }),
  requestExtension: update({
    update: requestExtensionUpdate,
    schema: (m) => m.agency.requestExtensionInputSchema,
    check: ({ extensionState }, request) => extensionState.checkRequest(request),
    handle: ({ extensions }, request, actor, checked) => extensions.request(request, actor, checked),
    route: {
      path: '/extension-requests',
      summary: 'Xin gia hạn thời hạn đang chạy đến hết một ngày (deadline, YYYY-MM-DD), kèm lý do.',
    },
  }),
  answerExtension: update({
    update: answerExtensionUpdate,
    schema: (m) => m.agency.answerExtensionInputSchema,
    check: ({ extensionState }, request) => extensionState.checkAnswer(request),
    handle: ({ extensions }, request, actor, checked) => extensions.answer(request, actor, checked),
    route: {
      path: '/extension-requests/answer',
      summary: 'Trả lời một đề nghị gia hạn: chấp thuận (có thể với ngày khác) hoặc không chấp thuận kèm lý do.',
    },
  }),
} satisfies UpdateDeclarations<AgencyServices>;
