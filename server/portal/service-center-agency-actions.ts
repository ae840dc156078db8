import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EXTENSION_AUDIT_ACTIONS, extensionRequestsFromAudit, pendingRequest } from '../../domain/extension-requests';
import { DEADLINE_LABELS, STAGE_LABELS, TERMINAL_STAGES, type DeadlineKind, type Stage } from '../../domain/stages';
import { agencyHistory } from '../../read-side/agency-history';
import { openSuspensions } from '../../read-side/suspensions';
import { notFound } from '../../shared/http-errors';
import { agencyWorkflowId, assignmentId } from '../../temporal/workflow-ids';
import { actByUpdate, prepare } from '../act';
import type { RouteContext, TypedApp } from '../http/app';
import { lastActionText } from './form-page';
import { PORTAL_SECTIONS } from './navigation';
import { authorizeSection, campaignParams, formOf } from './role-pages';
import {
  AGENCY_FORMS,
  plainRefusal,
  type AgencyFormName,
  type FormErrors,
  type FormValues,
} from './service-center-agency-forms';
import { sendPage } from './views';

// One agency on the Service Center's side: its deadlines, its pending extension request, the forms
// that act on it (answer the request, extend, remind, report, suspend and resume, withdraw) and its
// whole history. Every form is the API's action: authorized for its own action, sent as the declared
// Update with the server's signed proof (server/act.ts), audited. A refused form comes back with
// what was typed and the reason beside its field.

const base = PORTAL_SECTIONS.serviceCenter.path;
const campaignPath = (id: string) => `${base}/${encodeURIComponent(id)}`;
export const serviceCenterAgencyPath = (campaignId: string, agencyCode: string) =>
  `${campaignPath(campaignId)}/co-quan/${encodeURIComponent(agencyCode)}`;

/** The form that was sent, when the page shows it again: its name, what was typed, what is wrong. */
interface SentForm {
  name: AgencyFormName;
  values: FormValues;
  errors: FormErrors;
}

const FORM_KEY = /^[\w-]{8,64}$/;

async function sendAgencyPage(
  context: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: { campaignId: string; agencyCode: string },
  sent?: SentForm,
  status = 200,
) {
  const { db, config } = context;
  const { campaignId, agencyCode } = scope;
  const id = assignmentId(campaignId, agencyCode);
  const row = await db.assignment.findUnique({ where: { id }, include: { agency: true, campaign: true } });
  if (!row) throw notFound(`Chiến dịch ${campaignId} không có cơ quan ${agencyCode}.`);
  const [history, extensionRows, suspensions, support] = await Promise.all([
    agencyHistory(db, campaignId, agencyCode),
    db.auditEvent.findMany({
      where: { assignmentId: id, action: { in: [...EXTENSION_AUDIT_ACTIONS] } },
      select: { action: true, actor: true, at: true, payload: true },
    }),
    openSuspensions(db, campaignId),
    db.supportRequest.findMany({ where: { assignmentId: id }, orderBy: { askedAt: 'asc' } }),
  ]);
  const pending = pendingRequest(extensionRequestsFromAudit(extensionRows));
  const suspension = suspensions.get(id);
  const workflowId = agencyWorkflowId(campaignId, agencyCode);
  const path = serviceCenterAgencyPath(campaignId, agencyCode);
  const done = (request.query as { da?: string }).da;
  return sendPage(
    { request, reply },
    'service-center-agency',
    row.agency.name,
    {
      trail: [
        { label: PORTAL_SECTIONS.serviceCenter.label, href: base },
        { label: row.campaign.directiveNumber, href: campaignPath(campaignId) },
        { label: row.agency.name },
      ],
      row,
      stageLabel: STAGE_LABELS[row.stage as Stage] ?? row.stage,
      open: !TERMINAL_STAGES.includes(row.stage as Stage) && !['cancelled', 'approved'].includes(row.campaign.status),
      pending: pending && {
        ...pending,
        kindLabel: DEADLINE_LABELS[pending.kind as DeadlineKind] ?? pending.kind,
      },
      suspension,
      support,
      history,
      path,
      formKey: randomUUID(),
      sent: sent ?? { name: '', values: {}, errors: {} },
      notice: done && Object.values(AGENCY_FORMS).some((f) => f.done === done) ? done : undefined,
      // The Temporal Web UI is a developer's console (it can cancel a run): for administrators only.
      temporalHref: request.principal?.person.grants.some((g) => g.role === 'admin')
        ? `${config.temporalUiUrl}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`
        : undefined,
    },
    status,
  );
}

export function registerServiceCenterAgencyPages(app: TypedApp, context: RouteContext): void {
  const hidden = { schema: { hide: true } };
  const agencyParams = (request: FastifyRequest) =>
    campaignParams(request) as { campaignId: string; agencyCode: string };

  app.get(`${base}/:campaignId/co-quan/:agencyCode`, hidden, async (request, reply) => {
    const scope = agencyParams(request);
    await authorizeSection(context, request, 'serviceCenter', scope.campaignId);
    return sendAgencyPage(context, request, reply, scope);
  });

  for (const name of Object.keys(AGENCY_FORMS) as AgencyFormName[])
    app.post(`${base}/:campaignId/co-quan/:agencyCode/${name}`, hidden, (request, reply) => act(request, reply, name));

  async function act(request: FastifyRequest, reply: FastifyReply, name: AgencyFormName) {
    const scope = agencyParams(request);
    const form = AGENCY_FORMS[name];
    // Who may take this very action on this agency, checked (and a refusal audited) before anything is read.
    const key = formOf(request).cle ?? '';
    const acting = await prepare(
      context,
      request,
      form.action,
      scope,
      FORM_KEY.test(key) ? `portal:${request.principal!.person.id}:${form.action}:${key}` : undefined,
    );
    const values = formOf(request);
    const { send, errors } = form.read(values);
    const again = (why: FormErrors, status: number) =>
      sendAgencyPage(context, request, reply, scope, { name, values, errors: why }, status);
    if (!send) return again(errors, 400);
    const workflowId = agencyWorkflowId(scope.campaignId, scope.agencyCode);
    try {
      await send((action, update, argument) =>
        actByUpdate(context, request, action, scope, workflowId, update, argument, { acting }),
      );
    } catch (error) {
      // The workflow refused (a state that changed meanwhile, a limit of the campaign), or its run has
      // ended: the reason, on the page, with what was typed.
      if (error instanceof WorkflowNotFoundError)
        return again({ '': 'Hồ sơ của cơ quan đã kết thúc: không còn nhận thao tác nào; chưa có gì thay đổi.' }, 409);
      if (!(error instanceof WorkflowUpdateFailedError)) throw error;
      const cause = (error.cause as { message?: string } | undefined)?.message ?? error.message;
      // Someone acted first: who and when, rather than the stage the workflow names.
      const last = await lastActionText(context.db, scope);
      return again({ '': last ?? plainRefusal(cause) }, 409);
    }
    const path = serviceCenterAgencyPath(scope.campaignId, scope.agencyCode);
    return reply.redirect(`${path}?da=${encodeURIComponent(form.done)}#ket-qua`, 303);
  }
}
