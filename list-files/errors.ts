import { LIST_FILE_LIMITS } from './layout';

/** One problem in a list file, located as precisely as the format allows. */
export interface ListFileIssue {
  /** Worksheet name (xlsx only). */
  sheet?: string;
  /** Row as the spreadsheet program shows it (from 1, header included); for csv the record number. */
  row?: number;
  /** The column's header as in the template, e.g. "Mã TTHC". */
  column?: string;
  /** JSON path, e.g. `procedures[1].documents[2].kind` (json only; numbered from 1). */
  path?: string;
  /** What is wrong (Vietnamese). */
  message: string;
  /** How to fix it (Vietnamese). */
  fix: string;
}

/** `Trang "Danh sách", dòng 5, cột "Mã TTHC": … — cách sửa: …` */
export function formatListFileIssue(issue: ListFileIssue): string {
  const where: string[] = [];
  if (issue.sheet !== undefined) where.push(`Trang "${issue.sheet}"`);
  if (issue.row !== undefined) where.push(`dòng ${issue.row}`);
  if (issue.column !== undefined) where.push(`cột "${issue.column}"`);
  if (issue.path !== undefined) where.push(`mục ${issue.path}`);
  const location = where.length > 0 ? where.join(', ') : 'Tệp';
  const text = `${location.charAt(0).toUpperCase()}${location.slice(1)}: ${trimStop(issue.message)} — cách sửa: ${trimStop(issue.fix)}.`;
  return text;
}

function trimStop(text: string): string {
  return text.trim().replace(/[.\s]+$/u, '');
}

/** A list file that cannot be read; `issues` has every problem found, in file order. */
export class ListFileError extends Error {
  override readonly name = 'ListFileError';
  readonly file: string;
  readonly issues: ListFileIssue[];

  constructor(file: string, issues: ListFileIssue[], options?: { cause?: unknown }) {
    const shown = issues
      .slice(0, LIST_FILE_LIMITS.maxIssuesInMessage)
      .map((issue) => `- ${formatListFileIssue(issue)}`);
    if (issues.length > shown.length)
      shown.push(`- … và ${issues.length - shown.length} lỗi khác (xem danh sách đầy đủ trong issues).`);
    super(`Không đọc được danh sách giấy tờ từ tệp "${file}" (${issues.length} lỗi):\n${shown.join('\n')}`, options);
    this.file = file;
    this.issues = issues;
  }
}
