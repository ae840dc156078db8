import type * as Checker from '../../domain/deliverables/checker';
import type { DeliverableDeclaration } from '../../domain/deliverables/declaration';

/**
 * The compiled checker of a declared deliverable, compiled once per worker thread for each distinct
 * declaration and shared by every run that checks a delivery against it.
 *
 * A worker replays an agency's run from its start whenever the run is no longer in its cache, so
 * without this every delivery on a busy worker compiled the same declaration again. This module is
 * preloaded (worker/bundle.ts, SHARED_WORKFLOW_MODULES) and holds what it shares in this closure, as
 * lazy-checks.ts does; the checker's own module is loaded on first use, not at preload, so what the
 * SDK freezes at preload is only this module's exports.
 *
 * Sharing is a pure memo, safe for replay: a checker is a function of its declaration only (no clock,
 * no randomness, no I/O, no state kept between calls, a new value on every call), and it is found by
 * the declaration's whole content (its JSON text), so a run gets a checker only of a declaration
 * identical to its own and decides exactly what compiling its own would. It issues no command.
 */
const compiled = new Map<string, Checker.DeliverableChecker>();
/** Distinct declarations kept: a worker serves a few campaigns at a time; the oldest goes first. */
const KEPT = 32;
let compile: typeof Checker.compileDeliverable | undefined;

export function deliverableChecker(declaration: DeliverableDeclaration): Checker.DeliverableChecker {
  const content = JSON.stringify(declaration);
  const known = compiled.get(content);
  if (known) return known;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose (above)
  compile ??= (require('../../domain/deliverables/checker') as typeof Checker).compileDeliverable;
  const checker = compile(declaration);
  if (compiled.size >= KEPT) compiled.delete(compiled.keys().next().value!);
  compiled.set(content, checker);
  return checker;
}
