import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import type { CampaignClock } from '../../domain/clock';
import type { Database } from '../../prisma/database';
import { SILENT, SILENT_DEADLINE, scriptedAgencies, scriptedCampaign } from './fault-campaign';
import { normalize, waitFor } from './fault-watch';
import { newDriver, note, post, type Driver, type Receipt } from './fault-driver';
import { adminToken, peopleOf, peopleTokens } from './fault-server';
import { storedClock } from './fault-timers';

// The start every fault suite shares, on the real path: the administrator launches the scripted
// campaign through the dondoc server as a rehearsal (`?drill=true`: the campaign's compressed clock,
// so that deadlines and reminders fall due within the test), each of the campaign's people gets a
// personal API token, and the Service Center shortens the silent agency's deadline, all over HTTP.

/** Real seconds per campaign day: the silent agency's timers fire 30 s, 60 s and ~170 s in. */
export const SECONDS_PER_DAY = 30;

export interface LaunchedRun {
  driver: Driver;
  clock: CampaignClock;
  agencies: ReturnType<typeof scriptedAgencies>;
  definition: ReturnType<typeof scriptedCampaign>;
  /** The server's answers to the launch and to the extension (normalised). */
  answers: Receipt;
  /** Sleeps until the campaign clock reaches `instant`. */
  until(instant: string): Promise<void>;
}

export async function launchOnRealPath(options: {
  db: Database;
  client: Client;
  baseUrl: string;
}): Promise<LaunchedRun> {
  const agencies = scriptedAgencies();
  const definition = scriptedCampaign(agencies);
  const people = peopleOf(definition);
  const admin = await adminToken(options.db);
  const driver = newDriver(options.client, definition.id, { baseUrl: options.baseUrl, tokens: { admin } });
  const launched = await post(driver, 'admin', '/api/v1/campaigns?drill=true', definition, 'fault-launch');
  await waitFor(
    async () => (await options.db.assignment.count({ where: { campaignId: definition.id } })) === agencies.length,
    'every agency assigned',
    120_000,
  );
  Object.assign(driver.tokens, await peopleTokens(options.db, people));
  const extended = await post(
    driver,
    'operator',
    `/api/v1/campaigns/${encodeURIComponent(definition.id)}/agencies/${SILENT}/extend`,
    { kind: 'submission', deadline: SILENT_DEADLINE, reason: 'Diễn tập: rút ngắn thời hạn để kiểm thử nhắc việc' },
    'fault-extend-silent',
  );
  delete extended.at;
  note(driver, 'launched, silent deadline set');
  const clock = await storedClock(options.db, definition.id);
  return {
    driver,
    clock,
    agencies,
    definition,
    answers: normalize({ launched, extended }, definition.id),
    until: async (instant) => {
      const ms = clock.realDelayUntil(Date.parse(instant));
      if (ms > 0) await sleep(ms);
    },
  };
}
