import ExcelJS from 'exceljs';
import { DOCUMENT_KIND_SHORT_LABELS, type AgencyList } from '../domain/agency-list';
import { LIST_COLUMNS } from './layout';
import { LIST_SHEET_NAME } from './xlsx';

// A submitted list as the .xlsx an agency fills in: the sheet and columns of the template, one row
// per document (its procedure repeated), so a version downloaded can be corrected and sent again.

export async function listXlsx(list: AgencyList): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dondoc';
  const sheet = workbook.addWorksheet(LIST_SHEET_NAME, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  });
  sheet.columns = LIST_COLUMNS.map((column) => ({
    key: column.key,
    header: column.header,
    width: column.width,
    // Text format keeps 1.002420 from becoming the number 1.00242.
    style: column.key === 'stt' ? {} : { numFmt: '@', alignment: { vertical: 'top', wrapText: true } },
  }));
  sheet.getRow(1).font = { bold: true };
  let number = 0;
  for (const procedure of list.procedures)
    for (const document of procedure.documents)
      sheet.addRow({
        stt: ++number,
        code: procedure.code,
        procedureName: procedure.name,
        field: procedure.field ?? '',
        level: procedure.level ?? '',
        documentName: document.name,
        kind: DOCUMENT_KIND_SHORT_LABELS[document.kind],
        basis: document.basis ?? '',
        note: document.note ?? '',
      });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
