import { z } from 'zod';
import { PAYLOAD_LIMITS, tooLongText } from './payload-limits';
import { visibleText } from './text';

// The list an agency submits (Article 4, Circular 01/2023/TT-VPCP): per administrative procedure,
// the papers that must be digitized. Shared by the workflow's Update validator, the admin script
// and the tests, so every boundary checks the same rules.

/** National code `1.002421`, or the provincial form `1.001612.000.00.00.H48`. */
export const PROCEDURE_CODE = /^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.H\d{2})?$/;

/**
 * The national code a procedure code stands for: `1.001612.000.00.00.H48` → `1.001612`. The
 * provincial form only adds the agency, so both name the same procedure. Malformed codes are
 * returned trimmed, unchanged.
 */
export function nationalCode(code: string): string {
  const trimmed = code.trim();
  return PROCEDURE_CODE.test(trimmed) ? trimmed.slice(0, 8) : trimmed;
}

/** A name as compared for identity: Unicode NFC, lower case, single spaces (diacritics kept). */
export function normalizeName(name: string): string {
  return visibleText(name).replace(/\s+/g, ' ').toLowerCase();
}

export const DOCUMENT_KINDS = ['thanh_phan_ho_so', 'ket_qua', 'y_kien'] as const;
export const DOCUMENT_KIND_LABELS: Record<(typeof DOCUMENT_KINDS)[number], string> = {
  thanh_phan_ho_so: 'Thành phần hồ sơ',
  ket_qua: 'Kết quả giải quyết TTHC',
  y_kien: 'Kết quả kiểm tra, xác minh, ý kiến của cơ quan tham gia',
};
/** Short labels, for a spreadsheet dropdown and for one-line summaries. */
export const DOCUMENT_KIND_SHORT_LABELS: Record<DocumentKind, string> = {
  thanh_phan_ho_so: 'Thành phần hồ sơ',
  ket_qua: 'Kết quả',
  y_kien: 'Ý kiến',
};
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const text = (field: string, max: number = PAYLOAD_LIMITS.shortText) =>
  z
    .string({ error: `Thiếu ${field}.` })
    .overwrite(visibleText)
    .min(1, `${field} không được để trống.`)
    .max(max, tooLongText(field, max));

const optionalText = (field: string, max: number = PAYLOAD_LIMITS.shortText) =>
  z
    .string({ error: `${field} phải là chuỗi văn bản.` })
    .overwrite(visibleText)
    .max(max, tooLongText(field, max))
    .optional();

export const listDocumentSchema = z.object(
  {
    name: text('tên giấy tờ'),
    kind: z.enum(DOCUMENT_KINDS, {
      error: `Loại giấy tờ phải là một trong: ${DOCUMENT_KINDS.join(', ')} (${Object.values(DOCUMENT_KIND_LABELS).join(' / ')}).`,
    }),
    basis: optionalText('Căn cứ', PAYLOAD_LIMITS.longText),
    note: optionalText('Ghi chú', PAYLOAD_LIMITS.longText),
  },
  { error: 'Mỗi giấy tờ phải là một đối tượng { name, kind, basis?, note? }.' },
);

export const listProcedureSchema = z.object(
  {
    code: z
      .string({ error: 'Thiếu mã TTHC.' })
      .overwrite(visibleText)
      .regex(PROCEDURE_CODE, 'Mã TTHC phải có dạng 1.002421 hoặc 1.001612.000.00.00.H48.'),
    name: text('tên TTHC'),
    field: optionalText('Lĩnh vực'),
    /** Cơ quan/cấp thực hiện, e.g. "Sở Tư pháp" or "UBND cấp xã". */
    level: optionalText('Cơ quan/cấp thực hiện'),
    documents: z
      .array(listDocumentSchema, { error: 'Thiếu danh sách giấy tờ.' })
      .min(1, 'Mỗi TTHC phải có ít nhất một giấy tờ cần số hóa.')
      .max(
        PAYLOAD_LIMITS.documentsPerProcedure,
        `Một TTHC có tối đa ${PAYLOAD_LIMITS.documentsPerProcedure.toLocaleString('vi-VN')} giấy tờ. Cách sửa: bỏ các giấy tờ trùng hoặc thừa.`,
      ),
  },
  { error: 'Mỗi TTHC phải là một đối tượng { code, name, field?, level?, documents }.' },
);

export const agencyListSchema = z
  .object(
    {
      procedures: z
        .array(listProcedureSchema, { error: 'Thiếu danh sách TTHC (procedures).' })
        .min(1, 'Danh sách phải có ít nhất một TTHC.')
        .max(
          PAYLOAD_LIMITS.procedures,
          `Danh sách có tối đa ${PAYLOAD_LIMITS.procedures.toLocaleString('vi-VN')} TTHC. Cách sửa: bỏ các TTHC trùng hoặc không thuộc thẩm quyền.`,
        ),
    },
    { error: 'Danh sách phải là một đối tượng { procedures: [...] }.' },
  )
  .superRefine((list, ctx) => {
    const documents = list.procedures.reduce((sum, procedure) => sum + procedure.documents.length, 0);
    if (documents > PAYLOAD_LIMITS.documents)
      ctx.addIssue({
        code: 'custom',
        path: ['procedures'],
        message: `Danh sách có ${documents.toLocaleString('vi-VN')} giấy tờ, tối đa ${PAYLOAD_LIMITS.documents.toLocaleString('vi-VN')}. Cách sửa: bỏ các dòng trùng hoặc thừa.`,
      });
    // Keyed by the national code: 1.002421 and 1.002421.000.00.00.H48 are one procedure.
    const seen = new Map<string, number>();
    list.procedures.forEach((procedure, index) => {
      const key = nationalCode(procedure.code);
      const first = seen.get(key);
      if (first !== undefined) {
        const other = list.procedures[first]!.code;
        ctx.addIssue({
          code: 'custom',
          path: ['procedures', index, 'code'],
          message:
            other === procedure.code
              ? `Mã TTHC ${procedure.code} bị trùng với dòng TTHC thứ ${first + 1}; mỗi TTHC chỉ khai một lần.`
              : `Mã TTHC ${procedure.code} bị trùng với dòng TTHC thứ ${first + 1} (${other}): cùng mã quốc gia ${key} là cùng một TTHC; mỗi TTHC chỉ khai một lần.`,
        });
      } else {
        seen.set(key, index);
      }
    });
  });

export type AgencyList = z.infer<typeof agencyListSchema>;

/** One readable Vietnamese message per problem, each naming the field it concerns. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('\n');
}

/** `['procedures', 0, 'documents', 1, 'kind']` → `procedures[1].documents[2].kind` (rows from 1). */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(toàn bộ)';
  // Rows are numbered from 1 for people: procedures[1].documents[2].kind
  return path
    .map((part) => (typeof part === 'number' ? `[${part + 1}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
}
