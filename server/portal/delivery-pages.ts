import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FileRef, FormDelivery } from '../../domain/deliverables';
import { agencyPagePath } from '../../domain/page-links';
import { assignmentId } from '../../temporal/workflow-ids';
import { authorize } from '../identity/principal';
import { prepare, type Acting } from '../act';
import { redirectToSignIn } from '../identity/return-path';
import type { RouteContext, TypedApp } from '../http/app';
import { FILE_LIMITS } from '../http/request-bounds';
import { loadCampaignDeliverable } from '../../read-side/campaign-deliverable';
import { storeDeliveryUploads, uploadRefusal } from '../deliveries/delivery-uploads';
import {
  attachedFiles,
  attachedInputName,
  attachedValues,
  removedFileFields,
  shownAttachedFiles,
} from '../deliveries/attached-files';
import { lastReturnOf } from '../../read-side/delivery-review';
import { submitDelivery } from '../deliveries/submit-delivery';
import { notFound, refused } from '../../shared/http-errors';
import { deliveryFormModel, deliveryFromForm, formValuesOf, inputId } from './delivery-form';
import { formState, FormView, submitForm } from './form-page';
import { PORTAL_SECTIONS } from './navigation';
import { readMultipartForm } from './multipart-form';
import { sendPage, type PageContext, type ShownAgain } from './views';

// The agency's declared form (a report, a checklist, a document): filled on the web, files attached
// with it, checked by the campaign's checker; refused, the same page again with every problem beside
// its input, what was typed kept and the files attached still attached; accepted, the agency's page
// says which version went in. After a return, the reviewer's reasons stand beside their places.

const params = z.object({
  campaignId: z.string().min(1, 'Thiếu mã chiến dịch (campaignId).'),
  agencyCode: z.string().min(1, 'Thiếu mã cơ quan (agencyCode).'),
});
type Scope = z.infer<typeof params>;

/** The page of the agency's declared form. */
export const deliveryFormPath = (campaignId: string, agencyCode: string) =>
  `${agencyPagePath(campaignId, agencyCode)}/san-pham`;

/** Where an agency sends a declared table as a file, to see it before it is delivered (table-preview-pages.ts). */
export const deliveryFilePath = (campaignId: string, agencyCode: string) =>
  `${agencyPagePath(campaignId, agencyCode)}/san-pham/tep`;

const path = '/campaigns/:campaignId/agencies/:agencyCode/san-pham';

export function registerDeliveryPages(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.get(path, { schema: { hide: true, params } }, async (request, reply) => {
    if (!request.principal) return redirectToSignIn(request, reply);
    await authorize(db, request, 'deliver', request.params);
    return showForm(context, { request, reply }, request.params);
  });

  app.post(
    path,
    {
      schema: { hide: true, params },
      config: { csrfInMultipart: true, fileLimit: FILE_LIMITS.deliveryFile, fileCount: FILE_LIMITS.deliveryFiles },
    },
    async (request, reply) => {
      const scope = request.params;
      // Who asks is checked before anything sent is read.
      const acting = await prepare(context, request, 'deliver', scope);
      const { fields: values, files } = await readMultipartForm(request, reply);
      // Every problem links to its input, whose id is made from the value's path.
      const anchors = new Proxy({} as Record<string, string>, {
        get: (_, name) => inputId(String(name).replace(/\[\d+\]$/, '')),
      });
      return submitForm(
        {
          db,
          values,
          scope,
          page: agencyPagePath(scope.campaignId, scope.agencyCode),
          anchors,
          again: (form, status) => showForm(context, { request, reply }, scope, { form, status }),
        },
        () => deliver(context, request, reply, scope, acting, { values, files }),
      );
    },
  );
}

/** The campaign's declared form, and the agency's last delivery (a resubmission starts from it). */
async function loadForm(db: RouteContext['db'], scope: Scope) {
  const deliverable = await loadCampaignDeliverable(db, scope.campaignId);
  if (!deliverable || deliverable.declaration.kind !== 'form')
    throw notFound(`Chiến dịch ${scope.campaignId} không có biểu mẫu để điền trên trang này.`);
  const [assignment, latest] = await Promise.all([
    db.assignment.findUnique({
      where: { id: assignmentId(scope.campaignId, scope.agencyCode) },
      include: { agency: true },
    }),
    db.submission.findFirst({
      where: { assignmentId: assignmentId(scope.campaignId, scope.agencyCode) },
      orderBy: { version: 'desc' },
    }),
  ]);
  if (!assignment) throw notFound(`Chiến dịch ${scope.campaignId} không có cơ quan ${scope.agencyCode}.`);
  const declaration = deliverable.declaration;
  const last = latest?.content as FormDelivery | undefined;
  const keptFiles = Object.fromEntries(
    declaration.sections
      .flatMap((s) => s.fields)
      .filter((f) => f.type === 'file')
      .map((f) => [f.key, (last?.fields[f.key] as FileRef[] | undefined) ?? []]),
  );
  return { deliverable, declaration, agency: assignment.agency, stage: assignment.stage, last, keptFiles };
}

/** The form (again with what was typed and every problem beside its input, when refused). */
async function showForm(context: RouteContext, http: PageContext, scope: Scope, refused?: ShownAgain) {
  const { request, reply } = http;
  const { form, status } = refused ?? { status: 200 };
  const { db } = context;
  const { declaration, agency, stage, last, keptFiles } = await loadForm(db, scope);
  const view = form ?? new FormView(formState(formValuesOf(declaration, last)));
  const page = agencyPagePath(scope.campaignId, scope.agencyCode);
  const [attached, lastReturn] = await Promise.all([
    shownAttachedFiles(db, scope, declaration, view.state.values),
    stage === 'returned' ? lastReturnOf(db, scope.campaignId, scope.agencyCode) : undefined,
  ]);
  const reasons = lastReturn?.places ?? new Map<string, string>();
  // The button's own word, so the intro names the button the person will press.
  const submitLabel = last ? 'Nộp lại' : 'Nộp';
  return sendPage(
    { request, reply },
    'delivery-form',
    declaration.title,
    {
      form: view,
      model: deliveryFormModel(declaration, view, { keptFiles, attachedFiles: attached, reasons }),
      action: deliveryFormPath(scope.campaignId, scope.agencyCode),
      intro: `${agency.name}: điền từng mục rồi bấm “${submitLabel}”. dondoc kiểm tra ngay và chỉ ra từng chỗ cần sửa; chưa có gì được nộp cho tới khi mọi mục đạt.`,
      submitLabel,
      returned: lastReturn?.overall ? { overall: lastReturn.overall, at: lastReturn.decidedAt } : undefined,
      trail: [
        { label: PORTAL_SECTIONS.agency.label, href: PORTAL_SECTIONS.agency.path },
        { label: agency.name, href: page },
        { label: declaration.title },
      ],
    },
    status,
  );
}

/** The form as sent, with its files, checked and delivered (refused: every problem beside its input). */
async function deliver(
  context: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: Scope,
  acting: Acting,
  sent: { values: Record<string, string>; files: Awaited<ReturnType<typeof readMultipartForm>>['files'] },
) {
  const { db } = context;
  const { values, files } = sent;
  const { deliverable, declaration, keptFiles, stage } = await loadForm(db, scope);
  if (!['assigned', 'returned'].includes(stage))
    throw refused('Hồ sơ này không ở trạng thái chờ nộp; mở lại trang của cơ quan để xem trạng thái hiện tại.');
  const uploads = await storeDeliveryUploads(context, scope, acting.principal.person.id, declaration, files);
  // Files attached in a refused sending stay attached unless new ones are picked for their field;
  // an optional field's files, delivered or attached, are left out when the person ticked "Bỏ tệp này".
  const attached = { ...(await attachedFiles(db, scope, declaration, values)), ...uploads.stored };
  const removed = removedFileFields(declaration, values, uploads.stored);
  for (const key of removed) {
    delete attached[key];
    delete values[attachedInputName(key)];
  }
  Object.assign(values, attachedValues(attached));
  const delivered = { ...keptFiles, ...attached, ...Object.fromEntries(removed.map((key) => [key, []])) };
  const delivery = deliveryFromForm(declaration, values, delivered);
  if (uploads.problems.length > 0) throw uploadRefusal(uploads.problems, deliverable.check(delivery));
  const receipt = await submitDelivery(
    context,
    request,
    scope,
    { delivery: delivery as unknown as Record<string, unknown>, source: 'form' },
    acting,
  );
  return reply.redirect(`${agencyPagePath(scope.campaignId, scope.agencyCode)}?nop=${receipt.version}`, 303);
}
