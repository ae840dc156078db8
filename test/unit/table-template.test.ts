import ExcelJS from 'exceljs';
import { CHOICES_SHEET_NAME, columnHeader, dataSheetName, templateFileName } from '../../deliverable-files';
import { GUIDE_SHEET_NAME } from '../../list-files';
import { EVERY_TYPE, equipmentTable, openTemplate, validationAt } from '../support/table-files';

// The .xlsx template generated from a table declaration: the data sheet named from the title with
// the declared headers frozen, an Excel check and a prompt per column from its type and hint, the
// choice lists on a hidden sheet, and a Vietnamese guide naming every column.

/** The text of every cell of a sheet, one string. */
const sheetText = (sheet: ExcelJS.Worksheet) => {
  const parts: string[] = [];
  sheet.eachRow((row) => row.eachCell((cell) => parts.push(String(cell.value))));
  return parts.join('\n');
};

describe('the template of the IT-equipment campaign', () => {
  test('one data sheet named from the title, the declared headers, frozen, with widths', async () => {
    const declaration = await equipmentTable();
    const { workbook, sheet } = await openTemplate(declaration);
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([
      ['Danh mục thiết bị công nghệ', 'visible'],
      [CHOICES_SHEET_NAME, 'hidden'],
      [GUIDE_SHEET_NAME, 'visible'],
    ]);
    expect(sheet.name).toBe(dataSheetName(declaration));
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Mã tài sản (*)',
      'Tên thiết bị (*)',
      'Loại thiết bị (*)',
      'Số lượng (chiếc) (*)',
      'Năm mua (*)',
      'Ngày kiểm kê tình trạng',
      'Còn sử dụng được (*)',
      'Kinh phí thay thế dự kiến (đồng) (*)',
      'Lý do thay thế (*)',
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    for (const [i, column] of declaration.columns.entries()) {
      expect(sheet.getColumn(i + 1).width).toBeGreaterThanOrEqual(Math.min(columnHeader(column).length * 0.9, 60));
      expect(sheet.getColumn(i + 1).width).toBeLessThanOrEqual(60);
    }
    expect(sheet.getRow(2).cellCount).toBe(0);
    expect(templateFileName(declaration)).toBe('mau-danh-muc-thiet-bi-cong-nghe-thong-tin-can-thay-the-nam-2027.xlsx');
  });

  test('an Excel check and a prompt per column, over every row the declaration allows', async () => {
    const declaration = await equipmentTable();
    const { workbook, sheet } = await openTemplate(declaration);
    const last = declaration.maxRows + 1;
    for (const letter of 'ABCDEFGHI') {
      expect(validationAt(sheet, `${letter}2`)).toBeDefined();
      expect(validationAt(sheet, `${letter}${last}`)).toEqual(validationAt(sheet, `${letter}2`));
      expect(validationAt(sheet, `${letter}${last + 1}`)).toBeUndefined();
    }
    expect(validationAt(sheet, 'A2')).toMatchObject({
      type: 'textLength',
      operator: 'lessThanOrEqual',
      formulae: [50],
      promptTitle: 'Mã tài sản',
      showInputMessage: true,
      showErrorMessage: true,
    });
    expect(validationAt(sheet, 'A2')!.prompt).toBe(
      'Mã trong sổ theo dõi tài sản của cơ quan. Bắt buộc. Chữ, tối đa 50 ký tự.',
    );
    const choice = validationAt(sheet, 'C2')!;
    expect(choice).toMatchObject({ type: 'list', formulae: [`'${CHOICES_SHEET_NAME}'!$A$1:$A$7`] });
    const lists = workbook.getWorksheet(CHOICES_SHEET_NAME)!;
    expect(lists.getColumn(1).values.slice(1)).toEqual([
      'Máy tính để bàn',
      'Máy tính xách tay',
      'Máy in',
      'Máy quét',
      'Thiết bị mạng',
      'Máy chủ',
      'Khác',
    ]);
    expect(validationAt(sheet, 'D2')).toMatchObject({ type: 'whole', operator: 'between', formulae: [1, 500] });
    expect(validationAt(sheet, 'D2')!.prompt).toContain('Số nguyên từ 1 đến 500 (đơn vị: chiếc)');
    expect(validationAt(sheet, 'E2')).toMatchObject({ type: 'whole', operator: 'between', formulae: [1990, 2026] });
    expect(validationAt(sheet, 'F2')).toMatchObject({
      type: 'date',
      operator: 'between',
      formulae: [new Date(Date.UTC(2026, 0, 1)), new Date(Date.UTC(2026, 11, 31))],
    });
    expect(validationAt(sheet, 'F2')!.prompt!.startsWith('Không bắt buộc.')).toBe(true);
    expect(sheet.getColumn(6).numFmt).toBe('dd/mm/yyyy');
    expect(validationAt(sheet, 'G2')).toMatchObject({ type: 'list', formulae: ['"Có,Không"'] });
    expect(validationAt(sheet, 'H2')).toMatchObject({
      type: 'decimal',
      operator: 'between',
      formulae: [0, 10_000_000_000],
    });
    expect(validationAt(sheet, 'H2')!.error).toContain('1.234,5');
    expect(validationAt(sheet, 'I2')).toMatchObject({
      type: 'textLength',
      operator: 'lessThanOrEqual',
      formulae: [2000],
    });
    expect(sheet.getColumn(1).numFmt).toBe('@');
  });

  test('a guide in Vietnamese: every column, whether it is required, its type, the row key and the limits', async () => {
    const declaration = await equipmentTable();
    const { workbook } = await openTemplate(declaration);
    const guide = workbook.getWorksheet(GUIDE_SHEET_NAME)!;
    const text = sheetText(guide);
    expect(text).toContain('HƯỚNG DẪN ĐIỀN: DANH MỤC THIẾT BỊ CÔNG NGHỆ THÔNG TIN CẦN THAY THẾ NĂM 2027');
    expect(text).toContain('Khóa dòng: mỗi dòng có "Mã tài sản" riêng, không trùng với dòng khác.');
    expect(text).toContain('Bảng có tối đa 2.000 dòng.');
    const rows: string[][] = [];
    guide.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map(String)));
    const columnRows = rows.filter(
      (row) => row.length === 4 && declaration.columns.some((c) => columnHeader(c) === row[0]),
    );
    expect(columnRows.map((row) => row.slice(0, 3))).toEqual(
      declaration.columns.map((c) => [columnHeader(c), c.required ? 'Có' : 'Không', expect.any(String)]),
    );
    expect(columnRows[0]![3]).toBe('Mã trong sổ theo dõi tài sản của cơ quan. Chữ, tối đa 50 ký tự.');
    expect(columnRows[5]).toEqual([
      'Ngày kiểm kê tình trạng',
      'Không',
      'ngày dd/mm/yyyy',
      'Ngày dạng dd/mm/yyyy từ 01/01/2026 đến 31/12/2026, ví dụ 01/01/2026.',
    ]);
  });
});

describe('the template of a table with every column type', () => {
  test('each type gets its own check: length, whole, decimal with its lower bound, any day, list, yes/no', async () => {
    const { workbook, sheet } = await openTemplate(EVERY_TYPE);
    expect(sheet.name).toBe('Bảng thử mọi kiểu cột nháp');
    expect(validationAt(sheet, 'A6')).toMatchObject({ type: 'textLength', operator: 'between', formulae: [3, 20] });
    expect(validationAt(sheet, 'A2')!.prompt).toBe(
      'Mã do bộ phận một cửa cấp. Bắt buộc. Chữ, tối đa 20 ký tự, tối thiểu 3; ghi theo dạng HS-12.',
    );
    expect(validationAt(sheet, 'A7')).toBeUndefined();
    expect(validationAt(sheet, 'B2')).toMatchObject({
      type: 'textLength',
      operator: 'lessThanOrEqual',
      formulae: [500],
    });
    expect(sheet.getColumn(2).alignment).toMatchObject({ wrapText: true });
    expect(validationAt(sheet, 'C2')).toMatchObject({
      type: 'whole',
      operator: 'between',
      formulae: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    });
    expect(sheet.getColumn(3).numFmt).toBe('#,##0');
    expect(validationAt(sheet, 'D2')).toMatchObject({ type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0] });
    expect(sheet.getColumn(4).numFmt).toBe('#,##0.00');
    expect(sheet.getCell('D1').value).toBe('Diện tích (m²)');
    expect(validationAt(sheet, 'E2')).toMatchObject({
      type: 'date',
      formulae: [new Date(Date.UTC(1900, 0, 1)), new Date(Date.UTC(2200, 11, 31))],
    });
    expect(sheet.getCell('E1').value).toBe('Ngày nhận (*)');
    // A label with a comma cannot sit in an inline list: the list points at the hidden sheet.
    expect(validationAt(sheet, 'F2')).toMatchObject({ type: 'list', formulae: [`'${CHOICES_SHEET_NAME}'!$A$1:$A$2`] });
    expect(workbook.getWorksheet(CHOICES_SHEET_NAME)!.getCell('A1').value).toBe('Toàn trình, trực tuyến');
    expect(validationAt(sheet, 'G2')).toMatchObject({ type: 'list', formulae: ['"Có,Không"'] });
    expect(sheet.getColumn(7).numFmt).toBe('@');
  });

  test("the data sheet's name: Excel's characters and length, never another sheet's name", () => {
    const named = (title: string) => dataSheetName({ ...EVERY_TYPE, title });
    expect(named('Danh mục thiết bị công nghệ thông tin cần thay thế')).toBe('Danh mục thiết bị công nghệ');
    expect(named('Bảng_kê_chi_tiết_các_khoản_chi_thường_xuyên')).toBe('Bảng_kê_chi_tiết_các_khoản_chi_');
    expect(named('HƯỚNG DẪN')).toBe('Dữ liệu');
    expect(named('Danh mục lựa chọn')).toBe('Dữ liệu');
    expect(named('[?]')).toBe('Dữ liệu');
  });

  test('the same declaration gives the same workbook content', async () => {
    const a = await openTemplate(EVERY_TYPE);
    const b = await openTemplate(EVERY_TYPE);
    expect(a.workbook.worksheets.map(sheetText)).toEqual(b.workbook.worksheets.map(sheetText));
  });
});
