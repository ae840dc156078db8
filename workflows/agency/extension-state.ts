import type { z } from 'zod';
import {
  checkExtensionAnswer,
  checkExtensionRequest,
  extensionPolicy,
  extensionTimers,
  latestAllowedDeadline,
  pendingRequest,
  type ExtensionPolicy,
  type ExtensionRequest,
  type ExtensionTimer,
} from '../../domain/extension-requests';
import type { answerExtensionInputSchema, ExtensionSummary, requestExtensionInputSchema } from './messages';
import type { AgencyWorkflowState } from './state';

/**
 * One agency's extension requests: what was asked and answered, and what is still to come for them.
 * Like AgencyWorkflowState, the only writer of what it keeps: handlers ask for a named transition.
 */
export class ExtensionState {
  private readonly requests: ExtensionRequest[] = [];
  readonly policy: ExtensionPolicy;
  /** Keys of the answer reminders already sent. */
  private readonly remindersDone = new Set<string>();

  constructor(private readonly agency: AgencyWorkflowState) {
    this.policy = extensionPolicy(agency.input.policy);
  }

  nextId(): string {
    return `${this.agency.ids.assignmentId}#extension-${this.requests.length + 1}`;
  }

  find(id: string): ExtensionRequest | undefined {
    return this.requests.find((request) => request.id === id);
  }

  /** An agency asked for a later deadline. */
  requested(request: ExtensionRequest): void {
    this.requests.push(request);
  }

  /** A request whose record was refused: as if it was never asked (it was the last one asked). */
  notRecorded(id: string): void {
    if (this.requests.at(-1)?.id === id) this.requests.pop();
  }

  /** An answer whose record was refused: the request waits for its answer again, as it was. */
  answerNotRecorded(unanswered: ExtensionRequest): void {
    const index = this.requests.findIndex((request) => request.id === unanswered.id);
    if (index >= 0) this.requests[index] = unanswered;
  }

  /** The Service Center answered a request; returns it as answered. */
  answered(
    id: string,
    answer: Pick<ExtensionRequest, 'status' | 'decidedBy' | 'decidedAt' | 'answer' | 'grantedDeadline'>,
  ): ExtensionRequest {
    return Object.assign(this.find(id)!, answer);
  }

  /** The Service Center was reminded that a request waits for its answer. */
  answerReminderSent(key: string): void {
    this.remindersDone.add(key);
  }

  /** The answer reminder and the escalation still to come for the pending request, earliest first. */
  timers(): ExtensionTimer[] {
    const { agency } = this;
    return extensionTimers(pendingRequest(this.requests), {
      workflowId: agency.workflowId,
      calendar: agency.calendar,
      done: new Set([...this.remindersDone, ...agency.escalated]),
    });
  }

  /**
   * What the state query adds: the requests as kept here (the one list of them), and the limits, so
   * the server checks them before sending.
   */
  summary(): ExtensionSummary {
    const running = this.agency.activeDeadline();
    return {
      extensionRequests: this.requests,
      extensionPolicy: this.policy,
      ...(running && {
        extensionLatestDeadline: latestAllowedDeadline(running.at, this.policy, this.agency.calendar),
      }),
    };
  }

  checkRequest(request: z.output<typeof requestExtensionInputSchema>): { deadline: string; workingDays: number } {
    const { agency } = this;
    return checkExtensionRequest({
      requests: this.requests,
      running: agency.activeDeadline(),
      suspended: agency.isSuspended(),
      day: request.deadline,
      now: agency.clock.nowDate(),
      calendar: agency.calendar,
      policy: this.policy,
    });
  }

  checkAnswer(request: z.output<typeof answerExtensionInputSchema>): { deadline?: string } {
    const { agency } = this;
    return checkExtensionAnswer({
      request: this.find(request.requestId),
      requestId: request.requestId,
      running: agency.activeDeadline(),
      suspended: agency.isSuspended(),
      decision: request.decision,
      day: request.deadline,
      reason: request.reason,
      now: agency.clock.nowDate(),
      calendar: agency.calendar,
      policy: this.policy,
    });
  }
}
