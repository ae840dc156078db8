import fs from 'node:fs';
import { deliveredFileKey } from './delivered-files-export';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Delivery } from '../domain/deliverables/checker';
import type { DeliverableDeclaration } from '../domain/deliverables/declaration';
import {
  agencyKindLabel,
  inAgencyOrder,
  type AgencyDelivery,
  type AgencyLatest,
  type DeliveringAgency,
} from '../domain/deliverables/delivering-agency';
import type { ValueColumn } from '../domain/deliverables/fields';
import { FILE_TYPES } from '../domain/deliverables/file-types';
import type { FileRef, FormDelivery } from '../domain/deliverables/form-check';
import type { FormDeclaration } from '../domain/deliverables/form';
import { formParts } from '../domain/deliverables/form-parts';
import { indicatorTotals, type IndicatorTableTotals } from '../domain/deliverables/indicator-totals';
import { missingParts } from '../domain/deliverables/missing-parts';
import type { TableDelivery } from '../domain/deliverables/table-check';
import type { TableDeclaration } from '../domain/deliverables/table';
import { dayNumber } from '../domain/deliverables/values';
import { formatDate } from '../domain/time';
import {
  addDataRow,
  addHeaderRow,
  boldRow,
  DataSheets,
  EXCEL_LIMITS,
  openSheet,
  type Cell,
  type Column,
} from './workbook-sheets';

// The consolidation of a declared deliverable as a workbook for the people who consolidate: a table's
// accepted rows with their agency; a form's deliveries one row per agency, the indicator totals by
// kind of agency and in all, and an index of the attached files; then who has not delivered which
// part. Every sheet opens with the campaign's title, its header row frozen and filtered; numbers are
// number cells, dates date cells shown dd/mm/yyyy, and text from agencies is only ever a text cell.

export interface ConsolidationHeading {
  /** The directive's number, e.g. "01/VP-KSTT". */
  directive: string;
  /** The campaign as people know it: the directive's subject. */
  title: string;
  /** When it was consolidated (an ISO instant), shown dd/mm/yyyy in Asia/Ho_Chi_Minh. */
  at: string;
}

export interface ConsolidationWorkbookInput {
  heading: ConsolidationHeading;
  declaration: DeliverableDeclaration;
  /** The accepted deliveries, one per agency. */
  accepted: readonly AgencyDelivery<Delivery>[];
  /** Every agency of the campaign with its latest delivery, or none: who has not delivered what. */
  latest: readonly AgencyLatest<Delivery>[];
  /** Rows a sheet holds before it goes on in the next; Excel's limit when absent. */
  rowsPerSheet?: number;
  /** Where each accepted file was put in the round's folder (deliveredFileKey → path); absent: not copied. */
  exportedFiles?: ReadonlyMap<string, string | undefined>;
}

export const CONSOLIDATION_SHEETS = {
  rows: 'Danh sách tổng hợp',
  deliveries: 'Bài nộp các cơ quan',
  totals: 'Tổng hợp chỉ tiêu',
  files: 'Danh mục tệp',
  missing: 'Chưa nộp đủ',
} as const;
export const CONSOLIDATION_FILE = 'tong-hop-san-pham.xlsx';

const DATE_FORMAT = 'dd/mm/yyyy';
const INTEGER_FORMAT = '#,##0';

const AGENCY_COLUMNS: Column[] = [
  { header: 'Mã cơ quan', width: 18 },
  { header: 'Tên cơ quan', width: 36 },
  { header: 'Loại cơ quan', width: 16 },
];
const agencyCells = (agency: DeliveringAgency): Cell[] => [agency.code, agency.name, agencyKindLabel(agency.kind)];

function numberFormat(column: ValueColumn): string | undefined {
  if (column.type === 'integer') return INTEGER_FORMAT;
  if (column.type === 'date') return DATE_FORMAT;
  if (column.type !== 'number' || column.decimals === undefined) return undefined;
  return column.decimals === 0 ? INTEGER_FORMAT : `#,##0.${'0'.repeat(column.decimals)}`;
}

function valueHeader(column: ValueColumn): Column {
  const unit = 'unit' in column && column.unit ? ` (${column.unit})` : '';
  const wide = column.type === 'long-text' ? 48 : column.type === 'text' ? 28 : 14;
  return { header: `${column.label}${unit}`, width: wide, numFmt: numberFormat(column) };
}

/** A typed value as its cell: a number, a date (UTC midnight, as Excel counts days), or text. */
function valueCell(column: ValueColumn, value: unknown): Cell {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (typeof value === 'number') return value;
  const text = String(value);
  if (column.type === 'date') {
    const day = dayNumber(text);
    if (day !== undefined)
      return new Date(Date.UTC(Math.floor(day / 10_000), (Math.floor(day / 100) % 100) - 1, day % 100));
  }
  if (column.type === 'choice') return column.options.find((o) => o.value === text)?.label ?? text;
  return text;
}

function fileType(type: string): string {
  const name = Object.entries(FILE_TYPES).find(([, media]) => media === type)?.[0];
  return name ? name.toUpperCase() : type;
}

function subtitle(heading: ConsolidationHeading, what: string, count: number, unit: string): string {
  return `Văn bản ${heading.directive}. ${what}: tổng hợp ngày ${formatDate(heading.at)}, ${count.toLocaleString('vi-VN')} ${unit}.`;
}

function rowsSheet(workbook: ExcelJS.Workbook, input: ConsolidationWorkbookInput, declaration: TableDeclaration): void {
  const columns = [...AGENCY_COLUMNS, ...declaration.columns.map(valueHeader)];
  const accepted = inAgencyOrder(input.accepted);
  const count = accepted.reduce((n, a) => n + ((a.delivery as TableDelivery).rows?.length ?? 0), 0);
  const sheets = new DataSheets(
    workbook,
    CONSOLIDATION_SHEETS.rows,
    input.heading.title,
    subtitle(input.heading, declaration.title, count, `dòng của ${accepted.length.toLocaleString('vi-VN')} cơ quan`),
    columns,
    { frozenColumns: AGENCY_COLUMNS.length, rowsPerSheet: input.rowsPerSheet },
  );
  for (const { agency, delivery } of accepted)
    for (const row of (delivery as TableDelivery).rows ?? [])
      sheets.add([...agencyCells(agency), ...declaration.columns.map((c) => valueCell(c, row[c.key]))]);
}

function deliveriesSheet(
  workbook: ExcelJS.Workbook,
  input: ConsolidationWorkbookInput,
  declaration: FormDeclaration,
): void {
  const parts = formParts(declaration);
  const tables = parts.filter((p) => p.type === 'indicators').length;
  const columns: Column[] = [...AGENCY_COLUMNS];
  const cellsOf: ((delivery: FormDelivery) => Cell)[] = [];
  for (const part of parts) {
    const key = part.field.key;
    if (part.type === 'value') {
      const field = part.field as ValueColumn;
      columns.push(valueHeader(field));
      cellsOf.push((d) => valueCell(field, d.fields[key]));
    } else if (part.type === 'file') {
      columns.push({ header: part.field.label, width: 28 });
      cellsOf.push((d) => {
        const files = d.fields[key];
        return Array.isArray(files) && files.length > 0 ? files.map((f) => f.name).join('; ') : undefined;
      });
    } else {
      const prefix = tables > 1 ? `${part.field.label}: ` : '';
      for (const indicator of part.field.indicators)
        for (const column of part.field.columns) {
          columns.push({
            header: `${prefix}${indicator.code} ${indicator.label} — ${column.label}`,
            width: 16,
            numFmt: numberFormat(column as ValueColumn),
          });
          cellsOf.push((d) => {
            const value = (d.fields[key] as Record<string, Record<string, number>> | undefined)?.[indicator.code]?.[
              column.key
            ];
            return typeof value === 'number' ? value : undefined;
          });
        }
    }
  }
  // A form of very many indicator cells can outgrow Excel's columns: the totals sheet still has them all.
  const cut = Math.max(0, columns.length - EXCEL_LIMITS.columns);
  if (cut > 0) {
    columns.length = EXCEL_LIMITS.columns;
    cellsOf.length = EXCEL_LIMITS.columns - AGENCY_COLUMNS.length;
  }
  const accepted = inAgencyOrder(input.accepted);
  const sheets = new DataSheets(
    workbook,
    CONSOLIDATION_SHEETS.deliveries,
    input.heading.title,
    subtitle(input.heading, declaration.title, accepted.length, 'cơ quan đã được chấp nhận') +
      (cut > 0
        ? ` ${cut.toLocaleString('vi-VN')} cột cuối không ghi được (Excel có tối đa ${EXCEL_LIMITS.columns.toLocaleString('vi-VN')} cột); số liệu chỉ tiêu xem trang "${CONSOLIDATION_SHEETS.totals}".`
        : ''),
    columns,
    { frozenColumns: AGENCY_COLUMNS.length, rowsPerSheet: input.rowsPerSheet },
  );
  for (const { agency, delivery } of accepted) {
    const form = { fields: (delivery as FormDelivery).fields ?? {} };
    sheets.add([...agencyCells(agency), ...cellsOf.map((cell) => cell(form))]);
  }
}

/** The columns of one indicator table's totals: per declared column, the aggregate and how many agencies gave it. */
function totalsColumns(table: IndicatorTableTotals): Column[] {
  return [
    { header: 'Mã chỉ tiêu', width: 12 },
    { header: 'Chỉ tiêu', width: 40 },
    { header: 'Đơn vị', width: 10 },
    { header: 'Loại cơ quan', width: 18 },
    ...table.columns.flatMap((c) => [
      {
        header: `${c.label} (${table.aggregateLabel.toLocaleLowerCase('vi')})`,
        width: 16,
        numFmt: c.type === 'integer' && table.aggregate !== 'average' ? INTEGER_FORMAT : undefined,
      },
      { header: `Số cơ quan có số liệu (${c.label})`, width: 14, numFmt: INTEGER_FORMAT },
    ]),
  ];
}

function totalsSheet(
  workbook: ExcelJS.Workbook,
  input: ConsolidationWorkbookInput,
  declaration: FormDeclaration,
): void {
  const tables = indicatorTotals(declaration, input.accepted as AgencyDelivery<FormDelivery>[]);
  if (tables.length === 0) return;
  const sheet = openSheet(
    workbook,
    CONSOLIDATION_SHEETS.totals,
    input.heading.title,
    subtitle(input.heading, 'Tổng hợp chỉ tiêu', input.accepted.length, 'cơ quan đã được chấp nhận'),
    totalsColumns(tables[0]!),
    { header: false },
  );
  tables.forEach((table, t) => {
    const columns = totalsColumns(table);
    if (t > 0) sheet.addRow([]);
    const banner = sheet.addRow([`${table.label} (${table.aggregateLabel.toLocaleLowerCase('vi')} của các cơ quan)`]);
    boldRow(banner);
    const header = addHeaderRow(sheet, columns);
    if (t === 0) sheet.views = [{ state: 'frozen', ySplit: header.number }];
    if (tables.length === 1)
      sheet.autoFilter = {
        from: { row: header.number, column: 1 },
        to: { row: header.number, column: columns.length },
      };
    for (const indicator of table.indicators)
      for (const group of table.groups) {
        const cells: Cell[] = [indicator.code, indicator.label, indicator.unit, group.label];
        for (const column of table.columns) {
          const total = group.cells[indicator.code]![column.key]!;
          cells.push(total.value, total.agencies);
        }
        const row = addDataRow(sheet, columns, cells);
        if (group.kind === 'all') boldRow(row);
      }
  });
}

function filesSheet(workbook: ExcelJS.Workbook, input: ConsolidationWorkbookInput, declaration: FormDeclaration): void {
  const fileParts = formParts(declaration).filter((p) => p.type === 'file');
  if (fileParts.length === 0) return;
  const columns: Column[] = [
    ...AGENCY_COLUMNS,
    { header: 'Mục', width: 24 },
    { header: 'Trường', width: 32 },
    { header: 'Tên tệp', width: 32 },
    { header: 'Loại tệp', width: 10 },
    { header: 'Dung lượng (byte)', width: 14, numFmt: INTEGER_FORMAT },
    { header: 'SHA-256', width: 66 },
    ...(input.exportedFiles ? [{ header: 'Tệp trong thư mục tổng hợp', width: 60 }] : []),
  ];
  const accepted = inAgencyOrder(input.accepted);
  const rows: Cell[][] = [];
  for (const { agency, delivery } of accepted)
    for (const part of fileParts) {
      const files = (delivery as FormDelivery).fields?.[part.field.key];
      (Array.isArray(files) ? (files as FileRef[]) : []).forEach((file, i) => {
        const exported = input.exportedFiles?.get(deliveredFileKey(agency.code, part.field.key, i + 1));
        rows.push([
          ...agencyCells(agency),
          part.sectionTitle,
          part.field.label,
          file.name,
          fileType(file.type),
          file.size,
          file.sha256,
          ...(input.exportedFiles ? [exported ?? 'Không có trong kho tệp của dondoc'] : []),
        ]);
      });
    }
  const sheets = new DataSheets(
    workbook,
    CONSOLIDATION_SHEETS.files,
    input.heading.title,
    subtitle(input.heading, 'Danh mục tệp đính kèm', rows.length, 'tệp'),
    columns,
    { rowsPerSheet: input.rowsPerSheet },
  );
  for (const row of rows) sheets.add(row);
}

function missingSheet(workbook: ExcelJS.Workbook, input: ConsolidationWorkbookInput): void {
  const summary = missingParts(input.declaration, input.latest);
  const columns: Column[] = [
    ...AGENCY_COLUMNS,
    { header: 'Tình trạng', width: 14 },
    { header: 'Phần còn thiếu', width: 90 },
  ];
  const sheets = new DataSheets(
    workbook,
    CONSOLIDATION_SHEETS.missing,
    input.heading.title,
    subtitle(
      input.heading,
      'Cơ quan chưa nộp hoặc nộp chưa đủ',
      summary.agencies.length,
      `cơ quan (${summary.nothing.toLocaleString('vi-VN')} chưa nộp, ${summary.complete.toLocaleString('vi-VN')} đã nộp đủ)`,
    ),
    columns,
    { rowsPerSheet: input.rowsPerSheet },
  );
  for (const { agency, nothing, parts, more } of summary.agencies) {
    const state = nothing ? 'Chưa nộp' : 'Nộp chưa đủ';
    for (const part of parts) sheets.add([...agencyCells(agency), state, part.label]);
    if (more > 0) sheets.add([...agencyCells(agency), state, `… và ${more.toLocaleString('vi-VN')} phần khác`]);
  }
}

/** The consolidation workbook of a declared deliverable. */
export function consolidationWorkbook(input: ConsolidationWorkbookInput): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dondoc';
  const { declaration } = input;
  if (declaration.kind === 'table') rowsSheet(workbook, input, declaration);
  else {
    deliveriesSheet(workbook, input, declaration);
    totalsSheet(workbook, input, declaration);
    filesSheet(workbook, input, declaration);
  }
  missingSheet(workbook, input);
  return workbook;
}

/** Writes the workbook as <dir>/tong-hop-san-pham.xlsx. */
export async function exportConsolidation(dir: string, input: ConsolidationWorkbookInput): Promise<{ xlsx: string }> {
  fs.mkdirSync(dir, { recursive: true });
  const xlsx = path.join(dir, CONSOLIDATION_FILE);
  await consolidationWorkbook(input).xlsx.writeFile(xlsx);
  return { xlsx };
}
