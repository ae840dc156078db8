import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { HEADER_FILL, THIN, addFillInSheet, styleHeaderRow } from './sheet-style';
import { DOCUMENT_KINDS, DOCUMENT_KIND_LABELS, DOCUMENT_KIND_SHORT_LABELS } from '../domain/agency-list';
import { LIST_COLUMNS, LIST_FILE_LIMITS, LIST_HEADERS, columnLetter, type ColumnKey } from './layout';
import { GUIDE_SHEET_NAME, LIST_SHEET_NAME } from './xlsx';

// The template agencies fill in. The shipped copy (list-files/templates/mau-danh-sach-giay-to-so-hoa.xlsx)
// is produced by `node --import tsx list-files/generate-template.ts`; a test checks that it
// still matches this code.

export const TEMPLATE_FILE = path.join(__dirname, 'templates', 'mau-danh-sach-giay-to-so-hoa.xlsx');

/** Two rows of one procedure: the second leaves the procedure columns blank. */
export const TEMPLATE_EXAMPLE_ROWS: readonly Partial<Record<ColumnKey, string | number>>[] = [
  {
    stt: 1,
    code: '1.001612.000.00.00.H48',
    procedureName: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam',
    field: 'Lý lịch tư pháp',
    level: 'Sở Tư pháp',
    documentName: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp',
    kind: DOCUMENT_KIND_SHORT_LABELS.thanh_phan_ho_so,
    basis: 'Luật Lý lịch tư pháp 2009',
  },
  {
    stt: 2,
    documentName: 'Phiếu lý lịch tư pháp',
    kind: DOCUMENT_KIND_SHORT_LABELS.ket_qua,
    basis: 'Luật Lý lịch tư pháp 2009',
    note: 'Kết quả giải quyết TTHC còn hiệu lực',
  },
];

/** Fixed so that regenerating the template changes nothing but the zip timestamps. */
const TEMPLATE_DATE = new Date('2024-02-07T00:00:00Z');
const KIND_LIST = DOCUMENT_KINDS.map((kind) => DOCUMENT_KIND_SHORT_LABELS[kind]);

const GUIDE_RULES = [
  'Mỗi dòng là một giấy tờ, tài liệu cần số hóa của một TTHC.',
  'Các cột của TTHC (Mã TTHC, Tên TTHC, Lĩnh vực, Cơ quan/cấp thực hiện) ghi ở dòng đầu tiên của TTHC; các dòng giấy tờ tiếp theo của cùng TTHC có thể ghi lặp lại hoặc để trống.',
  'Giữ nguyên tên trang "Danh sách" và dòng tiêu đề; không thêm, bớt hay đổi tên cột.',
  'Không gộp ô (Merge) và không chèn dòng tên nhóm hay lĩnh vực giữa các dòng; ghi lĩnh vực vào cột "Lĩnh vực". Dòng trống được bỏ qua.',
  'Mỗi TTHC chỉ khai một lần; mã 1.002421 và 1.002421.000.00.00.H48 là cùng một TTHC. Trong một TTHC, mỗi giấy tờ chỉ khai một lần.',
  'Xóa hai dòng ví dụ trước khi nộp.',
  `Nộp tệp .xlsx theo mẫu này, hoặc tệp .csv mã UTF-8 (dấu phân cách là dấu phẩy hoặc chấm phẩy) với cùng dòng tiêu đề. Tệp không quá ${LIST_FILE_LIMITS.maxBytes / 1024 / 1024} MB và ${LIST_FILE_LIMITS.maxRows.toLocaleString('vi-VN')} dòng.`,
  'Các cột đã định dạng Văn bản (Text): Excel không tự đổi mã TTHC thành số (làm mất số 0 ở cuối) hay thành ngày tháng. Nếu dán dữ liệu từ nơi khác, dùng "Paste Values" để giữ định dạng này. Ô có công thức được đọc theo kết quả đã tính.',
];

const GUIDE_KINDS: readonly [string, string][] = [
  [
    `${DOCUMENT_KIND_SHORT_LABELS.thanh_phan_ho_so} (thanh_phan_ho_so)`,
    'Thành phần hồ sơ do tổ chức, cá nhân nộp khi thực hiện TTHC: giấy tờ là kết quả giải quyết của TTHC trước đó; giấy tờ mà pháp luật chuyên ngành quy định phải số hóa; giấy tờ được số hóa theo quyết định của cơ quan quản lý.',
  ],
  [`${DOCUMENT_KIND_SHORT_LABELS.y_kien} (y_kien)`, `${DOCUMENT_KIND_LABELS.y_kien} trong quá trình giải quyết TTHC.`],
  [`${DOCUMENT_KIND_SHORT_LABELS.ket_qua} (ket_qua)`, 'Kết quả giải quyết TTHC còn hiệu lực.'],
];

const GUIDE_EXCLUSIONS = [
  'Giấy tờ, tài liệu đã được khai thác, sử dụng dưới dạng dữ liệu có giá trị pháp lý từ cơ sở dữ liệu quốc gia, cơ sở dữ liệu chuyên ngành (ví dụ thông tin trên thẻ Căn cước công dân từ CSDL quốc gia về dân cư), hoặc đã có trên Cổng Dịch vụ công, hệ thống thông tin giải quyết TTHC.',
  'Bản sao không có chứng thực, bản chụp.',
  'Giấy tờ chỉ xuất trình (để đối chiếu), không nộp.',
  'Tài liệu mật (thuộc bí mật nhà nước).',
  'Khi đọc danh sách, hệ thống cảnh báo cho cơ quan thẩm định các dòng có dấu hiệu thuộc những trường hợp trên (theo từ ngữ trong Tên giấy tờ và Ghi chú). Nếu vẫn cần số hóa, ghi rõ lý do ở cột Ghi chú.',
];

function buildListSheet(workbook: ExcelJS.Workbook): void {
  const sheet = addFillInSheet(workbook, LIST_SHEET_NAME);
  sheet.columns = LIST_COLUMNS.map((column) => ({
    key: column.key,
    header: column.header,
    width: column.width,
    // Text format keeps 1.002420 from becoming the number 1.00242 or a date.
    style:
      column.key === 'stt'
        ? { alignment: { vertical: 'top', horizontal: 'center' } }
        : { numFmt: '@', alignment: { vertical: 'top', wrapText: true } },
  }));
  styleHeaderRow(sheet);
  for (const example of TEMPLATE_EXAMPLE_ROWS) {
    const row = sheet.addRow(example);
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = THIN;
      cell.font = { italic: true, color: { argb: 'FF595959' } };
    });
  }
  const kind = columnLetter(LIST_COLUMNS.findIndex((column) => column.key === 'kind'));
  // exceljs types lack the range form of dataValidations.add; it writes one sqref for the range.
  (
    sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }
  ).dataValidations.add(`${kind}2:${kind}${LIST_FILE_LIMITS.maxRows + 1}`, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${KIND_LIST.join(',')}"`],
    showInputMessage: true,
    promptTitle: 'Loại giấy tờ',
    prompt: `Chọn: ${KIND_LIST.join(' / ')}`,
    showErrorMessage: true,
    // A warning, not a stop: the codes (thanh_phan_ho_so …) and unaccented labels are accepted too.
    errorStyle: 'warning',
    errorTitle: 'Loại giấy tờ',
    error: `Nên chọn một trong: ${KIND_LIST.join(', ')}.`,
  });
}

function buildGuideSheet(workbook: ExcelJS.Workbook): void {
  const sheet = workbook.addWorksheet(GUIDE_SHEET_NAME);
  sheet.columns = [{ width: 30 }, { width: 110 }];
  const wrap: Partial<ExcelJS.Alignment> = { vertical: 'top', wrapText: true };
  const title = (text: string, size = 12) => {
    const row = sheet.addRow([text]);
    row.getCell(1).font = { bold: true, size };
  };
  const line = (a: string, b = '') => {
    const row = sheet.addRow([a, b]);
    row.getCell(1).alignment = wrap;
    row.getCell(2).alignment = wrap;
    return row;
  };

  title('HƯỚNG DẪN LẬP DANH SÁCH GIẤY TỜ, TÀI LIỆU CẦN SỐ HÓA', 14);
  line(
    'Căn cứ',
    'Điều 4 Thông tư số 01/2023/TT-VPCP của Văn phòng Chính phủ: với mỗi TTHC, cơ quan lập danh sách giấy tờ, tài liệu phải số hóa.',
  );
  sheet.addRow([]);
  title('Cách ghi');
  GUIDE_RULES.forEach((rule, index) => line(`${index + 1}.`, rule));
  sheet.addRow([]);
  title('Các cột của trang "Danh sách"');
  const head = line('Cột', 'Nội dung');
  head.font = { bold: true };
  head.eachCell((cell) => (cell.fill = HEADER_FILL));
  for (const column of LIST_COLUMNS)
    line(`${column.header}${column.required ? ' (bắt buộc)' : ''}`, column.description);
  sheet.addRow([]);
  title('Loại giấy tờ (Điều 4 Thông tư 01/2023/TT-VPCP)');
  for (const [label, text] of GUIDE_KINDS) line(label, text);
  sheet.addRow([]);
  title('Không số hóa (Điều 4 Thông tư 01/2023/TT-VPCP)');
  GUIDE_EXCLUSIONS.forEach((text, index) => line(index < GUIDE_EXCLUSIONS.length - 1 ? '-' : 'Lưu ý', text));
}

/** The template workbook, built in memory. */
export function buildListTemplate(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dondoc';
  workbook.lastModifiedBy = 'dondoc';
  workbook.title = 'Mẫu danh sách giấy tờ, tài liệu cần số hóa';
  workbook.created = TEMPLATE_DATE;
  workbook.modified = TEMPLATE_DATE;
  buildListSheet(workbook);
  buildGuideSheet(workbook);
  return workbook;
}

/** Writes the .xlsx template (sheets "Danh sách" and "Hướng dẫn"). */
export async function writeListTemplate(filePath: string): Promise<void> {
  await fs.mkdir(path.dirname(filePath), { recursive: true });
  await buildListTemplate().xlsx.writeFile(filePath);
}

/** The .csv template: the header and the example rows, UTF-8 with BOM so Excel shows Vietnamese. */
export function listCsvTemplate(): string {
  const rows = TEMPLATE_EXAMPLE_ROWS.map((example) => LIST_COLUMNS.map((column) => String(example[column.key] ?? '')));
  return stringify([LIST_HEADERS, ...rows], { bom: true, record_delimiter: 'windows' });
}

export async function writeListCsvTemplate(filePath: string): Promise<void> {
  await fs.mkdir(path.dirname(filePath), { recursive: true });
  await fs.writeFile(filePath, listCsvTemplate(), 'utf8');
}
