import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import type { CampaignEvent } from '../../workflows/campaign/messages';
import * as agencyMessages from '../../workflows/agency/messages';
import * as campaignMessages from '../../workflows/campaign/messages';
import { HISTORIES_DIR, historyMessages, readHistory } from '../support/histories';
import { ENV_WORKFLOW_BUNDLE, required } from '../support/test-env';

// Histories recorded from earlier versions must replay on the current workflow code: a change that
// would break running workflows (without patched()) fails here, in CI, before it ships. Between them
// the histories cover every workflow type, every Update and every signal kind.

const files = fs.readdirSync(HISTORIES_DIR).filter((file) => file.endsWith('.binpb'));

test('recorded histories exist', () => {
  expect(files.length).toBeGreaterThan(0);
});

test.each(files)('%s replays without nondeterminism', async (file) => {
  await Worker.runReplayHistory(
    { workflowBundle: { code: fs.readFileSync(required(ENV_WORKFLOW_BUNDLE), 'utf8') } },
    readHistory(file),
    path.basename(file, '.binpb'),
  );
});

// Every kind of campaign event an agency reacts to (the compiler keeps this list complete).
const CAMPAIGN_EVENTS: Record<CampaignEvent['type'], true> = { consolidated: true, approved: true, cancelled: true };

function declaredMessages(): string[] {
  const definitions = ([...Object.values(agencyMessages), ...Object.values(campaignMessages)] as unknown[]).filter(
    (value): value is { type: string; name: string } =>
      typeof value === 'object' && value !== null && 'type' in value && 'name' in value,
  );
  const workflowTypes = [
    ...fs
      .readFileSync(path.join(__dirname, '..', '..', 'workflows', 'index.ts'), 'utf8')
      .matchAll(/export \{ (\w+) \}/g),
  ].map((match) => `workflow:${match[1]}`);
  return [
    ...workflowTypes,
    ...definitions.filter((d) => d.type === 'update').map((d) => `update:${d.name}`),
    ...definitions.filter((d) => d.type === 'signal').map((d) => `signal:${d.name}`),
    ...Object.keys(CAMPAIGN_EVENTS).map((type) => `signal:${campaignMessages.campaignEventSignal.name}:${type}`),
  ].sort();
}

test('the histories cover every workflow type, every Update and every signal kind', () => {
  const covered = new Set(files.flatMap((file) => historyMessages(readHistory(file))));
  const declared = declaredMessages();
  expect(declared.length).toBeGreaterThan(10);
  expect(declared.filter((message) => !covered.has(message))).toEqual([]);
});
