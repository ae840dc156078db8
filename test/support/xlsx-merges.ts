import ExcelJS from 'exceljs';
import { readZipDirectory, readZipEntry, rewriteZip } from '../../list-files/zip';

// Spreadsheets with merged ranges written straight into the sheet XML: exceljs itself would expand
// every merge cell by cell while writing them, which is the very cost the readers must refuse.

/** `rows` on the first sheet, then `merges` (references as written) patched into its XML. */
export async function xlsxWithMerges(
  rows: ExcelJS.CellValue[][],
  merges: string[],
  sheetName = 'Danh sách',
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  rows.forEach((values) => sheet.addRow(values));
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  const entries = readZipDirectory(buffer);
  const entry = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
  const xml = readZipEntry(buffer, entry, 10_000_000).toString('utf8');
  const cells = merges.map((ref) => `<mergeCell ref="${ref}"/>`).join('');
  const patched = xml.replace('</sheetData>', `</sheetData><mergeCells count="${merges.length}">${cells}</mergeCells>`);
  return rewriteZip(buffer, entries, new Map([[entry.name, Buffer.from(patched, 'utf8')]]));
}

/** `count` small merges (two cells each) spread down column K and beyond. */
export function manySmallMerges(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `K${2 * i + 1}:K${2 * i + 2}`);
}

/** `count` large merges (26 columns × 3,000 rows each), stacked so they do not overlap. */
export function manyHugeMerges(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `AA${i * 1000 + 1}:AZ${i * 1000 + 1000}`);
}
