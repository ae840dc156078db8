import { normalizeName } from '../list-fields';
import { IssueCollector } from './collector';
import type { DeliveryCheck } from './issues';
import { RULE_SETS, type TableRow } from './rule-sets';
import type { TableDeclaration } from './table';
import { compileValue, isEmpty, type ValueCheck } from './value-check';

// A table delivery (`{ rows: [ { <column key>: value, … }, … ] }`) checked against its declaration:
// each cell by its column, each row key once, then the named rule sets on rows that are well typed.

export interface TableDelivery {
  rows: TableRow[];
}

export function compileTable(declaration: TableDeclaration): (delivery: unknown) => DeliveryCheck<TableDelivery> {
  const columns = declaration.columns.map((column) => ({ column, check: compileValue(column) as ValueCheck }));
  const known = new Set(declaration.columns.map((c) => c.key));
  const labelOf = new Map(declaration.columns.map((c) => [c.key, c.label]));
  const columnLabel = (key: string) => labelOf.get(key) ?? key;
  const ruleSets = declaration.rules.map((name) => RULE_SETS[name]!);
  const keyed = !ruleSets.some((rule) => rule.judgesRowKey);
  const keyLabels = declaration.rowKey.map(columnLabel).join(', ');

  return (delivery) => {
    const errors = new IssueCollector();
    const rawRows: unknown = (delivery as { rows?: unknown } | null)?.rows;
    if (!Array.isArray(rawRows) || rawRows.length === 0) {
      errors.add({
        at: {},
        path: 'rows',
        message: `Bảng chưa có dòng nào. Cách sửa: điền ít nhất một dòng với các cột ${declaration.columns.map((c) => `"${c.label}"`).join(', ')}.`,
      });
      return { ok: false, errors: errors.issues(), findings: [] };
    }
    if (rawRows.length > declaration.maxRows) {
      errors.add({
        at: {},
        path: 'rows',
        message: `Bảng có ${rawRows.length.toLocaleString('vi-VN')} dòng, tối đa ${declaration.maxRows.toLocaleString('vi-VN')}. Cách sửa: bỏ các dòng trùng hoặc thừa.`,
      });
      return { ok: false, errors: errors.issues(), findings: [] };
    }
    const rows: TableRow[] = [];
    const firstRowOfKey = new Map<string, number>();
    rawRows.forEach((raw, index) => {
      const row = index + 1;
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        errors.add({
          at: { row },
          path: `rows[${row}]`,
          message: `Dòng ${row}: không đọc được dòng này. Cách sửa: điền các ô theo đúng các cột của mẫu.`,
        });
        return;
      }
      const cells = raw as Record<string, unknown>;
      const clean: TableRow = {};
      let typed = true;
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
      if (typed && keyed) {
        const key = JSON.stringify(
          declaration.rowKey.map((k) => (typeof clean[k] === 'string' ? normalizeName(clean[k]) : clean[k])),
        );
        const first = firstRowOfKey.get(key);
        if (first !== undefined)
          errors.add({
            at: { row, column: declaration.rowKey[0] },
            path: `rows[${row}].${declaration.rowKey[0]}`,
            message: `Dòng ${row}: trùng với dòng ${first} (cùng ${keyLabels}). Cách sửa: mỗi dòng một ${keyLabels} riêng; gộp hoặc bỏ dòng trùng.`,
          });
        else firstRowOfKey.set(key, row);
      }
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
