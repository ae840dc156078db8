import { checkList, type ListIssue } from '../list-quality';
import { DOCUMENT_KINDS } from '../list-fields';
import type { ValueType } from './fields';
import type { DeliveryIssue } from './issues';

// Named rule sets a table may add to its typed columns (`rules: [digitization-list]`): checks that
// span rows, written once in domain/ and reused. Each names the columns it reads, so a declaration
// that lacks them is refused at launch rather than at the first delivery.

export type TableRow = Record<string, string | number | boolean | undefined>;

export interface RuleSet {
  /** What the rule set checks, in Vietnamese, for the README and the launch errors. */
  title: string;
  /** Columns the rule set reads: key → type (and, for a choice, the option values it expects). */
  requires: Record<string, { type: ValueType; options?: readonly string[] }>;
  /** The rule set judges which rows are the same itself (more finely than equal row keys). */
  judgesRowKey?: boolean;
  /** Checks the rows (already typed by their columns); rows are numbered from 1 in what it returns. */
  check(
    rows: readonly TableRow[],
    columnLabel: (key: string) => string,
  ): { errors: DeliveryIssue[]; findings: DeliveryIssue[] };
}

/** `procedures[2].documents[1].name` → [1, 0, 'name'] (from 0), as checkList locates. */
const LIST_PATH = /^procedures(?:\[(\d+)\](?:\.(code|name|documents)(?:\[(\d+)\]\.(name|kind|note|basis))?)?)?$/;

const DIGITIZATION_COLUMN: Record<string, string> = {
  code: 'code',
  name: 'procedureName',
  documents: 'documentName',
};

/**
 * The Article 4 checks (Circular 01/2023/TT-VPCP) on a flat table, one row per document: rows in a
 * run with the same procedure code are one procedure, as in a list file; domain/list-quality.ts
 * judges the list; each of its problems is put back on the row and column it came from.
 */
function checkDigitizationList(rows: readonly TableRow[], columnLabel: (key: string) => string) {
  const procedures: {
    code: string;
    name: string;
    field?: string;
    level?: string;
    documents: Record<string, unknown>[];
  }[] = [];
  const rowOf: number[][] = [];
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  rows.forEach((row, index) => {
    const last = procedures.at(-1);
    if (!last || text(row.code) !== last.code) {
      procedures.push({
        code: text(row.code),
        name: text(row.procedureName),
        field: text(row.field) || undefined,
        level: text(row.level) || undefined,
        documents: [],
      });
      rowOf.push([]);
    }
    procedures.at(-1)!.documents.push({
      name: text(row.documentName),
      kind: row.kind,
      basis: text(row.basis) || undefined,
      note: text(row.note) || undefined,
    });
    rowOf.at(-1)!.push(index + 1);
  });
  const locate = (issue: ListIssue): DeliveryIssue => {
    const match = LIST_PATH.exec(issue.path);
    const p = match?.[1] === undefined ? undefined : Number(match[1]) - 1;
    const d = match?.[3] === undefined ? undefined : Number(match[3]) - 1;
    const row = p === undefined ? undefined : rowOf[p]?.[d ?? 0];
    const column = match?.[4]
      ? match[4] === 'name'
        ? 'documentName'
        : match[4]
      : match?.[2]
        ? DIGITIZATION_COLUMN[match[2]]
        : undefined;
    const where = row === undefined ? 'Bảng' : `Dòng ${row}${column ? `, cột "${columnLabel(column)}"` : ''}`;
    return {
      at: { row, column },
      path: row === undefined ? 'rows' : `rows[${row}]${column ? `.${column}` : ''}`,
      message: `${where}: ${issue.message}`,
      code: issue.code,
    };
  };
  const result = checkList({ procedures });
  return { errors: result.errors.map(locate), findings: result.findings.map(locate) };
}

export const RULE_SETS: Record<string, RuleSet> = {
  'digitization-list': {
    title:
      'Danh sách giấy tờ cần số hóa theo Điều 4 Thông tư 01/2023/TT-VPCP (mã TTHC, trùng lặp, loại giấy tờ cần loại trừ)',
    requires: {
      code: { type: 'text' },
      procedureName: { type: 'text' },
      documentName: { type: 'text' },
      kind: { type: 'choice', options: DOCUMENT_KINDS },
    },
    // 1.002421 and 1.002421.000.00.00.H48 are one procedure; names compare folded.
    judgesRowKey: true,
    check: checkDigitizationList,
  },
};

export const RULE_SET_NAMES = Object.keys(RULE_SETS);
