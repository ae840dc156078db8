import fs from 'node:fs';
import { z } from 'zod';
import { agenciesOf, roleFor } from '../../domain/access';
import { serviceCenterAgencyPath } from './service-center-agency-actions';
import { assignmentId } from '../../temporal/workflow-ids';
import { agencyListSchema, describeIssues } from '../../domain/agency-list';
import { agencyPagePath } from '../../domain/page-links';
import { TEMPLATE_FILE } from '../../list-files';
import { requestSupportUpdate, submitListUpdate, supportRequestInputSchema } from '../../workflows/agency/messages';
import { requestExtension } from '../routes/extension-requests';
import { requestExtensionInputSchema } from '../../workflows/agency/messages';
import { actByUpdate } from '../act';
import type { RouteContext, TypedApp } from '../http/app';
import { HttpError, notFound } from '../../shared/http-errors';
import { authorize } from '../identity/principal';
import { redirectToSignIn } from '../identity/return-path';
import { agencyPage, tasksOf } from './agency-view';
import { calendarView } from './calendar-view';
import { previewUpload } from './list-preview';
import { readFileForm } from './multipart-form';
import { PORTAL_SECTIONS } from './navigation';
import { sendPage } from './views';
import { loadCampaignNow } from '../campaign/campaign-clock';

// The agency's pages ("Nhiệm vụ của tôi"): its assignments, one agency's page (the address every
// e-mail about it links to), the upload checked before sending, the confirmation that submits, and
// support requests. Reads and actions go through authorize/actByUpdate like /api/v1: the person
// comes from the session, and an agency member reaches only their own agency (403 otherwise).

const params = z.object({
  campaignId: z.string().min(1, 'Thiếu mã chiến dịch (campaignId).'),
  agencyCode: z.string().min(1, 'Thiếu mã cơ quan (agencyCode).'),
});
const pagePath = '/campaigns/:campaignId/agencies/:agencyCode';
export const TEMPLATE_PATH = `${PORTAL_SECTIONS.agency.path}/mau-danh-sach-giay-to-so-hoa.xlsx`;

export function registerAgencyPages(app: TypedApp, context: RouteContext): void {
  const { db } = context;

  async function workflowOf(campaignId: string, agencyCode: string): Promise<string> {
    const row = await db.assignment.findUnique({
      where: { id: assignmentId(campaignId, agencyCode) },
      select: { workflowId: true },
    });
    if (!row) throw notFound(`Chiến dịch ${campaignId} không có cơ quan ${agencyCode}.`);
    return row.workflowId;
  }

  app.get(PORTAL_SECTIONS.agency.path, { schema: { hide: true } }, async (request, reply) => {
    if (!request.principal) return redirectToSignIn(request, reply);
    const tasks = await tasksOf(db, request.principal.person.grants, context.now());
    return sendPage({ request, reply }, 'agency-tasks', PORTAL_SECTIONS.agency.label, {
      tasks,
      templatePath: TEMPLATE_PATH,
    });
  });

  app.get(TEMPLATE_PATH, { schema: { hide: true } }, async (request, reply) => {
    if (!request.principal) return redirectToSignIn(request, reply);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="mau-danh-sach-giay-to-so-hoa.xlsx"')
      .send(fs.createReadStream(TEMPLATE_FILE));
  });

  app.get(
    pagePath,
    {
      schema: {
        hide: true,
        params,
        querystring: z.object({
          nop: z.coerce.number().int().min(1).optional(),
          hoi: z.literal('1').optional(),
          giahan: z.literal('1').optional(),
        }),
      },
    },
    async (request, reply) => {
      if (!request.principal) return redirectToSignIn(request, reply);
      const scope = { campaignId: request.params.campaignId, agencyCode: request.params.agencyCode };
      await authorize(db, request, 'status', scope);
      const grants = request.principal.person.grants;
      // The Service Center, arriving from an e-mail about the agency, works on its own page of it.
      if (
        !agenciesOf(grants, scope.campaignId).includes(scope.agencyCode) &&
        roleFor(grants, 'remind', scope) === 'operator'
      )
        return reply.redirect(serviceCenterAgencyPath(scope.campaignId, scope.agencyCode), 303);
      const view = await agencyPage(
        db,
        scope.campaignId,
        scope.agencyCode,
        await loadCampaignNow(db, scope.campaignId, context.now()),
      );
      const canSubmit = roleFor(request.principal.person.grants, 'submit', scope) !== undefined;
      const policy = view.extensionPolicy;
      // Nothing is invited that the agency can no longer do once collection is closed for it.
      const open = canSubmit && !view.collectionClosed;
      const canRequestExtension =
        open &&
        ['assigned', 'returned'].includes(view.stage) &&
        view.extensions.every((r) => r.status !== 'pending') &&
        view.extensions.length < policy.maxRequests;
      return sendPage({ request, reply }, 'agency', view.agency.name, {
        view,
        calendar: await calendarView(db, scope.campaignId),
        canSubmit,
        acting: open && ['assigned', 'returned'].includes(view.stage),
        base: agencyPagePath(scope.campaignId, scope.agencyCode),
        templatePath: TEMPLATE_PATH,
        submitted: request.query.nop,
        asked: request.query.hoi === '1',
        extensionAsked: request.query.giahan === '1',
        canRequestExtension,
        extensionHint:
          `Mỗi cơ quan được xin tối đa ${policy.maxRequests} lần, mỗi lần thêm tối đa ${policy.maxWorkingDays} ngày làm việc; ` +
          `Trung tâm Phục vụ - Kiểm soát TTHC trả lời trong ${policy.answerWorkingDays} ngày làm việc.`,
        trail: [
          { label: PORTAL_SECTIONS.agency.label, href: PORTAL_SECTIONS.agency.path },
          { label: view.agency.name },
        ],
      });
    },
  );

  app.post(
    `${pagePath}/list/preview`,
    { schema: { hide: true, params }, config: { csrfInMultipart: true } },
    async (request, reply) => {
      const scope = { campaignId: request.params.campaignId, agencyCode: request.params.agencyCode };
      await authorize(db, request, 'submit', scope);
      const upload = await readFileForm(request, reply);
      const preview = await previewUpload(db, scope.campaignId, scope.agencyCode, upload);
      const base = agencyPagePath(scope.campaignId, scope.agencyCode);
      const name =
        (
          await db.agency.findUnique({
            where: { campaignId_code: { campaignId: scope.campaignId, code: scope.agencyCode } },
          })
        )?.name ?? scope.agencyCode;
      return sendPage(
        { request, reply },
        'list-preview',
        preview.ok ? 'Kiểm tra danh sách trước khi nộp' : 'Tệp danh sách có lỗi',
        {
          preview,
          listJson: preview.ok ? JSON.stringify(preview.list) : '',
          base,
          templatePath: TEMPLATE_PATH,
          trail: [
            { label: PORTAL_SECTIONS.agency.label, href: PORTAL_SECTIONS.agency.path },
            { label: name, href: base },
            { label: 'Kiểm tra tệp' },
          ],
        },
        preview.ok ? 200 : 422,
      );
    },
  );

  app.post(
    `${pagePath}/list`,
    {
      schema: {
        hide: true,
        params,
        body: z.object({
          list: z.string({ error: 'Thiếu danh sách (list): hãy tải tệp lên và kiểm tra lại.' }).min(2),
          source: z.enum(['xlsx', 'csv', 'json'], { error: 'Nguồn danh sách (source) phải là xlsx, csv hoặc json.' }),
        }),
      },
    },
    async (request, reply) => {
      const scope = { campaignId: request.params.campaignId, agencyCode: request.params.agencyCode };
      await authorize(db, request, 'submit', scope);
      let raw: unknown;
      try {
        raw = JSON.parse(request.body.list);
      } catch {
        throw new HttpError(
          400,
          'invalid_request',
          'Danh sách (list) gửi lên bị hỏng: hãy tải tệp lên và kiểm tra lại.',
        );
      }
      const parsed = agencyListSchema.safeParse(raw);
      if (!parsed.success)
        throw new HttpError(400, 'invalid_request', `Danh sách (list) không hợp lệ:\n${describeIssues(parsed.error)}`);
      const workflowId = await workflowOf(scope.campaignId, scope.agencyCode);
      const receipt = await actByUpdate(context, request, 'submit', scope, workflowId, submitListUpdate, {
        list: parsed.data,
        source: request.body.source,
      });
      return reply.redirect(`${agencyPagePath(scope.campaignId, scope.agencyCode)}?nop=${receipt.version}`, 303);
    },
  );

  app.post(
    `${pagePath}/support`,
    { schema: { hide: true, params, body: supportRequestInputSchema } },
    async (request, reply) => {
      const scope = { campaignId: request.params.campaignId, agencyCode: request.params.agencyCode };
      await authorize(db, request, 'support', scope);
      const workflowId = await workflowOf(scope.campaignId, scope.agencyCode);
      await actByUpdate(context, request, 'support', scope, workflowId, requestSupportUpdate, {
        question: request.body.question,
      });
      return reply.redirect(`${agencyPagePath(scope.campaignId, scope.agencyCode)}?hoi=1`, 303);
    },
  );

  app.post(
    `${pagePath}/extension-request`,
    { schema: { hide: true, params, body: requestExtensionInputSchema } },
    async (request, reply) => {
      const scope = { campaignId: request.params.campaignId, agencyCode: request.params.agencyCode };
      await requestExtension(context, request, scope, request.body);
      return reply.redirect(`${agencyPagePath(scope.campaignId, scope.agencyCode)}?giahan=1`, 303);
    },
  );
}
