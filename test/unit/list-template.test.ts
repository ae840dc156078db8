import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import {
  LIST_COLUMNS,
  LIST_HEADERS,
  TEMPLATE_FILE,
  buildListTemplate,
  listCsvTemplate,
  readListFile,
  writeListCsvTemplate,
  writeListTemplate,
} from '../../list-files';
import type { AgencyList } from '../../domain/agency-list';

// The shipped template (list-files/templates/mau-danh-sach-giay-to-so-hoa.xlsx) must read back as its
// example rows and match what the code builds; regenerate it with
// `node --import tsx list-files/generate-template.ts` when the layout changes.

const exampleList: AgencyList = {
  procedures: [
    {
      code: '1.001612.000.00.00.H48',
      name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam',
      field: 'Lý lịch tư pháp',
      level: 'Sở Tư pháp',
      documents: [
        {
          name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp',
          kind: 'thanh_phan_ho_so',
          basis: 'Luật Lý lịch tư pháp 2009',
        },
        {
          name: 'Phiếu lý lịch tư pháp',
          kind: 'ket_qua',
          basis: 'Luật Lý lịch tư pháp 2009',
          note: 'Kết quả giải quyết TTHC còn hiệu lực',
        },
      ],
    },
  ],
};

/** What a person sees in the workbook: sheets, cells with their look, widths, panes, dropdowns. */
function structure(workbook: ExcelJS.Workbook) {
  return workbook.worksheets.map((sheet) => {
    const cells: unknown[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        cells.push({
          r,
          c,
          value: cell.value,
          numFmt: cell.numFmt,
          bold: cell.font?.bold,
          italic: cell.font?.italic,
          fill: (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor,
        });
      }),
    );
    const validations = (sheet as unknown as { dataValidations: { model: Record<string, unknown> } }).dataValidations
      .model;
    return {
      name: sheet.name,
      state: sheet.state,
      views: ((sheet.views ?? []) as Partial<ExcelJS.WorksheetViewFrozen>[]).map(
        ({ state, xSplit, ySplit, topLeftCell }) => ({ state, xSplit, ySplit, topLeftCell }),
      ),
      widths: (sheet.columns ?? []).map((column) => column.width),
      columnFormats: (sheet.columns ?? []).map((column) => column.numFmt),
      cells,
      merges: (sheet.model as { merges?: string[] }).merges ?? [],
      validations: { count: Object.keys(validations).length, first: validations['G2'], last: validations['G20001'] },
    };
  });
}

async function load(source: string | Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  if (typeof source === 'string') await workbook.xlsx.readFile(source);
  else await workbook.xlsx.load(source as unknown as ExcelJS.Buffer);
  return workbook;
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-template-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the shipped template is small and reads back as its two example rows', async () => {
  expect(path.relative(process.cwd(), TEMPLATE_FILE)).toBe(
    path.join('list-files', 'templates', 'mau-danh-sach-giay-to-so-hoa.xlsx'),
  );
  expect(fs.statSync(TEMPLATE_FILE).size).toBeLessThan(50 * 1024);
  await expect(readListFile(TEMPLATE_FILE)).resolves.toEqual(exampleList);
});

test('the shipped template has the structure the code produces', async () => {
  const fresh = Buffer.from(await buildListTemplate().xlsx.writeBuffer());
  const shipped = structure(await load(TEMPLATE_FILE));
  expect(shipped).toEqual(structure(await load(fresh)));

  const [list, guide] = shipped;
  expect(list).toMatchObject({
    name: 'Danh sách',
    views: [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2' }],
    widths: LIST_COLUMNS.map((column) => column.width),
    // Every column but STT is Text, so Excel keeps 1.002420 as typed.
    columnFormats: LIST_COLUMNS.map((column) => (column.key === 'stt' ? undefined : '@')),
    validations: {
      count: 20_000,
      first: {
        type: 'list',
        allowBlank: true,
        formulae: ['"Thành phần hồ sơ,Kết quả,Ý kiến"'],
        showErrorMessage: true,
        errorStyle: 'warning',
      },
    },
  });
  expect(list!.validations.last).toEqual(list!.validations.first);
  expect(list!.cells.filter((cell) => (cell as { r: number }).r === 1)).toEqual(
    LIST_HEADERS.map((header, index) =>
      expect.objectContaining({ c: index + 1, value: header, bold: true, fill: { argb: 'FFD9E1F2' } }),
    ),
  );
  expect(guide!.name).toBe('Hướng dẫn');
  const guideText = guide!.cells.map((cell) => String((cell as { value: unknown }).value)).join('\n');
  for (const header of LIST_HEADERS) expect(guideText).toContain(header);
  for (const words of [
    'Điều 4 Thông tư số 01/2023/TT-VPCP',
    'Bản sao không có chứng thực, bản chụp',
    'chỉ xuất trình',
    'Tài liệu mật',
    'cơ sở dữ liệu quốc gia',
    'Xóa hai dòng ví dụ',
  ]) {
    expect(guideText).toContain(words);
  }
});

test('writeListTemplate and writeListCsvTemplate write files that read back as the examples', async () => {
  const xlsx = path.join(dir, 'nested', 'mau.xlsx');
  await writeListTemplate(xlsx);
  await expect(readListFile(xlsx)).resolves.toEqual(exampleList);

  const csv = path.join(dir, 'mau.csv');
  await writeListCsvTemplate(csv);
  const text = fs.readFileSync(csv, 'utf8');
  expect(text).toBe(listCsvTemplate());
  expect(text.startsWith(`\ufeff${LIST_HEADERS.join(',')}\r\n`)).toBe(true);
  await expect(readListFile(csv)).resolves.toEqual(exampleList);
});
