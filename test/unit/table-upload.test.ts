import ExcelJS from 'exceljs';
import { compileDeliverable, type TableDeclaration } from '../../domain/deliverables';
import {
  checkTableUpload,
  readTableUpload,
  tableCsv,
  tableFileFormat,
  tableXlsx,
  type TableFileProblem,
} from '../../deliverable-files';
import { LIST_FILE_LIMITS } from '../../list-files';
import { readZipDirectory, rewriteZip } from '../../list-files/zip';
import { xlsxWithMerges } from '../support/xlsx-merges';
import { EVERY_TYPE, declaredTable, equipmentTable, filledTemplate } from '../support/table-files';

// An uploaded file of a declared table read into the delivery its checker takes: cells as people
// type them or as Excel stores them, every problem placed on the file's sheet, row and column with
// its fix; the declaration's rules stay the checker's, their problems placed in the file too.

const day = (d: number, m: number, y: number) => new Date(Date.UTC(y, m - 1, d));
const EQUIPMENT_SHEET = 'Danh mục thiết bị công nghệ';

const messages = (problems: TableFileProblem[]) => problems.map((p) => p.message);

async function problemsOf(declaration: TableDeclaration, bytes: Buffer, format: 'xlsx' | 'csv' | 'json') {
  const upload = await readTableUpload(declaration, bytes, format);
  if (upload.ok) throw new Error(`read without problems: ${JSON.stringify(upload.delivery)}`);
  return upload.problems;
}

describe('a filled template', () => {
  test('cells as typed and as Excel stores them become the delivery, which the checker accepts', async () => {
    const declaration = await equipmentTable();
    const bytes = await filledTemplate(declaration, [
      ['TS-001', 'Máy tính Dell', 'Máy tính để bàn', 2, 2015, day(15, 6, 2026), 'Có', 15_000_000, 'Cũ, chậm'],
      // As typed in text cells: Vietnamese number, a day in text, labels without diacritics.
      ['  TS-002 ', 'Máy in HP', 'may in', '1', '2014', '5/3/2026', 'khong', '4.500.000', 'Hỏng trống'],
      [],
      [1003, 'Bộ chuyển mạch', 'THIẾT BỊ MẠNG', 3, 2012, null, 'Không', '12.345.678', 'Hết khấu hao'],
    ]);
    const upload = await readTableUpload(declaration, bytes, 'xlsx');
    expect(upload).toEqual({
      ok: true,
      sheet: EQUIPMENT_SHEET,
      sourceRows: [2, 3, 5],
      delivery: {
        rows: [
          {
            'ma-tai-san': 'TS-001',
            'ten-thiet-bi': 'Máy tính Dell',
            loai: 'Máy tính để bàn',
            'so-luong': 2,
            'nam-mua': 2015,
            'ngay-kiem-ke': '15/06/2026',
            'con-su-dung': true,
            'kinh-phi': 15_000_000,
            'ly-do': 'Cũ, chậm',
          },
          {
            'ma-tai-san': 'TS-002',
            'ten-thiet-bi': 'Máy in HP',
            loai: 'Máy in',
            'so-luong': 1,
            'nam-mua': 2014,
            'ngay-kiem-ke': '05/03/2026',
            'con-su-dung': false,
            'kinh-phi': 4_500_000,
            'ly-do': 'Hỏng trống',
          },
          {
            'ma-tai-san': '1003',
            'ten-thiet-bi': 'Bộ chuyển mạch',
            loai: 'Thiết bị mạng',
            'so-luong': 3,
            'nam-mua': 2012,
            'con-su-dung': false,
            'kinh-phi': 12_345_678,
            'ly-do': 'Hết khấu hao',
          },
        ],
      },
    });
    if (!upload.ok) return;
    const check = compileDeliverable(declaration)(upload.delivery);
    expect(check.errors).toEqual([]);
    expect(check.ok).toBe(true);
    expect(await checkTableUpload(declaration, bytes, 'xlsx')).toEqual({
      ok: true,
      problems: [],
      findings: [],
      delivery: check.value,
    });
  });

  test('a column of every type: numbers with decimals, any day, a choice by label, yes/no', async () => {
    const bytes = await filledTemplate(EVERY_TYPE, [
      ['HS-1', 'Hồ sơ đất đai\nnhiều trang', '1.200', '12,75', '2026-03-05', 'toàn trình, trực tuyến', 'x'],
      ['HS-2', null, 3, 0.5, '31.12.2025', 'Một phần', false],
    ]);
    const check = await checkTableUpload(EVERY_TYPE, bytes, 'xlsx');
    expect(check.problems).toEqual([]);
    expect(check.delivery).toEqual({
      rows: [
        {
          ma: 'HS-1',
          'mo-ta': 'Hồ sơ đất đai\nnhiều trang',
          'so-ban': 1200,
          'dien-tich': 12.75,
          'ngay-nhan': '05/03/2026',
          'muc-do': 'toan-trinh',
          'da-so-hoa': true,
        },
        {
          ma: 'HS-2',
          'so-ban': 3,
          'dien-tich': 0.5,
          'ngay-nhan': '31/12/2025',
          'muc-do': 'mot-phan',
          'da-so-hoa': false,
        },
      ],
    });
  });

  test('cells not of their type: each named by sheet, row and column, with the fix', async () => {
    const declaration = await equipmentTable();
    const bytes = await filledTemplate(
      declaration,
      [
        ['TS-1', 'Máy', 'Máy in', 'mười', 2015, '5 tháng 3', 'có lẽ', '12 triệu', 'Cũ'],
        ['TS-2', 'Máy', 'Máy in', day(1, 2, 2026), 2015, 46000, 'Có', 1, 'Cũ'],
      ],
      (sheet) => {
        // A count Excel turned into a day, and a day whose format was cleared to a bare number.
        sheet.getCell('D3').numFmt = 'dd/mm/yyyy';
        sheet.getCell('F3').numFmt = 'General';
      },
    );
    const problems = await problemsOf(declaration, bytes, 'xlsx');
    const at = (row: number, column: string) => `Trang "${EQUIPMENT_SHEET}", dòng ${row}, cột "${column}": `;
    expect(problems).toEqual([
      {
        sheet: EQUIPMENT_SHEET,
        row: 2,
        column: 'Số lượng',
        columnKey: 'so-luong',
        message: `${at(2, 'Số lượng')}"mười" không phải số nguyên. Cách sửa: ghi số bằng chữ số, không kèm đơn vị, ví dụ 12.`,
      },
      expect.objectContaining({
        row: 2,
        columnKey: 'ngay-kiem-ke',
        message: `${at(2, 'Ngày kiểm kê tình trạng')}"5 tháng 3" không phải ngày. Cách sửa: ghi ngày dạng dd/mm/yyyy, ví dụ 05/03/2026.`,
      }),
      expect.objectContaining({
        row: 2,
        columnKey: 'con-su-dung',
        message: `${at(2, 'Còn sử dụng được')}"có lẽ" không phải Có/Không. Cách sửa: chọn Có hoặc Không.`,
      }),
      expect.objectContaining({
        row: 2,
        columnKey: 'kinh-phi',
        message: expect.stringContaining(
          `${at(2, 'Kinh phí thay thế dự kiến')}"12 triệu" không phải số. Cách sửa: ghi số bằng chữ số, không kèm đơn vị`,
        ),
      }),
      expect.objectContaining({
        row: 3,
        columnKey: 'so-luong',
        message: expect.stringContaining(`${at(3, 'Số lượng')}Ô chứa ngày 01/02/2026, không phải số`),
      }),
      expect.objectContaining({
        row: 3,
        columnKey: 'ngay-kiem-ke',
        message: expect.stringContaining(`${at(3, 'Ngày kiểm kê tình trạng')}Ô chứa số 46000, không phải ngày`),
      }),
    ]);
  });

  test("the declaration's rules are the checker's: their problems placed on the file's rows", async () => {
    const declaration = await equipmentTable();
    const good = ['Máy', 'Máy in', 1, 2015, null, 'Có', 1, 'Cũ'];
    const bytes = await filledTemplate(declaration, [
      ['TS-1', ...good],
      [],
      ['TS-2', 'Máy', 'Máy fax', 600, 2015, '31/02/2026', 'Có', 1, 'Cũ'],
      ['TS-1', ...good],
    ]);
    const check = await checkTableUpload(declaration, bytes, 'xlsx');
    expect(check.ok).toBe(false);
    expect(check.problems.map((p) => [p.row, p.columnKey])).toEqual([
      [4, 'loai'],
      [4, 'so-luong'],
      [4, 'ngay-kiem-ke'],
      [5, 'ma-tai-san'],
    ]);
    expect(messages(check.problems)[1]).toBe(
      `Trang "${EQUIPMENT_SHEET}", dòng 4, cột "Số lượng": 600 nằm ngoài khoảng cho phép. Cách sửa: ghi một số nguyên từ 1 đến 500 chiếc.`,
    );
    expect(messages(check.problems)[3]).toBe(
      `Trang "${EQUIPMENT_SHEET}", dòng 5: trùng với dòng 2 (cùng Mã tài sản). Cách sửa: mỗi dòng một Mã tài sản riêng; gộp hoặc bỏ dòng trùng.`,
    );
  });
});

describe('the header', () => {
  test('matched whatever the case, diacritics, spacing, unit or mark; a column key works too', async () => {
    const bytes = await xlsxOf([
      ['ma', '  MÔ TẢ ', 'ngay nhan', 'Mức   độ (*)', 'Số bản (tờ)'],
      ['HS-1', 'Có', '01/01/2026', 'Một phần', '2'],
    ]);
    const upload = await readTableUpload(EVERY_TYPE, bytes, 'xlsx');
    expect(upload).toMatchObject({
      ok: true,
      delivery: { rows: [{ ma: 'HS-1', 'mo-ta': 'Có', 'ngay-nhan': '01/01/2026', 'muc-do': 'mot-phan', 'so-ban': 2 }] },
    });
  });

  test('an unknown header, a required column missing, a header twice, a value without a header', async () => {
    const problems = await problemsOf(
      EVERY_TYPE,
      await xlsxOf([
        ['Mã hồ sơ', 'Ghi chú', 'Mức độ', 'Mức độ'],
        ['HS-1', 'x', 'Một phần', 'Một phần'],
      ]),
      'xlsx',
    );
    expect(messages(problems)).toEqual([
      'Trang "Dữ liệu", dòng 1: Tiêu đề "Ghi chú" ở cột B không thuộc mẫu. Cách sửa: đổi lại đúng một trong các tên cột "Mã hồ sơ (*)", "Mô tả", "Số bản", "Diện tích (m²)", "Ngày nhận (*)", "Mức độ (*)", "Đã số hóa", hoặc xóa cột này.',
      'Trang "Dữ liệu", dòng 1, cột "Mức độ": Cột có hai lần (lần nữa ở cột D). Cách sửa: xóa hoặc đổi tên một trong hai cột.',
      'Trang "Dữ liệu", dòng 1, cột "Ngày nhận": Dòng tiêu đề thiếu cột bắt buộc "Ngày nhận (*)". Cách sửa: thêm cột có tiêu đề "Ngày nhận (*)" như trong tệp mẫu.',
    ]);
    const stray = await problemsOf(
      EVERY_TYPE,
      await xlsxOf([
        ['Mã hồ sơ', 'Ngày nhận', 'Mức độ'],
        ['HS-1', '01/01/2026', 'Một phần', 'lạc cột'],
      ]),
      'xlsx',
    );
    expect(messages(stray)).toEqual([
      'Trang "Dữ liệu", dòng 2: Ô D2 có dữ liệu nhưng cột D không có tiêu đề. Cách sửa: chuyển nội dung sang đúng cột của mẫu, hoặc xóa ô này.',
    ]);
  });
});

describe('bounds and files that are not what they claim', () => {
  test("more rows than the declaration's maxRows: refused before any cell is read", async () => {
    const rows = Array.from({ length: 6 }, (_, i) => [`HS-${i + 1}`, null, 'abc', null, '01/01/2026', 'Một phần']);
    const problems = await problemsOf(EVERY_TYPE, await filledTemplate(EVERY_TYPE, rows), 'xlsx');
    expect(messages(problems)).toEqual([
      'Trang "Bảng thử mọi kiểu cột nháp": Bảng có 6 dòng, tối đa 5. Cách sửa: bỏ các dòng trùng hoặc thừa, và xóa hẳn các dòng ví dụ hay dòng cộng ở cuối.',
    ]);
    const json = Buffer.from(JSON.stringify({ rows: Array.from({ length: 6 }, (_, i) => ({ ma: `HS-${i}` })) }));
    expect(messages(await problemsOf(EVERY_TYPE, json, 'json'))).toEqual([
      'Tệp: Bảng có 6 dòng, tối đa 5. Cách sửa: bỏ các dòng trùng hoặc thừa.',
    ]);
  });

  test('problems are listed up to 200, then counted', async () => {
    const declaration = declaredTable({
      kind: 'table',
      title: 'Số liệu',
      columns: [{ key: 'so', label: 'Số', type: 'integer', required: true }],
      rowKey: ['so'],
      maxRows: 300,
    });
    const csv = ['Số', ...Array.from({ length: 250 }, (_, i) => `số ${i}`)].join('\n');
    const problems = await problemsOf(declaration, Buffer.from(csv), 'csv');
    expect(problems).toHaveLength(201);
    expect(problems[199]).toMatchObject({
      row: 201,
      message:
        'Dòng 201, cột "Số": "số 199" không phải số nguyên. Cách sửa: ghi số bằng chữ số, không kèm đơn vị, ví dụ 12.',
    });
    expect(problems[200]).toEqual({ message: '… và 50 lỗi khác.' });
    expect(tableFileFormat('Danh-muc.XLSX')).toBe('xlsx');
    expect(tableFileFormat('danh-muc.xls')).toBeUndefined();
  });

  test('a file that is not an .xlsx, an empty one, one too large, a zip bomb of merges', async () => {
    const declaration = await equipmentTable();
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n');
    expect(messages(await problemsOf(declaration, pdf, 'xlsx'))).toEqual([
      expect.stringMatching(/^Tệp: Tệp là PDF, không phải \.xlsx\. Cách sửa: mở tệp bằng Excel/),
    ]);
    const csv = Buffer.from(tableCsv(declaration));
    expect(messages(await problemsOf(declaration, csv, 'xlsx'))[0]).toContain(
      'văn bản thuần (có thể là CSV đổi đuôi .xlsx)',
    );
    expect(messages(await problemsOf(declaration, Buffer.alloc(0), 'xlsx'))).toEqual([
      'Tệp: Tệp rỗng (0 byte). Cách sửa: chọn đúng tệp đã lưu, hoặc dùng tệp mẫu.',
    ]);
    const large = Buffer.alloc(LIST_FILE_LIMITS.maxBytes + 1, 0x41);
    expect(messages(await problemsOf(declaration, large, 'csv'))[0]).toMatch(
      /^Tệp: Tệp nặng 10\.0 MB, quá giới hạn 10 MB/,
    );
    const merged = await xlsxWithMerges([['Mã tài sản', 'Tên thiết bị']], ['A1:Z100000'], EQUIPMENT_SHEET);
    expect(messages(await problemsOf(declaration, merged, 'xlsx'))[0]).toMatch(
      /^Trang "Danh mục thiết bị công nghệ": Vùng gộp ô A1:Z100000 quá lớn/,
    );
    // 51 MB of spaces deflate to a few kilobytes: refused by the unzipped size before anything is inflated.
    const template = await filledTemplate(declaration, []);
    const entries = readZipDirectory(template);
    const bomb = rewriteZip(template, entries, new Map([['docProps/app.xml', Buffer.alloc(51 * 1024 * 1024, 0x20)]]));
    expect(bomb.length).toBeLessThan(LIST_FILE_LIMITS.maxBytes);
    expect(messages(await problemsOf(declaration, bomb, 'xlsx'))).toEqual([
      expect.stringMatching(/^Tệp: Nội dung tệp khi giải nén vượt quá 50 MB/),
    ]);
  });
});

describe('.csv and .json', () => {
  test('a .csv with semicolons and Vietnamese numbers reads as the same delivery as the .xlsx', async () => {
    const declaration = await equipmentTable();
    const csv = [
      'Mã tài sản;Tên thiết bị;Loại thiết bị;Số lượng;Năm mua;Ngày kiểm kê tình trạng;Còn sử dụng được;Kinh phí thay thế dự kiến;Lý do thay thế',
      'TS-1;Máy chủ Dell;Máy chủ;1;2012;01/06/2026;Không;"120.000.000";Hết bảo hành',
      ';;;;;;;;',
      'TS-2;Máy quét;Máy quét;2;2016;;Có;8.500.000;Kẹt giấy',
    ].join('\r\n');
    const check = await checkTableUpload(declaration, Buffer.from(csv), 'csv');
    expect(check.problems).toEqual([]);
    expect(check.delivery!.rows.map((r) => [r['ma-tai-san'], r['kinh-phi'], r['con-su-dung']])).toEqual([
      ['TS-1', 120_000_000, false],
      ['TS-2', 8_500_000, true],
    ]);
    const bad = await checkTableUpload(
      declaration,
      Buffer.from(csv.replace('Máy quét;Máy quét;2', 'Máy quét;Máy quét;hai')),
      'csv',
    );
    expect(bad.problems).toEqual([
      expect.objectContaining({
        row: 4,
        columnKey: 'so-luong',
        message: expect.stringMatching(/^Dòng 4, cột "Số lượng": "hai" không phải số nguyên/),
      }),
    ]);
  });

  test('a .json is the delivery itself, judged by the checker; bad syntax is placed on its line', async () => {
    const delivery = { rows: [{ ma: 'HS-1', 'ngay-nhan': '01/01/2026', 'muc-do': 'Một phần', 'so-ban': 'mười' }] };
    const check = await checkTableUpload(EVERY_TYPE, Buffer.from(JSON.stringify(delivery)), 'json');
    expect(check.problems).toEqual([
      expect.objectContaining({
        row: 1,
        columnKey: 'so-ban',
        message: expect.stringMatching(/^Dòng 1, cột "Số bản": "mười" không phải là số/),
      }),
    ]);
    const broken = Buffer.from('{\n  "rows": [\n    { "ma": "HS-1", }\n  ]\n}');
    expect(await problemsOf(EVERY_TYPE, broken, 'json')).toEqual([
      expect.objectContaining({ row: 3, message: expect.stringMatching(/^Dòng 3: Tệp JSON sai cú pháp/) }),
    ]);
  });

  test('a delivery written out as .xlsx and .csv reads back as the same delivery', async () => {
    const declaration = await equipmentTable();
    const delivery = {
      rows: [
        {
          'ma-tai-san': 'A-1',
          'ten-thiet-bi': 'Máy',
          loai: 'Khác',
          'so-luong': 7,
          'nam-mua': 2001,
          'con-su-dung': true,
          'kinh-phi': 1_234_567,
          'ly-do': 'Cũ',
        },
      ],
    };
    for (const [format, bytes] of [
      ['xlsx', await tableXlsx(declaration, delivery)],
      ['csv', Buffer.from(tableCsv(declaration, delivery))],
    ] as const)
      expect(await readTableUpload(declaration, bytes, format)).toMatchObject({ ok: true, delivery });
  });
});

/** A workbook of one sheet "Dữ liệu" with these rows from A1. */
async function xlsxOf(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Dữ liệu').addRows(rows);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
