import fc from 'fast-check';
import { type DocumentDraft, type ListDraft } from './values';
import type { ExpectedLocation } from './list-files';

// A list laid out as the template's sheet (the rows of a .csv or .xlsx), and a change of one.

export const LIST_HEADER_ROW = [
  'STT',
  'Mã TTHC',
  'Tên TTHC',
  'Lĩnh vực',
  'Cơ quan/cấp thực hiện',
  'Tên giấy tờ',
  'Loại giấy tờ',
  'Căn cứ',
  'Ghi chú',
] as const;
export type Header = (typeof LIST_HEADER_ROW)[number];
export const col = (header: Header) => LIST_HEADER_ROW.indexOf(header);
const KIND_WRITTEN: Record<DocumentDraft['kind'], string[]> = {
  thanh_phan_ho_so: ['Thành phần hồ sơ', 'thanh_phan_ho_so', 'THÀNH PHẦN HỒ SƠ', 'Thanh phan ho so'],
  ket_qua: ['Kết quả', 'ket_qua', 'Kết quả giải quyết TTHC', 'ket qua'],
  y_kien: ['Ý kiến', 'y_kien', 'Kết quả kiểm tra, xác minh, ý kiến của cơ quan tham gia', 'Y KIEN'],
};

/** A list laid out as the template's sheet; how it is written (title, repeated codes, labels) varies. */
export interface Sheet {
  rows: string[][];
  headerRow: number;
  /** Row (1-based) of each document: rowOf[p][d]. */
  rowOf: number[][];
  list: ListDraft;
}

export const sheetOf = (list: fc.Arbitrary<ListDraft>): fc.Arbitrary<Sheet> =>
  fc.tuple(list, fc.boolean(), fc.boolean(), fc.nat()).map(([list, title, repeat, labels]) => {
    const rows: string[][] = title ? [['DANH SÁCH GIẤY TỜ CẦN SỐ HÓA'], []] : [];
    rows.push([...LIST_HEADER_ROW]);
    const headerRow = rows.length;
    let stt = 0;
    const rowOf = list.procedures.map((p) =>
      p.documents.map((doc, d) => {
        const first = d === 0 || repeat;
        const written = KIND_WRITTEN[doc.kind];
        rows.push([
          String(++stt),
          first ? p.code : '',
          first ? p.name : '',
          first ? (p.field ?? '') : '',
          first ? (p.level ?? '') : '',
          doc.name,
          written[(labels + stt) % written.length]!,
          doc.basis ?? '',
          doc.note ?? '',
        ]);
        return rows.length;
      }),
    );
    return { rows, headerRow, rowOf, list };
  });

export interface SheetChange {
  expected: ExpectedLocation;
  what: string;
}
/** A change of a sheet, given a value and two numbers that pick a procedure and a document. */
