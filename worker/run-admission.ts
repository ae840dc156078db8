import type { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Database } from '../prisma/database';
import { recordTamperedRun, REGISTERED_WORKFLOW_TYPES } from '../shared/workflow-runs';

// What a workflow of dondoc's may record comes from the launch, not from whoever started it: before
// any activity of an agency's or the campaign's workflow runs, its run must be the one the launch
// registered (or that run's own continuation). A run started around the server, or one that replaced
// the run dondoc started, records nothing: each of its activities fails for good, and the run is
// recorded once as tampered with, for the Service Center to see.

/** How long an activity waits for the launch to record the run it has just started. */
const START_RECORD_WAIT_MS = 5_000;
const POLL_MS = 25;
/** Runs remembered as admitted, so that a run's later activities need no query. */
const ADMITTED_CACHE = 20_000;

export class RunAdmission {
  private readonly admitted = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly client: Client,
  ) {}

  /** Resolves when the run may record; throws a non-retryable failure when it may not. */
  async admit(info: Context['info']): Promise<void> {
    const { workflowType, workflowExecution } = info;
    if (!workflowType || !workflowExecution || !REGISTERED_WORKFLOW_TYPES.has(workflowType)) return;
    const { workflowId, runId } = workflowExecution;
    const key = `${workflowId}/${runId}`;
    if (this.admitted.has(key)) return;
    const refusal = await this.refusal(workflowId, runId);
    if (refusal) {
      await recordTamperedRun(this.db, { workflowId, runId, workflowType, reason: refusal });
      throw ApplicationFailure.nonRetryable(
        `Lượt chạy này không do dondoc khởi chạy nên không được ghi nhận (${refusal}).`,
        'UnregisteredRun',
      );
    }
    if (this.admitted.size >= ADMITTED_CACHE) this.admitted.clear();
    this.admitted.add(key);
  }

  private async refusal(workflowId: string, runId: string): Promise<string | undefined> {
    const deadline = Date.now() + START_RECORD_WAIT_MS;
    for (;;) {
      const row = await this.db.workflowRun.findUnique({ where: { workflowId }, select: { runId: true } });
      if (!row) return 'hồ sơ không được đăng ký khi khởi chạy chiến dịch';
      if (row.runId === runId) return undefined;
      if (row.runId !== null) return this.continuation(workflowId, runId, row.runId);
      // Registered, its start not recorded yet: the launch records it as soon as the start returns.
      if (Date.now() >= deadline) return 'dondoc chưa ghi nhận lượt chạy này khi khởi chạy';
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** A run that the registered run continued as new is admitted, and becomes the registered run. */
  private async continuation(workflowId: string, runId: string, registered: string): Promise<string | undefined> {
    const history = await this.client.workflowService.getWorkflowExecutionHistory({
      namespace: this.client.options.namespace,
      execution: { workflowId, runId },
      maximumPageSize: 1,
    });
    const started = history.history?.events?.[0]?.workflowExecutionStartedEventAttributes;
    const continued =
      started?.initiator === temporal.api.enums.v1.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW &&
      started.continuedExecutionRunId === registered;
    if (!continued) return 'hồ sơ đã có lượt chạy khác do dondoc khởi chạy';
    await this.db.workflowRun.updateMany({ where: { workflowId, runId: registered }, data: { runId } });
    return undefined;
  }
}

/** The activity interceptor that admits each activity's run first. */
export function runAdmissionInterceptor(admission: RunAdmission): ActivityInterceptorsFactory {
  return (context) => ({
    inbound: {
      async execute(input, next) {
        await admission.admit(context.info);
        return next(input);
      },
    },
  });
}
