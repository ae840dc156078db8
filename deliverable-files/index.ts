// A declared table's files: the .xlsx template generated from its declaration, and an uploaded
// .xlsx, .csv or .json read into the delivery its checker takes. Used by the server; never by
// workflow code. See ./README.md.

export { CHOICES_SHEET_NAME, buildTableWorkbook, tableCsv, tableTemplate, tableXlsx } from './template';
export {
  checkTableUpload,
  readTableUpload,
  type TableFileFormat,
  type TableUpload,
  type TableUploadCheck,
} from './read';
export { columnHeader, dataSheetName } from './columns';
/** The format a file name announces (.xlsx, .csv, .json), or undefined: the same as a list file's. */
export { listFileFormat as tableFileFormat } from '../list-files/read';
export { templateFileName } from './file-name';
export type { TableFileProblem } from './problems';
