import { visibleText } from '../text';
import { IssueCollector } from './collector';
import { FILE_TYPES } from './file-types';
import type { FileField, FormDeclaration } from './form';
import { compileIndicators, type IndicatorValues } from './indicators-check';
import type { DeliveryCheck, DeliveryLocation } from './issues';

export type { IndicatorValues } from './indicators-check';
import { compileValue, isEmpty, type Value } from './value-check';
import { vietnameseNumber } from './values';

// A form delivery (`{ fields: { <field key>: value } }`) checked against its declaration: simple
// fields by type, indicator tables cell by cell and then by their cross-checks, file fields by the
// files' declared types, sizes and count. Files are named by their SHA-256; their bytes live
// outside Temporal, and the server fills `type` from the content, not the name.

export interface FileRef {
  sha256: string;
  name: string;
  /** The media type found in the file's content, e.g. application/pdf. */
  type: string;
  size: number;
}
export type FormValue = Value | IndicatorValues | FileRef[];
export interface FormDelivery {
  fields: Record<string, FormValue>;
}

type Add = (at: DeliveryLocation, path: string, message: string) => void;
type FieldCheck = (raw: unknown, add: Add) => FormValue | undefined;

const SHA256 = /^[0-9a-f]{64}$/;
const MEGABYTE = 1024 * 1024;

/**
 * The one rule of a file field's own size limit (`maxSizeMB`): what is wrong with a file of `size`
 * bytes, and the fix, or undefined when it fits. Checked at upload and again with the delivery.
 */
export function fileSizeProblem(field: Pick<FileField, 'maxSizeMB'>, size: number): string | undefined {
  if (size <= Math.floor(field.maxSizeMB * MEGABYTE)) return undefined;
  return `nặng ${vietnameseNumber(Math.ceil((size / MEGABYTE) * 10) / 10)} MB, quá ${vietnameseNumber(field.maxSizeMB)} MB. Cách sửa: nén hoặc chia nhỏ tệp`;
}

function compileFiles(field: FileField, where: string, section: string): FieldCheck {
  const accepted = new Set<string>(field.accept.map((type) => FILE_TYPES[type]));
  const names = field.accept.map((type) => `.${type}`).join(', ');
  return (raw, add) => {
    const files = raw === undefined || raw === null ? [] : raw;
    if (!Array.isArray(files)) {
      add(
        { section, field: field.key },
        `fields.${field.key}`,
        `${where}: không đọc được tệp đính kèm. Cách sửa: đính kèm lại tệp.`,
      );
      return undefined;
    }
    if (files.length === 0) {
      if (field.required)
        add(
          { section, field: field.key },
          `fields.${field.key}`,
          `${where}: chưa đính kèm tệp. Cách sửa: đính kèm tệp ${names}.`,
        );
      return undefined;
    }
    if (files.length > field.maxFiles) {
      add(
        { section, field: field.key },
        `fields.${field.key}`,
        `${where}: có ${files.length} tệp, tối đa ${field.maxFiles}. Cách sửa: chỉ giữ ${field.maxFiles} tệp.`,
      );
      return undefined;
    }
    const kept: FileRef[] = [];
    const seen = new Set<string>();
    files.forEach((file: unknown, index) => {
      const at = { section, field: field.key, file: index + 1 };
      const path = `fields.${field.key}[${index + 1}]`;
      const f = (file ?? {}) as Partial<FileRef>;
      const label = typeof f.name === 'string' ? `tệp "${visibleText(f.name).slice(0, 120)}"` : `tệp thứ ${index + 1}`;
      const problem =
        typeof f.sha256 !== 'string' ||
        !SHA256.test(f.sha256) ||
        typeof f.name !== 'string' ||
        visibleText(f.name) === '' ||
        f.name.length > 255
          ? 'không đọc được tệp. Cách sửa: đính kèm lại tệp'
          : typeof f.size !== 'number' || !Number.isSafeInteger(f.size) || f.size < 1
            ? 'tệp rỗng. Cách sửa: đính kèm tệp có nội dung'
            : fileSizeProblem(field, f.size) !== undefined
              ? fileSizeProblem(field, f.size)
              : typeof f.type !== 'string' || !accepted.has(f.type)
                ? `không phải tệp ${names} (nội dung tệp cho biết loại tệp, không phải phần đuôi tên). Cách sửa: lưu lại tệp dưới dạng ${names}`
                : seen.has(f.sha256)
                  ? 'đính kèm hai lần. Cách sửa: bỏ bản trùng'
                  : undefined;
      if (problem) add(at, path, `${where}, ${label}: ${problem}.`);
      else {
        seen.add(f.sha256!);
        kept.push({ sha256: f.sha256!, name: visibleText(f.name!), type: f.type!, size: f.size! });
      }
    });
    return kept;
  };
}

export function compileForm(declaration: FormDeclaration): (delivery: unknown) => DeliveryCheck<FormDelivery> {
  const fields = declaration.sections.flatMap((section) =>
    section.fields.map((field) => {
      const where = `Mục "${section.title}", "${field.label}"`;
      let check: FieldCheck;
      if (field.type === 'indicators')
        check = compileIndicators(field, `Mục "${section.title}", bảng "${field.label}"`, section.key);
      else if (field.type === 'file') check = compileFiles(field, where, section.key);
      else {
        const value = compileValue(field);
        check = (raw, add) => {
          const result = value(raw);
          if (result.ok) return result.value;
          add({ section: section.key, field: field.key }, `fields.${field.key}`, `${where}: ${result.message}`);
          return undefined;
        };
      }
      return { key: field.key, check };
    }),
  );
  const known = new Set(fields.map((f) => f.key));

  return (delivery) => {
    const errors = new IssueCollector();
    const add: Add = (at, path, message) => errors.add({ at, path, message });
    const given: unknown = (delivery as { fields?: unknown } | null)?.fields;
    const raw =
      given !== null && typeof given === 'object' && !Array.isArray(given) ? (given as Record<string, unknown>) : {};
    for (const key of Object.keys(raw))
      if (!known.has(key) && !isEmpty(raw[key]))
        add(
          { field: key },
          `fields.${key}`,
          `Biểu mẫu không có trường "${key.slice(0, 64)}". Cách sửa: bỏ trường này; chỉ điền các trường của mẫu.`,
        );
    const value: FormDelivery = { fields: {} };
    for (const { key, check } of fields) {
      const result = check(raw[key], add);
      if (result !== undefined) value.fields[key] = result;
    }
    return errors.empty
      ? { ok: true, errors: [], findings: [], value }
      : { ok: false, errors: errors.issues(), findings: [] };
  };
}
