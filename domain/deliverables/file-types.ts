// Kept apart from the declaration's schema (zod): the checker, which workflows run, loads no zod.

/** File types a file field may accept, by the extension people know; the content decides the type. */
export const FILE_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  jpg: 'image/jpeg',
  png: 'image/png',
} as const;
export type FileType = keyof typeof FILE_TYPES;
