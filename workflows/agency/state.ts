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
import { OVERDUE_ESCALATION, type EscalationKind } from '../../domain/escalations';
import { isLate } from '../../domain/lateness';
import { reproject, type WorkingDayOrigin } from '../../domain/calendar-change';
import type { DeadlineSuspension } from '../../domain/suspension';
import type { WorkCalendar } from '../../domain/working-days';
import { DEADLINE_LABELS, STAGE_LABELS, TERMINAL_STAGES, type Stage } from '../../domain/stages';
import type { Delivery } from '../../domain/deliverables/checker';
import type { AgencyFacts, Deadlines } from './messages';

export interface AgencyCheckpoint {
  facts: AgencyFacts;
  deadlineOrigins: DeadlineOrigins;
  lastList?: AgencyList;
  lastDelivery?: Delivery;
  seq: number;
}

/** Where the deadlines counted in working days start, to count them again on a changed calendar. */
export interface DeadlineOrigins {
  resubmission?: WorkingDayOrigin;
  review?: WorkingDayOrigin;
}

/** The version just submitted, kept to tell the reviewer what the next one changes. */
export type LastVersion = { list: AgencyList } | { delivery: Delivery };

/** Who did what, last: shown in the Web UI and returned by the state query. */
export type LastAction = NonNullable<AgencyFacts['lastAction']>;

/**
 * What one agency workflow knows, and the decisions it takes on it, as plain methods: which
 * deadline runs, which timers are planned, who may do what now. No Temporal call is made here; the
 * handlers act on its answers. It is the only writer of what it knows: handlers decide, record, and
 * ask for a named transition (below), so every change and what it touches reads in one place.
 */
export class AgencyWorkflowState {
  /** What the agencyState query returns, with ExtensionState's summary. */
  readonly facts: AgencyFacts;
  readonly ids: { workflowId: string; campaignId: string; assignmentId: string };
  private readonly sentReminders = new Set<string>();
  private readonly raisedEscalations = new Set<string>();
  private last: { list?: AgencyList; delivery?: Delivery } = {};
  private eventSeq = 0;
  private changeCount = 0;
  private workCalendar: WorkCalendar;
  private readonly origins: DeadlineOrigins = {};

  constructor(
    readonly input: AgencyWorkflowInput,
    readonly workflowId: string,
    readonly clock: CampaignClock,
  ) {
    this.workCalendar = input.calendar;
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

  /** Keys of the reminders already sent. */
  get remindersDone(): ReadonlySet<string> {
    return this.sentReminders;
  }

  /** Keys of the escalations already raised. */
  get escalated(): ReadonlySet<string> {
    return this.raisedEscalations;
  }

  /** The last list submitted, to tell the reviewer what changed. */
  get lastList(): AgencyList | undefined {
    return this.last.list;
  }

  /** The last delivery submitted, to tell the reviewer what changed. */
  get lastDelivery(): Delivery | undefined {
    return this.last.delivery;
  }

  /** Sequence number of the last recorded event; 0 is the assignment. */
  get seq(): number {
    return this.eventSeq;
  }

  /** Bumps on every change that can move the next timer. */
  get changes(): number {
    return this.changeCount;
  }

  /** The working-day calendar every deadline and reminder is counted on. */
  get calendar(): WorkCalendar {
    return this.workCalendar;
  }

  get deadlineOrigins(): Readonly<DeadlineOrigins> {
    return this.origins;
  }

  /** What a transition may change, to put back when its record is refused (AgencyRecorder.transition). */
  checkpoint(): AgencyCheckpoint {
    return {
      facts: JSON.parse(JSON.stringify(this.facts)),
      deadlineOrigins: JSON.parse(JSON.stringify(this.origins)),
      lastList: this.last.list,
      lastDelivery: this.last.delivery,
      seq: this.eventSeq,
    };
  }

  /** Back to a checkpoint: the state says nothing the system of record does not. */
  restore(checkpoint: AgencyCheckpoint): void {
    for (const key of Object.keys(this.facts)) delete (this.facts as unknown as Record<string, unknown>)[key];
    Object.assign(this.facts, JSON.parse(JSON.stringify(checkpoint.facts)));
    this.origins.resubmission = checkpoint.deadlineOrigins.resubmission;
    this.origins.review = checkpoint.deadlineOrigins.review;
    this.last = { list: checkpoint.lastList, delivery: checkpoint.lastDelivery };
    this.eventSeq = checkpoint.seq;
    this.changeCount++;
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

  snapshot(): AgencyFacts {
    return { ...this.facts, activeDeadline: this.activeDeadline() };
  }

  /** Recomputes the derived facts after any change, and wakes the timer loop. */
  refresh(): void {
    this.changeCount++;
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
      remindersDone: this.sentReminders,
      escalated: this.raisedEscalations,
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
    done.forEach((timer) => this.sentReminders.add(timer.key));
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

  // ── Transitions: the only writes to what the workflow knows ──────────────────────────────
  // A transition given to AgencyRecorder.transition is put back by restore() when its record is refused.

  /** A version submitted: its review deadline starts, the last return's reason goes, it is kept to diff the next. */
  versionSubmitted(change: { reviewDeadline: string; reviewOrigin: WorkingDayOrigin; last: LastVersion }): void {
    this.facts.deadlines.review = change.reviewDeadline;
    this.origins.review = change.reviewOrigin;
    this.facts.stageReason = undefined;
    if ('list' in change.last) this.last.list = change.last.list;
    else this.last.delivery = change.last.delivery;
  }

  /** The reviewer returned the version: the resubmission deadline starts, the review deadline ends. */
  returned(change: {
    returnCount: number;
    resubmissionDeadline: string;
    resubmissionOrigin: WorkingDayOrigin;
    reason: string;
  }): void {
    this.facts.returnCount = change.returnCount;
    this.facts.deadlines.resubmission = change.resubmissionDeadline;
    this.origins.resubmission = change.resubmissionOrigin;
    this.facts.deadlines.review = undefined;
    this.facts.stageReason = change.reason;
  }

  /** The reviewer accepted the version: no review deadline runs any more. */
  accepted(): void {
    this.facts.deadlines.review = undefined;
  }

  /** A stage change that gives its reason (a withdrawal, a campaign decision): shown with the stage. */
  reasonGiven(reason: string): void {
    this.facts.stageReason = reason;
  }

  /** Every stage change: the new stage, the version it concerns when one was submitted, who acted. */
  stageEntered(stage: Stage, action: LastAction, version?: number): void {
    if (version !== undefined) this.facts.version = version;
    this.facts.stage = stage;
    this.facts.lastAction = action;
  }

  /** An event that leaves the stage as it is (an extension, a reminder): who acted, last. */
  actionRecorded(action: LastAction): void {
    this.facts.lastAction = action;
  }

  /** Numbers the next recorded event: the records of one agency are written in this order. */
  nextEventSeq(): number {
    return ++this.eventSeq;
  }

  /** An escalation raised: it is not raised again, and the state query lists its kind. */
  escalationRaised(kind: EscalationKind, key: string): void {
    this.raisedEscalations.add(key);
    this.facts.escalations.push(kind);
  }

  /** A deadline moved by the Service Center (its own extension, or a request it granted). */
  deadlineMoved(kind: keyof Deadlines, deadline: string): void {
    this.facts.deadlines[kind] = deadline;
  }

  suspended(suspension: DeadlineSuspension): void {
    this.facts.suspension = suspension;
  }

  /** The suspension ends; the deadline it held moves by the working days it had left, when it still runs. */
  resumed(moved?: { kind: keyof Deadlines; deadline: string }): void {
    if (moved) this.facts.deadlines[moved.kind] = moved.deadline;
    this.facts.suspension = undefined;
  }

  /** A changed calendar: deadlines counted in working days are counted again from where they started. */
  calendarChanged(calendar: WorkCalendar, version: number): void {
    this.workCalendar = calendar;
    this.facts.calendarVersion = version;
    for (const kind of ['resubmission', 'review'] as const) {
      const origin = this.origins[kind];
      if (origin && this.facts.deadlines[kind] !== undefined)
        this.facts.deadlines[kind] = reproject(origin, this.workCalendar);
    }
  }

  /** Reminders and escalations that count as done already: those of a deadline's date before it moved. */
  alreadyDone(done: { reminders: string[]; escalations: string[] }): void {
    done.reminders.forEach((key) => this.sentReminders.add(key));
    done.escalations.forEach((key) => this.raisedEscalations.add(key));
  }

  supportRequested(id: string): void {
    this.facts.supportRequests.push({ id, answered: false });
  }

  supportAnswered(id: string): void {
    this.facts.supportRequests.find((request) => request.id === id)!.answered = true;
  }

  /** A request whose record was refused is dropped, when no later one was asked on top of it. */
  supportNotRecorded(id: string): void {
    const requests = this.facts.supportRequests;
    if (requests.at(-1)?.id === id) requests.pop();
  }

  /** An answer whose record was refused: the request waits for its answer again. */
  supportAnswerNotRecorded(id: string): void {
    this.facts.supportRequests.find((request) => request.id === id)!.answered = false;
  }
}
