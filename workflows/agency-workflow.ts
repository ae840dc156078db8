import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { z } from 'zod';
import type { Activities } from '../activities';
import type { TransitionRecord } from '../activities/transitions';
import { describeIssues } from './agency-list';
import { assignmentId, type AgencyWorkflowInput } from './agency-input';
import {
  acceptListInputSchema,
  acceptListUpdate,
  agencyStateQuery,
  submitListInputSchema,
  submitListUpdate,
  type AgencyState,
  type TransitionReceipt,
} from './messages';
import { stageKey } from './search-attributes';
import { IllegalTransitionError, nextStage, type Action, type Stage } from './stages';

const { recordAssignment, recordTransition } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // The database may be away for a while; keep trying rather than fail the workflow.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const TERMINAL_STAGES: readonly Stage[] = ['approved', 'withdrawn'];

/** One agency in one campaign, from assignment to approval. */
export async function agencyWorkflow(input: AgencyWorkflowInput): Promise<void> {
  const { workflowId } = workflowInfo();
  const ids = { workflowId, campaignId: input.campaignId, assignmentId: assignmentId(input.campaignId, input.agency.code) };
  const state: AgencyState = {
    campaignId: input.campaignId,
    agencyCode: input.agency.code,
    stage: input.initialStage,
    stageReason: input.initialReason,
    version: 0,
    returnCount: 0,
    submissionDeadline: input.submissionDeadline,
  };
  let seq = 0;
  // Writes go to the database one after another, in the order the transitions happened.
  let persisted: Promise<unknown> = recordAssignment({
    ...ids,
    agency: input.agency,
    stage: state.stage,
    stageReason: state.stageReason,
    submissionDeadline: input.submissionDeadline,
    at: new Date().toISOString(),
  });

  /** Applies a legal transition in memory at once, then persists it in order. */
  async function transition(action: Action, by: string, extra: Pick<TransitionRecord, 'submission' | 'decision'>): Promise<TransitionReceipt> {
    const fromStage = state.stage;
    let toStage: Stage;
    try {
      toStage = nextStage(fromStage, action);
    } catch (error) {
      // Two updates validated against the same stage: the later one loses without touching state.
      if (error instanceof IllegalTransitionError) throw ApplicationFailure.nonRetryable(error.message, error.name);
      throw error;
    }
    const at = new Date().toISOString();
    if (extra.submission) state.version = extra.submission.version;
    state.stage = toStage;
    state.lastAction = { action, by, at };
    upsertSearchAttributes([{ key: stageKey, value: toStage }]);
    const record: TransitionRecord = { ...ids, seq: ++seq, action, actor: by, fromStage, toStage, at, ...extra };
    persisted = persisted.then(() => recordTransition(record));
    await persisted;
    return { stage: toStage, version: state.version, at };
  }

  setHandler(agencyStateQuery, () => ({ ...state }));

  setHandler(
    submitListUpdate,
    async (raw) => {
      const input = submitListInputSchema.parse(raw);
      return transition('submit', input.by, { submission: { version: state.version + 1, content: input.list, source: input.source } });
    },
    { validator: (raw) => validate(submitListInputSchema, raw, () => nextStage(state.stage, 'submit')) },
  );

  setHandler(
    acceptListUpdate,
    async (raw) => {
      const input = acceptListInputSchema.parse(raw);
      return transition('accept', input.by, { decision: { version: state.version, decision: 'accepted', reasons: input.note ? { note: input.note } : undefined } });
    },
    {
      validator: (raw) =>
        validate(acceptListInputSchema, raw, (input) => {
          requireReviewer(input.by);
          nextStage(state.stage, 'accept');
        }),
    },
  );

  function requireReviewer(by: string): void {
    if (by !== input.reviewer) {
      throw new Error(`Chỉ cơ quan thẩm định (${input.reviewer}) mới được chấp nhận danh sách; "${by}" không có quyền này.`);
    }
  }

  await condition(() => TERMINAL_STAGES.includes(state.stage));
  await persisted;
  await condition(allHandlersFinished);
}

/** Rejects an Update before it is written to history: bad payload, or an action not allowed now. */
function validate<S extends z.ZodType>(schema: S, raw: unknown, check: (input: z.output<S>) => void): void {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`Dữ liệu không hợp lệ:\n${describeIssues(parsed.error)}`);
  check(parsed.data);
}
