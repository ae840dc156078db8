// Reading an agency's list from a file or an upload, and the template to fill in. Used by the admin
// script and the server; never by workflow code. Column layout and rules: ./README.md.

export { ListFileError, formatListFileIssue, type ListFileIssue } from './errors';
export { LIST_COLUMNS, LIST_FILE_LIMITS, LIST_HEADERS, parseKind, type ColumnKey, type ColumnSpec } from './layout';
export { listFileFormat, readListBuffer, readListFile, type ListFileFormat } from './read';
export {
  TEMPLATE_EXAMPLE_ROWS,
  TEMPLATE_FILE,
  buildListTemplate,
  listCsvTemplate,
  writeListCsvTemplate,
  writeListTemplate,
} from './template';
export { GUIDE_SHEET_NAME, LIST_SHEET_NAME } from './xlsx';
