import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { AgencyList } from '../domain/agency-list';
import { DOCUMENT_KIND_LABELS } from '../domain/agency-list';
import { annexGroups, mergeLists, type AnnexGroup, type AnnexLine, type CatalogueRow } from '../domain/catalogue';
import { formatDate } from '../domain/time';
import { spreadsheetText } from '../domain/spreadsheet-text';
import { splitForPrint, wrappedLines } from '../domain/print-wrap';

// The consolidated catalogue as files for people: the .xlsx is the decision's annex laid out to print
// (Decree 30/2020/NĐ-CP: national header, "Phụ lục", the line tying it to the decision, page
// numbers), and the .csv the same lines for machines (UTF-8 with BOM so Excel shows Vietnamese right).

export interface CatalogueHeading {
  campaignId: string;
  directive: string;
  at: string;
  /** After approval: the decision this catalogue is the annex of. */
  decision?: { number: string; date: Date | string };
  /** The consolidation round (domain/rounds.ts); a round past the first supplements the first decision. */
  round?: number;
  /** For a supplementary round: the first decision it supplements. */
  firstDecision?: { number: string; date: Date | string };
}

export type AcceptedList = { agencyCode: string; list: AgencyList };

/** The annex's columns: every field an agency fills in for a paper, and the width each prints at. */
const ANNEX_COLUMNS: { header: string; width: number; value: (line: AnnexLine) => string }[] = [
  { header: 'Mã TTHC', width: 13, value: (l) => l.procedureCode },
  { header: 'Tên thủ tục hành chính', width: 32, value: (l) => l.procedureName },
  { header: 'Lĩnh vực', width: 16, value: (l) => l.field ?? '' },
  { header: 'Cơ quan/cấp thực hiện', width: 16, value: (l) => l.level ?? '' },
  { header: 'Tên giấy tờ, tài liệu cần số hóa', width: 32, value: (l) => l.documentName },
  { header: 'Loại', width: 14, value: (l) => DOCUMENT_KIND_LABELS[l.kind] ?? l.kind },
  { header: 'Căn cứ', width: 28, value: (l) => l.basis ?? '' },
  { header: 'Ghi chú', width: 22, value: (l) => l.note ?? '' },
];
const NUMBER_WIDTH = 6;
export const ANNEX_SHEET = 'Phụ lục';
export const SUMMARY_SHEET = 'Tổng hợp theo giấy tờ';
export const ANNEX_TITLE = 'DANH MỤC GIẤY TỜ, TÀI LIỆU CẦN SỐ HÓA CỦA TỪNG THỦ TỤC HÀNH CHÍNH';
const FONT = 'Times New Roman';

const CSV_HEADERS = ['STT', 'Mã cơ quan', 'Cơ quan đề xuất', ...ANNEX_COLUMNS.map((c) => c.header)];

/** The line under the title: the decision once approved, else what this draft is. */
export function annexSubtitle(heading: CatalogueHeading): string {
  const supplement = (heading.round ?? 1) > 1;
  const supplements = heading.firstDecision
    ? `, bổ sung Quyết định số ${heading.firstDecision.number} ngày ${formatDate(heading.firstDecision.date)}`
    : '';
  return heading.decision
    ? `(Ban hành kèm theo Quyết định số ${heading.decision.number} ngày ${formatDate(heading.decision.date)} của Chủ tịch UBND tỉnh${supplement ? supplements : ''})`
    : `(Dự thảo tổng hợp${supplement ? ` bổ sung lần ${heading.round}` : ''} ngày ${formatDate(heading.at)} thực hiện Công văn ${heading.directive}${supplement ? supplements : ''}, chưa phê duyệt)`;
}

export async function exportCatalogue(
  dir: string,
  heading: CatalogueHeading,
  lists: AcceptedList[],
  agencyNames: Map<string, string>,
): Promise<{ xlsx: string; csv: string }> {
  fs.mkdirSync(dir, { recursive: true });
  const csv = path.join(dir, 'danh-muc-tong-hop.csv');
  const xlsx = path.join(dir, 'danh-muc-tong-hop.xlsx');
  const records: string[][] = [];
  for (const group of annexGroups(lists, agencyNames))
    for (const line of group.lines)
      records.push([
        String(records.length + 1),
        spreadsheetText(group.agencyCode),
        spreadsheetText(group.agencyName),
        ...ANNEX_COLUMNS.map((c) => spreadsheetText(c.value(line))),
      ]);
  fs.writeFileSync(csv, '\uFEFF' + stringify([CSV_HEADERS, ...records]));
  await catalogueWorkbook(heading, lists, agencyNames).xlsx.writeFile(xlsx);
  return { xlsx, csv };
}

const BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

const DATA_STYLE: Partial<ExcelJS.Style> = {
  font: { name: FONT },
  border: BORDER,
  alignment: { vertical: 'top', wrapText: true },
};
const GROUP_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
const GROUP_STYLE: Partial<ExcelJS.Style> = {
  font: { name: FONT, bold: true },
  border: { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' } },
  fill: GROUP_FILL,
  alignment: { vertical: 'middle' },
};
const GROUP_BAND: Partial<ExcelJS.Style> = {
  border: { top: { style: 'thin' }, bottom: { style: 'thin' } },
  fill: GROUP_FILL,
};

/**
 * Adds one record as as many rows as its longest cell needs: each text is cut into pieces a row can
 * show (domain/print-wrap.ts), and a piece past the first continues in the same column below.
 * Text from agencies is always a string cell, never a formula.
 */
function addPrintedRows(sheet: ExcelJS.Worksheet, values: (string | number)[], widths: number[]): void {
  const pieces = values.map((value, i) =>
    typeof value === 'number' || value === '' ? [value] : splitForPrint(value, widths[i]!),
  );
  const rows = Math.max(...pieces.map((p) => p.length));
  for (let r = 0; r < rows; r++) {
    const row = sheet.addRow(pieces.map((p) => p[r] ?? ''));
    // One shared style object: a campaign of 10,000 agencies has some 100,000 of these rows.
    for (let c = 1; c <= values.length; c++) row.getCell(c).style = DATA_STYLE;
  }
}

function printSetup(sheet: ExcelJS.Worksheet, titleRow: number): void {
  // A4 landscape, every column on one page's width, the table's header repeated on every page.
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    printTitlesRow: `${titleRow}:${titleRow}`,
    margins: { left: 0.6, right: 0.4, top: 0.8, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  // Decree 30/2020: the page number centred in the top margin, not on the first page; the footer
  // also says how many pages the annex has, so a missing sheet is noticed.
  sheet.headerFooter = {
    differentFirst: true,
    oddHeader: `&C&"${FONT}"&13&P`,
    firstHeader: '',
    oddFooter: `&R&"${FONT}"&9Trang &P/&N`,
    firstFooter: `&R&"${FONT}"&9Trang &P/&N`,
  };
  sheet.views = [{ state: 'frozen', ySplit: titleRow }];
}

/** A merged line across the table's width, sized for its text (merged cells do not grow by themselves). */
function bannerRow(sheet: ExcelJS.Worksheet, columns: number, text: string, font: Partial<ExcelJS.Font>): ExcelJS.Row {
  const row = sheet.addRow([text]);
  sheet.mergeCells(row.number, 1, row.number, columns);
  row.getCell(1).font = { name: FONT, ...font };
  row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  const width = sheet.columns.slice(0, columns).reduce((sum, c) => sum + (c.width ?? 10), 0);
  row.height = Math.max(18, wrappedLines(text, width) * ((font.size ?? 12) + 4));
  return row;
}

/** The heading every sheet opens with: Quốc hiệu, Tiêu ngữ, "PHỤ LỤC", the title and the decision line. */
function addHeading(sheet: ExcelJS.Worksheet, columns: number, heading: CatalogueHeading, title: string): void {
  bannerRow(sheet, columns, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 13 });
  bannerRow(sheet, columns, 'Độc lập - Tự do - Hạnh phúc', { bold: true, size: 14, underline: true });
  sheet.addRow([]);
  bannerRow(sheet, columns, 'PHỤ LỤC', { bold: true, size: 14 });
  bannerRow(sheet, columns, title, { bold: true, size: 14 });
  bannerRow(sheet, columns, annexSubtitle(heading), { italic: true, size: 14 });
  sheet.addRow([]);
}

function headerRow(sheet: ExcelJS.Worksheet, headers: string[]): number {
  const row = sheet.addRow(headers);
  row.eachCell((cell) => {
    cell.font = { name: FONT, bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = BORDER;
  });
  return row.number;
}

function annexSheet(workbook: ExcelJS.Workbook, heading: CatalogueHeading, groups: AnnexGroup[]): void {
  const sheet = workbook.addWorksheet(ANNEX_SHEET, { properties: { defaultRowHeight: 16 } });
  const widths = [NUMBER_WIDTH, ...ANNEX_COLUMNS.map((c) => c.width)];
  widths.forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  addHeading(sheet, widths.length, heading, ANNEX_TITLE);
  const titleRow = headerRow(sheet, ['STT', ...ANNEX_COLUMNS.map((c) => c.header)]);
  let number = 0;
  groups.forEach((group, g) => {
    // The agency's name heads its group: a reader finds an agency, then its papers.
    const label = `${g + 1}. ${group.agencyName} (${group.lines.length} giấy tờ)`;
    const total = widths.reduce((a, b) => a + b, 0);
    // Not merged (exceljs checks each merge against every other: minutes for 10,000 agencies) and not
    // wrapped: the name runs on over the empty cells to its right, one table-wide line per piece.
    for (const piece of splitForPrint(label, total, 1)) {
      const row = sheet.addRow([piece]);
      row.getCell(1).style = GROUP_STYLE;
      for (let c = 2; c <= widths.length; c++) row.getCell(c).style = GROUP_BAND;
    }
    for (const line of group.lines)
      addPrintedRows(sheet, [++number, ...ANNEX_COLUMNS.map((c) => c.value(line))], widths);
  });
  printSetup(sheet, titleRow);
}

/** The deduplicated view the consolidation stores: one row per procedure and paper, and how many agencies proposed it. */
function summarySheet(workbook: ExcelJS.Workbook, heading: CatalogueHeading, rows: CatalogueRow[]): void {
  const sheet = workbook.addWorksheet(SUMMARY_SHEET);
  const widths = [NUMBER_WIDTH, 13, 40, 44, 16, 12];
  widths.forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  addHeading(sheet, widths.length, heading, `${ANNEX_TITLE} (TỔNG HỢP THEO GIẤY TỜ)`);
  const titleRow = headerRow(sheet, [
    'STT',
    'Mã TTHC',
    'Tên thủ tục hành chính',
    'Tên giấy tờ, tài liệu cần số hóa',
    'Loại',
    'Số cơ quan đề xuất',
  ]);
  rows.forEach((row, i) =>
    addPrintedRows(
      sheet,
      [
        i + 1,
        row.procedureCode,
        row.procedureName,
        row.documentName,
        DOCUMENT_KIND_LABELS[row.kind] ?? row.kind,
        row.agencyCodes.length,
      ],
      widths,
    ),
  );
  printSetup(sheet, titleRow);
}

/** The catalogue as a workbook laid out to print: the annex by agency, then the summary by paper. */
export function catalogueWorkbook(
  heading: CatalogueHeading,
  lists: AcceptedList[],
  agencyNames: Map<string, string>,
): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dondoc';
  annexSheet(workbook, heading, annexGroups(lists, agencyNames));
  summarySheet(workbook, heading, mergeLists(lists));
  return workbook;
}
