import { buildVietnamCalendar } from '../../domain/calendar/vietnam';
import {
  answerDeadlineOf,
  checkExtensionAnswer,
  checkExtensionRequest,
  extensionPolicy,
  extensionTimers,
  tallyExtensions,
  type ExtensionRequest,
  type RequestCheck,
} from '../../domain/extension-requests';
import { WORK_CALENDAR_NONE } from '../../domain/working-days';

// The rules of extension requests: the policy's limits with their Vietnamese explanations, the
// answer deadline in working days (across Tết 2024), and the answer reminder and escalation planned once.

const at = (local: string) => new Date(`${local}+07:00`);
const policy = extensionPolicy({ extensionRequestLimit: 2, extensionMaxWorkingDays: 5, extensionAnswerWorkingDays: 2 });
const running = { kind: 'submission' as const, at: '2024-03-04T23:59:59+07:00' };

function check(overrides: Partial<RequestCheck> = {}): RequestCheck {
  return {
    requests: [],
    running,
    suspended: false,
    day: '2024-03-08',
    now: at('2024-02-26T09:00:00'),
    calendar: WORK_CALENDAR_NONE,
    policy,
    ...overrides,
  };
}

function request(overrides: Partial<ExtensionRequest> = {}): ExtensionRequest {
  return {
    id: 'a#extension-1',
    kind: 'submission',
    currentDeadline: running.at,
    requestedDeadline: at('2024-03-08T23:59:59.999').toISOString(),
    workingDays: 4,
    reason: 'Chờ ý kiến của Bộ',
    requestedBy: 'Nguyễn Thị Lan',
    requestedAs: 'agency',
    requestedAt: at('2024-02-26T09:00:00').toISOString(),
    answerDeadline: at('2024-02-28T23:59:59.999').toISOString(),
    status: 'pending',
    ...overrides,
  };
}

describe('extension request rules', () => {
  test('a campaign file without the fields gets the defaults', () => {
    expect(extensionPolicy(undefined)).toEqual({ maxRequests: 2, maxWorkingDays: 10, answerWorkingDays: 2 });
  });

  test('a request within the limits gives the end of the day asked for and the working days it adds', () => {
    expect(checkExtensionRequest(check())).toEqual({
      deadline: at('2024-03-08T23:59:59.999').toISOString(),
      workingDays: 4,
    });
  });

  test('more working days than the policy allows is refused, naming the limit and the latest day', () => {
    expect(() => checkExtensionRequest(check({ day: '2024-03-12' }))).toThrow(
      'Thời hạn 12/03/2024 vượt giới hạn của chiến dịch: mỗi lần gia hạn tối đa 5 ngày làm việc ' +
        '(policy.extensionMaxWorkingDays). Cách sửa: chọn ngày không muộn hơn 11/03/2024.',
    );
  });

  test('more requests than the policy allows is refused, naming the limit', () => {
    const answered = [request({ status: 'refused' }), request({ id: 'a#extension-2', status: 'granted' })];
    expect(() => checkExtensionRequest(check({ requests: answered }))).toThrow(
      'Cơ quan đã gửi 2 đề nghị gia hạn, bằng giới hạn của chiến dịch: tối đa 2 đề nghị mỗi cơ quan (policy.extensionRequestLimit).',
    );
    expect(() => checkExtensionRequest(check({ policy: { ...policy, maxRequests: 0 } }))).toThrow(
      'không nhận đề nghị gia hạn (policy.extensionRequestLimit là 0)',
    );
  });

  test('one request at a time; none without a running deadline, while suspended, or for no later working day', () => {
    expect(() => checkExtensionRequest(check({ requests: [request()] }))).toThrow(
      'đang chờ Trung tâm Phục vụ - Kiểm soát TTHC trả lời, hạn trả lời 28/02/2024',
    );
    expect(() => checkExtensionRequest(check({ running: undefined }))).toThrow('Không có thời hạn nào đang chạy');
    expect(() => checkExtensionRequest(check({ suspended: true }))).toThrow('đang tạm dừng');
    expect(() => checkExtensionRequest(check({ day: '2024-03-01' }))).toThrow('không sau thời hạn hiện tại 04/03/2024');
    // Friday 08/03 to Sunday 10/03 adds no working day.
    expect(() =>
      checkExtensionRequest(
        check({ running: { kind: 'submission', at: '2024-03-08T23:59:59+07:00' }, day: '2024-03-10' }),
      ),
    ).toThrow('không thêm ngày làm việc nào');
  });

  test('an answer: once only; a grant may set another day within the limit; a refusal needs a reason', () => {
    const base = {
      request: request(),
      requestId: 'a#extension-1',
      running,
      suspended: false,
      now: at('2024-02-27T09:00:00'),
      calendar: WORK_CALENDAR_NONE,
      policy,
    };
    expect(checkExtensionAnswer({ ...base, decision: 'grant' })).toEqual({
      deadline: at('2024-03-08T23:59:59.999').toISOString(),
    });
    expect(checkExtensionAnswer({ ...base, decision: 'grant', day: '2024-03-06' })).toEqual({
      deadline: at('2024-03-06T23:59:59.999').toISOString(),
    });
    expect(() => checkExtensionAnswer({ ...base, decision: 'grant', day: '2024-03-13' })).toThrow(
      'tối đa 5 ngày làm việc (policy.extensionMaxWorkingDays)',
    );
    expect(() => checkExtensionAnswer({ ...base, decision: 'refuse' })).toThrow('Cần nêu lý do không chấp thuận');
    expect(checkExtensionAnswer({ ...base, decision: 'refuse', reason: 'Không có căn cứ' })).toEqual({});
    expect(() =>
      checkExtensionAnswer({ ...base, request: request({ status: 'granted', decidedBy: 'TTPV' }), decision: 'refuse' }),
    ).toThrow('đã được trả lời (đã chấp thuận, TTPV)');
    expect(() => checkExtensionAnswer({ ...base, request: undefined, decision: 'grant' })).toThrow(
      'Không có đề nghị gia hạn a#extension-1',
    );
    expect(() =>
      checkExtensionAnswer({ ...base, running: { kind: 'review', at: running.at }, decision: 'grant' }),
    ).toThrow('không còn chạy');
  });

  test('the answer deadline counts working days: a request on the Friday before Tết 2024 waits past the holiday', () => {
    const calendar = buildVietnamCalendar(2024, 2024);
    // Friday 02/02/2024: next working days Monday 05/02, Tuesday 06/02; Tết holiday 08/02–14/02.
    expect(answerDeadlineOf(at('2024-02-02T10:00:00'), policy, calendar)).toBe(
      at('2024-02-06T23:59:59.999').toISOString(),
    );
    // Wednesday 07/02: Thursday 08/02 to Wednesday 14/02 are off, so Thursday 15/02 and Friday 16/02.
    expect(answerDeadlineOf(at('2024-02-07T10:00:00'), policy, calendar)).toBe(
      at('2024-02-16T23:59:59.999').toISOString(),
    );
  });

  test('a pending request plans a reminder on the answer day and one escalation; nothing done twice', () => {
    const plan = { workflowId: 'wf', calendar: WORK_CALENDAR_NONE, done: new Set<string>() };
    const timers = extensionTimers(request(), plan);
    expect(timers.map((t) => [t.type, new Date(t.at).toISOString()])).toEqual([
      ['extension_reminder', at('2024-02-28T08:00:00').toISOString()],
      ['extension_escalation', at('2024-02-28T23:59:59.999').toISOString()],
    ]);
    const done = new Set(timers.map((t) => t.key));
    expect(extensionTimers(request(), { ...plan, done })).toEqual([]);
    expect(extensionTimers(request({ status: 'granted' }), plan)).toEqual([]);
  });

  test('the tally counts requests, answers and working days granted', () => {
    expect(
      tallyExtensions(
        [
          request({ status: 'granted', grantedDeadline: at('2024-03-06T23:59:59.999').toISOString() }),
          request({ status: 'refused' }),
          request({ status: 'pending' }),
        ],
        WORK_CALENDAR_NONE,
      ),
    ).toEqual({ requested: 3, granted: 1, refused: 1, pending: 1, workingDaysGranted: 2 });
  });
});
