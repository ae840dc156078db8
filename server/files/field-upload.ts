import type { FileField } from '../../domain/deliverables/form';
import { fileSizeProblem } from '../../domain/deliverables/form-check';
import { visibleText } from '../../domain/text';
import type { Database } from '../../prisma/database';
import { campaignDeclaration } from '../../read-side/delivery-review';
import { invalid } from '../../shared/http-errors';
import { detectFileType, typesText } from './content-type';
import type { ReceivedFile } from './upload';

// An API upload may name the declared file field it is for (`?field=<key>`): the file is then held
// to that field's own limit and types before it is stored, as the portal's form does, instead of
// being stored and refused only when the delivery naming it is checked.

/** The file field of the campaign's declared form named `key`, or a refusal naming the fix. */
export async function declaredFileField(db: Database, campaignId: string, key: string): Promise<FileField> {
  const declaration = await campaignDeclaration(db, campaignId);
  const fields = declaration?.kind === 'form' ? declaration.sections.flatMap((section) => section.fields) : [];
  const field = fields.find((f): f is FileField => f.type === 'file' && f.key === key);
  if (field) return field;
  const keys = fields.filter((f) => f.type === 'file').map((f) => f.key);
  throw invalid(
    'field',
    `Sản phẩm của chiến dịch không có trường tệp "${visibleText(key).slice(0, 100)}". Cách sửa: ${
      keys.length > 0
        ? `dùng một trong các trường tệp: ${keys.join(', ')}`
        : 'bỏ tham số field (sản phẩm không có trường tệp)'
    }.`,
  );
}

/** A file over its field's own limit, or of a type the field does not take, refused before it is stored. */
export function refuseForField(field: FileField, file: ReceivedFile): void {
  const name = `tệp "${visibleText(file.name).slice(0, 120)}"`;
  const tooLarge = fileSizeProblem(field, file.content.length);
  if (tooLarge) throw invalid('file', `${name} chưa được lưu: ${tooLarge} rồi tải lên lại.`);
  const type = detectFileType(file.content);
  if (type && !field.accept.includes(type)) {
    const names = typesText(field.accept);
    throw invalid(
      'file',
      `${name} không phải tệp ${names} mà trường "${field.label}" nhận, chưa được lưu. Cách sửa: lưu (hoặc xuất) thành tệp ${names} rồi tải lên lại.`,
    );
  }
}
