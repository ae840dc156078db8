import ExcelJS from 'exceljs';
import { ANNEX_SHEET, SUMMARY_SHEET, catalogueWorkbook, type AcceptedList } from '../../activities/catalogue-export';
import { splitForPrint, wrappedLines } from '../../domain/print-wrap';

// The catalogue is the annex of the Chairman's decision: it must print whole. Excel shows at most
// 32,767 characters in a cell and 409 points in a row; past that, text is cut on screen and paper.

const EXCEL_CELL_CHARS = 32_767;
const EXCEL_ROW_POINTS = 409;
/** A line of wrapped 11–12-point text, and a generous share of a column's width it surely holds. */
const LINE_POINTS = 16;
const charsPerLine = (width: number) => Math.floor(width * 0.7);

const heading = { campaignId: 'c', directive: '751/UBND-TTHC', at: '2024-03-08T09:00:00+07:00' };
const BASIS = Array.from({ length: 700 }, (_, i) => `Điều ${i + 1} Nghị định 107/2021/NĐ-CP;`).join(' ');

/** 200 agencies proposing the same paper of the same procedure, one with a 5,000-character Căn cứ. */
function sameDocument(agencies: number): { lists: AcceptedList[]; names: Map<string, string> } {
  const lists: AcceptedList[] = Array.from({ length: agencies }, (_, i) => ({
    agencyCode: `ubnd-xa-${String(i + 1).padStart(3, '0')}`,
    list: {
      procedures: [
        {
          code: '1.001612.000.00.00.H48',
          name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam',
          field: 'Lý lịch tư pháp',
          level: 'UBND cấp xã',
          documents: [
            {
              name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp',
              kind: 'thanh_phan_ho_so',
              basis: i === 0 ? BASIS.slice(0, 5_000) : 'Điều 45 Luật Lý lịch tư pháp 2009',
              note: i % 2 ? 'Số hóa khi tiếp nhận' : undefined,
            },
          ],
        },
      ],
    },
  }));
  const names = new Map(lists.map((l, i) => [l.agencyCode, `Ủy ban nhân dân xã số ${i + 1} huyện Bình Sơn`]));
  return { lists, names };
}

async function roundTrip(workbook: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const loaded = new ExcelJS.Workbook();
  await loaded.xlsx.load((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  return loaded;
}

/** Every row's height as Excel needs it for its wrapped cells, merged cells counted across their columns. */
function tallestRows(sheet: ExcelJS.Worksheet): { row: number; points: number; chars: number }[] {
  const width = (col: number) => sheet.getColumn(col).width ?? 9;
  const out: { row: number; points: number; chars: number }[] = [];
  sheet.eachRow((row, number) => {
    let points = 0;
    let chars = 0;
    row.eachCell((cell, col) => {
      if (cell.isMerged && cell.master !== cell) return;
      const text = String(cell.value ?? '');
      chars = Math.max(chars, text.length);
      let span = width(col);
      if (cell.isMerged)
        for (let c = col + 1; c <= sheet.columnCount && row.getCell(c).master === cell; c++) span += width(c);
      // Unwrapped text runs on over the empty cells to its right, on one line that must fit them.
      if (!cell.isMerged && !cell.alignment?.wrapText) {
        for (let c = col + 1; c <= sheet.columnCount && !row.getCell(c).value; c++) span += width(c);
        points = Math.max(points, text.length <= charsPerLine(span) ? LINE_POINTS : Infinity);
        return;
      }
      const lines = text.split('\n').reduce((sum, p) => sum + Math.max(1, Math.ceil(p.length / charsPerLine(span))), 0);
      points = Math.max(points, lines * LINE_POINTS);
    });
    out.push({ row: number, points: Math.max(points, row.height ?? 0), chars });
  });
  return out;
}

test('a catalogue of 200 agencies proposing the same document prints without truncation', async () => {
  const { lists, names } = sameDocument(200);
  const workbook = await roundTrip(catalogueWorkbook(heading, lists, names));
  const annex = workbook.getWorksheet(ANNEX_SHEET)!;
  const summary = workbook.getWorksheet(SUMMARY_SHEET)!;

  for (const sheet of [annex, summary])
    for (const { row, points, chars } of tallestRows(sheet)) {
      expect({ row, chars: Math.min(chars, EXCEL_CELL_CHARS + 1) }).toEqual({
        row,
        chars: Math.min(chars, EXCEL_CELL_CHARS),
      });
      expect({ row, fits: points <= EXCEL_ROW_POINTS }).toEqual({ row, fits: true });
    }

  // One line per agency under its own heading: every agency is named, no cell lists them.
  const column = (sheet: ExcelJS.Worksheet, col: number) => {
    const cells: string[] = [];
    sheet.eachRow((row, n) => n > 8 && cells.push(String(row.getCell(col).value ?? '')));
    return cells;
  };
  const groups = column(annex, 1).filter((text) => / \(1 giấy tờ\)$/.test(text));
  expect(groups).toHaveLength(200);
  for (const name of names.values()) expect(groups.filter((g) => g.includes(`${name} (`))).toHaveLength(1);
  expect(column(annex, 6).filter((text) => text === 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp')).toHaveLength(200);
  // The 5,000-character Căn cứ continues on the rows below, whole.
  // Continuation rows have no STT: they follow the first agency's line until the next group.
  const numbers = column(annex, 1);
  const first = column(annex, 8).findIndex((text) => text.startsWith('Điều 1 Nghị định'));
  let last = first + 1;
  while (numbers[last] === '') last++;
  const pieces = column(annex, 8).slice(first, last);
  expect(pieces.length).toBeGreaterThan(1);
  expect(pieces.join(' ')).toBe(BASIS.slice(0, 5_000));

  // The summary by paper: one row, how many agencies, no names.
  expect(column(summary, 4).filter(Boolean)).toEqual(['Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp']);
  expect(column(summary, 6).filter(Boolean)).toEqual(['200']);

  // Printed: A4 landscape, one page wide, the table's header on every page, numbered pages.
  for (const sheet of [annex, summary]) {
    expect(sheet.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    });
    expect(sheet.pageSetup.printTitlesRow).toBe('8:8');
    expect(sheet.headerFooter.oddHeader).toContain('&P');
    expect(sheet.headerFooter.oddFooter).toContain('&P/&N');
  }
});

test('the annex carries every column the agencies filled in, under the national header', async () => {
  const { lists, names } = sameDocument(2);
  const annex = (await roundTrip(catalogueWorkbook(heading, lists, names))).getWorksheet(ANNEX_SHEET)!;
  const text = (row: number) => (annex.getRow(row).values as unknown[]).slice(1).map((v) => String(v ?? ''));
  expect(text(1)[0]).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  expect(text(2)[0]).toBe('Độc lập - Tự do - Hạnh phúc');
  expect(text(4)[0]).toBe('PHỤ LỤC');
  expect(text(5)[0]).toBe('DANH MỤC GIẤY TỜ, TÀI LIỆU CẦN SỐ HÓA CỦA TỪNG THỦ TỤC HÀNH CHÍNH');
  expect(text(6)[0]).toBe('(Dự thảo tổng hợp ngày 08/03/2024 thực hiện Công văn 751/UBND-TTHC, chưa phê duyệt)');
  expect(text(8)).toEqual([
    'STT',
    'Mã TTHC',
    'Tên thủ tục hành chính',
    'Lĩnh vực',
    'Cơ quan/cấp thực hiện',
    'Tên giấy tờ, tài liệu cần số hóa',
    'Loại',
    'Căn cứ',
    'Ghi chú',
  ]);
  // The second agency's group: its heading, then its paper with Lĩnh vực, cấp, Căn cứ and Ghi chú.
  const second = [...Array(annex.rowCount).keys()].map((i) => i + 1).find((r) => text(r)[0]?.startsWith('2. '))!;
  expect(text(second)[0]).toBe('2. Ủy ban nhân dân xã số 2 huyện Bình Sơn (1 giấy tờ)');
  expect(text(second + 1)).toEqual([
    '2',
    '1.001612',
    'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam',
    'Lý lịch tư pháp',
    'UBND cấp xã',
    'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp',
    'Thành phần hồ sơ',
    'Điều 45 Luật Lý lịch tư pháp 2009',
    'Số hóa khi tiếp nhận',
  ]);
});

test('after approval the annex says which decision it goes with', async () => {
  const { lists, names } = sameDocument(1);
  const approved = { ...heading, decision: { number: '512/QĐ-UBND', date: '2024-03-13T00:00:00+07:00' } };
  const workbook = await roundTrip(catalogueWorkbook(approved, lists, names));
  for (const sheet of [ANNEX_SHEET, SUMMARY_SHEET])
    expect(String(workbook.getWorksheet(sheet)!.getCell('A6').value)).toBe(
      '(Ban hành kèm theo Quyết định số 512/QĐ-UBND ngày 13/03/2024 của Chủ tịch UBND tỉnh)',
    );
});

test('long text is cut at spaces into pieces a row can show, and nothing is lost', () => {
  expect(splitForPrint('ngắn', 20)).toEqual(['ngắn']);
  const long = 'chữ '.repeat(2_000).trim();
  const pieces = splitForPrint(long, 20);
  expect(pieces.join(' ')).toBe(long);
  for (const piece of pieces) expect(wrappedLines(piece, 20)).toBeLessThanOrEqual(18);
  const word = 'x'.repeat(2_000);
  expect(splitForPrint(word, 20).join('')).toBe(word);
});
