import type { z } from 'zod';
import { database } from '../common/activity-proxies';
import { GATES } from '../common/code-gates';
import type { Deliveries } from '../common/deliveries';
import type { Actor } from '../common/update-declarations';
import type { supportAnswerInputSchema, supportRequestInputSchema } from './messages';
import type { AgencyNotices } from './notices';
import type { AgencyRecorder } from './recorder';
import type { AgencyWorkflowState } from './state';

/** Support requests: an agency asks which documents to list; the reviewer or Service Center answers. */
export class SupportHandlers {
  constructor(
    private readonly state: AgencyWorkflowState,
    private readonly notices: AgencyNotices,
    private readonly recorder: AgencyRecorder,
    private readonly deliveries: Deliveries,
  ) {}

  /** Agency: ask for help on which documents to list. */
  async requestSupport(
    request: z.output<typeof supportRequestInputSchema>,
    actor: Actor,
  ): Promise<{ requestId: string }> {
    const { state, notices } = this;
    const id = state.nextSupportRequestId();
    state.supportRequested(id);
    const at = state.clock.nowIso();
    const { campaignId, assignmentId } = state.ids;
    const acting = this.recorder.acting();
    await this.recorder.persistOrTakeBack(
      () =>
        database.recordSupportRequest({
          id,
          campaignId,
          assignmentId,
          question: request.question,
          askedBy: actor.name,
          ...acting,
          at,
        }),
      { takeBack: () => state.supportNotRecorded(id), gate: GATES.unrecordedChangeTakenBack },
    );
    this.deliveries.deliver(
      notices.message(
        `${id}:request`,
        'support_request',
        [...notices.recipients.reviewer, ...notices.recipients.serviceCenter],
        notices.with({ requestId: id, question: request.question, askedBy: actor.name }),
      ),
    );
    return { requestId: id };
  }

  /** Reviewer or Service Center: answer a support request. */
  async answerSupport(
    request: z.output<typeof supportAnswerInputSchema>,
    actor: Actor,
  ): Promise<{ requestId: string }> {
    const { state, notices } = this;
    state.supportAnswered(request.requestId);
    const at = state.clock.nowIso();
    const acting = this.recorder.acting();
    await this.recorder.persistOrTakeBack(
      () =>
        database.recordSupportAnswer({
          id: request.requestId,
          answer: request.answer,
          answeredBy: actor.name,
          ...acting,
          at,
        }),
      { takeBack: () => state.supportAnswerNotRecorded(request.requestId), gate: GATES.unrecordedChangeTakenBack },
    );
    this.deliveries.deliver(
      notices.message(
        `${request.requestId}:answer`,
        'support_answer',
        notices.recipients.agency,
        notices.with({
          requestId: request.requestId,
          answer: request.answer,
          answeredBy: actor.name,
        }),
      ),
    );
    return { requestId: request.requestId };
  }
}
