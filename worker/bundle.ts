import fs from 'node:fs';
import path from 'node:path';
import { DefaultLogger, bundleWorkflowCode, type BundleOptions } from '@temporalio/worker';

type WebpackConfiguration = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];

/**
 * The domain rules the workflows import: pure functions and constants, the same for every run (no
 * clock, no randomness, no I/O, no state kept between calls; `test/unit/workflow-imports.test.ts`
 * checks that every one the workflows reach is here and that none keeps state at module level,
 * save the memo it names). Shared, they are evaluated once per worker thread instead of once per
 * run (bench/README.md, "Runs of 08/12/2026, later"). The SDK freezes what they export, which none of
 * them changes.
 */
export const SHARED_DOMAIN_MODULES = [
  'domain/access',
  'domain/calendar-change',
  'domain/campaign-phases',
  'domain/clock',
  'domain/deadline-display',
  'domain/deadlines',
  'domain/default-policy',
  'domain/deliverables/delivery-diff',
  'domain/deliverables/form-parts',
  'domain/deliverables/values',
  'domain/escalations',
  'domain/extension-requests',
  'domain/lateness',
  'domain/list-diff',
  'domain/list-fields',
  'domain/list-quality',
  'domain/payload-limits',
  'domain/proof-lifetime',
  'domain/rounds',
  'domain/stages',
  'domain/suspension',
  'domain/text',
  'domain/time',
  'domain/validate',
  'domain/working-days',
  'temporal/search-attributes',
  'temporal/workflow-ids',
];

/**
 * Modules every workflow run in a worker thread shares instead of evaluating again (the SDK's
 * `preloadModules`): the message checks, built once per thread, the declared deliverables'
 * compiled checkers, compiled once per declaration (each module says why that is safe), and the
 * domain rules above.
 */
const SHARED_WORKFLOW_MODULES = [
  require.resolve('../workflows/common/lazy-checks'),
  require.resolve('../workflows/common/shared-deliverable-checkers'),
  ...SHARED_DOMAIN_MODULES.map((module) => require.resolve(`../${module}`)),
];

/**
 * How every bundle of dondoc's workflows is built, ahead of time or by a worker at start.
 *
 * - webpack's production mode (unused exports dropped, modules concatenated, not minified) with a
 *   line-only source map that carries no sources, instead of the SDK's development build with a full
 *   inline map, well under half the size (bench/README.md). The SDK refuses a bundle with no inline
 *   map; this one still maps a workflow's stack trace to its TypeScript file and line.
 * - TypeScript compiled for ES2022, as tsconfig.json compiles the rest of dondoc, instead of the SDK's
 *   ES2017: at ES2017 every `\p{…}` regular expression became a `RegExp` of a few thousand characters
 *   built at each call, which made folding a list's text for its quality check slow (bench/README.md).
 */
function dondocWebpackConfig(config: WebpackConfiguration): WebpackConfiguration {
  const rules = (config.module?.rules ?? []).map((rule) => {
    if (!rule || typeof rule !== 'object' || !rule.use || typeof rule.use !== 'object' || Array.isArray(rule.use))
      return rule;
    const use = rule.use as { loader?: string; options?: { jsc?: Record<string, unknown> } };
    if (!use.loader?.includes('swc-loader')) return rule;
    return { ...rule, use: { ...use, options: { ...use.options, jsc: { ...use.options?.jsc, target: 'es2022' } } } };
  });
  return {
    ...config,
    mode: 'production',
    devtool: 'inline-nosources-cheap-module-source-map',
    optimization: { ...config.optimization, minimize: false },
    module: { ...config.module, rules },
  };
}

/** How the workers and their workflows read payloads: a message no converter reads cannot stop a run. */
export const PAYLOAD_CONVERTER_PATH = require.resolve('../workflows/common/payload-converter');

/** The bundler settings of every bundle of dondoc's workflows. */
const WORKFLOW_BUNDLER_OPTIONS = {
  preloadModules: SHARED_WORKFLOW_MODULES,
  webpackConfigHook: dondocWebpackConfig,
  payloadConverterPath: PAYLOAD_CONVERTER_PATH,
} satisfies Pick<BundleOptions, 'preloadModules' | 'webpackConfigHook' | 'payloadConverterPath'>;

/** The bundle's code, built from `workflowsPath` (dondoc's workflows, or an entry point that adds to them). */
export async function bundleWorkflows(workflowsPath: string): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    logger: new DefaultLogger('WARN'),
    ...WORKFLOW_BUNDLER_OPTIONS,
  });
  return code;
}

/**
 * Bundles the workflow code ahead of time. A worker that loads a prebuilt bundle skips webpack at
 * start: it starts faster and keeps several hundred MiB less resident memory.
 */
export async function buildWorkflowBundle(options: { workflowsPath: string; outFile: string }): Promise<string> {
  const code = await bundleWorkflows(options.workflowsPath);
  fs.mkdirSync(path.dirname(options.outFile), { recursive: true });
  fs.writeFileSync(options.outFile, code);
  return options.outFile;
}
