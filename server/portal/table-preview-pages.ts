import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TableDeclaration } from '../../domain/deliverables';
import { agencyPagePath } from '../../domain/page-links';
import { assignmentId } from '../../temporal/workflow-ids';
import { notFound, refused } from '../../shared/http-errors';
import { audited, prepare } from '../act';
import { loadCampaignDeliverable } from '../../read-side/campaign-deliverable';
import { deliverTableFile, TableFileRefusedError } from '../deliveries/table-file';
import { previewTableUpload, storedTableUpload, type TablePreview } from '../deliveries/table-preview';
import { refuseClosedUploads } from '../files/upload-guard';
import type { RouteContext, TypedApp } from '../http/app';
import { campaignTemplatePath } from './campaign-template';
import { deliveryFilePath } from './delivery-pages';
import { refusalOf } from './form-page';
import { formOf } from './role-pages';
import { readMultipartForm } from './multipart-form';
import { PORTAL_SECTIONS } from './navigation';
import { sendPage } from './views';

// A declared table sent as a file, in two steps: the upload is read, checked and shown (rows, what
// changed since the last version, every problem by sheet, row and column) with nothing submitted;
// the confirmation names the stored file by its SHA-256 and the server delivers its own bytes,
// checked again. The person is authorized for the delivery before either step reads anything sent.

const params = z.object({
  campaignId: z.string().min(1, 'Thiếu mã chiến dịch (campaignId).'),
  agencyCode: z.string().min(1, 'Thiếu mã cơ quan (agencyCode).'),
});
type Scope = z.infer<typeof params>;

/** Where the agency confirms a previewed file. */
const deliveryFileConfirmPath = (campaignId: string, agencyCode: string) =>
  `${deliveryFilePath(campaignId, agencyCode)}/nop`;

const NO_FILE = 'Tệp: chưa chọn tệp. Cách sửa: chọn tệp .xlsx (theo tệp mẫu), .csv hoặc .json rồi bấm “Kiểm tra tệp”.';

const path = '/campaigns/:campaignId/agencies/:agencyCode/san-pham/tep';

export function registerTablePreviewPages(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.post(path, { schema: { hide: true, params }, config: { csrfInMultipart: true } }, async (request, reply) => {
    const scope = request.params;
    // Who asks is checked before anything sent is read.
    const acting = await prepare(context, request, 'deliver', scope);
    const { declaration, agencyName } = await openTable(db, scope);
    const { file } = await readMultipartForm(request, reply);
    if (!file)
      return show(
        request,
        reply,
        scope,
        agencyName,
        { ok: false, fileName: '', problems: [{ message: NO_FILE }] },
        400,
      );
    // A good file is kept: an upload of the agency's, audited as one; nothing is delivered yet.
    const preview = await previewTableUpload(context, scope, acting.principal.person.id, declaration, file, (keep) =>
      audited(context, request, acting, 'uploadFile', scope, keep),
    );
    return show(request, reply, scope, agencyName, preview, preview.ok ? 200 : 422);
  });

  app.post(`${path}/nop`, { schema: { hide: true, params } }, async (request, reply) => {
    const scope = request.params;
    const acting = await prepare(context, request, 'deliver', scope);
    // The stored file, named by its SHA-256 alone: never bytes or rows the browser sends.
    const file = await storedTableUpload(context, scope, formOf(request).sha256 ?? '');
    const page = agencyPagePath(scope.campaignId, scope.agencyCode);
    try {
      const receipt = await deliverTableFile(context, request, scope, acting, file);
      return reply.redirect(`${page}?nop=${receipt.version}`, 303);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      const agencyName =
        (
          await db.agency.findUnique({
            where: { campaignId_code: { campaignId: scope.campaignId, code: scope.agencyCode } },
          })
        )?.name ?? scope.agencyCode;
      // The file's own problems under its name; a refusal of the delivery (someone acted first) on its own.
      const preview: TablePreview =
        error instanceof TableFileRefusedError
          ? { ok: false, fileName: file.fileName, problems: error.problems }
          : {
              ok: false,
              fileName: '',
              problems: [...Object.values(refusal.errors), ...refusal.problems].map((message) => ({ message })),
            };
      return show(request, reply, scope, agencyName, preview, refusal.status);
    }
  });
}

/** The campaign's declared table, while the agency may still deliver it. */
async function openTable(
  db: RouteContext['db'],
  scope: Scope,
): Promise<{ declaration: TableDeclaration; agencyName: string }> {
  const deliverable = await loadCampaignDeliverable(db, scope.campaignId);
  if (deliverable?.declaration.kind !== 'table')
    throw notFound(
      `Chiến dịch ${scope.campaignId} không nhận bảng bằng tệp ở đây. Cách sửa: mở trang của cơ quan và nộp theo cách chiến dịch yêu cầu.`,
    );
  const assignment = await db.assignment.findUnique({
    where: { id: assignmentId(scope.campaignId, scope.agencyCode) },
    include: { agency: true },
  });
  if (!assignment) throw notFound(`Chiến dịch ${scope.campaignId} không có cơ quan ${scope.agencyCode}.`);
  if (!['assigned', 'returned'].includes(assignment.stage))
    throw refused('Hồ sơ này không ở trạng thái chờ nộp; mở lại trang của cơ quan để xem trạng thái hiện tại.');
  await refuseClosedUploads(db, scope);
  return { declaration: deliverable.declaration, agencyName: assignment.agency.name };
}

/** The preview of the file sent (or what keeps it from being delivered). */
function show(
  request: FastifyRequest,
  reply: FastifyReply,
  scope: Scope,
  agencyName: string,
  preview: TablePreview,
  status: number,
) {
  const page = agencyPagePath(scope.campaignId, scope.agencyCode);
  const title = preview.ok ? 'Xem lại bảng trước khi nộp' : 'Tệp chưa nộp được';
  return sendPage(
    { request, reply },
    'table-preview',
    title,
    {
      preview,
      back: page,
      action: deliveryFilePath(scope.campaignId, scope.agencyCode),
      confirm: deliveryFileConfirmPath(scope.campaignId, scope.agencyCode),
      templatePath: campaignTemplatePath(scope.campaignId),
      trail: [
        { label: PORTAL_SECTIONS.agency.label, href: PORTAL_SECTIONS.agency.path },
        { label: agencyName, href: page },
        { label: title },
      ],
    },
    status,
  );
}
