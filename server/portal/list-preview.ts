import type { Database } from '../../prisma/database';
import { agencyListSchema, type AgencyList } from '../../domain/agency-list';
import { assignmentId } from '../../temporal/workflow-ids';
import { diffLists, formatDiff } from '../../domain/list-diff';
import { checkList } from '../../domain/list-quality';
import { ListFileError, listFileFormat, readListBuffer, type ListFileIssue } from '../../list-files';
import type { UploadedFile } from './multipart-form';

// What an agency sees of an uploaded file before sending it: every problem with its sheet, row,
// column and fix (the list-files reader, which also applies the hard rules the workflow would
// refuse); or, for a good file, the quality notes (domain/list-quality.ts) and the changes against
// the version the reviewer has (domain/list-diff.ts).

export interface PreviewProblem extends ListFileIssue {
  /** "Trang “Danh sách”, dòng 5, cột “Mã TTHC”", or "Tệp" when the problem is the whole file. */
  where: string;
}

export interface PreviewNote {
  where: string;
  message: string;
}

export type ListPreview =
  | { ok: false; fileName: string; problems: PreviewProblem[] }
  | {
      ok: true;
      fileName: string;
      source: 'xlsx' | 'csv' | 'json';
      list: AgencyList;
      procedures: number;
      documents: number;
      notes: PreviewNote[];
      previousVersion: number | null;
      /** The changes as the reviewer's notification words them, one a line ("+ …", "- …", "~ …"). */
      changes: string[];
    };

function describeWhere(issue: ListFileIssue): string {
  const where: string[] = [];
  if (issue.sheet !== undefined) where.push(`Trang “${issue.sheet}”`);
  if (issue.row !== undefined) where.push(`dòng ${issue.row}`);
  if (issue.column !== undefined) where.push(`cột “${issue.column}”`);
  if (issue.path !== undefined) where.push(`mục ${issue.path}`);
  const text = where.join(', ') || 'Tệp';
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `procedures[2].documents[1].name` → "TTHC 1.002421 Tên TTHC — giấy tờ “…”" (paths number from 1). */
function describeListPath(list: AgencyList, path: string): string {
  const [, p, d] = /^procedures\[(\d+)\](?:\.documents\[(\d+)\])?/.exec(path) ?? [];
  const procedure = p ? list.procedures[Number(p) - 1] : undefined;
  if (!procedure) return 'Toàn bộ danh sách';
  const document = d ? procedure.documents[Number(d) - 1] : undefined;
  return `TTHC ${procedure.code} ${procedure.name}${document ? ` — giấy tờ “${document.name}”` : ''}`;
}

export async function previewUpload(
  db: Database,
  campaignId: string,
  agencyCode: string,
  upload: UploadedFile,
): Promise<ListPreview> {
  let list: AgencyList;
  try {
    list = await readListBuffer(upload.fileName, upload.buffer);
  } catch (error) {
    if (!(error instanceof ListFileError)) throw error;
    return {
      ok: false,
      fileName: upload.fileName,
      problems: error.issues.map((issue) => ({ ...issue, where: describeWhere(issue) })),
    };
  }
  return {
    ...(await previewList(db, campaignId, agencyCode, list)),
    fileName: upload.fileName,
    source: listFileFormat(upload.fileName)!,
  };
}

/** The notes and changes of a list that reads well. */
export async function previewList(db: Database, campaignId: string, agencyCode: string, list: AgencyList) {
  const id = assignmentId(campaignId, agencyCode);
  const assignment = await db.assignment.findUnique({ where: { id }, select: { currentVersion: true } });
  const previous =
    assignment && assignment.currentVersion > 0
      ? await db.submission.findUnique({
          where: { assignmentId_version: { assignmentId: id, version: assignment.currentVersion } },
        })
      : null;
  const before = previous ? agencyListSchema.safeParse(previous.content) : undefined;
  const diff = diffLists(before?.success ? before.data : undefined, list);
  return {
    ok: true as const,
    list,
    procedures: list.procedures.length,
    documents: list.procedures.reduce((sum, p) => sum + p.documents.length, 0),
    notes: checkList(list).findings.map((f) => ({ where: describeListPath(list, f.path), message: f.message })),
    previousVersion: previous?.version ?? null,
    changes: formatDiff(diff, { maxLines: 500 }).split('\n'),
  };
}
