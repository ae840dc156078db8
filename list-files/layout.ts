import {
  DOCUMENT_KINDS,
  DOCUMENT_KIND_LABELS,
  DOCUMENT_KIND_SHORT_LABELS,
  type DocumentKind,
} from '../domain/agency-list';
import { foldText } from '../domain/list-quality';
import { visibleText } from '../domain/text';
import { PAYLOAD_LIMITS } from '../domain/payload-limits';

// The column layout of a list file (xlsx and csv): one row per document; the procedure columns
// repeat on each row or stay blank under the first row of a procedure. No official layout exists
// (see shared/DOMAIN.md); this one follows the letter's wording. Headers are matched without
// regard to diacritics, case, spacing, "(*)" marks or a few common alternative names.

export type ColumnKey =
  'stt' | 'code' | 'procedureName' | 'field' | 'level' | 'documentName' | 'kind' | 'basis' | 'note';

export interface ColumnSpec {
  key: ColumnKey;
  header: string;
  /** Other headers people use for the same column. */
  aliases: readonly string[];
  required: boolean;
  /** Belongs to the procedure (may be left blank under its first row). */
  procedure: boolean;
  width: number;
  /** For the "Hướng dẫn" sheet. */
  description: string;
}

export const LIST_COLUMNS: readonly ColumnSpec[] = [
  {
    key: 'stt',
    header: 'STT',
    aliases: ['Số TT', 'Số thứ tự', 'TT'],
    required: false,
    procedure: false,
    width: 6,
    description: 'Số thứ tự của dòng. Không bắt buộc; không dùng để xử lý.',
  },
  {
    key: 'code',
    header: 'Mã TTHC',
    aliases: ['Mã thủ tục', 'Mã thủ tục hành chính', 'Mã số TTHC', 'Mã TTHC trên CSDL quốc gia'],
    required: true,
    procedure: true,
    width: 24,
    description:
      'Mã TTHC trên Cơ sở dữ liệu quốc gia về TTHC: dạng 1.002421 (mã quốc gia) hoặc 1.002421.000.00.00.H48 (mã của tỉnh). Hai dạng của cùng một mã là cùng một TTHC. Cột đã định dạng Văn bản (Text) để Excel không làm mất số 0 ở cuối.',
  },
  {
    key: 'procedureName',
    header: 'Tên TTHC',
    aliases: ['Tên thủ tục', 'Tên thủ tục hành chính'],
    required: true,
    procedure: true,
    width: 48,
    description: 'Tên TTHC đúng như trên Cơ sở dữ liệu quốc gia về TTHC.',
  },
  {
    key: 'field',
    header: 'Lĩnh vực',
    aliases: ['Lĩnh vực TTHC'],
    required: false,
    procedure: true,
    width: 22,
    description: 'Lĩnh vực của TTHC, ví dụ "Lý lịch tư pháp", "Hộ tịch". Không bắt buộc.',
  },
  {
    key: 'level',
    header: 'Cơ quan/cấp thực hiện',
    aliases: ['Cơ quan thực hiện', 'Cấp thực hiện', 'Cơ quan, cấp thực hiện', 'Cơ quan giải quyết'],
    required: false,
    procedure: true,
    width: 24,
    description:
      'Cơ quan hoặc cấp giải quyết TTHC, ví dụ "Sở Tư pháp", "UBND cấp huyện", "UBND cấp xã". Không bắt buộc.',
  },
  {
    key: 'documentName',
    header: 'Tên giấy tờ',
    aliases: [
      'Tên giấy tờ, tài liệu',
      'Tên giấy tờ tài liệu',
      'Giấy tờ cần số hóa',
      'Tên giấy tờ cần số hóa',
      'Tên hồ sơ, giấy tờ',
    ],
    required: true,
    procedure: false,
    width: 48,
    description: 'Tên giấy tờ, tài liệu cần số hóa. Mỗi dòng một giấy tờ; trong một TTHC không khai trùng.',
  },
  {
    key: 'kind',
    header: 'Loại giấy tờ',
    aliases: ['Loại', 'Phân loại', 'Loại giấy tờ, tài liệu'],
    required: true,
    procedure: false,
    width: 20,
    description: `Chọn trong danh sách: ${DOCUMENT_KINDS.map((kind) => `"${DOCUMENT_KIND_SHORT_LABELS[kind]}" (${DOCUMENT_KIND_LABELS[kind]})`).join('; ')}. Chấp nhận cả chữ không dấu, chữ hoa/thường và mã ${DOCUMENT_KINDS.join(', ')}.`,
  },
  {
    key: 'basis',
    header: 'Căn cứ',
    aliases: ['Căn cứ pháp lý', 'Căn cứ số hóa'],
    required: false,
    procedure: false,
    width: 36,
    description: 'Văn bản quy định giấy tờ phải số hóa (luật chuyên ngành, quyết định của cơ quan…). Không bắt buộc.',
  },
  {
    key: 'note',
    header: 'Ghi chú',
    aliases: [],
    required: false,
    procedure: false,
    width: 30,
    description: 'Ghi chú cho cơ quan thẩm định. Không bắt buộc.',
  },
];

export const LIST_HEADERS = LIST_COLUMNS.map((column) => column.header);

export function columnSpec(key: ColumnKey): ColumnSpec {
  return LIST_COLUMNS.find((column) => column.key === key)!;
}

/** A header as matched: folded, without "(…)" remarks, "*" marks and trailing colons. */
export function headerKey(text: string): string {
  return foldText(text.replace(/\([^)]*\)/g, ' ').replace(/[*:]/g, ' ')).trim();
}

const HEADER_INDEX = new Map<string, ColumnKey>(
  LIST_COLUMNS.flatMap((column) =>
    [column.header, ...column.aliases].map((name) => [headerKey(name), column.key] as const),
  ),
);

export function matchHeader(text: string): ColumnKey | undefined {
  return HEADER_INDEX.get(headerKey(text));
}

const KIND_INDEX = new Map<string, DocumentKind>(
  DOCUMENT_KINDS.flatMap((kind) =>
    [kind, kind.replace(/_/g, ' '), DOCUMENT_KIND_SHORT_LABELS[kind], DOCUMENT_KIND_LABELS[kind]].map(
      (label) => [foldText(label).trim(), kind] as const,
    ),
  ).concat([
    [foldText('Kết quả giải quyết thủ tục hành chính').trim(), 'ket_qua'],
    [foldText('Kết quả giải quyết').trim(), 'ket_qua'],
    [foldText('Kết quả kiểm tra, xác minh').trim(), 'y_kien'],
    [foldText('Ý kiến của cơ quan tham gia').trim(), 'y_kien'],
    [foldText('Thành phần').trim(), 'thanh_phan_ho_so'],
  ]),
);

/** `Thành phần hồ sơ`, `THANH PHAN HO SO`, `thanh_phan_ho_so` … → the kind code. */
export function parseKind(text: string): DocumentKind | undefined {
  return KIND_INDEX.get(foldText(text).trim());
}

/** Cell text as stored: NFC, no zero-width characters, single spaces (line breaks too). */
export function cleanCellText(text: string): string {
  return visibleText(text).replace(/\s+/g, ' ');
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Limits against files that would exhaust memory or time. */
export const LIST_FILE_LIMITS = {
  /** Size of the file on disk. */
  maxBytes: 10 * 1024 * 1024,
  /** Uncompressed size of all parts of an xlsx (a zip of the largest size allowed could expand a hundredfold). */
  maxUnzippedBytes: 50 * 1024 * 1024,
  /** Data rows (documents), below the header. */
  maxRows: PAYLOAD_LIMITS.documents,
  /** The header row is looked for in the first rows only. */
  headerSearchRows: 10,
  /** A merged range larger than this is rejected (spreadsheet libraries expand merges cell by cell). */
  maxMergeCells: 100_000,
  /** Merged ranges per worksheet (a real list has a few dozen; exceljs keeps a record per merged cell). */
  maxMergedRanges: 10_000,
  /** Cells covered by all merged ranges of a worksheet together. */
  maxMergedCellsTotal: 200_000,
  /** Issues listed in the error message; all are kept in `issues`. */
  maxIssuesInMessage: 200,
  /** Cells in one csv record (the template has 9 columns). */
  maxCsvCellsPerRow: 100,
  /** Cells in a whole csv file (a 10 MB file of commas alone would be millions). */
  maxCsvCells: 1_000_000,
} as const;
