import { PROCEDURE_CODE, normalizeName, type AgencyList } from '../domain/agency-list';
import type { ListFileIssue } from './errors';
import {
  LIST_COLUMNS,
  LIST_FILE_LIMITS,
  cleanCellText,
  columnLetter,
  columnSpec,
  parseKind,
  type ColumnKey,
} from './layout';
import { CODE_FIX, cellText, isNumberingRow, type CellLocation, type CellResult, type RawSheet } from './cells';
import { HEADER_LIST, readHeader } from './header';

// Turns rows of cells (from an xlsx sheet or a csv file) into a list, collecting every problem
// with its sheet, row and column. Knows the column layout; knows nothing of file formats.

export interface AssembledList {
  /** Built from the rows that could be read; check `issues` first. */
  list: AgencyList;
  issues: ListFileIssue[];
  /** Where a value of `list` came from, for a zod path such as `['procedures', 0, 'documents', 1, 'kind']`. */
  locate(path: readonly PropertyKey[]): CellLocation;
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

type RowCells = Map<ColumnKey, CellResult>;

export function assembleList(sheet: RawSheet): AssembledList {
  return new ListAssembly(sheet).assemble();
}

/** One pass over a sheet's rows: the procedures found so far, the one rows below belong to, the problems. */
class ListAssembly {
  private readonly issues: ListFileIssue[] = [];
  private readonly procedures = new Map<string, ProcedureDraft>();
  /** The procedure rows without a code belong to; 'unknown' under a row whose code could not be read. */
  private current: ProcedureDraft | 'unknown' | undefined;

  constructor(private readonly sheet: RawSheet) {}

  private at(row: number | undefined, key?: ColumnKey): CellLocation {
    return {
      ...(this.sheet.sheet !== undefined && { sheet: this.sheet.sheet }),
      ...(row !== undefined && { row }),
      ...(key && { column: columnSpec(key).header }),
    };
  }

  private issue(row: number | undefined, key: ColumnKey | undefined, message: string, fix: string): void {
    this.issues.push({ ...this.at(row, key), message, fix });
  }

  assemble(): AssembledList {
    const empty = (): AssembledList => ({
      list: { procedures: [] },
      issues: this.issues,
      locate: () => this.at(undefined),
    });
    const rows = this.sheet.rows.filter((row) =>
      [...row.cells.values()].some((cell) => cell.type !== 'text' || cleanCellText(cell.text) !== ''),
    );
    if (rows.length === 0) {
      this.issue(
        undefined,
        undefined,
        'tệp không có dữ liệu (trang trống)',
        `dùng tệp mẫu: dòng đầu là tiêu đề ${HEADER_LIST}, mỗi dòng sau là một giấy tờ`,
      );
      return empty();
    }
    const found = readHeader(rows, this.issues, (row, key) => this.at(row, key));
    if (!found) return empty();
    this.readRows(rows, found.header, found.columns);
    if (this.procedures.size === 0 && this.issues.length === 0) {
      this.issue(
        found.header.row + 1,
        undefined,
        'không có dòng giấy tờ nào dưới dòng tiêu đề',
        'mỗi dòng dưới tiêu đề ghi một giấy tờ: Mã TTHC, Tên TTHC, Tên giấy tờ, Loại giấy tờ',
      );
    }
    const drafts = [...this.procedures.values()];
    this.checkDrafts(drafts);
    const list = {
      procedures: drafts.map((draft) => ({
        code: draft.code,
        name: draft.values.procedureName?.text ?? '',
        ...(draft.values.field && { field: draft.values.field.text }),
        ...(draft.values.level && { level: draft.values.level.text }),
        documents: draft.documents.map(({ row: _row, ...document }) => document),
      })),
    } as AgencyList;
    return { list, issues: this.issues, locate: (path) => this.locate(drafts, found.header.row, path) };
  }

  private readRows(rows: RawSheet['rows'], header: RawSheet['rows'][number], columns: Map<ColumnKey, number>): void {
    const labelled = new Set(columns.values());
    const unlabelled = new Set<number>();
    let dataRows = 0;
    const dataStart = rows.indexOf(header) + 1;

    for (let r = dataStart; r < rows.length; r++) {
      const raw = rows[r]!;
      const value = (key: ColumnKey): CellResult =>
        columns.has(key) ? cellText(key, raw.cells.get(columns.get(key)!)) : {};
      const read: RowCells = new Map(
        LIST_COLUMNS.filter((spec) => spec.key !== 'stt').map((spec) => [spec.key, value(spec.key)]),
      );
      const filled = (key: ColumnKey) => read.get(key)?.value !== undefined || read.get(key)?.problem !== undefined;

      // A numbering row "(1) (2) (3) …" right under the header, as official forms have.
      if (r === dataStart && isNumberingRow(raw)) continue;
      if (raw.mergedAcross) {
        this.issue(
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
        this.issues.push({
          ...this.at(raw.row),
          column: columnLetter(index),
          message: `ô ${columnLetter(index)}${raw.row} có dữ liệu nhưng cột ${columnLetter(index)} không có tiêu đề`,
          fix: `ghi tiêu đề đúng mẫu (${HEADER_LIST}) cho cột này, hoặc xóa dữ liệu thừa`,
        });
      }
      // Blank rows (or rows with only a number in STT) separate nothing and are skipped.
      if (![...read.keys()].some(filled)) continue;
      if (++dataRows > LIST_FILE_LIMITS.maxRows) {
        this.issue(
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
          this.issue(raw.row, key, result.problem.message, result.problem.fix);
        }
      }
      const procedure = this.procedureOf(raw.row, read);
      // The document of this row; a row with only procedure columns opens the procedure.
      if (DOCUMENT_KEYS.some(filled)) this.readDocument(raw.row, read, procedure, problems > 0);
    }
  }

  /** The procedure a row belongs to, opened or checked against what its earlier rows said. */
  private procedureOf(row: number, read: RowCells): ProcedureDraft | 'unknown' {
    const codeCell = read.get('code')!;
    const procedureValues = PROCEDURE_VALUE_KEYS.filter((key) => read.get(key)?.value !== undefined);
    let procedure: ProcedureDraft | 'unknown';
    if (codeCell.problem) {
      procedure = 'unknown';
    } else if (codeCell.value !== undefined) {
      procedure = this.procedureByCode(row, codeCell.value, read, procedureValues);
    } else if (this.current === undefined) {
      this.issue(
        row,
        'code',
        'thiếu Mã TTHC: dòng giấy tờ chưa thuộc TTHC nào (các dòng trên không có TTHC)',
        `ghi Mã TTHC và Tên TTHC ở dòng này; ${CODE_FIX}`,
      );
      procedure = 'unknown';
    } else if (this.current === 'unknown') {
      procedure = 'unknown';
    } else {
      const above = this.current;
      const differs = procedureValues.find(
        (key) => above.values[key] && normalizeName(read.get(key)!.value!) !== normalizeName(above.values[key].text),
      );
      if (differs) {
        this.issue(
          row,
          'code',
          `thiếu Mã TTHC trong khi cột "${columnSpec(differs).header}" ghi "${read.get(differs)!.value}", khác TTHC ${above.code} ở dòng trên`,
          `ghi Mã TTHC của TTHC mới; nếu giấy tờ thuộc TTHC ở dòng trên thì để trống các cột TTHC. ${CODE_FIX}`,
        );
        procedure = 'unknown';
      } else {
        procedure = above;
        for (const key of procedureValues) procedure.values[key] ??= { text: read.get(key)!.value!, row };
      }
    }
    // A row without a code does not start a new procedure, so one bad row does not orphan the next.
    if (codeCell.value !== undefined || codeCell.problem || this.current === undefined) this.current = procedure;
    return procedure;
  }

  /** The procedure a row's code names; its name, field and level must agree with its earlier rows. */
  private procedureByCode(
    row: number,
    typed: string,
    read: RowCells,
    procedureValues: (typeof PROCEDURE_VALUE_KEYS)[number][],
  ): ProcedureDraft | 'unknown' {
    const code = typed.toUpperCase();
    if (!PROCEDURE_CODE.test(code)) {
      const comma = /^\d,\d{6}/.test(code) ? ' (dùng dấu phẩy thay dấu chấm)' : '';
      this.issue(row, 'code', `Mã TTHC "${typed}" không đúng dạng${comma}`, CODE_FIX);
      return 'unknown';
    }
    const procedure = this.procedures.get(code) ?? {
      code,
      values: {},
      firstRow: row,
      documents: [],
      failedDocuments: 0,
    };
    this.procedures.set(code, procedure);
    for (const key of procedureValues) {
      const text = read.get(key)!.value!;
      const known = procedure.values[key];
      if (!known) procedure.values[key] = { text, row };
      else if (normalizeName(known.text) !== normalizeName(text)) {
        this.issue(
          row,
          key,
          `${columnSpec(key).header} "${text}" khác với dòng ${known.row} ("${known.text}") của cùng mã TTHC ${code}`,
          `ghi cùng một ${columnSpec(key).header.toLowerCase()} cho mọi dòng của TTHC, hoặc để trống ở các dòng dưới`,
        );
      }
    }
    return procedure;
  }

  /** A row's document, added to its procedure when the row is whole. */
  private readDocument(row: number, read: RowCells, procedure: ProcedureDraft | 'unknown', hadProblems: boolean): void {
    const name = read.get('documentName')!;
    const kind = read.get('kind')!;
    let failed = hadProblems;
    if (name.value === undefined && !name.problem) {
      failed = true;
      this.issue(row, 'documentName', 'thiếu tên giấy tờ', 'ghi tên giấy tờ cần số hóa; mỗi dòng là một giấy tờ');
    }
    const kindCode = kind.value !== undefined ? parseKind(kind.value) : undefined;
    if (kind.value !== undefined && !kindCode) {
      failed = true;
      this.issue(
        row,
        'kind',
        `loại giấy tờ "${kind.value}" không hợp lệ`,
        'chọn một trong: Thành phần hồ sơ, Kết quả, Ý kiến (hoặc mã thanh_phan_ho_so, ket_qua, y_kien)',
      );
    } else if (kind.value === undefined && !kind.problem) {
      failed = true;
      this.issue(row, 'kind', 'thiếu loại giấy tờ', 'chọn một trong: Thành phần hồ sơ, Kết quả, Ý kiến');
    }
    if (procedure === 'unknown') return;
    if (failed || !kindCode || name.value === undefined) {
      procedure.failedDocuments++;
      return;
    }
    const basis = read.get('basis')!.value;
    const note = read.get('note')!.value;
    procedure.documents.push({
      name: name.value,
      kind: kindCode,
      ...(basis !== undefined && { basis }),
      ...(note !== undefined && { note }),
      row,
    });
  }

  /** Every procedure needs its name and at least one document. */
  private checkDrafts(drafts: ProcedureDraft[]): void {
    for (const draft of drafts) {
      if (!draft.values.procedureName)
        this.issue(
          draft.firstRow,
          'procedureName',
          `thiếu tên TTHC của mã ${draft.code}`,
          'ghi tên TTHC đúng như trên Cơ sở dữ liệu quốc gia về TTHC',
        );
      if (draft.documents.length === 0 && draft.failedDocuments === 0) {
        this.issue(
          draft.firstRow,
          'documentName',
          `TTHC ${draft.code} chưa có giấy tờ nào`,
          'thêm ít nhất một dòng giấy tờ cho TTHC này (tên giấy tờ và loại), hoặc xóa TTHC',
        );
      }
    }
  }

  private locate(drafts: ProcedureDraft[], headerRow: number, path: readonly PropertyKey[]): CellLocation {
    const draft = typeof path[1] === 'number' ? drafts[path[1]] : undefined;
    if (path[0] !== 'procedures' || !draft) return this.at(headerRow + 1);
    const field = path[2];
    if (field === 'documents') {
      const document = typeof path[3] === 'number' ? draft.documents[path[3]] : undefined;
      if (!document) return this.at(draft.firstRow, 'documentName');
      const key = { name: 'documentName', kind: 'kind', basis: 'basis', note: 'note' }[String(path[4])] as
        ColumnKey | undefined;
      return this.at(document.row, key ?? 'documentName');
    }
    const key = ({ code: 'code', name: 'procedureName', field: 'field', level: 'level' } as const)[
      String(field) as 'code'
    ];
    if (!key) return this.at(draft.firstRow);
    const source = key === 'code' ? undefined : draft.values[key as 'procedureName'];
    return this.at(source?.row ?? draft.firstRow, key);
  }
}
