import { DOCUMENT_KINDS, DOCUMENT_KIND_SHORT_LABELS } from '../list-fields';
import type { TableDeclaration } from './table';

// The deliverable of letter 751: the Article 4 list (Circular 01/2023/TT-VPCP) as a declared table,
// one row per document, judged by the `digitization-list` rule set. A campaign file without
// `deliverable:` means this table, so files written before declarations keep their meaning.
// campaigns/751-UBND-TTHC-2024.yaml writes the same declaration out (a test keeps them equal).

export const ARTICLE_4_TABLE: TableDeclaration = {
  kind: 'table',
  title: 'Danh sách giấy tờ, tài liệu cần số hóa theo Điều 4 Thông tư 01/2023/TT-VPCP',
  columns: [
    {
      key: 'code',
      label: 'Mã TTHC',
      type: 'text',
      required: true,
      maxLength: 64,
      pattern: '\\d\\.\\d{6}(\\.\\d{3}\\.\\d{2}\\.\\d{2}\\.H\\d{2})?',
      patternHint: 'dạng 1.002421 (mã quốc gia) hoặc 1.002421.000.00.00.H48 (mã của tỉnh)',
    },
    { key: 'procedureName', label: 'Tên TTHC', type: 'text', required: true, maxLength: 1_000 },
    { key: 'field', label: 'Lĩnh vực', type: 'text', required: false, maxLength: 1_000 },
    { key: 'level', label: 'Cơ quan/cấp thực hiện', type: 'text', required: false, maxLength: 1_000 },
    { key: 'documentName', label: 'Tên giấy tờ', type: 'text', required: true, maxLength: 1_000 },
    {
      key: 'kind',
      label: 'Loại giấy tờ',
      type: 'choice',
      required: true,
      options: DOCUMENT_KINDS.map((value) => ({ value, label: DOCUMENT_KIND_SHORT_LABELS[value] })),
    },
    { key: 'basis', label: 'Căn cứ', type: 'long-text', required: false, maxLength: 5_000 },
    { key: 'note', label: 'Ghi chú', type: 'long-text', required: false, maxLength: 5_000 },
  ],
  rowKey: ['code', 'documentName'],
  rules: ['digitization-list'],
  maxRows: 20_000,
};
