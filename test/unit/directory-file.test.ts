import ExcelJS from 'exceljs';
import { DirectoryFileError, directoryCsvTemplate, readDirectoryFile } from '../../directory/file';
import { campaignIdOf } from '../../server/portal/campaign-create-form';

// A directory import file read into agencies, or refused with every problem located (sheet, row,
// column) and its fix: semicolon CSV as Excel saves it in Vietnam, dates typed into text columns,
// duplicate codes and identifiers, unknown headers and stray cells.

async function refused(file: string, buffer: Buffer) {
  const error = await readDirectoryFile(file, buffer).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DirectoryFileError);
  return (error as DirectoryFileError).issues.map(({ sheet, row, column, message }) => ({
    sheet,
    row,
    column,
    message,
  }));
}

test('the template reads back as its two agencies, with levels from their labels', async () => {
  expect(await readDirectoryFile('mau.csv', Buffer.from(directoryCsvTemplate()))).toEqual([
    { code: 'so-tu-phap', name: 'Sở Tư pháp', level: 'department', district: '', email: 'stp@quangngai.gov.vn' },
    {
      code: 'xa-21112',
      name: 'UBND xã Bình Châu, huyện Bình Sơn',
      level: 'commune',
      district: 'Huyện Bình Sơn',
    },
  ]);
});

test('a semicolon CSV with a BOM reads like a comma one; headers match without diacritics or case', async () => {
  const csv =
    '\uFEFFma co quan;TEN CO QUAN;cap;huyen;email;ma dinh danh\r\nhuyen-bs;UBND huyện Bình Sơn;Huyện;Huyện Bình Sơn;;000.00.53.h48\r\n';
  expect(await readDirectoryFile('danh-ba.csv', Buffer.from(csv))).toEqual([
    {
      code: 'huyen-bs',
      name: 'UBND huyện Bình Sơn',
      level: 'district',
      district: 'Huyện Bình Sơn',
      electronicId: '000.00.53.H48',
    },
  ]);
});

test('every problem of a worksheet is located with its sheet, row and column', async () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh bạ');
  sheet.addRow(['Mã cơ quan', 'Tên cơ quan', 'Cấp', 'Huyện', 'Email', 'Mã định danh điện tử']);
  sheet.addRow(['so-tu-phap', 'Sở Tư pháp', 'Sở, ban, ngành', '', '', '000.00.01.H48']);
  sheet.addRow(['so-tu-phap', 'Sở Tư pháp (trùng)', 'Sở, ban, ngành', '', '', '000.00.01.H48']);
  sheet.addRow(['xa-1', 'UBND xã Một', 'Xã', '', 'khong-phai-email', '']);
  sheet.addRow(['xa-2', new Date(Date.UTC(2024, 1, 7)), 'Xã', 'Huyện Bình Sơn', '', '']);
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  expect(await refused('danh-ba.xlsx', buffer)).toEqual([
    { sheet: 'Danh bạ', row: 3, column: 'Mã cơ quan', message: '"so-tu-phap" đã có ở dòng 2' },
    { sheet: 'Danh bạ', row: 3, column: 'Mã định danh điện tử', message: '"000.00.01.H48" đã có ở dòng 2' },
    { sheet: 'Danh bạ', row: 4, column: 'Huyện', message: 'cơ quan cấp huyện, cấp xã cần ghi huyện' },
    { sheet: 'Danh bạ', row: 4, column: 'Email', message: 'email "khong-phai-email" không đúng dạng' },
    { sheet: 'Danh bạ', row: 5, column: 'Tên cơ quan', message: 'ô chứa ngày tháng' },
  ]);
});

test('an unknown or missing header, and data under no header, are refused before any row', async () => {
  expect(await refused('a.csv', Buffer.from('Mã cơ quan,Tên cơ quan,Ghi chú\nx,Y,z\n'))).toEqual([
    { sheet: undefined, row: 1, column: undefined, message: 'cột "Ghi chú" không có trong danh bạ' },
    { sheet: undefined, row: 1, column: undefined, message: 'thiếu cột "Cấp" ở dòng tiêu đề' },
  ]);
  expect(await refused('b.csv', Buffer.from('Mã cơ quan,Tên cơ quan,Cấp\nso-y-te,Sở Y tế,Sở, ban, ngành\n'))).toEqual([
    { sheet: undefined, row: 2, column: undefined, message: 'có dữ liệu ở cột thứ 4, cột không có tiêu đề' },
  ]);
  expect(await refused('c.pdf', Buffer.from('%PDF-'))).toEqual([
    { sheet: undefined, row: undefined, column: undefined, message: 'tệp "c.pdf" không phải .xlsx hoặc .csv' },
  ]);
});

test('a campaign code is made from the directive number and year, without diacritics', () => {
  expect(campaignIdOf('2415/UBND-KSTTHC', '2026-02-07')).toBe('2415-UBND-KSTTHC-2026');
  expect(campaignIdOf('15/QĐ-UBND', '2027-01-02')).toBe('15-QD-UBND-2027');
  expect(campaignIdOf('751/UBND-TTHC-2024', '2024-02-07')).toBe('751-UBND-TTHC-2024');
});
