import fs from 'node:fs';
import path from 'node:path';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';

/**
 * Bundles the workflow code ahead of time. A worker that loads a prebuilt bundle skips webpack at
 * start: it starts faster and keeps several hundred MiB less resident memory.
 *
 * Built in webpack's production mode (unused exports dropped, modules concatenated, not minified)
 * with a line-only source map that carries no sources, instead of the SDK's development build with
 * a full inline map: 1.4 MB instead of 3.6 MB. The SDK refuses a bundle with no inline map; this one
 * still maps a workflow's stack trace to its TypeScript file and line (bench/README.md).
 */
export async function buildWorkflowBundle(options: { workflowsPath: string; outFile: string }): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: options.workflowsPath,
    logger: new DefaultLogger('WARN'),
    webpackConfigHook: (config) => ({
      ...config,
      mode: 'production',
      devtool: 'inline-nosources-cheap-module-source-map',
      optimization: { ...config.optimization, minimize: false },
    }),
  });
  fs.mkdirSync(path.dirname(options.outFile), { recursive: true });
  fs.writeFileSync(options.outFile, code);
  return options.outFile;
}
