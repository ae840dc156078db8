import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import type { CampaignEvent } from '../../workflows/campaign/messages';
import * as agencyMessages from '../../workflows/agency/messages';
import * as campaignMessages from '../../workflows/campaign/messages';
import {
  MANIFEST,
  historyFiles,
  historyGeneration,
  historyMessages,
  patchIds,
  ungatedPatchCalls,
  readHistory,
  workflowSources,
  type Manifest,
} from '../support/histories';
import { ENV_WORKFLOW_BUNDLE, required } from '../support/test-env';

// Histories recorded from earlier versions must replay on the current workflow code: a change that
// would break running workflows (without patched()) fails here, in CI, before it ships. Between them
// the histories cover every workflow type, every Update and every signal kind; and a change under
// workflows/ must come with freshly recorded histories or with a new patched() gate.

const files = historyFiles();
const generations = [...new Set(files.map(historyGeneration))];

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

// A worker runs every workflow of a thread in one reused V8 context, where the message checks built
// by the first run that needs them serve every later run (workflows/common/lazy-checks.ts). Replayed
// back to back in that one context, in both orders, every history still replays: what one run
// built or parsed changes nothing in the runs after it.
test.each(['recorded', 'reverse'])(
  'all histories replay one after another in one reused context (%s order)',
  async (order) => {
    const sequence = order === 'reverse' ? [...files].reverse() : files;
    async function* histories() {
      for (const file of sequence) yield { workflowId: path.basename(file, '.binpb'), history: readHistory(file) };
    }
    const failed: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { code: fs.readFileSync(required(ENV_WORKFLOW_BUNDLE), 'utf8') }, reuseV8Context: true },
      histories(),
    )) {
      replayed++;
      if (result.error) failed.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failed).toEqual([]);
    expect(replayed).toBe(files.length);
  },
);

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

// Each generation on its own: the current code's recordings and each earlier one's.
test.each(generations)(
  'the histories %p cover every workflow type, every Update and every signal kind',
  (generation) => {
    const inGeneration = files.filter((file) => historyGeneration(file) === generation);
    const covered = new Set(inGeneration.flatMap((file) => historyMessages(readHistory(file))));
    const declared = declaredMessages();
    expect(declared.length).toBeGreaterThan(10);
    expect(declared.filter((message) => !covered.has(message))).toEqual([]);
  },
);

test('there are recordings of the current code', () => {
  expect(generations).toContain('');
});

// One gate costs a new run one marker (workflows/common/code-gates.ts); a patched() call of its own
// would cost every run two events and a visibility write again.
test('every gate of workflows/ goes through CodeGates', () => {
  expect(ungatedPatchCalls()).toEqual([]);
});

test('workflows/ is as the histories were recorded from, or its change is gated with patched()', () => {
  const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Manifest;
  const now = workflowSources();
  const changed = [...new Set([...Object.keys(now), ...Object.keys(manifest.sources)])]
    .filter((file) => now[file] !== manifest.sources[file])
    .sort();
  if (changed.length === 0) return;
  const newGates = patchIds().filter((id) => !manifest.patches.includes(id));
  // A new patched() gate keeps running workflows on their old path; the replays above prove it.
  if (newGates.length > 0) return;
  throw new Error(
    `workflows/ changed since the histories in test/histories/ were recorded (${changed.join(', ')}), and no new ` +
      `gate came with the change. Either:\n` +
      `  - gate the change: add its gate to GATES in workflows/common/code-gates.ts and ask gates.follows(), so that running ` +
      `workflows keep their old path; the recorded histories must still replay, or\n` +
      `  - if the change issues the same commands (code moved or renamed), accept it: npm run histories:accept ` +
      `(it replays every recorded history first), or\n` +
      `  - record the histories again: DONDOC_RECORD_HISTORIES=1 npm test (this rewrites ` +
      `${path.relative(process.cwd(), MANIFEST)} too). If workflows started from the old code may still be ` +
      `running, first move the current recordings into a folder of their own under test/histories/, which ` +
      `then keeps replaying as an earlier generation.`,
  );
});
