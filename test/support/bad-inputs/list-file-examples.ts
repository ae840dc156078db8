import { LIST_FILE_LIMITS } from '../../../list-files';
import {
  csvText,
  patchCentralDirectory,
  patchZip,
  workbookBuffer,
  type ExpectedLocation,
  type ListFileCase,
} from './list-files';
import { described } from './values';

// Whole-file problems, one of each: they need no shrinking (each is already one fact about a file),
// and they run first in the list-file properties as fast-check examples.

const file = (
  format: ListFileCase['format'],
  mutation: string,
  content: Buffer,
  what: string,
  expected: ExpectedLocation = { kind: 'file' },
): ListFileCase => described({ format, mutation, content, expected, what }, `${format} ${mutation}: ${what}`);

const HEADER = 'STT,Mã TTHC,Tên TTHC,Lĩnh vực,Cơ quan/cấp thực hiện,Tên giấy tờ,Loại giấy tờ,Căn cứ,Ghi chú';
const VALID_CSV = `${HEADER}\n1,1.002421,Cấp Phiếu lý lịch tư pháp,,,Tờ khai,Kết quả,,\n`;
const VALID_JSON = JSON.stringify({
  procedures: [
    { code: '1.002421', name: 'Cấp Phiếu lý lịch tư pháp', documents: [{ name: 'Tờ khai', kind: 'ket_qua' }] },
  ],
});
const randomBytes = (n: number, seed: number) =>
  Buffer.from(Array.from({ length: n }, (_v, i) => (i * 7919 + seed * 104_729) % 256));

export function csvExamples(): ListFileCase[] {
  const row = (i: number) => [
    String(i + 1),
    '1.002421',
    'Cấp Phiếu lý lịch tư pháp',
    '',
    '',
    `Giấy tờ số ${i + 1}`,
    'Kết quả',
    '',
    '',
  ];
  return [
    file('csv', 'empty', Buffer.alloc(0), 'tệp 0 byte'),
    file('csv', 'whitespace-only', Buffer.from(' \r\n\t\n  \n'), 'chỉ có khoảng trắng'),
    file('csv', 'bom-only', Buffer.from('\ufeff'), 'chỉ có BOM'),
    file('csv', 'utf16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VALID_CSV, 'utf16le')]), 'mã UTF-16'),
    file('csv', 'latin1', Buffer.from(VALID_CSV, 'latin1'), 'mã Latin-1 thay cho UTF-8'),
    file(
      'csv',
      'xlsx-renamed',
      Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(200, 7)]),
      'tệp zip đổi đuôi .csv',
    ),
    file('csv', 'random-binary', Buffer.concat([Buffer.from([0xc3, 0x28]), randomBytes(3_000, 1)]), 'byte ngẫu nhiên'),
    file('csv', 'too-large', Buffer.alloc(LIST_FILE_LIMITS.maxBytes + 100, 'a,b,c\n'), 'tệp hơn 10 MB'),
    file(
      'csv',
      'too-many-rows',
      Buffer.from(
        csvText([HEADER.split(','), ...Array.from({ length: LIST_FILE_LIMITS.maxRows + 1 }, (_v, i) => row(i))]),
      ),
      'hơn 20.000 dòng giấy tờ',
      { kind: 'cell' },
    ),
    file(
      'csv',
      'record-too-large',
      Buffer.from(csvText([HEADER.split(','), [...row(0).slice(0, 8), 'x'.repeat(1_100_000)]])),
      'ô dài 1,1 triệu ký tự',
      { kind: 'cell' },
    ),
    file(
      'csv',
      'unclosed-quote',
      Buffer.from(`${VALID_CSV}2,"1.002422,Tên TTHC,,,Tờ khai,Kết quả,,\n`),
      'dấu ngoặc kép mở mà không đóng',
      { kind: 'cell' },
    ),
    file(
      'csv',
      'comma-in-code-unquoted',
      Buffer.from(VALID_CSV.replace('1.002421', '1,002421')),
      'mã TTHC viết dấu phẩy, không đặt trong ngoặc kép',
      { kind: 'cell', row: 2 },
    ),
  ];
}

export function jsonExamples(): ListFileCase[] {
  return [
    file('json', 'empty', Buffer.alloc(0), 'tệp 0 byte'),
    file('json', 'whitespace-only', Buffer.from('  \n\t '), 'chỉ có khoảng trắng'),
    file('json', 'utf16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VALID_JSON, 'utf16le')]), 'mã UTF-16'),
    file(
      'json',
      'deep-arrays',
      Buffer.from(`${'['.repeat(200_000)}${']'.repeat(200_000)}`),
      '200.000 cấp mảng lồng nhau',
      { kind: 'path', paths: ['procedures[1]'] },
    ),
    file(
      'json',
      'deep-objects',
      Buffer.from(`{"procedures":[${'{"documents":'.repeat(50_000)}[]${'}'.repeat(50_000)}]}`),
      '50.000 cấp đối tượng lồng nhau',
      { kind: 'path', paths: ['procedures[1].code'] },
    ),
    ...['null', '42', '"danh sách"', 'true'].map((v) =>
      file('json', 'top-level-not-object', Buffer.from(v), `nội dung là ${v}`, { kind: 'path', paths: ['(toàn bộ)'] }),
    ),
    file('json', 'top-level-empty-array', Buffer.from('[]'), 'mảng rỗng', { kind: 'path', paths: ['procedures'] }),
    file('json', 'top-level-empty-object', Buffer.from('{}'), 'đối tượng rỗng', {
      kind: 'path',
      paths: ['procedures'],
    }),
    file(
      'json',
      'too-many-documents',
      Buffer.from(
        JSON.stringify({
          procedures: [
            {
              code: '1.002421',
              name: 'Cấp Phiếu lý lịch tư pháp',
              documents: Array.from({ length: LIST_FILE_LIMITS.maxRows + 1 }, (_v, i) => ({
                name: `Giấy tờ số ${i + 1}`,
                kind: 'ket_qua',
              })),
            },
          ],
        }),
      ),
      '20.001 giấy tờ',
    ),
  ];
}

export async function xlsxExamples(): Promise<ListFileCase[]> {
  const good = await workbookBuffer([
    HEADER.split(','),
    ['1', '1.002421', 'Cấp Phiếu lý lịch tư pháp', '', '', 'Tờ khai', 'Kết quả'],
  ]);
  const sheetXml = (xml: string) =>
    patchZip(good, { 'xl/worksheets/sheet1.xml': Buffer.from(`<?xml version="1.0"?>${xml}`) });
  const bomb = patchZip(good, { 'docProps/app.xml': Buffer.alloc(60 * 1024 * 1024, 0x20) });
  return [
    file('xlsx', 'empty', Buffer.alloc(0), 'tệp 0 byte'),
    file('xlsx', 'truncated', good.subarray(0, Math.floor(good.length / 2)), 'tệp tải về không trọn vẹn'),
    file(
      'xlsx',
      'random-bytes',
      Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), randomBytes(3_000, 2)]),
      'chữ ký zip rồi byte ngẫu nhiên',
    ),
    file('xlsx', 'csv-renamed', Buffer.from(VALID_CSV), 'tệp CSV đổi đuôi .xlsx'),
    file(
      'xlsx',
      'html-renamed',
      Buffer.from('<html><body><table><tr><td>Mã TTHC</td></tr></table></body></html>'),
      'trang HTML đổi đuôi .xlsx',
    ),
    file(
      'xlsx',
      'xls-signature',
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]),
      'tệp Excel 97 (.xls)',
    ),
    file(
      'xlsx',
      'docx-renamed',
      patchZip(good, {}, ['xl/workbook.xml', 'word/document.xml']),
      'văn bản Word đổi đuôi .xlsx',
    ),
    file(
      'xlsx',
      'only-guide-sheet',
      await workbookBuffer([['Hướng dẫn điền danh sách']], { sheetName: 'Hướng dẫn' }),
      'chỉ có trang "Hướng dẫn"',
    ),
    file(
      'xlsx',
      'broken-sheet-xml',
      sheetXml('<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>99'),
      'trang tính XML bị cắt cụt',
    ),
    file(
      'xlsx',
      'huge-merge',
      sheetXml(
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>',
      ),
      'gộp ô A1:XFD1048576',
      { kind: 'cell' },
    ),
    file('xlsx', 'zip-bomb', bomb, 'một phần giải nén ra 60 MB'),
    file(
      'xlsx',
      'zip-bomb-lying-size',
      patchCentralDirectory(bomb, 'docProps/app.xml', (r) => r.writeUInt32LE(1_000, 24)),
      'một phần giải nén ra 60 MB nhưng khai 1 KB',
    ),
    file(
      'xlsx',
      'encrypted-flag',
      patchCentralDirectory(good, 'xl/workbook.xml', (r) => r.writeUInt16LE(r.readUInt16LE(8) | 1, 8)),
      'cờ mã hóa trên xl/workbook.xml',
    ),
  ];
}
