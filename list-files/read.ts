import fs from 'node:fs/promises';
import path from 'node:path';
import { agencyListSchema, formatPath, nationalCode, type AgencyList } from '../domain/agency-list';
import { checkList, type ListIssue } from '../domain/list-quality';
import { readCsvSheet } from './csv';
import { ListFileError, type ListFileIssue } from './errors';
import { LIST_COLUMNS, LIST_FILE_LIMITS, parseKind } from './layout';
import type { CellLocation } from './cells';
import { assembleList, type AssembledList } from './sheet';
import { readXlsxSheet } from './xlsx';

export type ListFileFormat = 'xlsx' | 'csv' | 'json';

const FORMATS: Record<string, ListFileFormat> = { '.xlsx': 'xlsx', '.csv': 'csv', '.json': 'json' };

/** The format a file name announces, or undefined. */
export function listFileFormat(file: string): ListFileFormat | undefined {
  return FORMATS[path.extname(file).toLowerCase()];
}

const CODE_FIX = 'ghi mã dạng 1.002421 (mã quốc gia) hoặc 1.002421.000.00.00.H48 (mã của tỉnh)';

/** A fix for a schema problem, by the field it concerns. */
function fixFor(fieldPath: readonly PropertyKey[]): string {
  const field = String(fieldPath[fieldPath.length - 1]);
  if (fieldPath.length === 1) return 'khai ít nhất một TTHC cùng các giấy tờ cần số hóa';
  if (fieldPath[2] === 'documents') {
    if (fieldPath.length === 3) return 'thêm ít nhất một giấy tờ cho TTHC này, hoặc bỏ TTHC';
    if (field === 'kind')
      return 'chọn một trong: Thành phần hồ sơ, Kết quả, Ý kiến (thanh_phan_ho_so, ket_qua, y_kien)';
    if (field === 'name') return 'ghi tên giấy tờ cần số hóa';
    return 'sửa giá trị của mục này';
  }
  if (field === 'code') return `${CODE_FIX}; mỗi TTHC chỉ khai một lần`;
  if (field === 'name') return 'ghi tên TTHC đúng như trên Cơ sở dữ liệu quốc gia về TTHC';
  return 'sửa giá trị của mục này';
}

/** `procedures[2].documents[1].name` (from checkList) → `['procedures', 1, 'documents', 0, 'name']`. */
function parseListPath(text: string): PropertyKey[] {
  return [...text.matchAll(/([A-Za-z_]\w*)|\[(\d+)\]/g)].map((match) =>
    match[2] !== undefined ? Number(match[2]) - 1 : match[1]!,
  );
}

function splitFix(message: string): { message: string; fix: string } {
  const at = message.indexOf(' — ');
  return at < 0
    ? { message, fix: 'sửa theo hướng dẫn trong tệp mẫu' }
    : { message: message.slice(0, at), fix: message.slice(at + 3).replace(/\.$/, '') };
}

/**
 * The schema and the hard checks of `checkList`, with each problem located in the file. When the
 * rows already had problems, only duplicates are added (the rest would repeat them). In a sheet,
 * a duplicate names the row of the first occurrence rather than its position in the list.
 */
function validate(file: string, assembled: AssembledList, sheet: boolean): AgencyList {
  const issues: ListFileIssue[] = [...assembled.issues];
  const keyOf = (issue: ListFileIssue) => [issue.sheet, issue.row, issue.column, issue.path].join('\u0000');
  const seen = new Set(issues.map(keyOf));
  const add = (location: CellLocation | { path: string }, problem: { message: string; fix: string }) => {
    const issue = { ...location, ...problem };
    if (!seen.has(keyOf(issue))) {
      seen.add(keyOf(issue));
      issues.push(issue);
    }
  };

  const clean = assembled.issues.length === 0;
  const parsed = agencyListSchema.safeParse(assembled.list);
  const addSchemaIssues = () => {
    if (clean && !parsed.success)
      for (const issue of parsed.error.issues)
        add(assembled.locate(issue.path), { message: issue.message, fix: fixFor(issue.path) });
  };
  if (!sheet) addSchemaIssues();
  // Not even an object: the schema said so, and checkList would only repeat it.
  const shapeless = !parsed.success && parsed.error.issues.some((issue) => issue.path.length === 0);
  for (const error of shapeless ? [] : checkList(assembled.list).errors) {
    if (!clean && error.code !== 'code_duplicate' && error.code !== 'document_duplicate') continue;
    const location = assembled.locate(parseListPath(error.path));
    const first = sheet && error.related ? assembled.locate(parseListPath(error.related)) : undefined;
    add(
      location,
      first?.row !== undefined ? duplicateInSheet(assembled.list, error, first.row) : splitFix(error.message),
    );
  }
  if (sheet) addSchemaIssues();

  if (issues.length > 0) {
    const order = (issue: ListFileIssue) => LIST_COLUMNS.findIndex((column) => column.header === issue.column);
    issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || order(a) - order(b));
    throw new ListFileError(file, issues);
  }
  return parsed.data!;
}

function duplicateInSheet(list: AgencyList, error: ListIssue, firstRow: number): { message: string; fix: string } {
  const [, p, , d] = parseListPath(error.path) as [string, number, string?, number?];
  const [, q] = parseListPath(error.related!) as [string, number];
  const procedure = list.procedures[p]!;
  if (error.code === 'code_duplicate') {
    const other = list.procedures[q]!.code;
    const forms =
      other === procedure.code ? '' : ` (${other}: mã của tỉnh và mã quốc gia ${nationalCode(other)} là cùng một TTHC)`;
    return {
      message: `Mã TTHC ${procedure.code} trùng với TTHC ở dòng ${firstRow}${forms}`,
      fix: 'mỗi TTHC chỉ khai một lần: ghi mọi giấy tờ của TTHC dưới cùng một mã, sửa hoặc bỏ mã trùng',
    };
  }
  return {
    message: `Tên giấy tờ "${procedure.documents[d!]!.name}" đã khai ở dòng ${firstRow} cho cùng TTHC ${procedure.code}`,
    fix: 'mỗi giấy tờ chỉ khai một lần trong một TTHC: xóa dòng trùng',
  };
}

function readJson(buffer: Buffer, file: string): AssembledList {
  let data: unknown;
  const text = buffer.toString('utf8').replace(/^\ufeff/, '');
  try {
    data = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const line = /line (\d+)/.exec((error as Error).message)?.[1];
    const row =
      line !== undefined
        ? Number(line)
        : position !== undefined
          ? text.slice(0, Number(position)).split('\n').length
          : undefined;
    throw new ListFileError(
      file,
      [
        {
          ...(row !== undefined && { row }),
          message: `tệp JSON sai cú pháp (${(error as Error).message})`,
          fix: 'kiểm tra dấu phẩy, ngoặc và dấu ngoặc kép quanh dòng này',
        },
      ],
      { cause: error },
    );
  }
  // A bare array of procedures is accepted too.
  const list = (Array.isArray(data) ? { procedures: data } : data) as AgencyList;
  // Vietnamese kind labels are accepted as in spreadsheets.
  const procedures: unknown = (list as { procedures?: unknown } | null)?.procedures;
  if (Array.isArray(procedures)) {
    for (const procedure of procedures as { documents?: unknown }[]) {
      if (!Array.isArray(procedure?.documents)) continue;
      for (const document of procedure.documents as { kind?: unknown }[]) {
        if (typeof document?.kind === 'string') document.kind = parseKind(document.kind) ?? document.kind;
      }
    }
  }
  const documents = Array.isArray(procedures)
    ? procedures.reduce(
        (n: number, p: { documents?: unknown }) => n + (Array.isArray(p?.documents) ? p.documents.length : 0),
        0,
      )
    : 0;
  const issues: ListFileIssue[] = [];
  if (documents > LIST_FILE_LIMITS.maxRows) {
    issues.push({
      message: `danh sách có ${documents} giấy tờ, quá ${LIST_FILE_LIMITS.maxRows}`,
      fix: 'chia danh sách thành nhiều lần nộp',
    });
  }
  return { list, issues, locate: (at) => ({ path: formatPath(at) }) as CellLocation };
}

/**
 * Reads an agency's list from an .xlsx, .csv or .json file (layout: list-files/README.md).
 * Throws ListFileError, listing every problem with its sheet, row and column, when the file
 * cannot be read or the list breaks a rule; never anything else.
 */
export async function readListFile(filePath: string): Promise<AgencyList> {
  const file = path.basename(filePath);
  const format = listFileFormat(filePath);
  if (!format) {
    const ext = path.extname(filePath).toLowerCase();
    const legacy = ext === '.xls' || ext === '.ods' ? ` (định dạng ${ext} không được hỗ trợ)` : '';
    throw new ListFileError(file, [
      {
        message: `tệp phải có đuôi .xlsx, .csv hoặc .json${legacy}`,
        fix: 'mở bằng Excel và lưu lại dạng "Excel Workbook (*.xlsx)", hoặc dùng tệp mẫu',
      },
    ]);
  }
  try {
    const stat = await fs.stat(filePath).catch((error: NodeJS.ErrnoException) => {
      const message =
        error.code === 'ENOENT'
          ? `không tìm thấy tệp ${filePath}`
          : `không mở được tệp ${filePath} (${error.code ?? error.message})`;
      throw new ListFileError(file, [{ message, fix: 'kiểm tra đường dẫn và quyền đọc tệp' }], { cause: error });
    });
    if (!stat.isFile())
      throw new ListFileError(file, [{ message: `${filePath} không phải là tệp`, fix: 'chỉ ra đúng tệp danh sách' }]);
    if (stat.size > LIST_FILE_LIMITS.maxBytes) {
      throw new ListFileError(file, [
        {
          message: `tệp nặng ${(stat.size / 1024 / 1024).toFixed(1)} MB, quá giới hạn ${LIST_FILE_LIMITS.maxBytes / 1024 / 1024} MB`,
          fix: 'bỏ hình ảnh và trang tính thừa, chỉ giữ trang danh sách; hoặc chia danh sách thành nhiều tệp',
        },
      ]);
    }
    return await readListBuffer(file, await fs.readFile(filePath));
  } catch (error) {
    throw asListFileError(file, error);
  }
}

/**
 * Reads an agency's list from the bytes of an uploaded .xlsx, .csv or .json file, named by `fileName`
 * (its extension gives the format). Same rules and errors as readListFile.
 */
export async function readListBuffer(fileName: string, buffer: Buffer): Promise<AgencyList> {
  const file = path.basename(fileName);
  const format = listFileFormat(fileName);
  if (!format) return readListFile(fileName); // the same refusal, naming the extension
  try {
    if (buffer.length > LIST_FILE_LIMITS.maxBytes) {
      throw new ListFileError(file, [
        {
          message: `tệp nặng ${(buffer.length / 1024 / 1024).toFixed(1)} MB, quá giới hạn ${LIST_FILE_LIMITS.maxBytes / 1024 / 1024} MB`,
          fix: 'bỏ hình ảnh và trang tính thừa, chỉ giữ trang danh sách; hoặc chia danh sách thành nhiều tệp',
        },
      ]);
    }
    if (buffer.length === 0)
      throw new ListFileError(file, [
        { message: 'tệp rỗng (0 byte)', fix: 'chọn đúng tệp danh sách đã lưu, hoặc dùng tệp mẫu' },
      ]);
    const assembled =
      format === 'json'
        ? readJson(buffer, file)
        : assembleList(format === 'xlsx' ? await readXlsxSheet(buffer, file) : readCsvSheet(buffer, file));
    return validate(file, assembled, format !== 'json');
  } catch (error) {
    throw asListFileError(file, error);
  }
}

/** A failure while reading a list file, as the person who sent it reads it: ours as it is, any other as unexpected. */
function asListFileError(file: string, error: unknown): ListFileError {
  if (error instanceof ListFileError) return error;
  return new ListFileError(
    file,
    [
      {
        message: `lỗi không mong đợi khi đọc tệp (${(error as Error)?.message ?? String(error)})`,
        fix: 'lưu lại tệp theo mẫu và thử lại; nếu vẫn lỗi, gửi tệp cho quản trị hệ thống',
      },
    ],
    { cause: error },
  );
}
