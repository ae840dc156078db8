import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { EscalationKind } from '../../activities/escalations';
import type { NotificationKind, NotificationParamsInput, NotifyInput } from '../../activities/notifications';
import type { TransitionRecord } from '../../activities/transitions';
import { assignmentId, type AgencyWorkflowInput } from '../../domain/agency-input';
import type { AgencyList } from '../../domain/agency-list';
import { diffLists, formatDiff } from '../../domain/list-diff';
import { checkList } from '../../domain/list-quality';
import {
  acceptListInputSchema,
  acceptListUpdate,
  agencyStateQuery,
  answerSupportUpdate,
  escalateInputSchema,
  escalateUpdate,
  extendDeadlineInputSchema,
  extendDeadlineUpdate,
  remindNowInputSchema,
  remindNowUpdate,
  requestSupportUpdate,
  returnListInputSchema,
  returnListUpdate,
  submitListInputSchema,
  submitListUpdate,
  supportAnswerInputSchema,
  supportRequestInputSchema,
  withdrawInputSchema,
  withdrawUpdate,
  type AgencyState,
  type TransitionReceipt,
} from './messages';
import { deadlineKey, overdueKey, returnCountKey, stageKey } from '../../domain/search-attributes';
import {
  activeDeadlineKind,
  canTransition,
  DEADLINE_LABELS,
  IllegalTransitionError,
  STAGE_LABELS,
  nextStage,
  TERMINAL_STAGES,
  type Action,
  type DeadlineKind,
  type Stage,
} from '../../domain/stages';
import { campaignEventSignal, type CampaignEvent } from '../campaign/messages';
import { CampaignClock } from '../../domain/clock';
import { notification } from '../common/notification';
import { addWorkingDays, countWorkingDays, workingDaysBefore } from '../../domain/working-days';
import { validate } from '../../domain/validate';

// Database writes are short and idempotent: as local activities they cost one marker event each
// instead of a round trip through the server, which keeps an agency's history small.
const {
  recordAssignment,
  recordTransition,
  raiseEscalation,
  resolveEscalation,
  recordSupportRequest,
  recordSupportAnswer,
} = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // The database may be away for a while; keep trying rather than fail the workflow.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const { notify } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // An SMTP outage must not lose a message: retry with backoff until it is delivered. A recipient
  // the server refuses is recorded as failed in the outbox instead.
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: ['NotificationRejected'],
  },
});

const OVERDUE_ESCALATION: Record<DeadlineKind, EscalationKind> = {
  submission: 'submission_overdue',
  resubmission: 'resubmission_overdue',
  review: 'review_overdue',
};

type TimerEvent = { at: number; key: string; kind: DeadlineKind; deadline: string } & (
  { type: 'reminder'; offset: number } | { type: 'deadline' }
);

/** One agency in one campaign, from assignment to approval. */
export async function agencyWorkflow(input: AgencyWorkflowInput): Promise<void> {
  const { workflowId } = workflowInfo();
  const ids = {
    workflowId,
    campaignId: input.campaignId,
    assignmentId: assignmentId(input.campaignId, input.agency.code),
  };
  const { calendar, policy } = input;
  const clock = new CampaignClock(input.clock);
  const nowIso = () => clock.nowIso();
  const state: AgencyState = {
    campaignId: input.campaignId,
    agencyCode: input.agency.code,
    agencyName: input.agency.name,
    stage: input.initialStage,
    stageReason: input.initialReason,
    version: 0,
    // The re-review agencies of letter 751 were already returned once by Sở TTTT.
    returnCount: input.initialStage === 'returned' ? 1 : 0,
    deadlines: { submission: input.submissionDeadline },
    overdue: false,
    escalations: [],
    supportRequests: [],
  };
  const remindersDone = new Set<string>();
  const raised = new Set<string>();
  let lastList: AgencyList | undefined;
  let seq = 0;
  let changes = 0; // bumps on every change that can move the next timer
  const inFlight: Promise<unknown>[] = []; // notifications are delivered in the background

  // Writes go to the database one after another, in the order the events happened.
  let persisted: Promise<unknown> = recordAssignment({
    ...ids,
    agency: input.agency,
    stage: state.stage,
    stageReason: state.stageReason,
    reviewer: input.reviewer,
    submissionDeadline: input.submissionDeadline,
    at: nowIso(),
  });
  function persist<T>(write: () => Promise<T>): Promise<T> {
    const next = persisted.then(write);
    persisted = next;
    return next;
  }

  const recipients = {
    agency: input.agency.email ? [{ channel: 'email' as const, address: input.agency.email }] : [],
    reviewer: input.contacts.reviewerEmail
      ? [{ channel: 'email' as const, address: input.contacts.reviewerEmail }]
      : [],
    serviceCenter: input.contacts.serviceCenterEmail
      ? [{ channel: 'email' as const, address: input.contacts.serviceCenterEmail }]
      : [],
  };
  // The campaign's own reviewer, not the templates' default (letter 751's Sở TTTT).
  const common = {
    directive: input.directive,
    agencyName: input.agency.name,
    agencyCode: input.agency.code,
    reviewerName: input.reviewer,
  };
  /** The notification of an event, or none when it has no recipient. */
  function message<K extends NotificationKind>(
    key: string,
    kind: K,
    to: NotifyInput['recipients'],
    params: Omit<NotificationParamsInput<K>, keyof typeof common>,
  ): NotifyInput | undefined {
    if (to.length === 0) return undefined;
    const envelope = {
      key: `${workflowId}:${key}`,
      campaignId: ids.campaignId,
      assignmentId: ids.assignmentId,
      recipients: to,
    };
    // The params this workflow always sets (common) complete each kind's own (checked at each call).
    return notification(envelope, kind, { ...common, ...params } as unknown as NotificationParamsInput<K>);
  }
  /** Delivers in the background; a refused recipient is recorded as failed in the outbox and must not fail the agency. */
  function deliver(notice: NotifyInput | undefined): void {
    if (notice) inFlight.push(notify(notice).catch(() => undefined));
  }
  function send<K extends NotificationKind>(
    key: string,
    kind: K,
    to: NotifyInput['recipients'],
    params: Omit<NotificationParamsInput<K>, keyof typeof common>,
  ): void {
    deliver(message(key, kind, to, params));
  }

  function activeDeadline(): { kind: DeadlineKind; at: string } | undefined {
    const kind = activeDeadlineKind(state.stage, state.deadlines.resubmission !== undefined);
    const at = kind ? state.deadlines[kind] : undefined;
    return kind && at ? { kind, at } : undefined;
  }

  /** Recomputes what the Web UI filters on, after any change. */
  function refresh(): void {
    changes++;
    state.activeDeadline = activeDeadline();
    state.overdue = state.activeDeadline !== undefined && clock.now() > Date.parse(state.activeDeadline.at);
    // What the Web UI shows under "Current details": stage, running deadline, last action.
    const deadline = state.activeDeadline
      ? `Thời hạn (${DEADLINE_LABELS[state.activeDeadline.kind]}): ${state.activeDeadline.at}${state.overdue ? ' (QUÁ HẠN)' : ''}`
      : 'không có hạn đang chạy';
    const last = state.lastAction
      ? `${state.lastAction.action} — ${state.lastAction.by}, ${state.lastAction.at}`
      : 'chưa có';
    setCurrentDetails(
      `**${input.agency.name}** (${input.agency.code})\n\nTrạng thái: **${STAGE_LABELS[state.stage]}**\n\n${deadline}\n\nThao tác gần nhất: ${last}\n\nSố lần bị trả lại: ${state.returnCount}`,
    );
    upsertSearchAttributes([
      { key: stageKey, value: state.stage },
      { key: deadlineKey, value: state.activeDeadline ? new Date(state.activeDeadline.at) : null },
      { key: overdueKey, value: state.overdue },
      { key: returnCountKey, value: state.returnCount },
    ]);
  }

  async function escalate(
    kind: EscalationKind,
    key: string,
    target: 'agency' | 'reviewer',
    details: { deadline?: string; evidence: Record<string, unknown> },
  ): Promise<void> {
    if (raised.has(key)) return;
    raised.add(key);
    state.escalations.push(kind);
    const at = nowIso();
    await persist(() =>
      raiseEscalation({
        key,
        campaignId: ids.campaignId,
        assignmentId: ids.assignmentId,
        kind,
        target,
        deadline: details.deadline,
        at,
        evidence: details.evidence,
      }),
    );
    send(`escalation:${key}`, 'escalation', recipients.serviceCenter, {
      escalationKind: kind,
      deadline: details.deadline,
      evidence: details.evidence,
      raisedAt: at,
    });
  }

  /** Applies a legal transition in memory at once, then persists it in order. */
  async function transition(
    action: Action,
    by: string,
    extra: Pick<TransitionRecord, 'submission' | 'decision' | 'assignment' | 'details'> = {},
    apply: () => void = () => undefined,
    /** The event's notifications, written to the outbox with it; the caller delivers them. */
    notices: (seq: number, toStage: Stage) => (NotifyInput | undefined)[] = () => [],
  ): Promise<{ receipt: TransitionReceipt; seq: number; notices: NotifyInput[] }> {
    const fromStage = state.stage;
    let toStage;
    try {
      toStage = nextStage(fromStage, action);
    } catch (error) {
      // Two updates validated against the same stage: the later one loses without touching state.
      if (error instanceof IllegalTransitionError) throw ApplicationFailure.nonRetryable(error.message, error.name);
      throw error;
    }
    const at = nowIso();
    apply();
    if (extra.submission) state.version = extra.submission.version;
    state.stage = toStage;
    state.lastAction = { action, by, at };
    refresh();
    const record: TransitionRecord = {
      ...ids,
      seq: ++seq,
      action,
      actor: by,
      fromStage,
      toStage,
      at,
      ...extra,
      assignment: { ...extra.assignment, overdue: state.overdue },
    };
    const written = notices(record.seq, toStage).filter((notice): notice is NotifyInput => notice !== undefined);
    if (written.length > 0) record.notifications = written;
    await persist(() => recordTransition(record));
    return { receipt: { stage: toStage, version: state.version, at }, seq: record.seq, notices: written };
  }

  /**
   * Records an event that leaves the stage as it is (an extension, a reminder), with its
   * notification in the same write; the caller delivers it. Returns the event's sequence number.
   */
  async function recordEvent(
    action: string,
    by: string,
    extra: Pick<TransitionRecord, 'assignment' | 'details'>,
    notice: (seq: number) => NotifyInput | undefined,
  ): Promise<{ seq: number; notice?: NotifyInput }> {
    const at = nowIso();
    state.lastAction = { action, by, at };
    const eventSeq = ++seq;
    const written = notice(eventSeq);
    const record: TransitionRecord = {
      ...ids,
      seq: eventSeq,
      action,
      actor: by,
      fromStage: state.stage,
      toStage: state.stage,
      at,
      ...extra,
      ...(written && { notifications: [written] }),
    };
    await persist(() => recordTransition(record));
    return { seq: eventSeq, notice: written };
  }

  function requireRole(by: string, role: 'reviewer' | 'serviceCenter', what: string): void {
    const expected = role === 'reviewer' ? input.reviewer : input.serviceCenter;
    if (by !== expected) throw new Error(`Chỉ ${expected} mới được ${what}; "${by}" không có quyền này.`);
  }

  setHandler(agencyStateQuery, () => ({ ...state, activeDeadline: activeDeadline() }));

  // Agency: submit (first time, or again after a return).
  setHandler(
    submitListUpdate,
    async (raw) => {
      const request = submitListInputSchema.parse(raw);
      const version = state.version + 1;
      const { findings } = checkList(request.list, { catalogue: input.catalogue });
      const lateKey =
        state.activeDeadline && raised.has(escalationKeyFor(state.activeDeadline.kind, state.activeDeadline.at))
          ? escalationKeyFor(state.activeDeadline.kind, state.activeDeadline.at)
          : undefined;
      const reviewDeadline = addWorkingDays(clock.nowDate(), policy.reviewWorkingDays, calendar).toISOString();
      const changesText = formatDiff(diffLists(lastList, request.list));
      const { receipt, notices } = await transition(
        'submit',
        request.by,
        {
          submission: { version, content: request.list, source: request.source, findings },
          assignment: { reviewDeadline, stageReason: null },
        },
        () => {
          state.deadlines.review = reviewDeadline;
          state.stageReason = undefined;
          lastList = request.list;
        },
        (eventSeq, toStage) => [
          message(`${eventSeq}:submission_received`, 'submission_received', recipients.reviewer, {
            version,
            resubmission: toStage === 'resubmitted',
            reviewDeadline,
            changes: changesText,
            findings: findings.map((finding) => finding.message).join('\n'),
          }),
        ],
      );
      if (lateKey) await persist(() => resolveEscalation({ key: lateKey, at: receipt.at }));
      notices.forEach(deliver);
      return { ...receipt, findings: findings.map((finding) => finding.message) };
    },
    {
      validator: (raw) =>
        validate(submitListInputSchema, raw, (request) => {
          nextStage(state.stage, 'submit');
          const { errors } = checkList(request.list, { catalogue: input.catalogue });
          if (errors.length > 0)
            throw new Error(`Danh sách chưa đạt yêu cầu:\n${errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`);
        }),
    },
  );

  // Reviewer (Sở TTTT): return with reasons.
  setHandler(
    returnListUpdate,
    async (raw) => {
      const request = returnListInputSchema.parse(raw);
      const returnCount = state.returnCount + 1;
      const resubmissionDeadline = addWorkingDays(
        clock.nowDate(),
        policy.resubmissionWorkingDays,
        calendar,
      ).toISOString();
      const { receipt, notices } = await transition(
        'return',
        request.by,
        {
          decision: { version: state.version, decision: 'returned', reasons: request.reasons },
          assignment: { returnCount, resubmissionDeadline, reviewDeadline: null, stageReason: request.reasons.overall },
        },
        () => {
          state.returnCount = returnCount;
          state.deadlines.resubmission = resubmissionDeadline;
          state.deadlines.review = undefined;
          state.stageReason = request.reasons.overall;
        },
        (eventSeq) => [
          message(`${eventSeq}:returned`, 'returned', recipients.agency, {
            version: state.version,
            reasons: request.reasons,
            resubmissionDeadline,
          }),
        ],
      );
      notices.forEach(deliver);
      if (state.returnCount >= policy.perfunctoryReturnCount) {
        await escalate('perfunctory', `${workflowId}:perfunctory`, 'agency', {
          evidence: { returnCount: state.returnCount, lastReasons: request.reasons.overall },
        });
      }
      return receipt;
    },
    {
      validator: (raw) =>
        validate(returnListInputSchema, raw, (request) => {
          requireRole(request.by, 'reviewer', 'trả lại danh sách');
          nextStage(state.stage, 'return');
        }),
    },
  );

  // Reviewer (Sở TTTT): accept.
  setHandler(
    acceptListUpdate,
    async (raw) => {
      const request = acceptListInputSchema.parse(raw);
      const { receipt, notices } = await transition(
        'accept',
        request.by,
        {
          decision: {
            version: state.version,
            decision: 'accepted',
            reasons: request.note ? { note: request.note } : undefined,
          },
          assignment: { reviewDeadline: null, stageReason: null },
        },
        () => {
          state.deadlines.review = undefined;
        },
        (eventSeq) => [
          message(`${eventSeq}:accepted`, 'accepted', recipients.agency, {
            version: state.version,
            note: request.note,
          }),
        ],
      );
      notices.forEach(deliver);
      return receipt;
    },
    {
      validator: (raw) =>
        validate(acceptListInputSchema, raw, (request) => {
          requireRole(request.by, 'reviewer', 'chấp nhận danh sách');
          nextStage(state.stage, 'accept');
        }),
    },
  );

  // Service Center: drop the agency from the campaign.
  setHandler(
    withdrawUpdate,
    async (raw) => {
      const request = withdrawInputSchema.parse(raw);
      const { receipt } = await transition(
        'withdraw',
        request.by,
        { assignment: { stageReason: request.reason }, details: { reason: request.reason } },
        () => {
          state.stageReason = request.reason;
        },
      );
      return receipt;
    },
    {
      validator: (raw) =>
        validate(withdrawInputSchema, raw, (request) => {
          requireRole(request.by, 'serviceCenter', 'rút cơ quan khỏi chiến dịch');
          nextStage(state.stage, 'withdraw');
        }),
    },
  );

  // Service Center: move a deadline while the workflow runs; the timer follows.
  setHandler(
    extendDeadlineUpdate,
    async (raw) => {
      const request = extendDeadlineInputSchema.parse(raw);
      const kind = request.kind ?? activeDeadline()!.kind;
      const deadline = new Date(request.deadline).toISOString();
      state.deadlines[kind] = deadline;
      refresh();
      const { notice } = await recordEvent(
        'extend',
        request.by,
        {
          assignment: { [`${kind}Deadline`]: deadline, overdue: state.overdue },
          details: { kind, reason: request.reason },
        },
        (eventSeq) =>
          message(
            `${eventSeq}:extended`,
            'deadline_extended',
            kind === 'review' ? recipients.reviewer : recipients.agency,
            { deadlineKind: kind, deadline, reason: request.reason },
          ),
      );
      deliver(notice);
      return { ...state.deadlines };
    },
    {
      validator: (raw) =>
        validate(extendDeadlineInputSchema, raw, (request) => {
          requireRole(request.by, 'serviceCenter', 'gia hạn');
          const kind = request.kind ?? activeDeadline()?.kind;
          if (!kind)
            throw new Error(`Không có thời hạn nào đang chạy ở trạng thái hiện tại; hãy nêu rõ loại thời hạn (kind).`);
          if (kind !== 'submission' && state.deadlines[kind] === undefined)
            throw new Error(`Chưa có thời hạn "${kind}" để gia hạn.`);
          if (Date.parse(request.deadline) <= clock.now())
            throw new Error('Thời hạn mới phải ở sau thời điểm hiện tại.');
        }),
    },
  );

  // Service Center: remind now, outside the schedule (e.g. after a meeting, or an agency gone quiet).
  setHandler(
    remindNowUpdate,
    async (raw) => {
      const request = remindNowInputSchema.parse(raw);
      const active = activeDeadline()!;
      const deadline = new Date(active.at);
      const now = clock.nowDate();
      const workingDaysLeft = countWorkingDays(now, deadline, calendar);
      const workingDaysLate =
        now.getTime() > deadline.getTime() ? countWorkingDays(deadline, now, calendar) : undefined;
      const audience = active.kind === 'review' ? 'reviewer' : 'agency';
      const onDemand = {
        deadline: active.at,
        workingDaysLeft,
        workingDaysLate,
        note: request.note,
        requestedBy: request.by,
      };
      const { seq: eventSeq, notice } = await recordEvent(
        'remind',
        request.by,
        {
          assignment: { overdue: state.overdue },
          details: { kind: active.kind, deadline: active.at, workingDaysLeft, workingDaysLate, note: request.note },
        },
        (eventSeq) =>
          active.kind === 'review'
            ? message(`remind:${eventSeq}`, 'review_reminder', recipients.reviewer, {
                ...onDemand,
                version: state.version,
              })
            : message(`remind:${eventSeq}`, 'reminder', recipients.agency, { ...onDemand, deadlineKind: active.kind }),
      );
      deliver(notice);
      return {
        kind: active.kind,
        deadline: active.at,
        workingDaysLeft,
        workingDaysLate,
        audience,
        notificationKey: `${workflowId}:remind:${eventSeq}`,
      };
    },
    {
      validator: (raw) =>
        validate(remindNowInputSchema, raw, (request) => {
          requireRole(request.by, 'serviceCenter', 'nhắc việc');
          const active = activeDeadline();
          if (!active)
            throw new Error(
              `Không có hạn nào đang chạy ở trạng thái "${STAGE_LABELS[state.stage]}", nên không có gì để nhắc.`,
            );
          const to = active.kind === 'review' ? 'reviewer' : 'agency';
          if (recipients[to].length === 0) {
            throw new Error(
              to === 'agency'
                ? `${input.agency.name} không có email trong danh sách cơ quan lúc khởi chạy, nên dondoc không gửi được nhắc việc; hãy liên hệ trực tiếp cơ quan.`
                : `Chiến dịch không có email của cơ quan thẩm định (reviewer.email) lúc khởi chạy, nên dondoc không gửi được nhắc thẩm định; hãy liên hệ trực tiếp ${input.reviewer}.`,
            );
          }
        }),
    },
  );

  // Service Center: report the agency to the Office by hand.
  setHandler(
    escalateUpdate,
    async (raw) => {
      const request = escalateInputSchema.parse(raw);
      const key = `${workflowId}:manual:${++seq}`;
      await escalate('manual', key, 'agency', {
        evidence: { reason: request.reason, by: request.by, stage: state.stage },
      });
      return { escalationKey: key };
    },
    {
      validator: (raw) =>
        validate(escalateInputSchema, raw, (request) => requireRole(request.by, 'serviceCenter', 'báo cáo vi phạm')),
    },
  );

  // Agency: ask for help on which documents to list (point 2 of the letter).
  setHandler(
    requestSupportUpdate,
    async (raw) => {
      const request = supportRequestInputSchema.parse(raw);
      const id = `${ids.assignmentId}#support-${state.supportRequests.length + 1}`;
      state.supportRequests.push({ id, answered: false });
      const at = nowIso();
      await persist(() =>
        recordSupportRequest({
          id,
          campaignId: ids.campaignId,
          assignmentId: ids.assignmentId,
          question: request.question,
          askedBy: request.by,
          at,
        }),
      );
      send(`${id}:request`, 'support_request', [...recipients.reviewer, ...recipients.serviceCenter], {
        requestId: id,
        question: request.question,
        askedBy: request.by,
      });
      return { requestId: id };
    },
    { validator: (raw) => validate(supportRequestInputSchema, raw, () => undefined) },
  );

  // Reviewer or Service Center: answer a support request.
  setHandler(
    answerSupportUpdate,
    async (raw) => {
      const request = supportAnswerInputSchema.parse(raw);
      const entry = state.supportRequests.find((r) => r.id === request.requestId)!;
      entry.answered = true;
      await persist(() =>
        recordSupportAnswer({ id: request.requestId, answer: request.answer, answeredBy: request.by, at: nowIso() }),
      );
      send(`${request.requestId}:answer`, 'support_answer', recipients.agency, {
        requestId: request.requestId,
        answer: request.answer,
        answeredBy: request.by,
      });
      return { requestId: request.requestId };
    },
    {
      validator: (raw) =>
        validate(supportAnswerInputSchema, raw, (request) => {
          if (request.by !== input.reviewer && request.by !== input.serviceCenter) {
            throw new Error(`Chỉ ${input.reviewer} hoặc ${input.serviceCenter} mới được trả lời yêu cầu hỗ trợ.`);
          }
          const entry = state.supportRequests.find((r) => r.id === request.requestId);
          if (!entry) throw new Error(`Không có yêu cầu hỗ trợ ${request.requestId}.`);
          if (entry.answered) throw new Error(`Yêu cầu hỗ trợ ${request.requestId} đã được trả lời.`);
        }),
    },
  );

  // The campaign: the list was consolidated, approved, or the campaign was cancelled. Signals may be
  // repeated (the sender resumes after a retry), so an event that no longer applies is ignored.
  const CAMPAIGN_ACTIONS: Record<CampaignEvent['type'], Action> = {
    consolidated: 'consolidate',
    approved: 'approve',
    cancelled: 'withdraw',
  };
  setHandler(campaignEventSignal, async (event) => {
    const action = CAMPAIGN_ACTIONS[event.type];
    if (!canTransition(state.stage, action)) return;
    await transition(
      action,
      event.by,
      event.reason ? { assignment: { stageReason: event.reason }, details: { reason: event.reason } } : {},
      () => {
        if (event.reason) state.stageReason = event.reason;
      },
    );
  });

  /** Reminders still to send and the deadline still to watch, earliest first. */
  function timerEvents(): TimerEvent[] {
    const active = activeDeadline();
    if (!active) return [];
    const deadline = Date.parse(active.at);
    const events: TimerEvent[] = policy.reminderOffsets
      .map((offset) => ({
        type: 'reminder' as const,
        at: workingDaysBefore(new Date(deadline), offset, calendar).getTime(),
        key: `${active.kind}:${active.at}:${offset}`,
        kind: active.kind,
        deadline: active.at,
        offset,
      }))
      .filter((event) => event.at < deadline && !remindersDone.has(event.key));
    const escalationKey = escalationKeyFor(active.kind, active.at);
    if (!raised.has(escalationKey))
      events.push({ type: 'deadline', at: deadline, key: escalationKey, kind: active.kind, deadline: active.at });
    return events.sort((a, b) => a.at - b.at);
  }

  function escalationKeyFor(kind: DeadlineKind, deadline: string): string {
    return `${workflowId}:${OVERDUE_ESCALATION[kind]}:${deadline}`;
  }

  async function fire(event: TimerEvent): Promise<void> {
    if (event.type === 'deadline') {
      refresh();
      await escalate(OVERDUE_ESCALATION[event.kind], event.key, event.kind === 'review' ? 'reviewer' : 'agency', {
        deadline: event.deadline,
        evidence: { stage: state.stage, version: state.version, returnCount: state.returnCount },
      });
      return;
    }
    // Several reminders due at once (a late launch): send only the one closest to the deadline.
    const due = timerEvents().filter(
      (e): e is TimerEvent & { type: 'reminder' } => e.type === 'reminder' && e.at <= clock.now(),
    );
    due.forEach((e) => remindersDone.add(e.key));
    const closest = due.reduce((a, b) => (a.offset < b.offset ? a : b), event);
    const reminder = { deadline: closest.deadline, workingDaysLeft: closest.offset };
    if (closest.kind === 'review')
      send(`reminder:${closest.key}`, 'review_reminder', recipients.reviewer, { ...reminder, version: state.version });
    else send(`reminder:${closest.key}`, 'reminder', recipients.agency, { ...reminder, deadlineKind: closest.kind });
  }

  refresh();
  send('assigned', 'assigned', recipients.agency, {
    deadline: input.submissionDeadline,
    initialStage: input.initialStage,
    reason: input.initialReason,
  });

  while (!TERMINAL_STAGES.includes(state.stage)) {
    const seen = changes;
    const [next] = timerEvents();
    if (!next) {
      await condition(() => changes !== seen);
      continue;
    }
    const wait = clock.realDelayUntil(next.at);
    if (wait > 0 && (await condition(() => changes !== seen, wait))) continue; // something changed: plan again
    await fire(next);
  }

  await persisted;
  await condition(allHandlersFinished);
  await Promise.all(inFlight);
}
