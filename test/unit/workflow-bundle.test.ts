import fs from 'node:fs';
import { ENV_WORKFLOW_BUNDLE, required } from '../support/test-env';

// The bundle every test worker runs is built as production workers' bundles are (worker/bundle.ts):
// the message checks preloaded, shared by the runs of a worker thread, and TypeScript compiled for
// ES2022, so Unicode property escapes stay native regular expressions.

const code = () => fs.readFileSync(required(ENV_WORKFLOW_BUNDLE), 'utf8');

test('the bundle preloads the module the workflows load their message checks from', () => {
  const bundle = code();
  const preloaded = [
    ...(/function preloadModules\(\) \{([^}]*)\}/.exec(bundle)?.[1] ?? '').matchAll(/\((?:\/\*[^*]*\*\/ )?(\d+)\)/g),
  ].map((match) => match[1]!);
  expect(preloaded).toHaveLength(1);
  const start = bundle.indexOf(`/***/ ${preloaded[0]}\n`);
  expect(start).toBeGreaterThan(0);
  const moduleCode = bundle.slice(start, bundle.indexOf('/***/ }', start));
  expect(moduleCode).toMatch(/\blazy_checks_checks\b|function checks\(\)/);
});

test("the list's text is folded with native Unicode property escapes", () => {
  const bundle = code();
  expect(bundle).toContain(".replace(/\\p{M}/gu, '')");
  expect(bundle).not.toMatch(/RegExp\("\[\\\\u0300-\\\\u036F/);
});
