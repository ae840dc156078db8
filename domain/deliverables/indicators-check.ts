import type { IndicatorsField } from './form';
import type { DeliveryLocation } from './issues';
import { compileValue } from './value-check';
import { vietnameseNumber } from './values';

// An indicator table checked cell by cell (each cell typed by its column, bounded by its indicator),
// then, once every cell reads, by the table's cross-checks: a total equal to the sum of its parts, a
// value not above another.

export type IndicatorValues = Record<string, Record<string, number>>;
type Add = (at: DeliveryLocation, path: string, message: string) => void;

/** Where a problem of one table sits, and how it is named to the person filling it in. */
class IndicatorPlaces {
  readonly byCode: Map<string, IndicatorsField['indicators'][number]>;
  private readonly columnNames: Map<string, string>;

  constructor(
    private readonly field: IndicatorsField,
    private readonly where: string,
    private readonly section: string,
  ) {
    this.byCode = new Map(field.indicators.map((i) => [i.code, i]));
    this.columnNames = new Map(field.columns.map((c) => [c.key, c.label]));
  }

  name(code: string): string {
    return `chỉ tiêu ${code} "${this.byCode.get(code)?.label ?? code}"`;
  }

  columnName(column: string): string {
    return `cột "${this.columnNames.get(column)}"`;
  }

  /** Reports a problem of one cell, named by its section, table, indicator and column. */
  cell(add: Add, indicator: string, column: string, problem: string): void {
    add(
      { section: this.section, field: this.field.key, indicator, column },
      `fields.${this.field.key}.${indicator}.${column}`,
      `${this.where}, ${this.name(indicator)}, ${this.columnName(column)}: ${problem}`,
    );
  }

  /** Reports a problem of the table as a whole, or of one of its rows. */
  table(add: Add, problem: string, indicator?: string): void {
    add(
      { section: this.section, field: this.field.key, ...(indicator !== undefined && { indicator }) },
      `fields.${this.field.key}${indicator !== undefined ? `.${indicator}` : ''}`,
      `${this.where}: ${problem}`,
    );
  }
}

const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const number = (n: number) => vietnameseNumber(n);

/** Compiles an indicator table's check: its values by indicator and column, or undefined when refused. */
export function compileIndicators(
  field: IndicatorsField,
  where: string,
  section: string,
): (raw: unknown, add: Add) => IndicatorValues | undefined {
  const places = new IndicatorPlaces(field, where, section);
  const cells = field.indicators.map((indicator) => ({
    indicator,
    columns: field.columns.map((column) => ({
      column,
      check: compileValue(
        { ...column, unit: column.unit ?? indicator.unit, required: field.required },
        { min: indicator.min, max: indicator.max },
      ),
    })),
  }));

  return (raw, add) => {
    const table = raw === undefined || raw === null ? {} : raw;
    if (typeof table !== 'object' || Array.isArray(table)) {
      places.table(add, 'không đọc được bảng chỉ tiêu. Cách sửa: điền số vào từng ô của bảng.');
      return undefined;
    }
    const rows = table as Record<string, unknown>;
    for (const code of Object.keys(rows))
      if (!places.byCode.has(code))
        places.table(
          add,
          `không có chỉ tiêu "${code.slice(0, 40)}" trong mẫu. Cách sửa: bỏ dòng này; chỉ điền các chỉ tiêu của mẫu.`,
          code,
        );
    const values: IndicatorValues = {};
    let typed = true;
    for (const { indicator, columns } of cells) {
      const row = rows[indicator.code];
      const given =
        row !== null && typeof row === 'object' && !Array.isArray(row) ? (row as Record<string, unknown>) : {};
      values[indicator.code] = {};
      for (const { column, check } of columns) {
        const result = check(given[column.key]);
        if (!result.ok) {
          typed = false;
          places.cell(add, indicator.code, column.key, result.message);
        } else if (typeof result.value === 'number') values[indicator.code]![column.key] = result.value;
      }
    }
    if (!typed) return undefined;
    checkCrossRules(field, values, places, add);
    return values;
  };
}

/** The table's cross-checks, in their declared order, on values that all read. */
function checkCrossRules(field: IndicatorsField, values: IndicatorValues, places: IndicatorPlaces, add: Add): void {
  const cell = (code: string, column: string) => values[code]?.[column];
  for (const check of field.checks) {
    if (check.rule === 'sum') {
      for (const column of field.columns) {
        const total = cell(check.total, column.key);
        const parts = check.parts.map((code) => cell(code, column.key));
        if (total === undefined || parts.some((p) => p === undefined)) continue;
        const sum = (parts as number[]).reduce((a, b) => a + b, 0);
        if (!same(total, sum))
          places.cell(
            add,
            check.total,
            column.key,
            `${number(total)} phải bằng tổng ${check.parts.join(' + ')} = ${number(sum)}. Cách sửa: kiểm tra lại ${check.total} và các chỉ tiêu ${check.parts.join(', ')} ở cột này cho khớp.`,
          );
      }
      continue;
    }
    const byIndicators = places.byCode.has(check.value);
    const pairs = byIndicators
      ? field.columns.map((c) => [check.value, c.key, check.limit, c.key] as const)
      : field.indicators.map((i) => [i.code, check.value, i.code, check.limit] as const);
    for (const [code, column, limitCode, limitColumn] of pairs) {
      const value = cell(code, column);
      const limit = cell(limitCode, limitColumn);
      if (value === undefined || limit === undefined || value <= limit) continue;
      const other = byIndicators ? places.name(limitCode) : places.columnName(limitColumn);
      places.cell(
        add,
        code,
        column,
        `${number(value)} lớn hơn ${other} (${number(limit)}), không được lớn hơn. Cách sửa: kiểm tra lại hai số này.`,
      );
    }
  }
}
