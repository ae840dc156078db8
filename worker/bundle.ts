import fs from 'node:fs';
import path from 'node:path';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';

/** Modules the workflow sandbox loads before any workflow (Vietnamese validation messages). */
export const WORKFLOW_SETUP_MODULES = [require.resolve('./workflow-setup')];

/**
 * Bundles the workflow code ahead of time. A worker that loads a prebuilt bundle skips webpack at
 * start: it starts faster and keeps several hundred MiB less resident memory.
 */
export async function buildWorkflowBundle(options: { workflowsPath: string; outFile: string }): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: options.workflowsPath,
    workflowInterceptorModules: WORKFLOW_SETUP_MODULES,
    logger: new DefaultLogger('WARN'),
  });
  fs.mkdirSync(path.dirname(options.outFile), { recursive: true });
  fs.writeFileSync(options.outFile, code);
  return options.outFile;
}
