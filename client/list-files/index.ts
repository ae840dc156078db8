// Reading an agency's list from a file, and the template to fill in. Client-side only (file I/O):
// never import this from workflow code. Column layout and rules: ./README.md.

export { ListFileError, formatListFileIssue, type ListFileIssue } from './errors';
export { LIST_COLUMNS, LIST_FILE_LIMITS, LIST_HEADERS, parseKind, type ColumnKey, type ColumnSpec } from './layout';
export { listFileFormat, readListFile, type ListFileFormat } from './read';
export {
  TEMPLATE_EXAMPLE_ROWS,
  TEMPLATE_FILE,
  buildListTemplate,
  listCsvTemplate,
  writeListCsvTemplate,
  writeListTemplate,
} from './template';
export { GUIDE_SHEET_NAME, LIST_SHEET_NAME } from './xlsx';
