import { ApplicationFailure, setCurrentDetails } from '@temporalio/workflow';
import type { EscalationKind, EscalationTarget } from '../../domain/escalations';
import type { NotifyInput } from '../../activities/notifications';
import type { TransitionRecord } from '../../activities/transitions';
import { statusAttributes } from '../../temporal/search-attributes';
import { IllegalTransitionError, nextStage, type StageAction, type Stage } from '../../domain/stages';
import { database } from '../common/activity-proxies';
import { GATES, type CodeGates, type Gate } from '../common/code-gates';
import { upsertChangedSearchAttributes } from '../common/upsert-changed';
import type { ActingPerson } from '../../domain/actor-proof';
import type { ActingPeople } from '../common/acting-people';
import type { Deliveries } from '../common/deliveries';
import type { TransitionReceipt } from './messages';
import type { AgencyNotices } from './notices';
import type { AgencyCheckpoint, AgencyWorkflowState } from './state';

export type TransitionExtra = Pick<TransitionRecord, 'submission' | 'decision' | 'assignment' | 'details'>;

/**
 * How an agency's events reach the system of record: applied in memory at once, written to the
 * database one after another in the order they happened, each with its notifications (the outbox).
 */
export class AgencyRecorder {
  private persisted: Promise<unknown>;

  constructor(
    private readonly state: AgencyWorkflowState,
    private readonly notices: AgencyNotices,
    private readonly deliveries: Deliveries,
    /** Who acts in each Update handler, recorded on its audit rows. */
    private readonly people: ActingPeople,
    /** The assignment's notice, written with the assignment (the outbox relay delivers it). */
    assignedNotice: NotifyInput | undefined,
    private readonly gates: CodeGates,
  ) {
    const { input, facts } = state;
    this.persisted = database.recordAssignment({
      ...state.ids,
      agency: input.agency,
      stage: facts.stage,
      stageReason: facts.stageReason,
      reviewer: input.reviewer,
      submissionDeadline: input.submissionDeadline,
      at: state.clock.nowIso(),
      ...(assignedNotice && { notifications: [assignedNotice] }),
    });
  }

  /** The verified person of the Update being handled, for its audit row (read before any write is queued). */
  acting(): { person?: ActingPerson } {
    const person = this.people.current();
    return person ? { person } : {};
  }

  persist<T>(write: () => Promise<T>): Promise<T> {
    const next = this.persisted.then(write);
    // A write refused for good fails its own Update; the writes queued after it still run.
    this.persisted = next.catch(() => undefined);
    return next;
  }

  /**
   * Writes a record; a refused one runs `takeBack` (for runs past `gate` if one is named, and when
   * `applies`), so the state says only what the records say. The Update still fails with the refusal.
   */
  async persistOrTakeBack(
    write: () => Promise<unknown>,
    undo: { takeBack: () => void; gate?: Gate; applies?: () => boolean },
  ): Promise<void> {
    try {
      await this.persist(write);
    } catch (error) {
      if ((undo.applies?.() ?? true) && (!undo.gate || this.gates.follows(undo.gate))) {
        undo.takeBack();
        this.publish();
      }
      throw error;
    }
  }

  /** Every write recorded, in order. */
  flushed(): Promise<unknown> {
    return this.persisted;
  }

  /** Recomputes the state after a change and shows it in the Web UI (search attributes, details). */
  publish(): void {
    const { state } = this;
    state.refresh();
    const { facts } = state;
    setCurrentDetails(state.currentDetails());
    upsertChangedSearchAttributes(statusAttributes(facts));
  }

  async escalate(
    kind: EscalationKind,
    key: string,
    target: EscalationTarget,
    details: { deadline?: string; evidence: Record<string, unknown>; actor?: string },
  ): Promise<void> {
    const { state } = this;
    if (state.escalated.has(key)) return;
    state.escalationRaised(kind, key);
    const at = state.clock.nowIso();
    const { campaignId, assignmentId } = state.ids;
    const acting = details.actor ? this.acting() : {};
    await this.persist(() =>
      database.raiseEscalation({
        key,
        campaignId,
        assignmentId,
        kind,
        target,
        deadline: details.deadline,
        at,
        evidence: details.evidence,
        ...(details.actor && { actor: details.actor }),
        ...acting,
      }),
    );
    this.deliveries.deliver(
      this.notices.message(
        `escalation:${key}`,
        'escalation',
        this.notices.recipients.serviceCenter,
        this.notices.with({
          agencyCode: this.state.input.agency.code,
          escalationKind: kind,
          deadline: details.deadline,
          evidence: details.evidence,
          raisedAt: at,
        }),
      ),
    );
  }

  /**
   * Applies a legal transition in memory at once, then persists it in order, with its notifications;
   * returns its receipt and the notices left for the caller to deliver (none when the relay does).
   */
  async transition(
    action: StageAction,
    by: string,
    extra: TransitionExtra = {},
    apply: () => void = () => undefined,
    notices: (seq: number, toStage: Stage) => (NotifyInput | undefined)[] = () => [],
  ): Promise<{ receipt: TransitionReceipt; notices: NotifyInput[] }> {
    const { state } = this;
    const { facts } = state;
    const fromStage = facts.stage;
    let toStage;
    try {
      toStage = nextStage(fromStage, action);
    } catch (error) {
      // Two updates validated against the same stage: the later one loses without touching state.
      if (error instanceof IllegalTransitionError) throw ApplicationFailure.nonRetryable(error.message, error.name);
      throw error;
    }
    const at = state.clock.nowIso();
    const before = state.checkpoint();
    apply();
    state.stageEntered(toStage, { action, by, at }, extra.submission?.version);
    this.publish();
    const person = this.people.current();
    const record: TransitionRecord = {
      ...state.ids,
      seq: state.nextEventSeq(),
      action,
      actor: by,
      ...(person && { person }),
      fromStage,
      toStage,
      at,
      ...extra,
      assignment: { ...extra.assignment, overdue: facts.overdue },
    };
    const written = notices(record.seq, toStage).filter((notice): notice is NotifyInput => notice !== undefined);
    if (written.length > 0) record.notifications = written;
    const relayed = written.length > 0 && this.handedToRelay(record);
    await this.persistOrTakeBack(() => database.recordTransition(record), {
      // The state goes back to what the system of record holds, unless a later transition was
      // applied on top of this one in the meantime.
      applies: () => state.seq === record.seq,
      takeBack: () => state.restore(before),
    });
    return { receipt: { stage: toStage, version: facts.version, at }, notices: relayed ? [] : written };
  }

  /**
   * Records an event that leaves the stage as it is (an extension, a reminder) with its notification
   * in the same write, then delivers it. Returns the event's sequence number. Given `undo`, a refused
   * record takes the event's change back as a refused transition's is: the state goes back to the
   * checkpoint taken before the change, and `takeBack` undoes what the checkpoint does not hold.
   */
  async recordEvent(
    action: string,
    by: string,
    extra: Pick<TransitionRecord, 'assignment' | 'details'>,
    notice: (seq: number) => NotifyInput | undefined,
    undo?: { before: AgencyCheckpoint; takeBack?: () => void; gate: Gate },
  ): Promise<number> {
    const { state } = this;
    const at = state.clock.nowIso();
    state.actionRecorded({ action, by, at });
    const seq = state.nextEventSeq();
    const written = notice(seq);
    const person = this.people.current();
    const record: TransitionRecord = {
      ...state.ids,
      seq,
      action,
      actor: by,
      ...(person && { person }),
      fromStage: state.facts.stage,
      toStage: state.facts.stage,
      at,
      ...extra,
      ...(written && { notifications: [written] }),
    };
    const relayed = written !== undefined && this.handedToRelay(record);
    const write = () => database.recordTransition(record);
    if (undo)
      await this.persistOrTakeBack(write, {
        gate: undo.gate,
        // Unless a later event was numbered on top of it in the meantime (as for a transition).
        applies: () => state.seq === seq,
        takeBack: () => {
          undo.takeBack?.();
          state.restore(undo.before);
        },
      });
    else await this.persist(write);
    if (!relayed) this.deliveries.deliver(written);
    return seq;
  }

  /**
   * Hands the record's notices to the outbox relay (due at once, nudged by the write) instead of a
   * notify activity after it, when this run follows the gate: one workflow task per transition, not
   * two and an activity. Whether it did.
   */
  private handedToRelay(record: TransitionRecord): boolean {
    if (!this.gates.follows(GATES.noticesRelayed)) return false;
    record.relayNotices = true;
    return true;
  }
}
