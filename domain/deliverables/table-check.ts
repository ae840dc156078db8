import { normalizeName } from '../list-fields';
import { IssueCollector } from './collector';
import type { DeliveryCheck } from './issues';
import { RULE_SETS, type TableRow } from './rule-sets';
import type { TableDeclaration } from './table';
import { compileValue, isEmpty, type ValueCheck } from './value-check';
import { vietnameseNumber } from './values';

// A table delivery (`{ rows: [ { <column key>: value, … }, … ] }`) checked against its declaration:
// each cell by its column, each row key once, then the named rule sets on rows that are well typed.

export interface TableDelivery {
  rows: TableRow[];
}

type ColumnChecks = { column: TableDeclaration['columns'][number]; check: ValueCheck }[];

/** Each row key once: a later row with the same key (names compared as normalized) is refused. */
class RowKeys {
  private readonly firstRowOf = new Map<string, number>();
  private readonly labels: string;

  constructor(
    private readonly rowKey: readonly string[],
    columnLabel: (key: string) => string,
  ) {
    this.labels = rowKey.map(columnLabel).join(', ');
  }

  check(row: number, clean: TableRow, errors: IssueCollector): void {
    const key = JSON.stringify(
      this.rowKey.map((k) => (typeof clean[k] === 'string' ? normalizeName(clean[k]) : clean[k])),
    );
    const first = this.firstRowOf.get(key);
    if (first === undefined) {
      this.firstRowOf.set(key, row);
      return;
    }
    errors.add({
      at: { row, column: this.rowKey[0] },
      path: `rows[${row}].${this.rowKey[0]}`,
      message: `Dòng ${row}: trùng với dòng ${first} (cùng ${this.labels}). Cách sửa: mỗi dòng một ${this.labels} riêng; gộp hoặc bỏ dòng trùng.`,
    });
  }
}

/** Why the rows as a whole cannot be read (none, or more than the declaration allows), if they cannot. */
function rowsProblem(declaration: TableDeclaration, rawRows: unknown): string | undefined {
  if (!Array.isArray(rawRows) || rawRows.length === 0)
    return `Bảng chưa có dòng nào. Cách sửa: điền ít nhất một dòng với các cột ${declaration.columns.map((c) => `"${c.label}"`).join(', ')}.`;
  if (rawRows.length > declaration.maxRows)
    return `Bảng có ${vietnameseNumber(rawRows.length)} dòng, tối đa ${vietnameseNumber(declaration.maxRows)}. Cách sửa: bỏ các dòng trùng hoặc thừa.`;
  return undefined;
}

/** One row's cells by their columns: the typed row, or undefined when a cell is refused (each one reported). */
function readRow(raw: unknown, row: number, columns: ColumnChecks, errors: IssueCollector): TableRow | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    errors.add({
      at: { row },
      path: `rows[${row}]`,
      message: `Dòng ${row}: không đọc được dòng này. Cách sửa: điền các ô theo đúng các cột của mẫu.`,
    });
    return undefined;
  }
  const cells = raw as Record<string, unknown>;
  const clean: TableRow = {};
  let typed = true;
  const known = new Set(columns.map(({ column }) => column.key));
  for (const key of Object.keys(cells)) {
    if (!known.has(key) && !isEmpty(cells[key])) {
      typed = false;
      errors.add({
        at: { row, column: key },
        path: `rows[${row}].${key}`,
        message: `Dòng ${row}: có cột "${key.slice(0, 64)}" không thuộc mẫu. Cách sửa: bỏ cột này, hoặc chuyển nội dung sang cột đúng.`,
      });
    }
  }
  for (const { column, check } of columns) {
    const result = check(cells[column.key]);
    if (result.ok) {
      if (result.value !== undefined) clean[column.key] = result.value;
    } else {
      typed = false;
      errors.add({
        at: { row, column: column.key },
        path: `rows[${row}].${column.key}`,
        message: `Dòng ${row}, cột "${column.label}": ${result.message}`,
      });
    }
  }
  return typed ? clean : undefined;
}

export function compileTable(declaration: TableDeclaration): (delivery: unknown) => DeliveryCheck<TableDelivery> {
  const columns: ColumnChecks = declaration.columns.map((column) => ({
    column,
    check: compileValue(column) as ValueCheck,
  }));
  const labelOf = new Map(declaration.columns.map((c) => [c.key, c.label]));
  const columnLabel = (key: string) => labelOf.get(key) ?? key;
  const ruleSets = declaration.rules.map((name) => RULE_SETS[name]!);
  // A rule set that judges the row key itself (the Article 4 list's) says more than "twice the same".
  const keyed = !ruleSets.some((rule) => rule.judgesRowKey);

  return (delivery) => {
    const errors = new IssueCollector();
    const rawRows: unknown = (delivery as { rows?: unknown } | null)?.rows;
    const problem = rowsProblem(declaration, rawRows);
    if (problem) {
      errors.add({ at: {}, path: 'rows', message: problem });
      return { ok: false, errors: errors.issues(), findings: [] };
    }
    const rows: TableRow[] = [];
    const rowKeys = new RowKeys(declaration.rowKey, columnLabel);
    (rawRows as unknown[]).forEach((raw, index) => {
      const clean = readRow(raw, index + 1, columns, errors);
      if (clean === undefined) return;
      if (keyed) rowKeys.check(index + 1, clean, errors);
      rows.push(clean);
    });
    if (!errors.empty) return { ok: false, errors: errors.issues(), findings: [] };
    const findings: DeliveryCheck<TableDelivery>['findings'] = [];
    for (const ruleSet of ruleSets) {
      const result = ruleSet.check(rows, columnLabel);
      result.errors.forEach((issue) => errors.add(issue));
      findings.push(...result.findings);
    }
    if (!errors.empty) return { ok: false, errors: errors.issues(), findings };
    return { ok: true, errors: [], findings, value: { rows } };
  };
}
