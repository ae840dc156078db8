import {
  diffDeliveries,
  FILE_TYPES,
  formatDeliveryDiff,
  type TableDeclaration,
  type TableDelivery,
} from '../../domain/deliverables';
import { normalizeName } from '../../domain/list-fields';
import {
  checkTableUpload,
  tableFileFormat,
  type TableFileFormat,
  type TableFileProblem,
} from '../../deliverable-files';
import { fileHref } from '../../read-side/delivery-review';
import { deliveryView, type ShownPlace } from '../../read-side/delivery-view';
import { notFound } from '../../shared/http-errors';
import { assignmentId } from '../../temporal/workflow-ids';
import type { ReturnReasons } from '../../workflows/agency/messages';
import { findDeliveryFile, recordDeliveryFile } from '../files/delivery-files';
import { FileStore } from '../../shared/file-store';
import type { RouteContext } from '../http/app';
import type { UploadedFile } from '../portal/multipart-form';

// A declared table's file shown to the agency before anything is submitted: read and checked as
// the delivery will be, its rows (the first ones of a large file), what changed against the
// agency's last version, the reasons of a return beside the rows they name. A good file is kept in
// the FileStore and recorded for the agency, so the confirmation names it by its SHA-256 alone and
// the server delivers its own stored bytes, never anything the browser carried.

/** Rows a preview shows; the rest are counted. */
const PREVIEW_ROWS = 50;

const MEDIA_TYPES: Record<TableFileFormat, string> = {
  xlsx: FILE_TYPES.xlsx,
  csv: 'text/csv',
  json: 'application/json',
};

export interface PreviewRow extends ShownPlace {
  number: number;
  cells: string[];
}

export type TablePreview =
  | { ok: false; fileName: string; problems: TableFileProblem[] }
  | {
      ok: true;
      fileName: string;
      /** The stored file the confirmation names. */
      sha256: string;
      title: string;
      columns: string[];
      rowCount: number;
      rows: PreviewRow[];
      /** Rows read but not shown. */
      moreRows: number;
      /** Notes of the declaration's rule sets: the reviewer sees them; they do not refuse the file. */
      findings: TableFileProblem[];
      previousVersion: number | null;
      /** "So với lần nộp trước: thêm 1, bỏ 0, sửa 2 dòng, giữ nguyên 7." */
      changesHead: string;
      /** One change a line ("+ …", "- …", "~ …"), section titles between; none for a first version. */
      changes: string[];
    };

const scopeKey = (scope: { campaignId: string; agencyCode: string }) =>
  assignmentId(scope.campaignId, scope.agencyCode);

/** The agency's last version, and the reasons its return gave by place, when it was returned. */
async function lastVersion(context: RouteContext, scope: { campaignId: string; agencyCode: string }) {
  const id = scopeKey(scope);
  const assignment = await context.db.assignment.findUnique({ where: { id }, select: { currentVersion: true } });
  if (!assignment || assignment.currentVersion === 0) return undefined;
  const row = await context.db.submission.findUnique({
    where: { assignmentId_version: { assignmentId: id, version: assignment.currentVersion } },
    include: { decision: true },
  });
  if (!row) return undefined;
  const returned = row.decision?.decision === 'returned' ? (row.decision.reasons as ReturnReasons | null) : null;
  return {
    version: row.version,
    delivery: row.content as unknown as TableDelivery,
    reasons: new Map((returned?.places ?? []).map((p) => [p.path, p.reason])),
  };
}

/** The last return's reasons moved onto the new file's rows with the same row key. */
function reasonsByKey(
  declaration: TableDeclaration,
  before: TableDelivery,
  reasons: ReadonlyMap<string, string>,
  after: TableDelivery,
): Map<string, string> {
  const keyOf = (row: Record<string, unknown>) =>
    JSON.stringify(declaration.rowKey.map((k) => (typeof row[k] === 'string' ? normalizeName(row[k]) : row[k])));
  const byKey = new Map<string, string>();
  before.rows.forEach((row, i) => {
    const reason = reasons.get(`rows[${i}]`);
    if (reason) byKey.set(keyOf(row), reason);
  });
  const moved = new Map<string, string>();
  after.rows.forEach((row, i) => {
    const reason = byKey.get(keyOf(row));
    if (reason) moved.set(`rows[${i}]`, reason);
  });
  return moved;
}

/** Reads and checks the upload; a good one is stored, recorded for the agency, and previewed. */
export async function previewTableUpload(
  context: RouteContext,
  scope: { campaignId: string; agencyCode: string },
  personId: string,
  declaration: TableDeclaration,
  file: UploadedFile,
  /** Keeping a good file is an upload of the agency's: the caller audits it. */
  audited: (keep: () => Promise<unknown>) => Promise<unknown> = (keep) => keep(),
): Promise<TablePreview> {
  const format = tableFileFormat(file.fileName);
  if (!format)
    return {
      ok: false,
      fileName: file.fileName,
      problems: [
        {
          message: `Tệp: tệp "${file.fileName}" không phải .xlsx, .csv hoặc .json. Cách sửa: điền tệp mẫu (.xlsx) của chiến dịch, hoặc lưu bảng thành .csv, rồi tải lên lại.`,
        },
      ],
    };
  const checked = await checkTableUpload(declaration, file.buffer, format);
  if (!checked.ok || !checked.delivery) return { ok: false, fileName: file.fileName, problems: checked.problems };
  const stored = new FileStore(context.config.filesDir).put(file.buffer);
  await audited(() =>
    recordDeliveryFile(context.db, scope, {
      sha256: stored.sha256,
      name: file.fileName,
      type: MEDIA_TYPES[format],
      size: stored.size,
      uploadedBy: personId,
      uploadedAt: context.now(),
    }),
  );
  const delivery = checked.delivery;
  const last = await lastVersion(context, scope);
  const reasons = last ? reasonsByKey(declaration, last.delivery, last.reasons, delivery) : new Map<string, string>();
  const view = deliveryView(
    declaration,
    delivery,
    last?.delivery,
    reasons,
    fileHref(scope.campaignId, scope.agencyCode),
  );
  const [changesHead = '', ...changes] = formatDeliveryDiff(
    declaration,
    diffDeliveries(declaration, last?.delivery, delivery),
    { maxLines: 200 },
  ).split('\n');
  const table = view.table!;
  return {
    ok: true,
    fileName: file.fileName,
    sha256: stored.sha256,
    title: declaration.title,
    columns: table.columns,
    rowCount: table.rows.length,
    rows: table.rows.slice(0, PREVIEW_ROWS),
    moreRows: Math.max(0, table.rows.length - PREVIEW_ROWS),
    findings: checked.findings,
    previousVersion: last?.version ?? null,
    changesHead,
    changes: last ? changes : [],
  };
}

/**
 * The file a confirmation names, as this agency uploaded it for this campaign: its recorded name and
 * the server's own stored bytes. Any other SHA-256 (another agency's file, one never uploaded) is
 * not found, and nothing is read of it.
 */
export async function storedTableUpload(
  context: RouteContext,
  scope: { campaignId: string; agencyCode: string },
  sha256: string,
): Promise<UploadedFile> {
  const file = await findDeliveryFile(context.db, scope, sha256);
  if (!file || !tableFileFormat(file.name))
    throw notFound(
      'Không tìm thấy tệp này trong các tệp cơ quan đã tải lên cho chiến dịch; chưa có gì được nộp. Cách sửa: tải tệp lên lại, xem trước rồi bấm “Nộp bảng này”.',
    );
  const buffer = new FileStore(context.config.filesDir).read(file.sha256);
  // Recorded but not in the store: the store was lost or restored without its files.
  if (!buffer)
    throw new Error(`file store ${context.config.filesDir} lacks ${file.sha256}, recorded for ${scope.agencyCode}`);
  return { fileName: file.name, buffer };
}
