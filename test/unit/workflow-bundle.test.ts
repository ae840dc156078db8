import fs from 'node:fs';
import { SHARED_DOMAIN_MODULES } from '../../worker/bundle';
import { ENV_WORKFLOW_BUNDLE, required } from '../support/test-env';

// The bundle every test worker runs is built as production workers' bundles are (worker/bundle.ts):
// the message checks, the deliverables' compiled checkers and the domain rules preloaded, shared by
// the runs of a worker thread, and TypeScript compiled for ES2022, so Unicode property escapes stay
// native regular expressions.

const code = () => fs.readFileSync(required(ENV_WORKFLOW_BUNDLE), 'utf8');

/** The code of each module the bundle preloads, in order. */
function preloadedModules(bundle: string): string[] {
  const ids = [
    ...(/function preloadModules\(\) \{([^}]*)\}/.exec(bundle)?.[1] ?? '').matchAll(/\((?:\/\*[^*]*\*\/ )?(\d+)\)/g),
  ].map((match) => match[1]!);
  return ids.map((id) => {
    const start = bundle.indexOf(`/***/ ${id}\n`);
    expect(start).toBeGreaterThan(0);
    return bundle.slice(start, bundle.indexOf('/***/ }', start));
  });
}

test('the bundle preloads the message checks, the delivery checkers and the domain rules', () => {
  const preloaded = preloadedModules(code());
  expect(preloaded[0]).toMatch(/\blazy_checks_checks\b|function checks\(\)/);
  expect(preloaded[1]).toMatch(/function deliverableChecker\(/);
  // webpack may join some of the domain rules into one module: each is preloaded, not each apart.
  const domain = preloaded.slice(2).join('\n');
  expect(preloaded.length).toBeGreaterThan(2);
  expect(preloaded.length).toBeLessThanOrEqual(2 + SHARED_DOMAIN_MODULES.length);
  for (const rule of ['function addWorkingDays(', 'function nextStage(', 'function checkList('])
    expect(domain).toContain(rule);
});

test("the list's text is folded with native Unicode property escapes", () => {
  const bundle = code();
  expect(bundle).toContain(".replace(/\\p{M}/gu, '')");
  expect(bundle).not.toMatch(/RegExp\("\[\\\\u0300-\\\\u036F/);
});
