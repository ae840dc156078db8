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
import type { answerExtensionInputSchema, requestExtensionInputSchema } from './messages';
import type { AgencyWorkflowState } from './state';

/** One agency's extension requests: what was asked and answered, and what is still to come for them. */
export class ExtensionState {
  readonly requests: ExtensionRequest[] = [];
  readonly policy: ExtensionPolicy;
  /** Keys of the answer reminders already sent. */
  readonly remindersDone = new Set<string>();

  constructor(private readonly agency: AgencyWorkflowState) {
    this.policy = extensionPolicy(agency.input.policy);
    agency.facts.extensionRequests = this.requests;
    agency.facts.extensionPolicy = this.policy;
  }

  nextId(): string {
    return `${this.agency.ids.assignmentId}#extension-${this.requests.length + 1}`;
  }

  find(id: string): ExtensionRequest | undefined {
    return this.requests.find((request) => request.id === id);
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

  /** What the state query adds, so the server checks the limits before sending. */
  summary(): { extensionLatestDeadline?: string } {
    const running = this.agency.activeDeadline();
    return running
      ? { extensionLatestDeadline: latestAllowedDeadline(running.at, this.policy, this.agency.calendar) }
      : {};
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
