import type { FastifyRequest } from 'fastify';
import { agencyListSchema, type AgencyList } from '../../domain/agency-list';
import { diffLists, formatDiff } from '../../domain/list-diff';
import { checkList } from '../../domain/list-quality';
import {
  ListFileError,
  formatListFileIssue,
  listFileFormat,
  readListBuffer,
  type ListFileIssue,
} from '../../list-files';
import { submitListUpdate } from '../../workflows/agency/messages';
import { actByUpdate, prepare } from '../act';
import { agencyParams as params, findAssignment } from './resources';
import type { RouteContext, TypedApp } from '../http/app';
import { HttpError } from '../../shared/http-errors';

// An agency's list as a file (.xlsx, .csv, .json) uploaded through the API: read with the same
// reader the admin script uses, every problem located by sheet, row, column and fix, and nothing
// submitted unless the whole file is right. The preview reads and checks only, so a person (or the
// portal) sees the problems, the quality notes and what changed since the last version first.

const tags = ['Cơ quan'];
const base = '/api/v1/campaigns/:campaignId/agencies/:agencyCode/submissions';
const multipart = { consumes: ['multipart/form-data'] };

export interface FileProblem extends ListFileIssue {
  field: 'file';
  /** The whole problem as one Vietnamese sentence (location, what, fix). */
  text: string;
}

interface Upload {
  fileName: string;
  list?: AgencyList;
  problems: FileProblem[];
}

const noFile = () =>
  new HttpError(
    400,
    'invalid_request',
    'file: hãy gửi tệp danh sách (.xlsx, .csv hoặc .json) trong trường "file" của biểu mẫu multipart/form-data.',
    [{ field: 'file', message: 'Thiếu tệp danh sách (trường file, multipart/form-data).' }],
  );

/** The uploaded file's bytes, read and checked: the list, or every problem found in it. */
async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) throw noFile();
  const part = await request.file();
  if (!part || part.fieldname !== 'file') throw noFile();
  const fileName = part.filename || 'danh-sach';
  const buffer = await part.toBuffer();
  try {
    // The reader applies the list's hard rules too (the ones the workflow would refuse), located by row.
    return { fileName, list: await readListBuffer(fileName, buffer), problems: [] };
  } catch (error) {
    if (!(error instanceof ListFileError)) throw error;
    return {
      fileName,
      problems: error.issues.map((issue) => ({ field: 'file', ...issue, text: formatListFileIssue(issue) })),
    };
  }
}

function refuseFile(fileName: string, problems: FileProblem[]): never {
  const shown = problems.slice(0, 20).map((p) => `- ${p.text}`);
  if (problems.length > shown.length) shown.push(`- … và ${problems.length - shown.length} lỗi khác (xem issues).`);
  throw new HttpError(
    400,
    'invalid_file',
    `Không nộp danh sách từ tệp "${fileName}" (${problems.length} lỗi); chưa có gì được nộp:\n${shown.join('\n')}`,
    problems,
  );
}

export function registerListUploadRoutes(app: TypedApp, context: RouteContext): void {
  registerListFileSubmission(app, context);
  registerListFilePreview(app, context);
}

// Both routes: the submitter's right over this agency first, then its assignment, then the file.
async function authorizedUpload(
  context: RouteContext,
  request: Parameters<typeof readUpload>[0] & { params: { campaignId: string; agencyCode: string } },
) {
  const scope = { campaignId: request.params.campaignId, agencyCode: request.params.agencyCode };
  const acting = await prepare(context, request, 'submit', scope);
  const assignment = await findAssignment(context.db, scope.campaignId, scope.agencyCode);
  return { scope, acting, assignment, upload: await readUpload(request) };
}

/** A list submitted from a file. */
function registerListFileSubmission(app: TypedApp, context: RouteContext): void {
  app.post(
    `${base}/file`,
    {
      schema: {
        summary: 'Nộp (hoặc nộp lại) danh sách từ tệp .xlsx, .csv hoặc .json (multipart, trường "file").',
        description:
          'Tệp có lỗi: 400, issues liệt kê mọi lỗi (trang, dòng, cột hoặc mục JSON, cách sửa), không có gì được nộp.',
        tags,
        params,
        ...multipart,
      },
    },
    async (request) => {
      const { scope, acting, assignment, upload } = await authorizedUpload(context, request);
      const { list } = upload;
      if (!list) return refuseFile(upload.fileName, upload.problems);
      const source = listFileFormat(upload.fileName)!;
      return actByUpdate(
        context,
        request,
        'submit',
        scope,
        assignment.workflowId,
        submitListUpdate,
        { list, source },
        { acting },
      );
    },
  );
}

/** A list file previewed: its problems, quality notes and changes; nothing submitted. */
function registerListFilePreview(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.post(
    `${base}/preview`,
    {
      schema: {
        summary: 'Xem trước một tệp danh sách: lỗi, lưu ý chất lượng, thay đổi so với phiên bản trước; không nộp.',
        tags,
        params,
        ...multipart,
      },
    },
    async (request) => {
      const { assignment, upload } = await authorizedUpload(context, request);
      const { list } = upload;
      const previous =
        assignment.currentVersion > 0
          ? await db.submission.findUnique({
              where: { assignmentId_version: { assignmentId: assignment.id, version: assignment.currentVersion } },
            })
          : null;
      const before = previous ? agencyListSchema.safeParse(previous.content) : undefined;
      const diff = list ? diffLists(before?.success ? before.data : undefined, list) : undefined;
      return {
        fileName: upload.fileName,
        valid: list !== undefined,
        problems: upload.problems,
        findings: list ? checkList(list).findings.map((f) => ({ path: f.path, message: f.message })) : [],
        summary: list && {
          procedures: list.procedures.length,
          documents: list.procedures.reduce((sum, p) => sum + p.documents.length, 0),
        },
        previousVersion: previous?.version ?? null,
        diff: diff && {
          first: diff.first,
          added: diff.added.length,
          removed: diff.removed.length,
          changed: diff.changed.length,
          text: formatDiff(diff, { maxLines: 200 }),
        },
      };
    },
  );
}
