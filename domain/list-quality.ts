import { DOCUMENT_KINDS, PROCEDURE_CODE, formatPath, nationalCode, normalizeName } from './list-fields';

// Quality checks of a submitted list (Article 4, Circular 01/2023/TT-VPCP). Pure and deterministic
// so the workflow can run them too: errors reject the submission, findings travel to the reviewer.
// The input is read defensively: it may come from a file or an Update that the schema has not
// accepted yet.

export interface ListIssue {
  /** Where, as `procedures[2].documents[1].name` (numbered from 1), or `procedures` for the whole list. */
  path: string;
  code: ListErrorCode | ListFindingCode;
  /** Vietnamese; names the field and says how to fix it. */
  message: string;
  /** For a duplicate: the path of the first occurrence, e.g. `procedures[1].code`. */
  related?: string;
}
export type ListFinding = ListIssue;

export type ListErrorCode =
  | 'no_procedures'
  | 'code_malformed'
  | 'code_duplicate'
  | 'procedure_name_missing'
  | 'no_documents'
  | 'document_name_missing'
  | 'document_duplicate'
  | 'kind_invalid';

export type ListFindingCode =
  | 'excluded_shown_only'
  | 'excluded_plain_copy'
  | 'excluded_in_database'
  | 'excluded_classified'
  | 'catalogue_missing'
  | 'not_in_catalogue'
  | 'findings_not_listed';

export interface CheckListOptions {
  /** The agency's known procedure codes (either form); enables the catalogue findings. */
  catalogue?: readonly string[];
}

export interface ListCheck {
  errors: ListIssue[];
  findings: ListFinding[];
}

/**
 * Text folded for keyword matching: no diacritics (đ → d), lower case, punctuation as spaces,
 * padded with one space each side so `includes(' xuat trinh ')` matches whole words only.
 */
export function foldText(text: string): string {
  const folded = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return ` ${folded} `;
}

interface ExclusionRule {
  code: Extract<ListFindingCode, `excluded_${string}`>;
  /** Vietnamese phrases as shown to people; matched folded (diacritic- and case-insensitive). */
  phrases: readonly string[];
  reason: string;
  fix: string;
}

const KEEP_OR_EXPLAIN = 'bỏ giấy tờ khỏi danh sách, hoặc ghi rõ ở cột Ghi chú vì sao vẫn phải số hóa';

const EXCLUSION_RULES: readonly ExclusionRule[] = [
  {
    code: 'excluded_shown_only',
    phrases: ['xuất trình', 'để đối chiếu', 'bản chính đối chiếu'],
    reason:
      'có vẻ là giấy tờ chỉ xuất trình (để đối chiếu), không nộp; Điều 4 Thông tư 01/2023/TT-VPCP không yêu cầu số hóa loại này',
    fix: KEEP_OR_EXPLAIN,
  },
  {
    code: 'excluded_plain_copy',
    phrases: [
      'bản sao không chứng thực',
      'bản sao không có chứng thực',
      'bản sao không được chứng thực',
      'bản sao chưa chứng thực',
      'bản sao không cần chứng thực',
      'không yêu cầu chứng thực',
      'bản chụp',
      'bản sao chụp',
      'bản photo',
      'bản phô tô',
      'photocopy',
    ],
    reason:
      'có vẻ là bản sao không chứng thực hoặc bản chụp; Điều 4 Thông tư 01/2023/TT-VPCP không yêu cầu số hóa loại này',
    fix: 'chỉ khai giấy tờ là bản chính, bản sao có chứng thực hoặc bản sao từ sổ gốc; ' + KEEP_OR_EXPLAIN,
  },
  {
    code: 'excluded_in_database',
    phrases: [
      'CSDL',
      'cơ sở dữ liệu',
      'đã có trên Cổng',
      'có sẵn trên Cổng',
      'đã có trên hệ thống',
      'có sẵn trên hệ thống',
      'khai thác từ Cổng',
      'khai thác trên Cổng',
      'VNeID',
      'định danh điện tử',
      'căn cước công dân',
      'CCCD',
      'CMND',
      'thẻ căn cước',
      'chứng minh nhân dân',
      'sổ hộ khẩu',
      'xác nhận thông tin về cư trú',
      'xác nhận cư trú',
    ],
    reason:
      'có vẻ là dữ liệu đã có trong cơ sở dữ liệu quốc gia, cơ sở dữ liệu chuyên ngành (ví dụ CSDL quốc gia về dân cư) hoặc trên Cổng Dịch vụ công; Điều 4 Thông tư 01/2023/TT-VPCP không yêu cầu số hóa lại',
    fix: 'khai thác dữ liệu từ cơ sở dữ liệu thay vì số hóa; ' + KEEP_OR_EXPLAIN,
  },
  {
    code: 'excluded_classified',
    // Bare "mật" is checked with diacritics (see CLASSIFIED_WORD): folded, it is also mặt, mất, mát.
    phrases: ['bí mật nhà nước', 'danh mục bí mật', 'tối mật', 'tuyệt mật', 'tài liệu mật', 'văn bản mật'],
    reason: 'có vẻ là tài liệu mật (bí mật nhà nước); Điều 4 Thông tư 01/2023/TT-VPCP không số hóa tài liệu mật',
    fix: 'bỏ giấy tờ khỏi danh sách; nếu không phải tài liệu mật, sửa lại tên hoặc ghi chú cho rõ',
  },
];

type FoldedRule = { rule: ExclusionRule; phrases: { phrase: string; folded: string }[] };
let foldedRules: FoldedRule[] | undefined;

/** Folded on first use, once per worker thread: the workflows share this module (worker/bundle.ts). */
function exclusionRules(): FoldedRule[] {
  foldedRules ??= EXCLUSION_RULES.map((rule) => ({
    rule,
    phrases: rule.phrases.map((phrase) => ({ phrase, folded: foldText(phrase) })),
  }));
  return foldedRules;
}

/** "mật" as a word (diacritics kept), except mật khẩu, mật độ, mật mã, mật ong, bảo mật … */
const CLASSIFIED_WORD =
  /(?<![\p{L}\p{N}])(?<!bảo\s)mật(?![\p{L}\p{N}])(?!\s+(?:khẩu|độ|mã|ong|ngọt|thiết|báo|thám|vụ|gấu|mía)(?![\p{L}]))/u;

/** Checks a list as received: an `AgencyList`, or anything not yet accepted by its schema. */
export function checkList(list: unknown, options: CheckListOptions = {}): ListCheck {
  const check: ListCheck = { errors: [], findings: [] };
  const procedures: unknown[] =
    typeof list === 'object' && list !== null && 'procedures' in list && Array.isArray(list.procedures)
      ? list.procedures
      : [];

  if (procedures.length === 0) {
    check.errors.push({
      path: 'procedures',
      code: 'no_procedures',
      message: 'Danh sách chưa có TTHC nào — khai ít nhất một TTHC (mã, tên) cùng các giấy tờ cần số hóa của TTHC đó.',
    });
  }

  const seenCodes = new Map<string, { index: number; code: string }>();
  procedures.forEach((raw, p) => checkProcedure(asRecord(raw), p, seenCodes, check));

  if (options.catalogue) check.findings.push(...catalogueFindings(procedures, options.catalogue));
  return check;
}

const at = (...path: PropertyKey[]) => formatPath(path);

/** One procedure: its code (well formed, declared once), its name, and each of its documents. */
function checkProcedure(
  procedure: Record<string, unknown>,
  p: number,
  seenCodes: Map<string, { index: number; code: string }>,
  { errors, findings }: ListCheck,
): void {
  const code = asText(procedure.code);
  const name = asText(procedure.name);

  if (!PROCEDURE_CODE.test(code)) {
    errors.push({
      path: at('procedures', p, 'code'),
      code: 'code_malformed',
      message:
        code === ''
          ? `Thiếu mã TTHC (TTHC thứ ${p + 1}${name ? ` "${name}"` : ''}) — ghi mã dạng 1.002421 (mã quốc gia) hoặc 1.002421.000.00.00.H48 (mã của tỉnh).`
          : `Mã TTHC "${code}" không đúng dạng — ghi mã dạng 1.002421 (mã quốc gia) hoặc 1.002421.000.00.00.H48 (mã của tỉnh), dùng dấu chấm, không có khoảng trắng.`,
    });
  } else {
    const key = nationalCode(code);
    const first = seenCodes.get(key);
    if (first) {
      const same = first.code === code ? '' : ` (${first.code}; mã của tỉnh và mã quốc gia ${key} là cùng một TTHC)`;
      errors.push({
        path: at('procedures', p, 'code'),
        code: 'code_duplicate',
        related: at('procedures', first.index, 'code'),
        message: `Mã TTHC ${code} trùng với TTHC thứ ${first.index + 1}${same} — mỗi TTHC chỉ khai một lần: gộp các giấy tờ vào một TTHC.`,
      });
    } else {
      seenCodes.set(key, { index: p, code });
    }
  }

  if (name === '') {
    errors.push({
      path: at('procedures', p, 'name'),
      code: 'procedure_name_missing',
      message: `Thiếu tên TTHC${code ? ` của mã ${code}` : ''} — ghi tên TTHC đúng như trong Cơ sở dữ liệu quốc gia về TTHC.`,
    });
  }

  const documents: unknown[] = Array.isArray(procedure.documents) ? procedure.documents : [];
  if (documents.length === 0) {
    errors.push({
      path: at('procedures', p, 'documents'),
      code: 'no_documents',
      message: `TTHC ${code || `thứ ${p + 1}`} chưa có giấy tờ nào — khai ít nhất một giấy tờ cần số hóa (tên, loại), hoặc bỏ TTHC khỏi danh sách.`,
    });
  }

  const seenNames = new Map<string, number>();
  documents.forEach((raw, d) => checkDocument(asRecord(raw), { p, d, code }, seenNames, { errors, findings }));
}

/** One document of a procedure: its name (declared once in the procedure), its kind, what it may be. */
function checkDocument(
  document: Record<string, unknown>,
  { p, d, code }: { p: number; d: number; code: string },
  seenNames: Map<string, number>,
  { errors, findings }: ListCheck,
): void {
  const documentName = asText(document.name);
  const note = asText(document.note);
  const kind = document.kind;

  if (documentName === '') {
    errors.push({
      path: at('procedures', p, 'documents', d, 'name'),
      code: 'document_name_missing',
      message: `Thiếu tên giấy tờ (giấy tờ thứ ${d + 1} của TTHC ${code || p + 1}) — ghi tên giấy tờ, hoặc bỏ dòng trống.`,
    });
  } else {
    const key = normalizeName(documentName);
    const first = seenNames.get(key);
    if (first !== undefined) {
      errors.push({
        path: at('procedures', p, 'documents', d, 'name'),
        code: 'document_duplicate',
        related: at('procedures', p, 'documents', first, 'name'),
        message: `Tên giấy tờ "${documentName}" đã khai ở giấy tờ thứ ${first + 1} của cùng TTHC ${code || p + 1} — mỗi giấy tờ chỉ khai một lần: xóa dòng trùng.`,
      });
    } else {
      seenNames.set(key, d);
    }
  }

  if (typeof kind !== 'string' || !(DOCUMENT_KINDS as readonly string[]).includes(kind)) {
    errors.push({
      path: at('procedures', p, 'documents', d, 'kind'),
      code: 'kind_invalid',
      message: `Loại giấy tờ ${kind === undefined || kind === '' ? 'bị bỏ trống' : `"${String(kind)}" không hợp lệ`} — chọn một trong: thanh_phan_ho_so (Thành phần hồ sơ), ket_qua (Kết quả giải quyết TTHC), y_kien (Kết quả kiểm tra, xác minh, ý kiến).`,
    });
  }

  for (const finding of exclusionFindings(documentName, note)) {
    findings.push({
      path: at('procedures', p, 'documents', d, finding.field),
      code: finding.code,
      message: finding.message,
    });
  }
}

function exclusionFindings(
  name: string,
  note: string,
): { field: 'name' | 'note'; code: ListFindingCode; message: string }[] {
  const result: { field: 'name' | 'note'; code: ListFindingCode; message: string }[] = [];
  const fields = [
    { field: 'name' as const, label: 'Tên giấy tờ', text: name },
    { field: 'note' as const, label: 'Ghi chú', text: note },
  ];
  for (const { rule, phrases } of exclusionRules()) {
    for (const { field, label, text } of fields) {
      if (text === '') continue;
      const folded = foldText(text);
      let matched = phrases.find(({ folded: phrase }) => folded.includes(phrase))?.phrase;
      if (!matched && rule.code === 'excluded_classified' && CLASSIFIED_WORD.test(text.normalize('NFC').toLowerCase()))
        matched = 'mật';
      if (matched) {
        const subject = field === 'name' ? `Giấy tờ "${name}"` : `Giấy tờ "${name}" (${label}: "${note}")`;
        result.push({
          field,
          code: rule.code,
          message: `${subject} ${rule.reason} (cột ${label} có "${matched}") — ${rule.fix}.`,
        });
        break; // one finding per rule and document
      }
    }
  }
  return result;
}

function catalogueFindings(procedures: unknown[], catalogue: readonly string[]): ListFinding[] {
  const findings: ListFinding[] = [];
  const known = new Map<string, string>();
  for (const entry of catalogue) {
    const code = entry.trim();
    if (PROCEDURE_CODE.test(code) && !known.has(nationalCode(code))) known.set(nationalCode(code), code);
  }
  const listed = new Set<string>();
  procedures.forEach((raw, p) => {
    const code = asText(asRecord(raw).code);
    if (!PROCEDURE_CODE.test(code)) return;
    listed.add(nationalCode(code));
    if (!known.has(nationalCode(code))) {
      findings.push({
        path: formatPath(['procedures', p, 'code']),
        code: 'not_in_catalogue',
        message: `Mã TTHC ${code} không có trong danh mục TTHC của cơ quan — kiểm tra lại mã (có thể nhập nhầm), hoặc bỏ TTHC nếu cơ quan không giải quyết TTHC này.`,
      });
    }
  });
  for (const [key, code] of known) {
    if (listed.has(key)) continue;
    findings.push({
      path: 'procedures',
      code: 'catalogue_missing',
      message: `TTHC ${code} có trong danh mục TTHC của cơ quan nhưng chưa có trong danh sách — bổ sung TTHC này cùng các giấy tờ cần số hóa, hoặc giải trình với cơ quan thẩm định nếu TTHC không có giấy tờ phải số hóa.`,
    });
  }
  return findings;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
