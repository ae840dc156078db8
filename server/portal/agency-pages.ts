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
import { invalid, invalidFields, notFound } from '../../shared/http-errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseDay } from '../../domain/day-input';
import { listXlsx } from '../../list-files/version-xlsx';
import { parseFields, submitForm, type FormView } from './form-page';
import { formOf } from './role-pages';
import { authorize } from '../identity/principal';
import { redirectToSignIn } from '../identity/return-path';
import { agencyPage, tasksOf } from './agency-view';
import { calendarView } from './calendar-view';
import { previewList, previewUpload, type ListPreview } from './list-preview';
import { sendDeliveryVersion } from './delivery-versions';
import { readFileForm } from './multipart-form';
import { agencyPageTrail } from './breadcrumbs';
import { PORTAL_SECTIONS, type TrailStep } from './navigation';
import { sendPage, type PageContext, type ShownAgain } from './views';
import { loadCampaignNow } from '../campaign/campaign-clock';
import { campaignDeclaration, deliveryForReview } from '../../read-side/delivery-review';
import { deliveryFilePath, deliveryFormPath } from './delivery-pages';
import { campaignTemplatePath } from './campaign-template';

// The agency's pages ("Nhiệm vụ của tôi"): its assignments, one agency's page (the address every
// e-mail about it links to), the upload checked before sending, the confirmation that submits, and
// support requests. Reads and actions go through authorize/actByUpdate like /api/v1: the person
// comes from the session, and an agency member reaches only their own agency (403 otherwise).

const params = z.object({
  campaignId: z.string().min(1, 'Thiếu mã chiến dịch (campaignId).'),
  agencyCode: z.string().min(1, 'Thiếu mã cơ quan (agencyCode).'),
});
const pagePath = '/campaigns/:campaignId/agencies/:agencyCode';
const TEMPLATE_PATH = `${PORTAL_SECTIONS.agency.path}/mau-danh-sach-giay-to-so-hoa.xlsx`;

type Scope = { campaignId: string; agencyCode: string };

export function registerAgencyPages(app: TypedApp, context: RouteContext): void {
  registerAgencyTasks(app, context);
  registerAgencyPage(app, context);
  registerListSubmission(app, context);
  registerAgencyRequests(app, context);
}

async function workflowOf(context: RouteContext, scope: Scope): Promise<string> {
  const row = await context.db.assignment.findUnique({
    where: { id: assignmentId(scope.campaignId, scope.agencyCode) },
    select: { workflowId: true },
  });
  if (!row) throw notFound(`Chiến dịch ${scope.campaignId} không có cơ quan ${scope.agencyCode}.`);
  return row.workflowId;
}

/** The agency's tasks, and the Article 4 list template. */
function registerAgencyTasks(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.get(PORTAL_SECTIONS.agency.path, { schema: { hide: true } }, async (request, reply) => {
    if (!request.principal) return redirectToSignIn(request, reply);
    const tasks = await tasksOf(db, request.principal.person.grants, context.now());
    // The Article 4 template only where a task takes that list; a declared deliverable's own
    // template or form is on its agency's page.
    const campaigns = [...new Set(tasks.map((task) => task.campaignId))];
    const declared = await Promise.all(campaigns.map((id) => campaignDeclaration(db, id)));
    return sendPage({ request, reply }, 'agency-tasks', PORTAL_SECTIONS.agency.label, {
      tasks,
      templatePath: declared.some((declaration) => declaration === undefined) ? TEMPLATE_PATH : undefined,
    });
  });

  app.get(TEMPLATE_PATH, { schema: { hide: true } }, async (request, reply) => {
    if (!request.principal) return redirectToSignIn(request, reply);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="mau-danh-sach-giay-to-so-hoa.xlsx"')
      .send(fs.createReadStream(TEMPLATE_FILE));
  });
}

/** One agency's page: its task, list, extensions and support (again with what was typed, when refused). */
async function showAgency(context: RouteContext, http: PageContext, scope: Scope, refused?: ShownAgain) {
  const { request, reply } = http;
  const { form, status } = refused ?? { status: 200 };
  const query = request.query as { nop?: string; hoi?: string; giahan?: string };
  const { db } = context;
  const view = await agencyPage(
    db,
    scope.campaignId,
    scope.agencyCode,
    await loadCampaignNow(db, scope.campaignId, context.now()),
  );
  const canSubmit = roleFor(request.principal!.person.grants, 'submit', scope) !== undefined;
  const policy = view.extensionPolicy;
  // Nothing is invited that the agency can no longer do once collection is closed for it.
  const open = canSubmit && !view.collectionClosed;
  const canRequestExtension =
    open &&
    ['assigned', 'returned'].includes(view.stage) &&
    view.extensions.every((r) => r.status !== 'pending') &&
    view.extensions.length < policy.maxRequests;
  const base = agencyPagePath(scope.campaignId, scope.agencyCode);
  const delivery = await deliveryForReview(db, scope.campaignId, scope.agencyCode);
  return sendPage(
    { request, reply },
    'agency',
    view.agency.name,
    {
      view,
      delivery,
      deliveryFormHref: delivery?.kind === 'form' ? deliveryFormPath(scope.campaignId, scope.agencyCode) : undefined,
      deliveryFileHref: deliveryFilePath(scope.campaignId, scope.agencyCode),
      calendar: await calendarView(db, scope.campaignId),
      canSubmit,
      acting: open && ['assigned', 'returned'].includes(view.stage),
      base,
      templatePath: campaignTemplatePath(scope.campaignId),
      versionHref: (version: number) => `${base}/phien-ban/${version}`,
      submitted: Number(query.nop) || undefined,
      asked: query.hoi === '1',
      extensionAsked: query.giahan === '1',
      canRequestExtension,
      extensionHint:
        `Ngày dạng dd/mm/yyyy. Mỗi cơ quan được xin tối đa ${policy.maxRequests} lần, mỗi lần thêm tối đa ${policy.maxWorkingDays} ngày làm việc; ` +
        `Trung tâm Phục vụ - Kiểm soát TTHC trả lời trong ${policy.answerWorkingDays} ngày làm việc.`,
      trail: await agencyTrail(context, request, scope, { label: view.agency.name }),
      ...(form && { form }),
    },
    status,
  );
}

/** Breadcrumbs in the section of the role the person uses on this agency's page. */
const agencyTrail = (context: RouteContext, request: FastifyRequest, scope: Scope, ...steps: TrailStep[]) =>
  agencyPageTrail(context, request.principal?.person.grants ?? [], scope, ...steps);

/** A form of the agency's page: refused, the page again with what was typed. */
const agencyForm = (
  context: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: Scope,
  anchors: Record<string, string> = {},
) => ({
  db: context.db,
  values: formOf(request),
  scope,
  page: agencyPagePath(scope.campaignId, scope.agencyCode),
  anchors,
  again: (form: FormView, status: number) => showAgency(context, { request, reply }, scope, { form, status }),
});

/** One agency's page, and any version it sent. */
function registerAgencyPage(app: TypedApp, context: RouteContext): void {
  const { db } = context;
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
      return showAgency(context, { request, reply }, scope);
    },
  );

  // Any version the agency sent: a list or a declared table as the .xlsx of the template it filled,
  // a declared form as a page of its own.
  app.get(
    `${pagePath}/phien-ban/:version`,
    { schema: { hide: true, params: params.extend({ version: z.string() }) } },
    async (request, reply) => {
      if (!request.principal) return redirectToSignIn(request, reply);
      const scope = { campaignId: request.params.campaignId, agencyCode: request.params.agencyCode };
      await authorize(db, request, 'status', scope);
      const version = Number(request.params.version);
      const declared = await sendDeliveryVersion(db, { request, reply }, scope, version, async (step) => {
        const agency = await db.agency.findUnique({
          where: { campaignId_code: { campaignId: scope.campaignId, code: scope.agencyCode } },
        });
        return agencyTrail(
          context,
          request,
          scope,
          { label: agency?.name ?? scope.agencyCode, href: agencyPagePath(scope.campaignId, scope.agencyCode) },
          step,
        );
      });
      if (declared) return declared;
      const row = Number.isSafeInteger(version)
        ? await db.submission.findUnique({
            where: {
              assignmentId_version: { assignmentId: assignmentId(scope.campaignId, scope.agencyCode), version },
            },
          })
        : null;
      const list = row && agencyListSchema.safeParse(row.content);
      if (!list?.success) throw notFound(`Cơ quan chưa nộp phiên bản ${request.params.version}.`);
      const file = `danh-sach-${scope.agencyCode}-phien-ban-${version}.xlsx`;
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(await listXlsx(list.data));
    },
  );
}

/** A list file checked before it is sent, then the confirmation that submits it. */
function registerListSubmission(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.post(
    `${pagePath}/list/preview`,
    { schema: { hide: true, params }, config: { csrfInMultipart: true } },
    async (request, reply) => {
      const scope = { campaignId: request.params.campaignId, agencyCode: request.params.agencyCode };
      await authorize(db, request, 'submit', scope);
      const upload = await readFileForm(request, reply);
      const preview = await previewUpload(db, scope.campaignId, scope.agencyCode, upload);
      return showPreview(context, request, reply, scope, preview, undefined, preview.ok ? 200 : 422);
    },
  );

  // Who asks is checked before anything sent is read: a stranger's empty form is refused as a stranger.
  const submitFields = z.object({
    list: z
      .string({ error: 'Thiếu danh sách: hãy tải tệp lên và kiểm tra lại.' })
      .min(2, 'Thiếu danh sách: hãy tải tệp lên và kiểm tra lại.'),
    source: z.enum(['xlsx', 'csv', 'json'], { error: 'Nguồn danh sách phải là tệp .xlsx, .csv hoặc .json.' }),
  });

  app.post(`${pagePath}/list`, { schema: { hide: true, params } }, async (request, reply) => {
    const scope = { campaignId: request.params.campaignId, agencyCode: request.params.agencyCode };
    await authorize(db, request, 'submit', scope);
    const values = formOf(request);
    // Refused, the checked list is shown again, ready to confirm once more (or the agency's page).
    const again = async (form: FormView, status: number) => {
      const kept = (() => {
        try {
          return agencyListSchema.safeParse(JSON.parse(values.list ?? ''));
        } catch {
          return undefined;
        }
      })();
      if (!kept?.success) return showAgency(context, { request, reply }, scope, { form, status });
      const preview = {
        ...(await previewList(db, scope.campaignId, scope.agencyCode, kept.data)),
        fileName: values.fileName || 'danh sách',
        source: values.source as 'xlsx' | 'csv' | 'json',
      };
      return showPreview(context, request, reply, scope, preview, form, status);
    };
    return submitForm({ ...agencyForm(context, request, reply, scope), again }, async () => {
      const body = parseFields(submitFields, values);
      let raw: unknown;
      try {
        raw = JSON.parse(body.list);
      } catch {
        throw invalid('list', 'Danh sách gửi lên bị hỏng: hãy tải tệp lên và kiểm tra lại.');
      }
      const parsed = agencyListSchema.safeParse(raw);
      if (!parsed.success) throw invalid('list', `Danh sách không hợp lệ:\n${describeIssues(parsed.error)}`);
      const workflowId = await workflowOf(context, scope);
      const receipt = await actByUpdate(context, request, 'submit', scope, workflowId, submitListUpdate, {
        list: parsed.data,
        source: body.source,
      });
      return reply.redirect(`${agencyPagePath(scope.campaignId, scope.agencyCode)}?nop=${receipt.version}`, 303);
    });
  });
}

async function showPreview(
  context: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: Scope,
  preview: ListPreview,
  form: FormView | undefined,
  status: number,
) {
  const base = agencyPagePath(scope.campaignId, scope.agencyCode);
  const name =
    (
      await context.db.agency.findUnique({
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
      templatePath: campaignTemplatePath(scope.campaignId),
      trail: await agencyTrail(context, request, scope, { label: name, href: base }, { label: 'Kiểm tra tệp' }),
      ...(form && { form }),
    },
    status,
  );
}

/** The agency's support and extension requests. */
function registerAgencyRequests(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.post(`${pagePath}/support`, { schema: { hide: true, params } }, async (request, reply) => {
    const scope = { campaignId: request.params.campaignId, agencyCode: request.params.agencyCode };
    await authorize(db, request, 'support', scope);
    const submission = agencyForm(context, request, reply, scope);
    return submitForm(submission, async () => {
      const body = parseFields(supportRequestInputSchema, submission.values);
      const workflowId = await workflowOf(context, scope);
      await actByUpdate(context, request, 'support', scope, workflowId, requestSupportUpdate, {
        question: body.question,
      });
      return reply.redirect(`${agencyPagePath(scope.campaignId, scope.agencyCode)}?hoi=1`, 303);
    });
  });

  app.post(`${pagePath}/extension-request`, { schema: { hide: true, params } }, async (request, reply) => {
    const scope = { campaignId: request.params.campaignId, agencyCode: request.params.agencyCode };
    await authorize(db, request, 'requestExtension', scope);
    const submission = agencyForm(context, request, reply, scope, {
      deadline: 'extension-deadline',
      reason: 'extension-reason',
    });
    return submitForm(submission, async () => {
      const typed = (submission.values.deadline ?? '').trim();
      const deadline = parseDay(typed);
      const problems: { field: string; message: string }[] = [];
      if (!deadline)
        problems.push({
          field: 'deadline',
          message: typed
            ? `"${typed}" không phải một ngày dạng dd/mm/yyyy: hãy ghi ví dụ 15/03/2024.`
            : 'Hãy ghi ngày xin gia hạn đến, dạng dd/mm/yyyy, ví dụ 15/03/2024.',
        });
      if (!(submission.values.reason ?? '').trim())
        problems.push({
          field: 'reason',
          message: 'Hãy nêu lý do xin gia hạn, ví dụ đang chờ ý kiến của cơ quan cấp trên.',
        });
      if (problems.length > 0) throw invalidFields(problems);
      const body = parseFields(requestExtensionInputSchema, { ...submission.values, deadline });
      await requestExtension(context, request, scope, body);
      return reply.redirect(`${agencyPagePath(scope.campaignId, scope.agencyCode)}?giahan=1`, 303);
    });
  });
}
