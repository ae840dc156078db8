import { PROCEDURE_CODE, normalizeName, type AgencyList } from '../domain/agency-list';
import type { ListFileIssue } from './errors';
import {
  LIST_COLUMNS,
  LIST_FILE_LIMITS,
  LIST_HEADERS,
  cleanCellText,
  columnLetter,
  columnSpec,
  matchHeader,
  parseKind,
  type ColumnKey,
} from './layout';

// Turns rows of cells (from an xlsx sheet or a csv file) into a list, collecting every problem
// with its sheet, row and column. Knows the column layout; knows nothing of file formats.

/** A cell as the file gave it; formats decide how much they can tell (csv only has text). */
export type RawCell =
  | { type: 'text'; text: string }
  | { type: 'number'; value: number; numFmt?: string }
  | { type: 'date'; value: Date }
  | { type: 'problem'; message: string; fix: string };

export interface RawRow {
  /** Row number as shown to people (from 1). */
  row: number;
  /** By column index from 0. */
  cells: Map<number, RawCell>;
  /** A merge across columns touching this row, e.g. `A7:I7`. */
  mergedAcross?: string;
}

export interface RawSheet {
  /** Worksheet name; absent for csv. */
  sheet?: string;
  rows: RawRow[];
}

export interface CellLocation {
  sheet?: string;
  row?: number;
  column?: string;
}

export interface AssembledList {
  /** Built from the rows that could be read; check `issues` first. */
  list: AgencyList;
  issues: ListFileIssue[];
  /** Where a value of `list` came from, for a zod path such as `['procedures', 0, 'documents', 1, 'kind']`. */
  locate(path: readonly PropertyKey[]): CellLocation;
}

const HEADER_LIST = LIST_HEADERS.join(' | ');
const CODE_FIX =
  'ghi mã dạng 1.002421 (mã quốc gia) hoặc 1.002421.000.00.00.H48 (mã của tỉnh), dùng dấu chấm, không có khoảng trắng';
const TEXT_FORMAT_FIX = 'định dạng cột là Văn bản (Format Cells → Text) rồi nhập lại đúng nội dung';

/** A date-like number format: d, m, y, h or s outside quoted text and [colour] sections. */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

function formatDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
}

type CellResult = { value?: string; problem?: { message: string; fix: string } };

/** The text of a cell for one column; dates and numbers that lost information are problems. */
function cellText(key: ColumnKey, cell: RawCell | undefined): CellResult {
  if (!cell) return {};
  switch (cell.type) {
    case 'problem':
      return { problem: { message: cell.message, fix: cell.fix } };
    case 'date':
      return {
        problem: {
          message: `ô chứa ngày tháng ${formatDay(cell.value)} — Excel đã tự đổi nội dung thành ngày`,
          fix: TEXT_FORMAT_FIX,
        },
      };
    case 'number': {
      if (isDateFormat(cell.numFmt)) {
        return {
          problem: {
            message: `ô chứa số ${cell.value} được định dạng ngày tháng — Excel đã tự đổi nội dung thành ngày`,
            fix: TEXT_FORMAT_FIX,
          },
        };
      }
      if (key === 'code') {
        // 1.002421 typed into a General cell is stored as a number; 1.002420 becomes 1.00242.
        const decimals = /^0\.(0+)$/.exec(cell.numFmt ?? '')?.[1]?.length;
        const text = decimals === 6 ? cell.value.toFixed(6) : String(cell.value);
        if (/^\d\.\d{6}$/.test(text)) return { value: text };
        return {
          problem: {
            message: `Mã TTHC đang là số ${text}, không phải văn bản — Excel có thể đã bỏ mất chữ số 0 ở cuối`,
            fix: `${TEXT_FORMAT_FIX}; ${CODE_FIX}`,
          },
        };
      }
      return { value: String(cell.value) };
    }
    case 'text': {
      const text = cleanCellText(cell.text);
      return text === '' ? {} : { value: text };
    }
  }
}

interface ProcedureDraft {
  code: string;
  values: Partial<Record<'procedureName' | 'field' | 'level', { text: string; row: number }>>;
  firstRow: number;
  documents: { name: string; kind: string; basis?: string; note?: string; row: number }[];
  /** Rows meant as documents of this procedure that had problems. */
  failedDocuments: number;
}

const PROCEDURE_VALUE_KEYS = ['procedureName', 'field', 'level'] as const;
const DOCUMENT_KEYS = ['documentName', 'kind', 'basis', 'note'] as const;

export function assembleList(sheet: RawSheet): AssembledList {
  const issues: ListFileIssue[] = [];
  const at = (row: number | undefined, key?: ColumnKey): CellLocation => ({
    ...(sheet.sheet !== undefined && { sheet: sheet.sheet }),
    ...(row !== undefined && { row }),
    ...(key && { column: columnSpec(key).header }),
  });
  const issue = (row: number | undefined, key: ColumnKey | undefined, message: string, fix: string) =>
    issues.push({ ...at(row, key), message, fix });
  const empty = (): AssembledList => ({ list: { procedures: [] }, issues, locate: () => at(undefined) });

  const rows = sheet.rows.filter((row) =>
    [...row.cells.values()].some((cell) => cell.type !== 'text' || cleanCellText(cell.text) !== ''),
  );
  if (rows.length === 0) {
    issue(
      undefined,
      undefined,
      'tệp không có dữ liệu (trang trống)',
      `dùng tệp mẫu: dòng đầu là tiêu đề ${HEADER_LIST}, mỗi dòng sau là một giấy tờ`,
    );
    return empty();
  }

  // The header row: the first of the first rows naming at least two known columns.
  const headerText = (cell: RawCell | undefined) => (cell?.type === 'text' ? cleanCellText(cell.text) : '');
  const header = rows
    .filter((row) => row.row <= rows[0]!.row + LIST_FILE_LIMITS.headerSearchRows - 1)
    .find((row) => [...row.cells.values()].filter((cell) => matchHeader(headerText(cell)) !== undefined).length >= 2);
  if (!header) {
    issue(
      rows[0]!.row,
      undefined,
      `không tìm thấy dòng tiêu đề trong ${LIST_FILE_LIMITS.headerSearchRows} dòng đầu; cần các cột ${HEADER_LIST}`,
      'dùng tệp mẫu (list-files/templates/mau-danh-sach-giay-to-so-hoa.xlsx): giữ nguyên dòng tiêu đề, mỗi dòng sau là một giấy tờ',
    );
    return empty();
  }

  const columns = new Map<ColumnKey, number>();
  const unknown: string[] = [];
  for (const [index, cell] of [...header.cells.entries()].sort(([a], [b]) => a - b)) {
    const text = headerText(cell);
    if (text === '') continue;
    const key = matchHeader(text);
    if (!key) {
      unknown.push(`"${text}" (cột ${columnLetter(index)})`);
      issues.push({
        ...at(header.row),
        column: text,
        message: `tiêu đề "${text}" ở cột ${columnLetter(index)} không thuộc mẫu`,
        fix: `đổi lại đúng một trong các tên cột ${HEADER_LIST}, hoặc xóa cột này`,
      });
    } else if (columns.has(key)) {
      issue(
        header.row,
        key,
        `cột "${columnSpec(key).header}" có hai lần (cột ${columnLetter(columns.get(key)!)} và ${columnLetter(index)})`,
        'xóa hoặc đổi tên một trong hai cột',
      );
    } else {
      columns.set(key, index);
    }
  }
  for (const spec of LIST_COLUMNS) {
    if (!spec.required || columns.has(spec.key)) continue;
    const renamed = unknown.length > 0 ? `; có thể cột ${unknown.join(', ')} là cột này bị đổi tên` : '';
    issue(
      header.row,
      spec.key,
      `dòng tiêu đề thiếu cột "${spec.header}"${renamed}`,
      `đặt tiêu đề cột đúng là "${spec.header}" như trong tệp mẫu (${HEADER_LIST})`,
    );
  }
  if (issues.length > 0) return empty();

  const labelled = new Set(columns.values());
  const unlabelled = new Set<number>();
  const procedures = new Map<string, ProcedureDraft>();
  let current: ProcedureDraft | 'unknown' | undefined;
  let dataRows = 0;
  const dataStart = rows.indexOf(header) + 1;

  for (let r = dataStart; r < rows.length; r++) {
    const raw = rows[r]!;
    const value = (key: ColumnKey): CellResult =>
      columns.has(key) ? cellText(key, raw.cells.get(columns.get(key)!)) : {};
    const read = new Map<ColumnKey, CellResult>(
      LIST_COLUMNS.filter((spec) => spec.key !== 'stt').map((spec) => [spec.key, value(spec.key)]),
    );
    const filled = (key: ColumnKey) => read.get(key)?.value !== undefined || read.get(key)?.problem !== undefined;

    // A numbering row "(1) (2) (3) …" right under the header, as official forms have.
    if (r === dataStart && isNumberingRow(raw)) continue;
    if (raw.mergedAcross) {
      issue(
        raw.row,
        undefined,
        `dòng có ô gộp (merge) ${raw.mergedAcross} qua nhiều cột`,
        'bỏ gộp ô (Merge & Center → Unmerge Cells); nếu đây là dòng tên nhóm hay lĩnh vực, xóa dòng và ghi vào cột "Lĩnh vực" của từng dòng',
      );
      continue;
    }
    // Data under a column without a header would be lost silently.
    for (const [index, cell] of raw.cells) {
      if (labelled.has(index) || unlabelled.has(index) || (cell.type === 'text' && cleanCellText(cell.text) === ''))
        continue;
      unlabelled.add(index);
      issues.push({
        ...at(raw.row),
        column: columnLetter(index),
        message: `ô ${columnLetter(index)}${raw.row} có dữ liệu nhưng cột ${columnLetter(index)} không có tiêu đề`,
        fix: `ghi tiêu đề đúng mẫu (${HEADER_LIST}) cho cột này, hoặc xóa dữ liệu thừa`,
      });
    }
    // Blank rows (or rows with only a number in STT) separate nothing and are skipped.
    if (![...read.keys()].some(filled)) continue;
    if (++dataRows > LIST_FILE_LIMITS.maxRows) {
      issue(
        raw.row,
        undefined,
        `tệp có hơn ${LIST_FILE_LIMITS.maxRows.toLocaleString('vi-VN')} dòng giấy tờ`,
        'chia danh sách thành nhiều lần nộp hoặc bỏ các dòng thừa',
      );
      break;
    }

    let problems = 0;
    for (const [key, result] of read) {
      if (result.problem) {
        problems++;
        issue(raw.row, key, result.problem.message, result.problem.fix);
      }
    }

    // The procedure this row belongs to; 'unknown' under a row whose code could not be read,
    // so the rows below are still checked but not reported as orphans.
    const codeCell = read.get('code')!;
    const procedureValues = PROCEDURE_VALUE_KEYS.filter((key) => read.get(key)?.value !== undefined);
    let procedure: ProcedureDraft | 'unknown';
    if (codeCell.problem) {
      procedure = 'unknown';
    } else if (codeCell.value !== undefined) {
      const code = codeCell.value.toUpperCase();
      if (!PROCEDURE_CODE.test(code)) {
        const comma = /^\d,\d{6}/.test(code) ? ' (dùng dấu phẩy thay dấu chấm)' : '';
        issue(raw.row, 'code', `Mã TTHC "${codeCell.value}" không đúng dạng${comma}`, CODE_FIX);
        procedure = 'unknown';
      } else {
        procedure = procedures.get(code) ?? { code, values: {}, firstRow: raw.row, documents: [], failedDocuments: 0 };
        procedures.set(code, procedure);
        for (const key of procedureValues) {
          const text = read.get(key)!.value!;
          const known = procedure.values[key];
          if (!known) procedure.values[key] = { text, row: raw.row };
          else if (normalizeName(known.text) !== normalizeName(text)) {
            issue(
              raw.row,
              key,
              `${columnSpec(key).header} "${text}" khác với dòng ${known.row} ("${known.text}") của cùng mã TTHC ${code}`,
              `ghi cùng một ${columnSpec(key).header.toLowerCase()} cho mọi dòng của TTHC, hoặc để trống ở các dòng dưới`,
            );
          }
        }
      }
    } else if (current === undefined) {
      issue(
        raw.row,
        'code',
        'thiếu Mã TTHC: dòng giấy tờ chưa thuộc TTHC nào (các dòng trên không có TTHC)',
        `ghi Mã TTHC và Tên TTHC ở dòng này; ${CODE_FIX}`,
      );
      procedure = 'unknown';
    } else if (current === 'unknown') {
      procedure = 'unknown';
    } else {
      const above = current;
      const differs = procedureValues.find(
        (key) => above.values[key] && normalizeName(read.get(key)!.value!) !== normalizeName(above.values[key].text),
      );
      if (differs) {
        issue(
          raw.row,
          'code',
          `thiếu Mã TTHC trong khi cột "${columnSpec(differs).header}" ghi "${read.get(differs)!.value}", khác TTHC ${above.code} ở dòng trên`,
          `ghi Mã TTHC của TTHC mới; nếu giấy tờ thuộc TTHC ở dòng trên thì để trống các cột TTHC. ${CODE_FIX}`,
        );
        procedure = 'unknown';
      } else {
        procedure = above;
        for (const key of procedureValues) procedure.values[key] ??= { text: read.get(key)!.value!, row: raw.row };
      }
    }
    // A row without a code does not start a new procedure, so one bad row does not orphan the next.
    if (codeCell.value !== undefined || codeCell.problem || current === undefined) current = procedure;

    // The document of this row; a row with only procedure columns opens the procedure.
    if (!DOCUMENT_KEYS.some(filled)) continue;
    const name = read.get('documentName')!;
    const kind = read.get('kind')!;
    let failed = problems > 0;
    if (name.value === undefined && !name.problem) {
      failed = true;
      issue(raw.row, 'documentName', 'thiếu tên giấy tờ', 'ghi tên giấy tờ cần số hóa; mỗi dòng là một giấy tờ');
    }
    const kindCode = kind.value !== undefined ? parseKind(kind.value) : undefined;
    if (kind.value !== undefined && !kindCode) {
      failed = true;
      issue(
        raw.row,
        'kind',
        `loại giấy tờ "${kind.value}" không hợp lệ`,
        'chọn một trong: Thành phần hồ sơ, Kết quả, Ý kiến (hoặc mã thanh_phan_ho_so, ket_qua, y_kien)',
      );
    } else if (kind.value === undefined && !kind.problem) {
      failed = true;
      issue(raw.row, 'kind', 'thiếu loại giấy tờ', 'chọn một trong: Thành phần hồ sơ, Kết quả, Ý kiến');
    }
    if (procedure === 'unknown') continue;
    if (failed || !kindCode || name.value === undefined) {
      procedure.failedDocuments++;
      continue;
    }
    const basis = read.get('basis')!.value;
    const note = read.get('note')!.value;
    procedure.documents.push({
      name: name.value,
      kind: kindCode,
      ...(basis !== undefined && { basis }),
      ...(note !== undefined && { note }),
      row: raw.row,
    });
  }

  if (procedures.size === 0 && issues.length === 0) {
    issue(
      header.row + 1,
      undefined,
      'không có dòng giấy tờ nào dưới dòng tiêu đề',
      'mỗi dòng dưới tiêu đề ghi một giấy tờ: Mã TTHC, Tên TTHC, Tên giấy tờ, Loại giấy tờ',
    );
  }

  const drafts = [...procedures.values()];
  for (const draft of drafts) {
    if (!draft.values.procedureName)
      issue(
        draft.firstRow,
        'procedureName',
        `thiếu tên TTHC của mã ${draft.code}`,
        'ghi tên TTHC đúng như trên Cơ sở dữ liệu quốc gia về TTHC',
      );
    if (draft.documents.length === 0 && draft.failedDocuments === 0) {
      issue(
        draft.firstRow,
        'documentName',
        `TTHC ${draft.code} chưa có giấy tờ nào`,
        'thêm ít nhất một dòng giấy tờ cho TTHC này (tên giấy tờ và loại), hoặc xóa TTHC',
      );
    }
  }

  const list = {
    procedures: drafts.map((draft) => ({
      code: draft.code,
      name: draft.values.procedureName?.text ?? '',
      ...(draft.values.field && { field: draft.values.field.text }),
      ...(draft.values.level && { level: draft.values.level.text }),
      documents: draft.documents.map(({ row: _row, ...document }) => document),
    })),
  } as AgencyList;

  const locate = (path: readonly PropertyKey[]): CellLocation => {
    const draft = typeof path[1] === 'number' ? drafts[path[1]] : undefined;
    if (path[0] !== 'procedures' || !draft) return at(header.row + 1);
    const field = path[2];
    if (field === 'documents') {
      const document = typeof path[3] === 'number' ? draft.documents[path[3]] : undefined;
      if (!document) return at(draft.firstRow, 'documentName');
      const key = { name: 'documentName', kind: 'kind', basis: 'basis', note: 'note' }[String(path[4])] as
        ColumnKey | undefined;
      return at(document.row, key ?? 'documentName');
    }
    const key = ({ code: 'code', name: 'procedureName', field: 'field', level: 'level' } as const)[
      String(field) as 'code'
    ];
    if (!key) return at(draft.firstRow);
    const source = key === 'code' ? undefined : draft.values[key as 'procedureName'];
    return at(source?.row ?? draft.firstRow, key);
  };
  return { list, issues, locate };
}

/** (1) (2) (3) … or 1 2 3 … in every filled cell, at least three of them. */
function isNumberingRow(row: RawRow): boolean {
  const cells = [...row.cells.values()].filter((cell) => cell.type !== 'text' || cleanCellText(cell.text) !== '');
  return (
    cells.length >= 3 &&
    cells.every(
      (cell) =>
        (cell.type === 'number' && Number.isInteger(cell.value)) ||
        (cell.type === 'text' && /^\(?\d{1,2}\)?$/.test(cleanCellText(cell.text))),
    )
  );
}
