import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { NotificationParamsInput } from '../../activities/notifications';
import { CampaignClock } from '../../domain/clock';
import { notification, type NotificationEnvelope } from '../common/notification';
import type { CampaignWorkflowInput } from '../../domain/campaign-input';
import {
  approveInputSchema,
  approveUpdate,
  campaignStateQuery,
  cancelCampaignInputSchema,
  cancelCampaignUpdate,
  consolidateInputSchema,
  consolidateUpdate,
  sendBackInputSchema,
  sendBackUpdate,
  PHASE_LABELS,
  type CampaignPhase,
  type CampaignState,
  type ConsolidationSummary,
} from './messages';
import { workingDaysBefore } from '../../domain/working-days';
import { validate } from '../../domain/validate';

const { campaignCounts, raiseEscalation } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Campaign-wide work touches every agency: regular activities with heartbeats, resumable.
const { consolidateCampaign, signalAgencies, recordCampaignStatus } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const { notify } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: ['NotificationRejected'],
  },
});

/** How often (campaign time) the campaign looks whether every agency is accepted. */
const CHECK_EVERY_MS = 6 * 3_600_000;
/** Never poll faster than this in real time, however compressed the clock. */
const MIN_REAL_CHECK_MS = 3_000;
/** Well under Temporal's limits: start afresh, carrying the state, before the history grows large. */
const CONTINUE_AS_NEW_AFTER_EVENTS = 2_000;

const TERMINAL: readonly CampaignPhase[] = ['approved', 'cancelled'];

/** Carried across continue-as-new. */
export interface CampaignCarry {
  state: CampaignState;
  remindersDone: string[];
  approvalEscalated: boolean;
}

/** Follows a campaign as a whole: counts, consolidation, the approver's decision, its deadline. */
export async function campaignWorkflow(input: CampaignWorkflowInput, carry?: CampaignCarry): Promise<void> {
  const clock = new CampaignClock(input.clock);
  const state: CampaignState = carry?.state ?? { campaignId: input.campaignId, phase: 'collecting', escalations: [] };
  const remindersDone = new Set(carry?.remindersDone ?? []);
  let approvalEscalated = carry?.approvalEscalated ?? false;
  let changes = 0;
  let busy = false; // one campaign-wide operation at a time
  const inFlight: Promise<unknown>[] = [];
  const { workflowId } = workflowInfo();
  const directive = input.directive.number;

  function envelope(key: string, to: string): NotificationEnvelope {
    return {
      key: `${workflowId}:${key}`,
      campaignId: input.campaignId,
      recipients: [{ channel: 'email', address: to }],
    };
  }
  function send(
    key: string,
    to: string | undefined,
    params: Omit<NotificationParamsInput<'catalogue'>, 'directive'>,
  ): void {
    if (!to) return;
    inFlight.push(
      notify(notification(envelope(key, to), 'catalogue', { directive, ...params })).catch(() => undefined),
    );
  }

  function requireRole(by: string, expected: string, what: string): void {
    if (by !== expected) throw new Error(`Chỉ ${expected} mới được ${what}; "${by}" không có quyền này.`);
  }
  function requirePhase(allowed: CampaignPhase[], what: string): void {
    if (!allowed.includes(state.phase))
      throw new Error(`Không thể ${what} khi chiến dịch đang ở giai đoạn "${PHASE_LABELS[state.phase]}".`);
    if (busy) throw new Error(`Chiến dịch đang xử lý một thao tác khác; hãy thử lại sau ít phút.`);
  }

  async function consolidate(by: string): Promise<ConsolidationSummary> {
    busy = true;
    try {
      const at = clock.nowIso();
      const round = (state.consolidation?.round ?? 0) + 1;
      const summary = await consolidateCampaign({ campaignId: input.campaignId, round, by, at, directive });
      state.consolidation = summary;
      state.sentBack = undefined;
      state.phase = 'consolidated';
      changes++;
      await signalAgencies({
        campaignId: input.campaignId,
        stages: ['accepted'],
        event: { type: 'consolidated', by, at },
      });
      send(`consolidated:${round}`, input.contacts.approverEmail, {
        event: 'ready',
        recipientName: input.approver,
        entries: summary.entries,
        agencies: summary.agencies,
        missing: summary.missing.length,
        deadline: input.approvalDeadline,
        files: [summary.files.xlsx, summary.files.csv],
      });
      if (summary.missing.length > 0 && input.contacts.serviceCenterEmail) {
        const message = notification(envelope(`missing:${round}`, input.contacts.serviceCenterEmail), 'escalation', {
          directive,
          escalationKind: 'missing_at_consolidation',
          agencyName: `${summary.missing.length} cơ quan chưa có danh sách được chấp nhận`,
          raisedAt: at,
          evidence: summary.missing
            .slice(0, 50)
            .concat(summary.missing.length > 50 ? [`… và ${summary.missing.length - 50} cơ quan khác`] : []),
        });
        inFlight.push(notify(message).catch(() => undefined));
      }
      return summary;
    } finally {
      busy = false;
    }
  }

  setHandler(campaignStateQuery, () => state);

  setHandler(consolidateUpdate, async (raw) => consolidate(consolidateInputSchema.parse(raw).by), {
    validator: (raw) =>
      validate(consolidateInputSchema, raw, (request) => {
        requireRole(request.by, input.reviewer, 'tổng hợp danh mục');
        requirePhase(['collecting'], 'tổng hợp danh mục');
      }),
  });

  setHandler(
    approveUpdate,
    async (raw) => {
      const request = approveInputSchema.parse(raw);
      busy = true;
      try {
        const at = clock.nowIso();
        const decision = {
          decisionNumber: request.decisionNumber,
          decisionDate: request.decisionDate,
          signer: request.signer,
          at,
        };
        state.decision = decision;
        state.phase = 'approved';
        changes++;
        await recordCampaignStatus({ campaignId: input.campaignId, status: 'approved', decision });
        // Also 'accepted': an agency may hold the consolidation signal without having recorded it yet;
        // it handles both signals in order. One accepted after the consolidation ignores the approval.
        await signalAgencies({
          campaignId: input.campaignId,
          stages: ['accepted', 'consolidated'],
          event: { type: 'approved', by: request.by, at },
        });
        const approved = state.consolidation?.agencies ?? 0; // the agencies whose lists the decision approves
        for (const [key, to, name] of [
          ['approved:reviewer', input.contacts.reviewerEmail, input.reviewer],
          ['approved:office', input.contacts.serviceCenterEmail, input.serviceCenter],
        ] as const) {
          send(key, to, {
            event: 'approved',
            recipientName: name,
            entries: state.consolidation?.entries,
            agencies: approved,
            decisionNumber: request.decisionNumber,
            decisionDate: request.decisionDate,
            signer: request.signer,
          });
        }
        return { approved };
      } finally {
        busy = false;
      }
    },
    {
      validator: (raw) =>
        validate(approveInputSchema, raw, (request) => {
          requireRole(request.by, input.approver, 'phê duyệt danh mục');
          requirePhase(['consolidated'], 'phê duyệt danh mục');
        }),
    },
  );

  setHandler(
    sendBackUpdate,
    async (raw) => {
      const request = sendBackInputSchema.parse(raw);
      state.sentBack = { by: request.by, reasons: request.reasons, at: clock.nowIso() };
      state.phase = 'collecting';
      changes++;
      await recordCampaignStatus({ campaignId: input.campaignId, status: 'running' });
      send(`sent-back:${state.consolidation?.round ?? 0}`, input.contacts.reviewerEmail, {
        event: 'sent_back',
        recipientName: input.reviewer,
        reasons: request.reasons,
      });
      return state;
    },
    {
      validator: (raw) =>
        validate(sendBackInputSchema, raw, (request) => {
          requireRole(request.by, input.approver, 'trả lại danh mục tổng hợp');
          requirePhase(['consolidated'], 'trả lại danh mục tổng hợp');
        }),
    },
  );

  setHandler(
    cancelCampaignUpdate,
    async (raw) => {
      const request = cancelCampaignInputSchema.parse(raw);
      busy = true;
      try {
        const at = clock.nowIso();
        state.phase = 'cancelled';
        changes++;
        await recordCampaignStatus({ campaignId: input.campaignId, status: 'cancelled' });
        await signalAgencies({
          campaignId: input.campaignId,
          stages: ['assigned', 'submitted', 'returned', 'resubmitted', 'accepted', 'consolidated'],
          event: { type: 'cancelled', by: request.by, at, reason: request.reason },
        });
        return state;
      } finally {
        busy = false;
      }
    },
    {
      validator: (raw) =>
        validate(cancelCampaignInputSchema, raw, (request) => {
          requireRole(request.by, input.serviceCenter, 'hủy chiến dịch');
          requirePhase(['collecting', 'consolidated'], 'hủy chiến dịch');
        }),
    },
  );

  /** The next thing to do on the campaign clock: a reminder, the approval deadline, or a check. */
  function nextEvent(): { at: number; run: () => Promise<void> } | undefined {
    const deadline = Date.parse(input.approvalDeadline);
    const candidates: { at: number; run: () => Promise<void> }[] = [];
    if (state.phase === 'consolidated') {
      for (const offset of input.policy.reminderOffsets) {
        const key = `approval:${offset}`;
        const at = workingDaysBefore(new Date(deadline), offset, input.calendar).getTime();
        if (!remindersDone.has(key) && at < deadline) {
          candidates.push({
            at,
            run: async () => {
              remindersDone.add(key);
              if (clock.now() < deadline) {
                send(key, input.contacts.approverEmail, {
                  event: 'approval_reminder',
                  recipientName: input.approver,
                  deadline: input.approvalDeadline,
                  workingDaysLeft: offset,
                });
              }
            },
          });
        }
      }
    }
    if (!approvalEscalated) {
      candidates.push({
        at: deadline,
        run: async () => {
          approvalEscalated = true;
          state.escalations.push('approval_overdue');
          const key = `${input.campaignId}:approval_overdue`;
          const target = state.phase === 'consolidated' ? 'approver' : 'reviewer';
          await raiseEscalation({
            key,
            campaignId: input.campaignId,
            kind: 'approval_overdue',
            target,
            deadline: input.approvalDeadline,
            at: clock.nowIso(),
            evidence: { phase: state.phase },
          });
          if (input.contacts.serviceCenterEmail) {
            inFlight.push(
              notify(
                notification(envelope('approval-overdue', input.contacts.serviceCenterEmail), 'escalation', {
                  directive,
                  escalationKind: 'approval_overdue',
                  deadline: input.approvalDeadline,
                  evidence: { phase: state.phase },
                }),
              ).catch(() => undefined),
            );
          }
        },
      });
    }
    if (state.phase === 'collecting') {
      candidates.push({
        at:
          clock.now() +
          Math.max(
            CHECK_EVERY_MS,
            MIN_REAL_CHECK_MS * (input.clock ? 86_400_000 / (input.clock.secondsPerDay * 1000) : 1),
          ),
        run: async () => {
          const counts = await campaignCounts(input.campaignId);
          state.counts = counts;
          const { total, byStage } = counts;
          const open = total - (byStage.withdrawn ?? 0);
          if (
            input.autoConsolidate &&
            open > 0 &&
            (byStage.accepted ?? 0) === open &&
            state.phase === 'collecting' &&
            !busy &&
            !state.sentBack
          ) {
            await consolidate('system');
          }
        },
      });
    }
    return candidates.sort((a, b) => a.at - b.at)[0];
  }

  while (!TERMINAL.includes(state.phase)) {
    if (workflowInfo().historyLength > CONTINUE_AS_NEW_AFTER_EVENTS && !busy) {
      await condition(allHandlersFinished);
      await Promise.all(inFlight);
      await continueAsNew<typeof campaignWorkflow>(input, {
        state,
        remindersDone: [...remindersDone],
        approvalEscalated,
      });
    }
    const seen = changes;
    const next = nextEvent();
    if (!next) {
      await condition(() => changes !== seen);
      continue;
    }
    const wait = clock.realDelayUntil(next.at);
    if (wait > 0 && (await condition(() => changes !== seen, wait))) continue;
    await next.run();
  }

  await condition(allHandlersFinished);
  await Promise.all(inFlight);
}
