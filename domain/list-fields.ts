import type { z } from 'zod';
import { visibleText } from './text';

// The fields of an agency's list and how they compare and print, apart from the list's schema
// (domain/agency-list.ts): the list rules and the workflows use them without building any schema.

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
