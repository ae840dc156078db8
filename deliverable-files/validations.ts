import type ExcelJS from 'exceljs';
import { NO, YES, columnRule, type TableColumn } from './columns';

// Excel's own checks on a declared column, so most mistakes are caught as they are typed: a list
// for choices and yes/no, whole or decimal numbers within the bounds, real days within the range,
// text within its length. The server checks again (the file may be pasted into or edited
// elsewhere); these only help. Excel bounds its messages: a title of 32 characters, a text of 255.

const TITLE = 32;
const TEXT = 255;
/** Days Excel can hold and the checker accepts (domain/deliverables/values.ts). */
const FIRST_DAY = '01/01/1900';
const LAST_DAY = '31/12/2200';

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function utcDay(day: string): Date {
  const [d, m, y] = day.split('/').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}

function bounded(
  min: number | undefined,
  max: number | undefined,
): Pick<ExcelJS.DataValidation, 'operator' | 'formulae'> {
  if (min !== undefined && max !== undefined) return { operator: 'between', formulae: [min, max] };
  if (min !== undefined) return { operator: 'greaterThanOrEqual', formulae: [min] };
  if (max !== undefined) return { operator: 'lessThanOrEqual', formulae: [max] };
  return { operator: 'between', formulae: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] };
}

/** What the column admits, as Excel checks it; `choices` is the range of its options on the lists sheet. */
function rule(
  column: TableColumn,
  choices: string | undefined,
): Pick<ExcelJS.DataValidation, 'type' | 'operator' | 'formulae'> {
  switch (column.type) {
    case 'text':
      return column.minLength
        ? { type: 'textLength', operator: 'between', formulae: [column.minLength, column.maxLength] }
        : { type: 'textLength', operator: 'lessThanOrEqual', formulae: [column.maxLength] };
    case 'long-text':
      return { type: 'textLength', operator: 'lessThanOrEqual', formulae: [column.maxLength] };
    case 'integer':
      return { type: 'whole', ...bounded(column.min, column.max) };
    case 'number':
      return { type: 'decimal', ...bounded(column.min, column.max) };
    case 'date':
      return {
        type: 'date',
        operator: 'between',
        formulae: [utcDay(column.min ?? FIRST_DAY), utcDay(column.max ?? LAST_DAY)],
      };
    case 'choice':
      return { type: 'list', formulae: [choices!] };
    case 'yes-no':
      return { type: 'list', formulae: [`"${YES},${NO}"`] };
  }
}

/** The prompt shown on entering a cell: the hint, then what the column asks for. */
function columnPrompt(column: TableColumn): string {
  const required = column.required ? 'Bắt buộc. ' : 'Không bắt buộc. ';
  return cut(`${column.hint ? `${column.hint} ` : ''}${required}${columnRule(column)}`, TEXT);
}

/** The column's data validation over its data rows. */
export function columnValidation(column: TableColumn, choices?: string): ExcelJS.DataValidation {
  return {
    ...rule(column, choices),
    allowBlank: true,
    showInputMessage: true,
    promptTitle: cut(column.label, TITLE),
    prompt: columnPrompt(column),
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: cut(column.label, TITLE),
    error: cut(`Giá trị không hợp lệ. ${columnRule(column)}`, TEXT),
  } as ExcelJS.DataValidation;
}
