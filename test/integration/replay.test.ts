import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { HISTORIES_DIR, readHistory } from '../support/histories';
import { ENV_WORKFLOW_BUNDLE, required } from '../support/test-env';

// Histories recorded from earlier versions must replay on the current workflow code: a change that
// would break running workflows (without patched()) fails here, in CI, before it ships.

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
