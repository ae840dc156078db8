import type ExcelJS from 'exceljs';
import type { TableDeclaration } from '../domain/deliverables';
import { LIST_FILE_LIMITS } from '../list-files/layout';
import { HEADER_FILL } from '../list-files/sheet-style';
import { columnHeader, columnKind, columnRule, dataSheetName } from './columns';

// The guide sheet of a declared table's template, in Vietnamese: how to fill the data sheet, the
// row key, the limits, and for each column what it means, whether it is required and what it takes.

/** The rules of filling the data sheet, said once for the guide and the portal. */
function guideRules(declaration: TableDeclaration): string[] {
  const sheet = dataSheetName(declaration);
  const labelOf = new Map(declaration.columns.map((c) => [c.key, c.label]));
  const key = declaration.rowKey.map((k) => `"${labelOf.get(k) ?? k}"`).join(', ');
  return [
    `Mỗi dòng của trang "${sheet}" là một dòng của bảng; dòng trống được bỏ qua.`,
    'Giữ nguyên dòng tiêu đề; không thêm, bớt hay đổi tên cột. Cột có dấu (*) là bắt buộc.',
    `Khóa dòng: mỗi dòng có ${key} riêng, không trùng với dòng khác.`,
    'Số ghi bằng chữ số, không ghi đơn vị trong ô; dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân, ví dụ 1.234,5.',
    'Ngày ghi dạng dd/mm/yyyy, ví dụ 05/03/2026.',
    'Cột chọn trong danh sách và cột Có/Không: bấm vào ô để chọn; chỉ ghi đúng một lựa chọn.',
    `Bảng có tối đa ${declaration.maxRows.toLocaleString('vi-VN')} dòng. Nộp tệp .xlsx theo mẫu này, hoặc tệp .csv mã UTF-8 (dấu phân cách là dấu phẩy hoặc chấm phẩy) với cùng dòng tiêu đề; tệp không quá ${LIST_FILE_LIMITS.maxBytes / 1024 / 1024} MB.`,
  ];
}

export function addGuideSheet(workbook: ExcelJS.Workbook, declaration: TableDeclaration, name: string): void {
  const sheet = workbook.addWorksheet(name);
  sheet.columns = [{ width: 30 }, { width: 12 }, { width: 22 }, { width: 90 }];
  const wrap: Partial<ExcelJS.Alignment> = { vertical: 'top', wrapText: true };
  const title = (text: string, size = 12) => {
    const row = sheet.addRow([text]);
    row.getCell(1).font = { bold: true, size };
  };
  const line = (...cells: string[]) => {
    const row = sheet.addRow(cells);
    row.eachCell((cell) => (cell.alignment = wrap));
    return row;
  };

  title(`HƯỚNG DẪN ĐIỀN: ${declaration.title.toLocaleUpperCase('vi')}`, 14);
  sheet.addRow([]);
  title('Cách ghi');
  guideRules(declaration).forEach((rule, index) => {
    const row = line(`${index + 1}.`, rule);
    sheet.mergeCells(Number(row.number), 2, Number(row.number), 4);
  });
  sheet.addRow([]);
  title(`Các cột của trang "${dataSheetName(declaration)}"`);
  const head = line('Cột', 'Bắt buộc', 'Kiểu', 'Nội dung');
  head.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
  });
  for (const column of declaration.columns)
    line(
      columnHeader(column),
      column.required ? 'Có' : 'Không',
      columnKind(column),
      [column.hint, columnRule(column)].filter(Boolean).join(' '),
    );
}
