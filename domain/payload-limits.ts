import type { ListFinding } from './list-quality';

// Bounds on what is sent to a workflow. Temporal refuses a payload over 2 MiB (and the Update's
// argument is stored again in its history event and passed on to the activity that records it), so
// every Update is checked against these before it is sent, and the schemas bound each field.

export const PAYLOAD_LIMITS = {
  /** An Update's argument as JSON (UTF-8): half of Temporal's 2 MiB, leaving room for what it carries on. */
  updateBytes: 1024 * 1024,
  /** A name, title, code or person (characters). */
  shortText: 1_000,
  /** A reason, note, question, answer or legal basis (characters). */
  longText: 5_000,
  /** Any one array in an Update. */
  arrayItems: 20_000,
  /** Procedures in one list. */
  procedures: 5_000,
  /** Documents of one procedure. */
  documentsPerProcedure: 1_000,
  /** Documents in one list, all procedures together (a list file's data rows). */
  documents: 20_000,
  /** An agency code, e.g. `000.00.12.H48`. */
  agencyCode: 64,
  /** Problems listed in one message before the rest is counted ("và K lỗi khác"). */
  listedIssues: 20,
  /** Quality findings a workflow records with one submission before the rest is counted. */
  recordedFindings: 100,
} as const;

/** The first `shown` lines, then one that counts the rest: "… và 12 lỗi khác." */
export function summarizeLines(lines: readonly string[], noun = 'lỗi', shown: number = PAYLOAD_LIMITS.listedIssues) {
  if (lines.length <= shown) return [...lines];
  return [...lines.slice(0, shown), `… và ${(lines.length - shown).toLocaleString('vi-VN')} ${noun} khác.`];
}

const number = (n: number) => n.toLocaleString('vi-VN');

/** The message of a text field past its limit, naming the field and the fix. */
export function tooLongText(field: string, max: number): string {
  return `${field} dài quá ${number(max)} ký tự. Cách sửa: rút gọn nội dung (ghi chi tiết ở văn bản kèm theo).`;
}

/** The message of an array field past its limit, naming the field and the fix. */
export function tooManyItems(field: string, max: number): string {
  return `${field} có quá ${number(max)} mục. Cách sửa: bỏ các mục trùng hoặc thừa, hoặc gửi thành nhiều lần.`;
}

/** Where in a payload: `reasons.lines[3].reason` (array positions from 1, as people count). */
function pathText(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part + 1}]` : text ? `${text}.${part}` : part),
    '',
  );
}

/**
 * Why an argument is too large as a whole (its JSON in UTF-8 past `updateBytes`), or undefined: the
 * check an Update validator makes first, before its schema names the fields.
 */
export function updatePayloadSizeProblem(payload: unknown, what = 'Dữ liệu gửi'): string | undefined {
  const bytes = new TextEncoder().encode(JSON.stringify(payload) ?? '').length;
  if (bytes <= PAYLOAD_LIMITS.updateBytes) return undefined;
  return (
    `${what} có ${number(Math.ceil(bytes / 1024))} KB, vượt giới hạn ` +
    `${number(PAYLOAD_LIMITS.updateBytes / 1024)} KB của một lần gửi. Cách sửa: bỏ các dòng trùng hoặc thừa, rút gọn ` +
    'các cột Căn cứ và Ghi chú; nếu danh sách thật sự lớn như vậy, liên hệ đơn vị điều hành.'
  );
}

/**
 * Why an Update's argument cannot be sent (Vietnamese, naming the limit, the field and the fix),
 * or undefined when it fits: its size as JSON, then every string and array in it.
 */
export function updatePayloadProblem(updateName: string, payload: unknown): string | undefined {
  const what = `Dữ liệu gửi (${updateName})`;
  const tooLarge = updatePayloadSizeProblem(payload, what);
  if (tooLarge) return tooLarge;
  const problems: string[] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    if (typeof value === 'string') {
      if (value.length > PAYLOAD_LIMITS.longText)
        problems.push(
          `${pathText(path)}: dài ${number(value.length)} ký tự, tối đa ${number(PAYLOAD_LIMITS.longText)}. Cách sửa: rút gọn nội dung.`,
        );
    } else if (Array.isArray(value)) {
      if (value.length > PAYLOAD_LIMITS.arrayItems)
        problems.push(
          `${pathText(path)}: có ${number(value.length)} mục, tối đa ${number(PAYLOAD_LIMITS.arrayItems)}. Cách sửa: bỏ các mục trùng hoặc thừa.`,
        );
      else value.forEach((item, index) => walk(item, [...path, index]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    }
  };
  walk(payload, []);
  if (problems.length === 0) return undefined;
  return `${what} vượt giới hạn:\n${summarizeLines(problems).join('\n')}`;
}

/** An Update's argument that must not be sent; `message` says which limit and how to fix it. */
export class UpdatePayloadTooLargeError extends Error {
  override readonly name = 'UpdatePayloadTooLargeError';
}

/** Throws UpdatePayloadTooLargeError when the argument does not fit; call it before sending the Update. */
export function assertUpdatePayloadFits(updateName: string, payload: unknown): void {
  const problem = updatePayloadProblem(updateName, payload);
  if (problem) throw new UpdatePayloadTooLargeError(problem);
}

/**
 * The findings a workflow records with one submission: the first `kept`, then one that counts the
 * rest, so a list with a finding on each of 20,000 documents keeps its history and its records small.
 */
export function boundedFindings(
  findings: readonly ListFinding[],
  kept: number = PAYLOAD_LIMITS.recordedFindings,
): ListFinding[] {
  if (findings.length <= kept) return [...findings];
  const rest = findings.length - kept;
  return [
    ...findings.slice(0, kept),
    {
      path: 'procedures',
      code: 'findings_not_listed',
      message: `… và ${rest.toLocaleString('vi-VN')} lưu ý khác không liệt kê ở đây; mở danh sách để xem đủ.`,
    },
  ];
}
