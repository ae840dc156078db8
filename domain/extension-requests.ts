import { deadlineDay } from './deadline-display';
import type { ActiveDeadline } from './deadlines';
import { DEFAULT_POLICY } from './default-policy';
import type { CampaignPolicy } from './policy';
import type { DeadlineKind } from './stages';
import {
  addWorkingDays,
  checkWithinCalendar,
  countWorkingDays,
  endOfDay,
  workingDaysBefore,
  type WorkCalendar,
} from './working-days';

// Extension requests (xin gia hạn): an agency asks for a later deadline with a reason; the Service
// Center grants it (possibly with another date) or refuses it with a reason, within a working-day
// answer deadline of its own. The campaign's policy limits how many requests an agency may make and
// how many working days each may add. Every rule here is pure: the workflow's Update validators and
// the server (before sending) call the same functions.

export interface ExtensionPolicy {
  /** Requests an agency may make in the campaign (policy.extensionRequestLimit). */
  maxRequests: number;
  /** Working days one request may add to the running deadline (policy.extensionMaxWorkingDays). */
  maxWorkingDays: number;
  /** Working days the Service Center has to answer (policy.extensionAnswerWorkingDays). */
  answerWorkingDays: number;
}

/** The extension policy of a campaign; campaigns launched before these fields existed get the defaults. */
export function extensionPolicy(policy: Partial<CampaignPolicy> | undefined): ExtensionPolicy {
  return {
    maxRequests: policy?.extensionRequestLimit ?? DEFAULT_POLICY.extensionRequestLimit,
    maxWorkingDays: policy?.extensionMaxWorkingDays ?? DEFAULT_POLICY.extensionMaxWorkingDays,
    answerWorkingDays: policy?.extensionAnswerWorkingDays ?? DEFAULT_POLICY.extensionAnswerWorkingDays,
  };
}

export type ExtensionStatus = 'pending' | 'granted' | 'refused';

export const EXTENSION_STATUS_LABELS: Record<ExtensionStatus, string> = {
  pending: 'đang chờ trả lời',
  granted: 'đã chấp thuận',
  refused: 'không chấp thuận',
};

/** Who made a request: an agency member, or the Service Center recording a paper request. */
export type ExtensionRequester = 'agency' | 'operator';

export interface ExtensionRequest {
  id: string;
  /** The deadline the agency asks to move, as it stood when asked. */
  kind: DeadlineKind;
  currentDeadline: string;
  /** End of the day asked for. */
  requestedDeadline: string;
  /** Working days the request adds to the current deadline. */
  workingDays: number;
  reason: string;
  requestedBy: string;
  requestedAs: ExtensionRequester;
  requestedAt: string;
  /** When the Service Center must have answered (end of a working day). */
  answerDeadline: string;
  status: ExtensionStatus;
  decidedBy?: string;
  decidedAt?: string;
  /** The deadline granted (the one asked for, or another). */
  grantedDeadline?: string;
  /** The Service Center's note on a grant, or its reason to refuse. */
  answer?: string;
}

/** The deadline a requested day stands for: the end of that day (Civil Code art. 148). */
function requestedDeadlineOf(day: string): string {
  return endOfDay(day).toISOString();
}

export function pendingRequest(requests: readonly ExtensionRequest[]): ExtensionRequest | undefined {
  return requests.find((request) => request.status === 'pending');
}

/** The latest day a request may ask for under the policy: the running deadline plus M working days. */
export function latestAllowedDeadline(current: string, policy: ExtensionPolicy, calendar: WorkCalendar): string {
  return addWorkingDays(new Date(current), policy.maxWorkingDays, calendar).toISOString();
}

/** Refuses a new deadline later than the policy allows, naming the limit and the latest day allowed. */
function checkLatest(deadline: string, latestAllowed: string, policy: ExtensionPolicy): void {
  if (Date.parse(deadline) > Date.parse(latestAllowed))
    throw new Error(
      `Thời hạn ${deadlineDay(deadline)} vượt giới hạn của chiến dịch: mỗi lần gia hạn tối đa ${policy.maxWorkingDays} ` +
        `ngày làm việc (policy.extensionMaxWorkingDays). Cách sửa: chọn ngày không muộn hơn ${deadlineDay(latestAllowed)}.`,
    );
}

/** What the server knows of an agency before it sends a request (from the workflow's state query). */
export interface RequestLimitsCheck {
  requests: readonly Pick<ExtensionRequest, 'status' | 'requestedDeadline' | 'answerDeadline'>[];
  running: ActiveDeadline | undefined;
  suspended: boolean;
  /** 'YYYY-MM-DD': the day asked for. */
  day: string;
  /** The running deadline plus the policy's working days (latestAllowedDeadline). */
  latestAllowed: string | undefined;
  policy: ExtensionPolicy;
}

/**
 * The campaign's limits on a new request, as the server checks them before sending and the workflow
 * checks them again: one pending request at a time, at most N requests, at most M working days.
 * Returns the deadline asked for.
 */
function checkRequestLimits(check: RequestLimitsCheck): string {
  const { requests, running, policy } = check;
  if (!running) throw new Error('Không có thời hạn nào đang chạy, nên không có gì để xin gia hạn.');
  if (check.suspended)
    throw new Error('Thời hạn của cơ quan đang tạm dừng; không cần xin gia hạn cho đến khi tiếp tục tính thời hạn.');
  const pending = requests.find((request) => request.status === 'pending');
  if (pending)
    throw new Error(
      `Đã có một đề nghị gia hạn (đến ${deadlineDay(pending.requestedDeadline)}) đang chờ Trung tâm Phục vụ - Kiểm soát TTHC ` +
        `trả lời, hạn trả lời ${deadlineDay(pending.answerDeadline)}; hãy chờ trả lời trước khi gửi đề nghị mới.`,
    );
  if (requests.length >= policy.maxRequests)
    throw new Error(
      policy.maxRequests === 0
        ? 'Chiến dịch này không nhận đề nghị gia hạn (policy.extensionRequestLimit là 0).'
        : `Cơ quan đã gửi ${requests.length} đề nghị gia hạn, bằng giới hạn của chiến dịch: tối đa ${policy.maxRequests} ` +
            `đề nghị mỗi cơ quan (policy.extensionRequestLimit). Cần thêm thời gian thì liên hệ trực tiếp Trung tâm Phục vụ - Kiểm soát TTHC.`,
    );
  const deadline = requestedDeadlineOf(check.day);
  if (Date.parse(deadline) <= Date.parse(running.at))
    throw new Error(
      `Thời hạn đề nghị (deadline) ${deadlineDay(deadline)} không sau thời hạn hiện tại ${deadlineDay(running.at)}. ` +
        'Cách sửa: chọn một ngày sau thời hạn hiện tại.',
    );
  if (check.latestAllowed) checkLatest(deadline, check.latestAllowed, policy);
  return deadline;
}

export interface RequestCheck extends Omit<RequestLimitsCheck, 'latestAllowed'> {
  now: Date;
  calendar: WorkCalendar;
}

/**
 * Checks a new request against the running deadline and the campaign's limits on the workflow's
 * calendar; returns the deadline asked for and the working days it adds, or throws a Vietnamese
 * explanation naming the limit.
 */
export function checkExtensionRequest(check: RequestCheck): { deadline: string; workingDays: number } {
  const { running, policy, calendar } = check;
  const latestAllowed = running && latestAllowedDeadline(running.at, policy, calendar);
  const deadline = checkRequestLimits({ ...check, latestAllowed });
  checkWithinCalendar(new Date(deadline), calendar, 'Thời hạn đề nghị');
  const workingDays = countWorkingDays(new Date(running!.at), new Date(deadline), calendar);
  if (workingDays === 0)
    throw new Error(
      `Thời hạn đề nghị (deadline) ${deadlineDay(deadline)} không thêm ngày làm việc nào sau thời hạn hiện tại ` +
        `${deadlineDay(running!.at)}. Cách sửa: chọn một ngày làm việc sau thời hạn hiện tại.`,
    );
  return { deadline, workingDays };
}

export interface AnswerCheck {
  request: ExtensionRequest | undefined;
  requestId: string;
  running: ActiveDeadline | undefined;
  suspended: boolean;
  decision: 'grant' | 'refuse';
  /** 'YYYY-MM-DD': another day than the one asked for (grant only). */
  day?: string;
  reason?: string;
  now: Date;
  calendar: WorkCalendar;
  policy: ExtensionPolicy;
}

/** Checks an answer; for a grant returns the deadline it sets. */
export function checkExtensionAnswer(check: AnswerCheck): { deadline?: string } {
  const { request, running, calendar } = check;
  if (!request) throw new Error(`Không có đề nghị gia hạn ${check.requestId}.`);
  if (request.status !== 'pending')
    throw new Error(
      `Đề nghị gia hạn ${request.id} đã được trả lời (${EXTENSION_STATUS_LABELS[request.status]}${request.decidedBy ? `, ${request.decidedBy}` : ''}).`,
    );
  if (check.decision === 'refuse') {
    if (!check.reason) throw new Error('Cần nêu lý do không chấp thuận (reason).');
    return {};
  }
  if (!running || running.kind !== request.kind)
    throw new Error(
      'Thời hạn mà cơ quan xin gia hạn không còn chạy (cơ quan đã chuyển sang bước khác); hãy trả lời không chấp thuận kèm lý do.',
    );
  if (check.suspended)
    throw new Error('Thời hạn của cơ quan đang tạm dừng; hãy tiếp tục tính thời hạn trước khi gia hạn.');
  const deadline = check.day ? requestedDeadlineOf(check.day) : request.requestedDeadline;
  if (Date.parse(deadline) <= check.now.getTime())
    throw new Error(`Thời hạn chấp thuận ${deadlineDay(deadline)} đã qua. Cách sửa: chọn một ngày sau hôm nay.`);
  if (Date.parse(deadline) <= Date.parse(running.at))
    throw new Error(
      `Thời hạn chấp thuận ${deadlineDay(deadline)} không sau thời hạn hiện tại ${deadlineDay(running.at)}; nếu không gia hạn, hãy trả lời không chấp thuận.`,
    );
  checkWithinCalendar(new Date(deadline), calendar, 'Thời hạn chấp thuận');
  checkLatest(deadline, latestAllowedDeadline(running.at, check.policy, calendar), check.policy);
  return { deadline };
}

/** The Service Center's answer deadline for a request made at `at`: end of the N-th working day after it. */
export function answerDeadlineOf(at: Date, policy: ExtensionPolicy, calendar: WorkCalendar): string {
  return addWorkingDays(at, policy.answerWorkingDays, calendar).toISOString();
}

export interface ExtensionTimer {
  type: 'extension_reminder' | 'extension_escalation';
  at: number;
  key: string;
  requestId: string;
}

/** The escalation of an unanswered request: one per request, ever. */
export function unansweredEscalationKey(workflowId: string, requestId: string): string {
  return `${workflowId}:extension_unanswered:${requestId}`;
}

/**
 * What is still to come for a pending request: a reminder to the Service Center at 08:00 on the
 * answer deadline's day (when that is after the request), then the escalation when the answer
 * deadline passes. Keys already done are left out, so nothing is sent or raised twice.
 */
export function extensionTimers(
  request: ExtensionRequest | undefined,
  plan: { workflowId: string; calendar: WorkCalendar; done: ReadonlySet<string> },
): ExtensionTimer[] {
  if (!request || request.status !== 'pending') return [];
  const deadline = Date.parse(request.answerDeadline);
  const reminderAt = workingDaysBefore(new Date(deadline), 0, plan.calendar).getTime();
  const timers: ExtensionTimer[] = [];
  const reminderKey = `${request.id}:answer-reminder`;
  if (reminderAt > Date.parse(request.requestedAt) && !plan.done.has(reminderKey))
    timers.push({ type: 'extension_reminder', at: reminderAt, key: reminderKey, requestId: request.id });
  const escalationKey = unansweredEscalationKey(plan.workflowId, request.id);
  if (!plan.done.has(escalationKey))
    timers.push({ type: 'extension_escalation', at: deadline, key: escalationKey, requestId: request.id });
  return timers;
}

/** Per agency, for the report: how often it asked and what came of it. */
export interface ExtensionTally {
  requested: number;
  granted: number;
  refused: number;
  pending: number;
  /** Working days granted in all. */
  workingDaysGranted: number;
}

export function tallyExtensions(
  requests: readonly Pick<ExtensionRequest, 'status' | 'currentDeadline' | 'grantedDeadline'>[],
  calendar: WorkCalendar,
): ExtensionTally {
  const tally: ExtensionTally = { requested: 0, granted: 0, refused: 0, pending: 0, workingDaysGranted: 0 };
  for (const request of requests) {
    tally.requested++;
    tally[request.status]++;
    if (request.status === 'granted' && request.grantedDeadline)
      tally.workingDaysGranted += countWorkingDays(
        new Date(request.currentDeadline),
        new Date(request.grantedDeadline),
        calendar,
      );
  }
  return tally;
}

/** An audit row of an extension request or its answer, as the database keeps it. */
export interface ExtensionAuditRow {
  action: string;
  actor: string;
  at: Date;
  payload: unknown;
}

export const EXTENSION_AUDIT_ACTIONS = ['extension_request', 'extension_grant', 'extension_refuse'] as const;

/** The requests of one agency rebuilt from its audit rows (oldest first), for its page and the report. */
export function extensionRequestsFromAudit(rows: readonly ExtensionAuditRow[]): ExtensionRequest[] {
  const requests = new Map<string, ExtensionRequest>();
  for (const row of [...rows].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const payload = (row.payload ?? {}) as Partial<ExtensionRequest> & { requestId?: string };
    if (row.action === 'extension_request' && payload.id) requests.set(payload.id, { ...payload } as ExtensionRequest);
    const answered = payload.requestId ? requests.get(payload.requestId) : undefined;
    if (answered && (row.action === 'extension_grant' || row.action === 'extension_refuse')) {
      answered.status = row.action === 'extension_grant' ? 'granted' : 'refused';
      answered.decidedBy = row.actor;
      answered.decidedAt = row.at.toISOString();
      answered.grantedDeadline = payload.grantedDeadline;
      answered.answer = payload.answer;
    }
  }
  return [...requests.values()];
}

/** One line of an agency's history for a request or its answer. */
export function describeExtension(request: ExtensionRequest): { at: string; text: string }[] {
  const asked = {
    at: request.requestedAt,
    text:
      `${request.requestedBy}${request.requestedAs === 'operator' ? ' (ghi đề nghị bằng văn bản giấy)' : ''} xin gia hạn ` +
      `đến ${deadlineDay(request.requestedDeadline)} (thêm ${request.workingDays} ngày làm việc): ${request.reason}`,
  };
  if (request.status === 'pending' || !request.decidedAt) return [asked];
  const answer =
    request.status === 'granted'
      ? `${request.decidedBy} chấp thuận gia hạn đến ${deadlineDay(request.grantedDeadline ?? request.requestedDeadline)}`
      : `${request.decidedBy} không chấp thuận gia hạn`;
  return [asked, { at: request.decidedAt, text: `${answer}${request.answer ? `: ${request.answer}` : ''}.` }];
}
