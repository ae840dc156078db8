import { PAYLOAD_LIMITS } from '../payload-limits';

// Bounds on a deliverable declaration and on one delivery checked against it. The declaration
// travels with the campaign's input, so its JSON stays a small share of one Temporal payload; the
// checker does bounded work on any input and stops listing problems after `listedErrors`.

export const DELIVERABLE_LIMITS = {
  /** The declaration as JSON (UTF-8): a small share of one Update's `PAYLOAD_LIMITS.updateBytes`. */
  declarationBytes: 64 * 1024,
  /** A key of a column, section or field (ASCII, part of a path). */
  key: 64,
  /** An indicator's code, e.g. `HS01`. */
  indicatorCode: 32,
  /** A title, label, unit or hint (characters). */
  label: 300,
  hint: 1_000,
  /** A text column's pattern (characters); see `patternProblem` for which patterns are refused. */
  pattern: 200,
  columns: 50,
  rowKeyColumns: 5,
  options: 200,
  sections: 20,
  fieldsPerSection: 50,
  fields: 100,
  indicators: 200,
  indicatorColumns: 10,
  checks: 100,
  checkParts: 50,
  acceptedTypes: 10,
  filesPerField: 20,
  fileMegabytes: 50,
  ruleSets: 5,
  /** Rows of one table delivery: at most the data rows of an Article 4 list. */
  rows: PAYLOAD_LIMITS.documents,
  /** Rows a table declares by default when it names no `maxRows`. */
  defaultRows: 5_000,
  /** Problems a check lists in full before it stops and counts the rest. */
  listedErrors: 200,
} as const;
