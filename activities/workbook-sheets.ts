import type ExcelJS from 'exceljs';

// The sheets of a consolidation workbook: the campaign's title and a line saying what the sheet
// holds, a header row frozen and filtered, then typed rows. A sheet that reaches Excel's row limit
// goes on in a sheet of its own with the same header ("… (2)"), so no row is ever dropped.

export const EXCEL_LIMITS = { rows: 1_048_576, columns: 16_384 } as const;

/** Rows above the header row: the campaign's title and what the sheet holds. */
const TITLE_ROWS = 2;
const FONT = 'Times New Roman';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };

/** A cell: a number, a date (UTC midnight) or text; undefined leaves it empty. */
export type Cell = string | number | Date | undefined;
export interface Column {
  header: string;
  width: number;
  numFmt?: string;
}

export function boldRow(row: ExcelJS.Row): void {
  row.font = { name: FONT, bold: true };
}

/** A sheet with the title rows and the widths of its columns; with `header`, the header row frozen and filtered. */
export function openSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  title: string,
  subtitle: string,
  columns: Column[],
  { header = true, frozenColumns = 0 }: { header?: boolean; frozenColumns?: number } = {},
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name);
  columns.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width));
  sheet.addRow([title]).getCell(1).font = { name: FONT, bold: true, size: 14 };
  sheet.addRow([subtitle]).getCell(1).font = { name: FONT, italic: true };
  if (columns.length > 1) {
    sheet.mergeCells(1, 1, 1, columns.length);
    sheet.mergeCells(2, 1, 2, columns.length);
  }
  if (!header) return sheet;
  addHeaderRow(sheet, columns);
  sheet.views = [{ state: 'frozen', ySplit: TITLE_ROWS + 1, xSplit: frozenColumns }];
  sheet.autoFilter = { from: { row: TITLE_ROWS + 1, column: 1 }, to: { row: TITLE_ROWS + 1, column: columns.length } };
  return sheet;
}

export function addHeaderRow(sheet: ExcelJS.Worksheet, columns: Column[]): ExcelJS.Row {
  const row = sheet.addRow(columns.map((c) => c.header));
  row.eachCell((cell) => {
    cell.font = { name: FONT, bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  return row;
}

/** One row of typed cells; a number or date takes its column's format. Text is only ever a text cell. */
export function addDataRow(sheet: ExcelJS.Worksheet, columns: Column[], cells: Cell[]): ExcelJS.Row {
  const row = sheet.addRow(cells.map((c) => c ?? null));
  columns.forEach((column, i) => {
    if (column.numFmt && cells[i] !== undefined) row.getCell(i + 1).numFmt = column.numFmt;
  });
  return row;
}

/** A table of rows under one header that goes on in "<name> (2)", "(3)" … when a sheet is full. */
export class DataSheets {
  private sheet: ExcelJS.Worksheet;
  private part = 1;

  constructor(
    private readonly workbook: ExcelJS.Workbook,
    private readonly name: string,
    private readonly title: string,
    private readonly subtitle: string,
    private readonly columns: Column[],
    private readonly options: { frozenColumns?: number; rowsPerSheet?: number } = {},
  ) {
    this.sheet = openSheet(workbook, name, title, subtitle, columns, options);
  }

  add(cells: Cell[]): void {
    if (this.sheet.rowCount >= (this.options.rowsPerSheet ?? EXCEL_LIMITS.rows)) {
      this.part += 1;
      this.sheet = openSheet(
        this.workbook,
        `${this.name} (${this.part})`,
        this.title,
        `${this.subtitle} Tiếp theo trang tính "${this.part === 2 ? this.name : `${this.name} (${this.part - 1})`}".`,
        this.columns,
        this.options,
      );
    }
    addDataRow(this.sheet, this.columns, cells);
  }
}
