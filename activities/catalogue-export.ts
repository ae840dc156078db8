import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { DOCUMENT_KIND_LABELS } from '../domain/agency-list';
import type { CatalogueRow } from '../domain/catalogue';
import { formatDate } from '../domain/time';
import { spreadsheetText } from '../domain/spreadsheet-text';

// The consolidated catalogue as files for people: .xlsx formatted to print, and .csv (UTF-8 with BOM
// so Excel shows the Vietnamese text right).

const HEADERS = [
  'STT',
  'Mã TTHC',
  'Tên TTHC',
  'Tên giấy tờ, tài liệu cần số hóa',
  'Loại',
  'Cơ quan đề xuất',
  'Số cơ quan',
];

/**
 * One catalogue row. `guard` protects a CSV cell from being read as a formula; the .xlsx needs none:
 * its cells are typed, and text from agencies is always written as a string cell, never a formula.
 */
function toCells(
  row: CatalogueRow,
  index: number,
  agencyNames: Map<string, string>,
  guard: (text: string) => string = (text) => text,
): (string | number)[] {
  const agencies = row.agencyCodes.map((code) => agencyNames.get(code) ?? code);
  return [
    index + 1,
    guard(row.procedureCode),
    guard(row.procedureName),
    guard(row.documentName),
    DOCUMENT_KIND_LABELS[row.kind],
    guard(agencies.join('; ')),
    agencies.length,
  ];
}

export interface CatalogueHeading {
  campaignId: string;
  directive: string;
  at: string;
}

export async function exportCatalogue(
  dir: string,
  heading: CatalogueHeading,
  rows: CatalogueRow[],
  agencyNames: Map<string, string>,
): Promise<{ xlsx: string; csv: string }> {
  fs.mkdirSync(dir, { recursive: true });
  const csv = path.join(dir, 'danh-muc-tong-hop.csv');
  const xlsx = path.join(dir, 'danh-muc-tong-hop.xlsx');
  fs.writeFileSync(
    csv,
    '\uFEFF' + stringify([HEADERS, ...rows.map((row, i) => toCells(row, i, agencyNames, spreadsheetText))]),
  );

  await catalogueWorkbook(heading, rows, agencyNames).xlsx.writeFile(xlsx);
  return { xlsx, csv };
}

/** The catalogue as a workbook formatted to print (A4 landscape, title rows, frozen header). */
export function catalogueWorkbook(
  heading: CatalogueHeading,
  rows: CatalogueRow[],
  agencyNames: Map<string, string>,
): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dondoc';
  const sheet = workbook.addWorksheet('Danh mục tổng hợp', {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '3:3',
    },
  });
  sheet.mergeCells('A1:G1');
  sheet.getCell('A1').value =
    `DANH MỤC GIẤY TỜ, TÀI LIỆU CẦN SỐ HÓA CỦA TỪNG THỦ TỤC HÀNH CHÍNH (thực hiện Công văn ${heading.directive})`;
  sheet.getCell('A1').font = { bold: true, size: 13 };
  sheet.getCell('A1').alignment = { horizontal: 'center', wrapText: true };
  sheet.getRow(1).height = 36;
  sheet.mergeCells('A2:G2');
  sheet.getCell('A2').value = `Tổng hợp ngày ${formatDate(heading.at)} — ${rows.length} dòng`;
  sheet.getCell('A2').alignment = { horizontal: 'center' };
  const header = sheet.addRow(HEADERS);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  rows.forEach((row, i) => sheet.addRow(toCells(row, i, agencyNames)));
  [6, 24, 40, 48, 22, 40, 10].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  sheet.eachRow((row, number) => {
    if (number < 3) return;
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = {
        top: { style: 'thin' },
        left: { style: 'thin' },
        bottom: { style: 'thin' },
        right: { style: 'thin' },
      };
      cell.alignment = { ...cell.alignment, vertical: 'top', wrapText: true };
    });
  });
  sheet.views = [{ state: 'frozen', ySplit: 3 }];
  return workbook;
}
