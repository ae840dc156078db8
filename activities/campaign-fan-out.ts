import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Database } from '../prisma/database';
import { campaignEventSignal, type CampaignEvent } from '../workflows/campaign/messages';
import { mapLimit } from '../shared/map-limit';

// A campaign event fanned out to every agency it concerns, by pages read from the database, so the
// fan-out scales with the roster without growing any history.

const SIGNAL_CONCURRENCY = 32;
/** Agencies whose runs are read in one statement (SQLite binds at most 999 values). */
const RUN_LOOKUP_PAGE = 500;

/**
 * Signals the agencies, each on the run the launch started (a run that replaced one around the
 * server hears nothing), SIGNAL_CONCURRENCY in flight; `signalled` is called as each is done.
 */
async function signalEach(
  db: Database,
  client: Client,
  targets: { workflowId: string }[],
  event: CampaignEvent,
  signalled: () => void = () => {},
): Promise<void> {
  const runs = [];
  for (let next = 0; next < targets.length; next += RUN_LOOKUP_PAGE)
    runs.push(
      ...(await db.workflowRun.findMany({
        where: {
          workflowId: { in: targets.slice(next, next + RUN_LOOKUP_PAGE).map((target) => target.workflowId) },
          runId: { not: null },
        },
        select: { workflowId: true, runId: true },
      })),
    );
  await mapLimit(runs, SIGNAL_CONCURRENCY, async ({ workflowId, runId }) => {
    await client.workflow
      .getHandle(workflowId, runId!)
      .signal(campaignEventSignal, event)
      .catch((error: unknown) => {
        if (!(error instanceof WorkflowNotFoundError)) throw error; // already closed
      });
    signalled();
  });
}

export function createFanOutActivities(db: Database, client: Client) {
  return {
    /**
     * Signals every agency of the campaign in the given stages. Resumes after a retry from the
     * heartbeat; an agency that already moved on simply ignores the signal.
     */
    async signalAgencies(input: { campaignId: string; stages: string[]; event: CampaignEvent }): Promise<number> {
      const context = Context.current();
      // Resume by key, not by position: agencies already signalled have left these stages, so a
      // fresh query is shorter and a saved index would skip agencies never signalled.
      const progress = (context.info.heartbeatDetails as { after: string; done: number } | undefined) ?? {
        after: '',
        done: 0,
      };
      const targets = await db.assignment.findMany({
        where: { campaignId: input.campaignId, stage: { in: input.stages }, workflowId: { gt: progress.after } },
        select: { workflowId: true },
        orderBy: { workflowId: 'asc' },
      });
      let { done } = progress;
      for (let next = 0; next < targets.length; next += SIGNAL_CONCURRENCY) {
        const batch = targets.slice(next, next + SIGNAL_CONCURRENCY);
        await signalEach(db, client, batch, input.event);
        done += batch.length;
        context.heartbeat({ after: batch.at(-1)!.workflowId, done });
      }
      return done;
    },

    /**
     * One page of a fan-out the workflow drives itself (and shows its progress): the next `limit`
     * agencies in the given stages after `after`, by workflow ID, each signalled once per attempt.
     * Repeating a page is harmless: an agency ignores an event it has already recorded.
     */
    async signalAgencyPage(input: {
      campaignId: string;
      stages: string[];
      event: CampaignEvent;
      after: string;
      limit: number;
    }): Promise<{ signalled: number; last?: string }> {
      const context = Context.current();
      const targets = await db.assignment.findMany({
        where: { campaignId: input.campaignId, stage: { in: input.stages }, workflowId: { gt: input.after } },
        select: { workflowId: true },
        orderBy: { workflowId: 'asc' },
        take: input.limit,
      });
      await signalEach(db, client, targets, input.event, () => context.heartbeat());
      return { signalled: targets.length, ...(targets.length > 0 && { last: targets.at(-1)!.workflowId }) };
    },
  };
}
