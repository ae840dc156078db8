import { z } from 'zod';
import { PAYLOAD_LIMITS } from '../../domain/payload-limits';

// `?agencies=so-tu-phap,so-y-te`: the agencies a read is about, as the admin script sends them.

const CODE = /^[A-Za-z0-9._-]+$/;

/** A comma-separated list of agency codes in a query string; absent means every agency. */
export const agencyCodesQuery = z
  .string({ error: 'Danh sách mã cơ quan (agencies) phải là chuỗi, ví dụ agencies=so-tu-phap,so-y-te.' })
  .optional()
  .transform((value) => (value === undefined ? undefined : value.split(',').map((code) => code.trim())))
  .pipe(
    z
      .array(
        z
          .string()
          .min(
            1,
            'Mã cơ quan trong agencies không được để trống. Cách sửa: bỏ dấu phẩy thừa, ví dụ agencies=so-tu-phap,so-y-te.',
          )
          .max(PAYLOAD_LIMITS.agencyCode, `Mã cơ quan trong agencies dài quá ${PAYLOAD_LIMITS.agencyCode} ký tự.`)
          .regex(CODE, 'Mã cơ quan trong agencies chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.'),
      )
      .max(PAYLOAD_LIMITS.arrayItems, `Danh sách mã cơ quan (agencies) dài quá ${PAYLOAD_LIMITS.arrayItems} mã.`)
      .optional(),
  );
