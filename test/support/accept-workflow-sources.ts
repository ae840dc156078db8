import path from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { bundleWorkflows } from '../../worker/bundle';
import { WORKFLOWS_PATH } from '../../worker/create-worker';
import { MANIFEST, historyFiles, readHistory, writeManifest } from './histories';

// `npm run histories:accept`: for a change under workflows/ that issues the same commands as before
// (code moved between files, renamed, reworded), so it needs neither a patched() gate nor new
// recordings. It replays every recorded history on the changed code and, only if all of them replay,
// records the new sources in test/histories/workflows-source.json.

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const code = await bundleWorkflows(WORKFLOWS_PATH);
  const files = historyFiles();
  const failed: string[] = [];
  for (const file of files) {
    try {
      await Worker.runReplayHistory({ workflowBundle: { code } }, readHistory(file), path.basename(file, '.binpb'));
    } catch (error) {
      failed.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failed.length > 0) {
    console.error(
      `Not accepted: ${failed.length} of ${files.length} recorded histories do not replay:\n${failed.join('\n')}`,
    );
    console.error('Gate the change with patched(), or record the histories again (README, "Recorded histories").');
    process.exit(1);
  }
  writeManifest();
  console.log(
    `All ${files.length} recorded histories replay; ${path.relative(process.cwd(), MANIFEST)} now lists the current sources.`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
