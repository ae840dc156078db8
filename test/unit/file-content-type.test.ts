import ExcelJS from 'exceljs';
import { detectFileType } from '../../server/files/content-type';
import {
  contentTypesXml,
  tinyDocx,
  tinyJpeg,
  tinyOpenDocument,
  tinyPdf,
  tinyPng,
  zipOf,
} from '../support/sample-files';

// A file's type is what its content shows: each accepted type is told from the others, and a file
// that only claims a type by its name, a zip that is no document, a macro document, a damaged or
// oversized archive are none of them.

async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Báo cáo').addRow(['Chỉ tiêu', 'Số liệu']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

test('each accepted type is found from its content', async () => {
  expect(detectFileType(tinyPdf())).toBe('pdf');
  expect(detectFileType(tinyPng())).toBe('png');
  expect(detectFileType(tinyJpeg())).toBe('jpg');
  expect(detectFileType(tinyDocx())).toBe('docx');
  expect(detectFileType(await workbook())).toBe('xlsx');
  expect(detectFileType(tinyOpenDocument('text'))).toBe('odt');
  expect(detectFileType(tinyOpenDocument('spreadsheet'))).toBe('ods');
});

test('content of no accepted type is refused, whatever it claims', () => {
  expect(detectFileType(Buffer.alloc(0))).toBeUndefined();
  expect(detectFileType(Buffer.from('Đây là văn bản thường, không phải PDF.\n'))).toBeUndefined();
  expect(detectFileType(Buffer.from('PDF-1.4 without its percent sign'))).toBeUndefined();
  expect(detectFileType(Buffer.from('GIF89a', 'latin1'))).toBeUndefined();
  // A zip that is no document, and a presentation (an Office file of another kind).
  expect(detectFileType(zipOf([{ name: 'ghi-chu.txt', content: 'xin chào' }]))).toBeUndefined();
  expect(
    detectFileType(
      zipOf([
        {
          name: '[Content_Types].xml',
          content: contentTypesXml(
            'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
          ),
        },
      ]),
    ),
  ).toBeUndefined();
  // A macro-enabled Word document is not a .docx.
  expect(
    detectFileType(
      zipOf([
        {
          name: '[Content_Types].xml',
          content: contentTypesXml('application/vnd.ms-word.document.macroEnabled.main+xml'),
        },
      ]),
    ),
  ).toBeUndefined();
  // An OpenDocument presentation.
  expect(
    detectFileType(zipOf([{ name: 'mimetype', content: 'application/vnd.oasis.opendocument.presentation' }])),
  ).toBeUndefined();
});

test('a damaged or oversized archive is refused without reading past its bounds', () => {
  const docx = tinyDocx();
  expect(detectFileType(docx.subarray(0, docx.length - 30))).toBeUndefined();
  // A `[Content_Types].xml` that inflates past any real document's (a zip bomb's first step).
  const padded = contentTypesXml(
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  ).replace('<Types', `<!--${' '.repeat(2 * 1024 * 1024)}--><Types`);
  const bomb = zipOf([{ name: '[Content_Types].xml', content: padded }]);
  expect(bomb.length).toBeLessThan(64 * 1024);
  expect(detectFileType(bomb)).toBeUndefined();
});
