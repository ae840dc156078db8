import fs from 'node:fs';
import path from 'node:path';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';

/**
 * Bundles the workflow code ahead of time. A worker that loads a prebuilt bundle skips webpack at
 * start: it starts faster and keeps several hundred MiB less resident memory.
 */
export async function buildWorkflowBundle(options: { workflowsPath: string; outFile: string }): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: options.workflowsPath,
    logger: new DefaultLogger('WARN'),
  });
  fs.mkdirSync(path.dirname(options.outFile), { recursive: true });
  fs.writeFileSync(options.outFile, code);
  return options.outFile;
}
