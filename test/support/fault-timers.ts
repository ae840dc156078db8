import { assignmentId } from '../../temporal/workflow-ids';
import { campaignClockOf, type CampaignClock } from '../../domain/clock';
import type { Database } from '../../prisma/database';
import { SILENT, SILENT_TIMERS } from './fault-campaign';

// When the silent agency's timers fired, on the campaign's own clock: the outbox stamps a reminder
// with the machine's instant (read back through the campaign clock), the escalation records the
// workflow's campaign instant. A run under faults may fire a timer late by the time the worker was
// down, never early, and never by a day: each firing is compared with the instant worked out by
// hand, as an offset on the campaign clock.

const DAY_MS = 86_400_000;

/**
 * How late a timer may fire on the campaign clock under a fault: the time its worker, server or
 * database was down, plus a new worker's start on a loaded machine. Less than a day, so a timer moved
 * by a day (or firing early) fails.
 */
export const LATE_DAYS = 0.85;

export interface TimerFiring {
  what: string;
  /** The campaign instant it was due. */
  due: string;
  /** The campaign instants it fired at (one each, unless a timer fired twice or never). */
  fired: string[];
}

/** The run's campaign clock, as the launch stored it with the definition. */
export async function storedClock(db: Database, campaignId: string): Promise<CampaignClock> {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  return campaignClockOf(campaign.definition);
}

export async function silentTimerFirings(db: Database, campaignId: string): Promise<TimerFiring[]> {
  const clock = await storedClock(db, campaignId);
  const assignment = assignmentId(campaignId, SILENT);
  const reminders = await db.notification.findMany({
    where: { campaignId, assignmentId: assignment, kind: 'reminder' },
    orderBy: { createdAt: 'asc' },
  });
  // One timer may notify several recipients (rows); a timer is its key without the recipient part.
  const firstByTimer = new Map<string, number>();
  for (const row of reminders) {
    const timer = row.idempotencyKey.replace(/:[^:]*@[^:]*$/, '');
    if (!firstByTimer.has(timer)) firstByTimer.set(timer, clock.at(row.createdAt.getTime()));
  }
  const reminderInstants = [...firstByTimer.values()].sort((a, b) => a - b);
  const overdue = await db.escalation.findMany({
    where: { campaignId, assignmentId: assignment, kind: 'submission_overdue' },
  });
  const iso = (ms: number) => new Date(ms).toISOString();
  return [
    { ...SILENT_TIMERS[0], fired: reminderInstants.slice(0, 1).map(iso) },
    { ...SILENT_TIMERS[1], fired: reminderInstants.slice(1).map(iso) },
    { ...SILENT_TIMERS[2], fired: overdue.map((row) => iso(row.raisedAt.getTime())) },
  ].map(({ what, at, fired }) => ({ what, due: new Date(at).toISOString(), fired }));
}

/**
 * Each timer fired exactly once, at its due instant or later by at most `lateDays` of campaign time
 * (the time a worker was down around it): a reminder moved by a day fails here.
 */
export function expectOnTime(firings: TimerFiring[], lateDays: number): void {
  const judged = firings.map(({ what, due, fired }) => ({
    what,
    due,
    fired: fired.map((at) => {
      const late = Date.parse(at) - Date.parse(due);
      return late >= 0 && late <= lateDays * DAY_MS
        ? 'on time'
        : `${at}: ${(late / DAY_MS).toFixed(2)} days after it was due`;
    }),
  }));
  expect(judged).toEqual(firings.map(({ what, due }) => ({ what, due, fired: ['on time'] })));
}
