import { CampaignDefinitionError } from '../../campaign-files/campaign-definition';
import { ListFileError, type ListFileIssue } from '../../list-files';
import type { ExpectedLocation, ListFileCase } from './bad-inputs/list-files';
import { preview } from './bad-inputs/values';

// What the bad-input properties check in every answer. Each check returns the broken rules, so a
// property fails with a message that reads as a bug report (fast-check then shrinks the case).

/** Letters only Vietnamese uses among Latin scripts (with its tone marks), upper or lower case. */
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;
/** zod's own English messages, which reach people when a schema gives no message of its own. */
const ENGLISH =
  /Invalid (input|option|string|email|element|key|union|type)\b|expected (string|number|object|array|boolean|nonoptional)|received (undefined|null|string|number|object|array|boolean|NaN)|Too (small|big):|Unrecognized key|must match pattern|Required\b/;

/** True when the text is Vietnamese and carries none of zod's English messages. */
export function isVietnamese(text: string): boolean {
  return VIETNAMESE.test(text) && !ENGLISH.test(text);
}

/** Lines (of a multi-line message) that are not Vietnamese: each problem is its own line. */
export function foreignLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !isVietnamese(line));
}

export function shortError(error: unknown): string {
  const e = error as { name?: string; message?: string } | undefined;
  return preview(`${e?.name ?? typeof error}: ${e?.message ?? String(error)}`, 400);
}

/** Throws the broken rules (if any) as one error: what fast-check reports for the case. */
export function expectNoProblems(problems: string[], context: string): void {
  if (problems.length > 0) throw new Error(`${problems.map((p) => `- ${p}`).join('\n')}\n(${context})`);
}

/** The message names what it must: every fragment of `all`, and one of `any` when given. */
export function missingNames(message: string, all: string[], any?: string[]): string[] {
  const problems = all
    .filter((f) => !message.includes(f))
    .map((f) => `does not name ${preview(f)}: ${preview(message, 400)}`);
  if (any && any.length > 0 && !any.some((f) => message.includes(f)))
    problems.push(`names none of ${preview(any)}: ${preview(message, 400)}`);
  return problems;
}

/** A refused list file: a ListFileError whose every issue is Vietnamese, has a fix, and is located where the case says. */
export function listFileProblems(c: ListFileCase, outcome: { list: unknown } | { error: unknown }): string[] {
  if ('list' in outcome) return [`accepted: ${preview(outcome.list, 160)}`];
  const { error } = outcome;
  if (!(error instanceof ListFileError)) return [`not a ListFileError: ${shortError(error)}`];
  if (error.issues.length === 0) return ['ListFileError without issues'];
  const problems: string[] = [];
  for (const issue of error.issues) {
    if (!isVietnamese(issue.message)) problems.push(`issue not Vietnamese: ${preview(issue.message)}`);
    if (!issue.fix?.trim() || !isVietnamese(issue.fix))
      problems.push(`issue without a Vietnamese fix: ${preview(issue)}`);
    if (/lỗi không mong đợi/i.test(issue.message))
      problems.push(`internal exception wrapped: ${preview(issue.message)}`);
  }
  return [...problems, ...locationProblems(c.format, c.expected, error.issues)];
}

function locationProblems(
  format: ListFileCase['format'],
  expected: ExpectedLocation,
  issues: ListFileIssue[],
): string[] {
  if (expected.kind === 'file') return [];
  const located = (issue: ListFileIssue) =>
    format === 'json'
      ? expected.kind === 'syntax'
        ? issue.row !== undefined
        : issue.path !== undefined
      : issue.row !== undefined || issue.column !== undefined || issue.sheet !== undefined;
  const problems: string[] = [];
  const unlocated = issues.filter((issue) => !located(issue));
  if (unlocated.length > 0) problems.push(`issue not located: ${preview(unlocated[0])}`);
  if (expected.kind === 'path')
    for (const wanted of expected.paths)
      if (!issues.some((issue) => issue.path === wanted))
        problems.push(
          `path ${wanted} not named; got ${preview(
            issues.map((i) => i.path ?? '—'),
            200,
          )}`,
        );
  if (expected.kind === 'cell' && (expected.row !== undefined || expected.column !== undefined)) {
    const hit = issues.some(
      (issue) =>
        (expected.row === undefined || issue.row === expected.row) &&
        (expected.column === undefined || issue.column === expected.column),
    );
    if (!hit)
      problems.push(
        `dòng ${expected.row ?? '?'}, cột ${expected.column ?? '?'} not named; got ${preview(
          issues.map((i) => `${i.row}/${i.column}`),
          200,
        )}`,
      );
  }
  if (format === 'xlsx' && issues.some((issue) => issue.row !== undefined && issue.sheet === undefined))
    problems.push('xlsx issue without its sheet');
  return problems;
}

/** A refused campaign file: a CampaignDefinitionError, in Vietnamese, naming one of `expect`. */
export function definitionProblems(
  c: { expect: string[]; fix?: boolean },
  outcome: { definition: unknown } | { error: unknown },
): string[] {
  if ('definition' in outcome) return ['accepted'];
  const { error } = outcome;
  if (!(error instanceof CampaignDefinitionError)) return [`not a CampaignDefinitionError: ${shortError(error)}`];
  const foreign = error.problems.flatMap(foreignLines);
  const unfixed = c.fix ? error.problems.filter((p) => !/Cách sửa/i.test(p)) : [];
  const expect = c.expect;
  return [
    ...(foreign.length > 0 ? [`problem not Vietnamese: ${preview(foreign[0])}`] : []),
    ...(unfixed.length > 0 ? [`problem without "Cách sửa": ${preview(unfixed[0])}`] : []),
    ...missingNames(error.message, [], expect),
  ];
}

export { mapLimit } from '../../shared/map-limit';
