import { z } from 'zod';
import { PAYLOAD_LIMITS, tooLongText } from './payload-limits';
import { visibleText } from './text';
import { DOCUMENT_KINDS, DOCUMENT_KIND_LABELS, PROCEDURE_CODE, nationalCode } from './list-fields';

export {
  DOCUMENT_KINDS,
  DOCUMENT_KIND_LABELS,
  DOCUMENT_KIND_SHORT_LABELS,
  PROCEDURE_CODE,
  describeIssues,
  formatPath,
  nationalCode,
  normalizeName,
  type DocumentKind,
} from './list-fields';

// The list an agency submits (Article 4, Circular 01/2023/TT-VPCP): per administrative procedure,
// the papers that must be digitized. Shared by the workflow's Update validator, the admin script
// and the tests, so every boundary checks the same rules.

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

const listDocumentSchema = z.object(
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

const listProcedureSchema = z.object(
  {
    code: z
      .string({ error: 'Thiếu mã TTHC.' })
      .overwrite(visibleText)
      // A pattern of its own: zod resets a pattern's lastIndex, and where workflows share list-fields
      // (worker/bundle.ts) the one it exports is frozen.
      .regex(new RegExp(PROCEDURE_CODE), 'Mã TTHC phải có dạng 1.002421 hoặc 1.001612.000.00.00.H48.'),
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
