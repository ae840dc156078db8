import { z } from 'zod';

// The list an agency submits (Article 4, Circular 01/2023/TT-VPCP): per administrative procedure,
// the papers that must be digitized. Shared by the workflow's Update validator, the admin script
// and the tests, so every boundary checks the same rules.

/** National code `1.002421`, or the provincial form `1.001612.000.00.00.H48`. */
export const PROCEDURE_CODE = /^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.H\d{2})?$/;

export const DOCUMENT_KINDS = ['thanh_phan_ho_so', 'ket_qua', 'y_kien'] as const;
export const DOCUMENT_KIND_LABELS: Record<(typeof DOCUMENT_KINDS)[number], string> = {
  thanh_phan_ho_so: 'Thành phần hồ sơ',
  ket_qua: 'Kết quả giải quyết TTHC',
  y_kien: 'Kết quả kiểm tra, xác minh, ý kiến của cơ quan tham gia',
};

const text = (field: string) => z.string({ error: `Thiếu ${field}.` }).trim().min(1, `${field} không được để trống.`);

export const listDocumentSchema = z.object({
  name: text('tên giấy tờ'),
  kind: z.enum(DOCUMENT_KINDS, {
    error: `Loại giấy tờ phải là một trong: ${DOCUMENT_KINDS.join(', ')} (${Object.values(DOCUMENT_KIND_LABELS).join(' / ')}).`,
  }),
  basis: z.string().trim().optional(),
  note: z.string().trim().optional(),
});

export const listProcedureSchema = z.object({
  code: z
    .string({ error: 'Thiếu mã TTHC.' })
    .trim()
    .regex(PROCEDURE_CODE, 'Mã TTHC phải có dạng 1.002421 hoặc 1.001612.000.00.00.H48.'),
  name: text('tên TTHC'),
  field: z.string().trim().optional(),
  documents: z.array(listDocumentSchema, { error: 'Thiếu danh sách giấy tờ.' }).min(1, 'Mỗi TTHC phải có ít nhất một giấy tờ cần số hóa.'),
});

export const agencyListSchema = z
  .object({
    procedures: z.array(listProcedureSchema, { error: 'Thiếu danh sách TTHC (procedures).' }).min(1, 'Danh sách phải có ít nhất một TTHC.'),
  })
  .superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.procedures.forEach((procedure, index) => {
      const first = seen.get(procedure.code);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['procedures', index, 'code'],
          message: `Mã TTHC ${procedure.code} bị trùng với dòng TTHC thứ ${first + 1}; mỗi TTHC chỉ khai một lần.`,
        });
      } else {
        seen.set(procedure.code, index);
      }
    });
  });

export type AgencyList = z.infer<typeof agencyListSchema>;

/** One readable Vietnamese message per problem, each naming the field it concerns. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('\n');
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(toàn bộ)';
  // Rows are numbered from 1 for people: procedures[1].documents[2].kind
  return path.map((part) => (typeof part === 'number' ? `[${part + 1}]` : `.${String(part)}`)).join('').replace(/^\./, '');
}
