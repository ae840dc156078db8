import { CsvError, parse } from 'csv-parse/sync';
import { ListFileError } from './errors';
import { LIST_FILE_LIMITS, matchHeader } from './layout';
import type { RawRow, RawSheet } from './cells';

// Reading a .csv: UTF-8 (a BOM is allowed, as Excel's "CSV UTF-8" writes one), comma or semicolon
// delimiter (Excel in Vietnamese or European locales writes semicolons). Every cell is text, so
// the record number is what a spreadsheet program shows as the row.

const SAVE_AS_CSV_UTF8 =
  'trong Excel chọn File → Save As → "CSV UTF-8 (Comma delimited) (*.csv)", hoặc nộp tệp .xlsx theo mẫu';

function decode(buffer: Buffer, file: string): string {
  if (
    buffer.length >= 2 &&
    ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff))
  ) {
    throw new ListFileError(file, [
      { message: 'tệp CSV được lưu bằng mã UTF-16 ("Unicode Text"), không phải UTF-8', fix: SAVE_AS_CSV_UTF8 },
    ]);
  }
  if (buffer.subarray(0, 4).equals(Buffer.from('PK\u0003\u0004', 'latin1'))) {
    throw new ListFileError(file, [
      {
        message: 'tệp là bảng tính Excel (.xlsx) đổi đuôi .csv',
        fix: 'đổi đuôi tệp thành .xlsx, hoặc lưu lại dạng CSV UTF-8',
      },
    ]);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\ufeff/, '');
  } catch {
    throw new ListFileError(file, [
      {
        message:
          'tệp CSV không phải mã UTF-8 (có thể lưu bằng bảng mã Windows-1258 hoặc TCVN3, chữ tiếng Việt sẽ bị lỗi)',
        fix: SAVE_AS_CSV_UTF8,
      },
    ]);
  }
}

/** A record past the cell bounds, stopped while parsing so no more cells are kept. */
class TooManyCells extends Error {
  constructor(
    readonly row: number,
    readonly fix: string,
    message: string,
  ) {
    super(message);
  }
}

function parseWith(text: string, delimiter: string, file: string): string[][] {
  let cells = 0;
  try {
    return parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
      max_record_size: 1_000_000,
      on_record: (record: string[], context) => {
        const row = context.lines;
        if (record.length > LIST_FILE_LIMITS.maxCsvCellsPerRow)
          throw new TooManyCells(
            row,
            `mỗi dòng chỉ ghi các cột của tệp mẫu (tối đa ${LIST_FILE_LIMITS.maxCsvCellsPerRow} ô); kiểm tra dấu phân cách (dấu phẩy hoặc chấm phẩy) trong nội dung ô`,
            `dòng có ${record.length.toLocaleString('vi-VN')} ô`,
          );
        cells += record.length;
        if (cells > LIST_FILE_LIMITS.maxCsvCells)
          throw new TooManyCells(
            row,
            'bỏ các dòng và cột thừa, hoặc chia danh sách',
            `tệp có hơn ${LIST_FILE_LIMITS.maxCsvCells.toLocaleString('vi-VN')} ô`,
          );
        return record;
      },
    });
  } catch (error) {
    if (error instanceof TooManyCells)
      throw new ListFileError(file, [{ row: error.row, message: error.message, fix: error.fix }], { cause: error });
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new ListFileError(
        file,
        [
          {
            ...(line !== undefined && { row: line }),
            message:
              error.code === 'CSV_QUOTE_NOT_CLOSED'
                ? 'dấu ngoặc kép (") mở mà không đóng'
                : `tệp CSV sai cấu trúc (${error.message})`,
            fix: 'đặt mỗi ô có dấu phẩy, chấm phẩy hoặc xuống dòng trong cặp dấu ngoặc kép, và viết dấu ngoặc kép bên trong ô thành hai dấu ("")',
          },
        ],
        { cause: error },
      );
    }
    throw error;
  }
}

/** The delimiter whose first lines hold the most known headers: `,` unless `;` does better. */
function chooseDelimiter(text: string, isHeader: (text: string) => boolean): string {
  const head = text.split(/\r?\n/).slice(0, LIST_FILE_LIMITS.headerSearchRows);
  const score = (delimiter: string) =>
    Math.max(0, ...head.map((line) => line.split(delimiter).filter((part) => isHeader(part.replace(/"/g, ''))).length));
  return score(';') > score(',') ? ';' : ',';
}

/** A .csv as raw text cells; `isHeader` tells a known header (by default the list's) to choose the delimiter. */
export function readCsvSheet(
  buffer: Buffer,
  file: string,
  isHeader: (text: string) => boolean = (text) => matchHeader(text) !== undefined,
): RawSheet {
  const text = decode(buffer, file);
  if (text.trim() === '')
    throw new ListFileError(file, [{ message: 'tệp rỗng', fix: 'chọn đúng tệp danh sách đã lưu, hoặc dùng tệp mẫu' }]);
  const records = parseWith(text, chooseDelimiter(text, isHeader), file);
  const rows: RawRow[] = records.map((record, index) => ({
    row: index + 1,
    cells: new Map(record.map((text, column) => [column, { type: 'text' as const, text }])),
  }));
  return { rows };
}
