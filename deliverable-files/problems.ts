import { DELIVERABLE_LIMITS, type DeliveryIssue } from '../domain/deliverables';
import { ListFileError, type ListFileIssue } from '../list-files/errors';

// A problem in an uploaded table file, placed where people look for it (sheet, row as the
// spreadsheet shows it, column header) and said in one Vietnamese sentence with its fix, the
// place in front: `Trang "Thiết bị", dòng 7, cột "Số lượng": "mười" không phải số nguyên. Cách sửa: …`.

export interface TableFileProblem {
  /** Worksheet name (.xlsx only). */
  sheet?: string;
  /** Row as the spreadsheet shows it (header included); a .csv's record number; a .json's row from 1. */
  row?: number;
  /** The column's label as declared. */
  column?: string;
  /** The column's key, for a page to place the problem beside its value. */
  columnKey?: string;
  /** Where, what is wrong and how to fix it. */
  message: string;
}

export interface ProblemPlace {
  sheet?: string;
  row?: number;
  column?: string;
  columnKey?: string;
}

/** `Trang "Thiết bị", dòng 7, cột "Số lượng"`, or `Tệp` when the file as a whole is wrong. */
function placeText(place: ProblemPlace): string {
  const parts: string[] = [];
  if (place.sheet !== undefined) parts.push(`Trang "${place.sheet}"`);
  if (place.row !== undefined) parts.push(`dòng ${place.row}`);
  if (place.column !== undefined) parts.push(`cột "${place.column}"`);
  const text = parts.length > 0 ? parts.join(', ') : 'Tệp';
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

const sentence = (text: string) => {
  const trimmed = text.trim().replace(/[.\s]+$/u, '');
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}`;
};

/** A problem whose `what` and `fix` are said apart: `<place>: <what>. Cách sửa: <fix>.` */
export function problemAt(place: ProblemPlace, what: string, fix: string): TableFileProblem {
  return {
    ...place,
    message: `${placeText(place)}: ${sentence(what)}. Cách sửa: ${fix.trim().replace(/[.\s]+$/u, '')}.`,
  };
}

/** The problems the list files' shared readers found (zip bounds, file kind, csv encoding), as ours. */
export function fromListFileError(error: ListFileError): TableFileProblem[] {
  return error.issues.map((issue: ListFileIssue) =>
    problemAt(
      { ...(issue.sheet !== undefined && { sheet: issue.sheet }), ...(issue.row !== undefined && { row: issue.row }) },
      issue.message,
      issue.fix,
    ),
  );
}

/** Problems listed in full, then one that counts the rest (as the delivery checker does). */
export class ProblemList {
  private readonly listed: TableFileProblem[] = [];
  private rest = 0;

  add(problem: TableFileProblem): void {
    if (this.listed.length < DELIVERABLE_LIMITS.listedErrors) this.listed.push(problem);
    else this.rest++;
  }

  get empty(): boolean {
    return this.listed.length === 0;
  }

  /** Problems found, listed or counted. */
  get size(): number {
    return this.listed.length + this.rest;
  }

  problems(): TableFileProblem[] {
    return this.rest === 0
      ? [...this.listed]
      : [...this.listed, { message: `… và ${this.rest.toLocaleString('vi-VN')} lỗi khác.` }];
  }
}

/**
 * A delivery check's issue placed in the file: its row (numbered in the delivery) becomes the
 * spreadsheet's row, its column key the header people read, and the message's own "Dòng N" the same.
 */
export function placeIssue(
  issue: DeliveryIssue,
  file: { sheet?: string; sourceRows: readonly number[]; labelOf: (key: string) => string | undefined },
): TableFileProblem {
  const rowOf = (row: number) => file.sourceRows[row - 1] ?? row;
  const place: ProblemPlace = {
    ...(file.sheet !== undefined && { sheet: file.sheet }),
    ...(issue.at.row !== undefined && { row: rowOf(issue.at.row) }),
    ...(issue.at.column !== undefined && {
      column: file.labelOf(issue.at.column) ?? issue.at.column,
      columnKey: issue.at.column,
    }),
  };
  if (issue.at.row === undefined) return { ...place, message: issue.message };
  const prefix = placeText({ ...(file.sheet !== undefined && { sheet: file.sheet }), row: rowOf(issue.at.row) });
  const message = issue.message
    .replace(/^Dòng \d+/, prefix)
    .replace(/trùng với dòng (\d+)/, (_m, first: string) => `trùng với dòng ${rowOf(Number(first))}`);
  return { ...place, message };
}
