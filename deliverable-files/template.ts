import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { addFillInSheet, styleHeaderRow } from '../list-files/sheet-style';
import type { TableDeclaration, TableDelivery } from '../domain/deliverables';
import type { TableRow } from '../domain/deliverables/rule-sets';
import { columnLetter } from '../list-files/layout';
import { GUIDE_SHEET_NAME } from '../list-files/xlsx';
import {
  CHOICES_SHEET,
  NO,
  YES,
  columnFormat,
  columnHeader,
  columnWidth,
  dataSheetName,
  type TableColumn,
} from './columns';
import { addGuideSheet } from './guide';
import { columnValidation } from './validations';

// The .xlsx an agency fills in for a declared table, generated from the declaration: one data sheet
// named from the title (header row frozen, a width, format and Excel check per column), a hidden
// sheet holding the choice lists, and the guide. Given rows, the same workbook carries them (a
// delivery written back out, as the tests and an export do).

/** The hidden sheet the choice columns' lists point at (an inline list cannot hold commas). */
export const CHOICES_SHEET_NAME = CHOICES_SHEET;

/** Fixed, so that the same declaration always gives the same workbook. */
const TEMPLATE_DATE = new Date('2026-01-01T00:00:00Z');

type Validations = { add(range: string, validation: ExcelJS.DataValidation): void };

/** The choice columns' option labels, one column each on the hidden sheet; the range of each. */
function addChoicesSheet(workbook: ExcelJS.Workbook, columns: readonly TableColumn[]): Map<string, string> {
  const ranges = new Map<string, string>();
  const choices = columns.filter((column) => column.type === 'choice');
  if (choices.length === 0) return ranges;
  const sheet = workbook.addWorksheet(CHOICES_SHEET_NAME, { state: 'hidden' });
  choices.forEach((column, index) => {
    const letter = columnLetter(index);
    column.options.forEach((option, row) => (sheet.getCell(`${letter}${row + 1}`).value = option.label));
    ranges.set(column.key, `'${CHOICES_SHEET_NAME}'!$${letter}$1:$${letter}$${column.options.length}`);
  });
  return ranges;
}

/** A cell's value as the spreadsheet holds it: numbers and days as such, choices and yes/no as labels. */
function cellValue(column: TableColumn, value: TableRow[string] | undefined): ExcelJS.CellValue {
  if (value === undefined) return null;
  switch (column.type) {
    case 'date': {
      const [d, m, y] = String(value).split('/').map(Number);
      return new Date(Date.UTC(y!, m! - 1, d!));
    }
    case 'yes-no':
      return value ? YES : NO;
    case 'choice':
      return column.options.find((o) => o.value === value)?.label ?? String(value);
    default:
      return value;
  }
}

function addDataSheet(workbook: ExcelJS.Workbook, declaration: TableDeclaration, rows: readonly TableRow[]): void {
  const sheet = addFillInSheet(workbook, dataSheetName(declaration));
  const choices = addChoicesSheet(workbook, declaration.columns);
  sheet.columns = declaration.columns.map((column) => {
    const numFmt = columnFormat(column);
    return {
      key: column.key,
      header: columnHeader(column),
      width: columnWidth(column),
      style: { ...(numFmt && { numFmt }), alignment: { vertical: 'top', wrapText: column.type === 'long-text' } },
    };
  });
  styleHeaderRow(sheet);
  for (const row of rows)
    sheet.addRow(Object.fromEntries(declaration.columns.map((c) => [c.key, cellValue(c, row[c.key])])));
  const last = declaration.maxRows + 1;
  declaration.columns.forEach((column, index) => {
    const letter = columnLetter(index);
    // exceljs types lack the range form of dataValidations.add; it writes one sqref for the range.
    (sheet as unknown as { dataValidations: Validations }).dataValidations.add(
      `${letter}2:${letter}${last}`,
      columnValidation(column, choices.get(column.key)),
    );
  });
}

/** The workbook of a declared table: data sheet (with `rows`, if any), choice lists, guide. */
export function buildTableWorkbook(declaration: TableDeclaration, rows: readonly TableRow[] = []): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dondoc';
  workbook.lastModifiedBy = 'dondoc';
  workbook.title = declaration.title;
  workbook.created = TEMPLATE_DATE;
  workbook.modified = TEMPLATE_DATE;
  addDataSheet(workbook, declaration, rows);
  addGuideSheet(workbook, declaration, GUIDE_SHEET_NAME);
  return workbook;
}

/** The .xlsx template agencies fill in for a declared table. */
export async function tableTemplate(declaration: TableDeclaration): Promise<Buffer> {
  return Buffer.from(await buildTableWorkbook(declaration).xlsx.writeBuffer());
}

/** A delivery written as the .xlsx the template would become once filled. */
export async function tableXlsx(declaration: TableDeclaration, delivery: TableDelivery): Promise<Buffer> {
  return Buffer.from(await buildTableWorkbook(declaration, delivery.rows).xlsx.writeBuffer());
}

/** A number as Vietnamese spreadsheets write it in a .csv: comma before the decimals, no grouping. */
const csvNumber = (value: number) => String(value).replace('.', ',');

/** The .csv of a declared table (UTF-8 with BOM, so Excel shows Vietnamese): header, then `rows`. */
export function tableCsv(declaration: TableDeclaration, delivery: TableDelivery = { rows: [] }): string {
  const lines = delivery.rows.map((row) =>
    declaration.columns.map((column) => {
      const value = cellValue(column, row[column.key]);
      if (value === null) return '';
      if (value instanceof Date) return String(row[column.key]);
      return typeof value === 'number' ? csvNumber(value) : String(value);
    }),
  );
  return stringify([declaration.columns.map(columnHeader), ...lines], { bom: true, record_delimiter: 'windows' });
}
