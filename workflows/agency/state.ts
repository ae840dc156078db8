import type { AgencyWorkflowInput } from '../../domain/agency-input';
import { assignmentId } from '../../temporal/workflow-ids';
import { initialReturnCount } from '../../temporal/search-attributes';
import type { AgencyList } from '../../domain/agency-list';
import type { CampaignClock } from '../../domain/clock';
import {
  activeDeadline,
  collapseDueReminders,
  deadlineAudience,
  overdueEscalationKey,
  plannedTimers,
  reminderPlan,
  type ActiveDeadline,
  type AgencyTimer,
  type ReminderPlan,
  type ReminderTimer,
  type TimerPlanInput,
} from '../../domain/deadlines';
import { OVERDUE_ESCALATION } from '../../domain/escalations';
import { isLate } from '../../domain/lateness';
import { checkList, type ListCheck } from '../../domain/list-quality';
import type { WorkingDayOrigin } from '../../domain/calendar-change';
import { suspendDeadline, type DeadlineSuspension } from '../../domain/suspension';
import { checkWithinCalendar, localDay, type WorkCalendar } from '../../domain/working-days';
import { DEADLINE_LABELS, nextStage, STAGE_LABELS, TERMINAL_STAGES } from '../../domain/stages';
import type { z } from 'zod';
import { compileDeliverable, type DeliverableChecker, type Delivery } from '../../domain/deliverables/checker';
import type { DeliveryCheck } from '../../domain/deliverables/issues';
import type {
  AgencyState,
  extendDeadlineInputSchema,
  submitDeliveryInputSchema,
  submitListInputSchema,
  supportAnswerInputSchema,
} from './messages';

export interface AgencyCheckpoint {
  facts: AgencyState;
  deadlineOrigins: AgencyWorkflowState['deadlineOrigins'];
  lastList?: AgencyList;
  lastDelivery?: Delivery;
  seq: number;
}

/**
 * What one agency workflow knows, and the decisions it takes on it, as plain methods: which
 * deadline runs, which timers are planned, who may do what now. No Temporal call is made here; the
 * handlers act on its answers.
 */
export class AgencyWorkflowState {
  /** What the agencyState query returns. */
  readonly facts: AgencyState;
  readonly ids: { workflowId: string; campaignId: string; assignmentId: string };
  /** Keys of the reminders already sent. */
  readonly remindersDone = new Set<string>();
  /** Keys of the escalations already raised. */
  readonly escalated = new Set<string>();
  /** The last list submitted, to tell the reviewer what changed. */
  lastList?: AgencyList;
  /** The last delivery submitted, to tell the reviewer what changed. */
  lastDelivery?: Delivery;
  /** The declared deliverable's checker, compiled on the run's first delivery. */
  private deliveryChecker?: DeliverableChecker;
  /** Sequence number of the last recorded event; 0 is the assignment. */
  seq = 0;
  /** Bumps on every change that can move the next timer. */
  changes = 0;
  /** The working-day calendar every deadline and reminder is counted on. */
  calendar: WorkCalendar;
  /** Where the deadlines counted in working days start, to count them again on a changed calendar. */
  readonly deadlineOrigins: { resubmission?: WorkingDayOrigin; review?: WorkingDayOrigin } = {};

  constructor(
    readonly input: AgencyWorkflowInput,
    readonly workflowId: string,
    readonly clock: CampaignClock,
  ) {
    this.calendar = input.calendar;
    this.ids = {
      workflowId,
      campaignId: input.campaignId,
      assignmentId: assignmentId(input.campaignId, input.agency.code),
    };
    this.facts = {
      campaignId: input.campaignId,
      agencyCode: input.agency.code,
      agencyName: input.agency.name,
      stage: input.initialStage,
      stageReason: input.initialReason,
      version: 0,
      returnCount: initialReturnCount(input.initialStage),
      deadlines: { submission: input.submissionDeadline },
      overdue: false,
      escalations: [],
      supportRequests: [],
      calendarVersion: input.calendarVersion ?? 1,
    };
  }

  /** What a transition may change, to put back when its record is refused (AgencyRecorder.transition). */
  checkpoint(): AgencyCheckpoint {
    return {
      facts: JSON.parse(JSON.stringify(this.facts)),
      deadlineOrigins: JSON.parse(JSON.stringify(this.deadlineOrigins)),
      lastList: this.lastList,
      lastDelivery: this.lastDelivery,
      seq: this.seq,
    };
  }

  /** Back to a checkpoint: the state says nothing the system of record does not. */
  restore(checkpoint: AgencyCheckpoint): void {
    for (const key of Object.keys(this.facts)) delete (this.facts as unknown as Record<string, unknown>)[key];
    Object.assign(this.facts, JSON.parse(JSON.stringify(checkpoint.facts)));
    this.deadlineOrigins.resubmission = checkpoint.deadlineOrigins.resubmission;
    this.deadlineOrigins.review = checkpoint.deadlineOrigins.review;
    this.lastList = checkpoint.lastList;
    this.lastDelivery = checkpoint.lastDelivery;
    this.seq = checkpoint.seq;
    this.changes++;
  }

  get finished(): boolean {
    return TERMINAL_STAGES.includes(this.facts.stage);
  }

  activeDeadline(): ActiveDeadline | undefined {
    return activeDeadline(this.facts.stage, this.facts.deadlines);
  }

  /** Whether the running deadline is suspended: no reminder, no escalation, not overdue. */
  isSuspended(): boolean {
    const { suspension } = this.facts;
    return suspension !== undefined && suspension.kind === this.activeDeadline()?.kind;
  }

  snapshot(): AgencyState {
    return { ...this.facts, activeDeadline: this.activeDeadline() };
  }

  /** Recomputes the derived facts after any change, and wakes the timer loop. */
  refresh(): void {
    this.changes++;
    this.facts.activeDeadline = this.activeDeadline();
    this.facts.overdue = this.isLate();
  }

  /**
   * Whether the agency is late, by the one lateness rule (domain/lateness.ts) that the admin script
   * and the report ask too: the running deadline's overdue escalation was raised, or its end (24:00
   * of its last day, moved past days off) has passed; never while it is suspended.
   */
  isLate(): boolean {
    const running = this.facts.activeDeadline;
    const { deadlines } = this.facts;
    const raised = this.raisedLatenessKey();
    return isLate(
      {
        stage: this.facts.stage,
        deadlines: {
          submission: new Date(deadlines.submission),
          resubmission: deadlines.resubmission ? new Date(deadlines.resubmission) : null,
          review: deadlines.review ? new Date(deadlines.review) : null,
        },
        overdue: false,
        suspended: this.isSuspended(),
        openEscalations:
          running && raised ? [{ kind: OVERDUE_ESCALATION[running.kind], deadline: new Date(running.at) }] : [],
      },
      this.clock.nowDate(),
      this.calendar,
    );
  }

  /** What the Web UI shows under "Current details": stage, running deadline, last action. */
  currentDetails(): string {
    const { facts } = this;
    const deadline = facts.activeDeadline
      ? `Thời hạn (${DEADLINE_LABELS[facts.activeDeadline.kind]}): ${facts.activeDeadline.at}${facts.overdue ? ' (QUÁ HẠN)' : ''}${this.isSuspended() ? ` (TẠM DỪNG: ${facts.suspension!.reason})` : ''}`
      : 'không có hạn đang chạy';
    const last = facts.lastAction
      ? `${facts.lastAction.action} — ${facts.lastAction.by}, ${facts.lastAction.at}`
      : 'chưa có';
    return `**${this.input.agency.name}** (${this.input.agency.code})\n\nTrạng thái: **${STAGE_LABELS[facts.stage]}**\n\n${deadline}\n\nThao tác gần nhất: ${last}\n\nSố lần bị trả lại: ${facts.returnCount}`;
  }

  private timerPlanInput(): TimerPlanInput {
    return {
      workflowId: this.workflowId,
      reminderOffsets: this.input.policy.reminderOffsets,
      calendar: this.calendar,
      remindersDone: this.remindersDone,
      escalated: this.escalated,
    };
  }

  /** Reminders still to send and the deadline still to watch, earliest first. */
  timers(): AgencyTimer[] {
    if (this.isSuspended()) return [];
    return plannedTimers(this.activeDeadline(), this.timerPlanInput());
  }

  reminderPlan(): ReminderPlan {
    const active = this.activeDeadline();
    if (this.isSuspended()) return { deadline: active, audience: deadlineAudience(active!.kind), reminders: [] };
    return reminderPlan(active, this.timerPlanInput());
  }

  /** Marks every reminder due now as done; returns the one to send. */
  takeDueReminders(firing: ReminderTimer): ReminderTimer {
    const { done, send } = collapseDueReminders(this.timers(), this.clock.now(), firing);
    done.forEach((timer) => this.remindersDone.add(timer.key));
    return send;
  }

  /** The overdue escalation of the running deadline, when it was raised (a late submission resolves it). */
  raisedLatenessKey(): string | undefined {
    const running = this.facts.activeDeadline;
    const key = running && overdueEscalationKey(this.workflowId, running);
    return key && this.escalated.has(key) ? key : undefined;
  }

  /** The next support request's ID. */
  nextSupportRequestId(): string {
    return `${this.ids.assignmentId}#support-${this.facts.supportRequests.length + 1}`;
  }

  // ── Update validators: refuse before anything reaches the history ─────────────────────────

  /** The list's quality, checked once per submission: its errors refuse it, its findings go with it. */
  checkSubmit(request: z.output<typeof submitListInputSchema>): ListCheck {
    nextStage(this.facts.stage, 'submit');
    const checked = checkList(request.list, { catalogue: this.input.catalogue });
    if (checked.errors.length > 0)
      throw new Error(
        `Danh sách chưa đạt yêu cầu:\n${checked.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`,
      );
    return checked;
  }

  /** A delivery of the declared deliverable, checked as the server checked it: its errors refuse it. */
  checkDeliver(request: z.output<typeof submitDeliveryInputSchema>): DeliveryCheck<Delivery> {
    nextStage(this.facts.stage, 'submit', 'deliver');
    const declaration = this.input.deliverable;
    if (!declaration)
      throw new Error(
        'Chiến dịch này nhận danh sách giấy tờ cần số hóa (nộp danh sách), không nhận sản phẩm khai báo.',
      );
    this.deliveryChecker ??= compileDeliverable(declaration);
    const checked = this.deliveryChecker(request.delivery);
    if (!checked.ok) throw new Error(`Sản phẩm chưa đạt yêu cầu:\n${checked.errors.map((e) => e.message).join('\n')}`);
    return checked;
  }

  checkReturn(): void {
    nextStage(this.facts.stage, 'return');
  }

  checkAccept(): void {
    nextStage(this.facts.stage, 'accept');
  }

  checkWithdraw(): void {
    nextStage(this.facts.stage, 'withdraw');
  }

  checkExtend(request: z.output<typeof extendDeadlineInputSchema>): void {
    const kind = request.kind ?? this.activeDeadline()?.kind;
    if (!kind)
      throw new Error(`Không có thời hạn nào đang chạy ở trạng thái hiện tại; hãy nêu rõ loại thời hạn (kind).`);
    if (kind !== 'submission' && this.facts.deadlines[kind] === undefined)
      throw new Error(`Chưa có thời hạn "${kind}" để gia hạn.`);
    if (Date.parse(request.deadline) <= this.clock.now())
      throw new Error('Thời hạn mới phải ở sau thời điểm hiện tại.');
    checkWithinCalendar(new Date(request.deadline), this.calendar, 'Thời hạn mới');
  }

  checkRemind(canReach: (audience: 'agency' | 'reviewer') => boolean): void {
    const active = this.activeDeadline();
    if (!active)
      throw new Error(
        `Không có hạn nào đang chạy ở trạng thái "${STAGE_LABELS[this.facts.stage]}", nên không có gì để nhắc.`,
      );
    if (this.isSuspended())
      throw new Error(
        `Thời hạn của ${this.input.agency.name} đang tạm dừng (${this.facts.suspension!.reason}); hãy tiếp tục (resume) trước khi nhắc.`,
      );
    const to = deadlineAudience(active.kind);
    if (!canReach(to)) {
      throw new Error(
        to === 'agency'
          ? `${this.input.agency.name} không có email trong danh sách cơ quan lúc khởi chạy, nên dondoc không gửi được nhắc việc; hãy liên hệ trực tiếp cơ quan.`
          : `Chiến dịch không có email của cơ quan thẩm định (reviewer.email) lúc khởi chạy, nên dondoc không gửi được nhắc thẩm định; hãy liên hệ trực tiếp ${this.input.reviewer}.`,
      );
    }
  }

  /** The suspension the request would make; its handler names the actor. */
  checkSuspend(request: { reason: string }): Omit<DeadlineSuspension, 'by'> {
    if (this.isSuspended())
      throw new Error(
        `Thời hạn đang chạy đã được tạm dừng từ ${localDay(new Date(this.facts.suspension!.since)).split('-').reverse().join('/')}; hãy tiếp tục (resume) trước khi tạm dừng lại.`,
      );
    const active = this.activeDeadline();
    if (!active)
      throw new Error(
        `Không có hạn nào đang chạy ở trạng thái "${STAGE_LABELS[this.facts.stage]}", nên không có gì để tạm dừng.`,
      );
    return suspendDeadline(active, this.clock.nowDate(), this.calendar, request.reason);
  }

  checkResume(): void {
    if (!this.facts.suspension) throw new Error('Thời hạn của cơ quan không bị tạm dừng, nên không có gì để tiếp tục.');
  }

  checkCalendarChange(request: { version: number; daysOff: string[]; workingDays: string[] }): void {
    if (request.version <= this.facts.calendarVersion)
      throw new Error(
        `Cơ quan đã dùng lịch làm việc phiên bản ${this.facts.calendarVersion}; phiên bản ${request.version} không mới hơn.`,
      );
    if (request.daysOff.length + request.workingDays.length === 0)
      throw new Error('Thông báo không có ngày nghỉ (daysOff) hay ngày làm bù (workingDays) nào.');
    // Weekends may be named too: a correction can send a make-up Saturday back to rest, a weekday back to work.
    for (const day of request.daysOff)
      if (request.workingDays.includes(day)) throw new Error(`Ngày ${day} vừa là ngày nghỉ vừa là ngày làm việc.`);
  }

  checkAnswer(request: z.output<typeof supportAnswerInputSchema>): void {
    const entry = this.facts.supportRequests.find((r) => r.id === request.requestId);
    if (!entry) throw new Error(`Không có yêu cầu hỗ trợ ${request.requestId}.`);
    if (entry.answered) throw new Error(`Yêu cầu hỗ trợ ${request.requestId} đã được trả lời.`);
  }
}
