import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkHandlingNote, handlingFromAudit, handlingKey } from '../../domain/escalation-handling';
import { escalationLabel } from '../../domain/escalations';
import { HttpError, notFound } from '../../shared/http-errors';
import { audited, prepare } from '../act';
import { loadCampaignNow } from '../campaign/campaign-clock';
import { handleEscalation } from '../campaign/escalation-handling';
import type { RouteContext, TypedApp } from '../http/app';
import { authorizeSection, formOf } from './role-pages';
import { sendPage } from './views';

// An escalation for the Service Center: what was raised, about whom, and the form to say how it was
// handled (or who handled it, when and how). The dashboard carries the same form on each escalation
// still to handle; a refused note comes back here with the reason beside the field and the text kept.

export function registerEscalationPages(app: TypedApp, context: RouteContext, base: string): void {
  const { db } = context;
  const hidden = { schema: { hide: true } };
  const campaignPath = (id: string) => `${base}/${encodeURIComponent(id)}`;
  const escalationPath = (campaignId: string, id: string) =>
    `${campaignPath(campaignId)}/canh-bao/${encodeURIComponent(id)}`;
  const paramsOf = (request: FastifyRequest) => request.params as { campaignId: string; escalationId: string };

  async function sendEscalation(
    request: FastifyRequest,
    reply: FastifyReply,
    campaignId: string,
    escalationId: string,
    form?: { note: string; error: string },
    status = 200,
  ) {
    const escalation = await db.escalation.findFirst({
      where: { id: escalationId, campaignId },
      include: { assignment: { include: { agency: true } } },
    });
    if (!escalation) throw notFound(`Chiến dịch ${campaignId} không có cảnh báo này.`);
    const handledRow = await db.auditEvent.findUnique({ where: { idempotencyKey: handlingKey(escalation.id) } });
    const agency = escalation.assignment?.agency;
    return sendPage(
      { request, reply },
      'service-center-escalation',
      escalationLabel(escalation.kind),
      {
        trail: [
          { label: 'Điều hành', href: base },
          { label: campaignId, href: campaignPath(campaignId) },
          { label: 'Cảnh báo' },
        ],
        escalation,
        agency: agency && {
          name: agency.name,
          href: `${campaignPath(campaignId)}/co-quan/${encodeURIComponent(agency.code)}`,
        },
        handled: handledRow ? handlingFromAudit(handledRow) : undefined,
        action: escalationPath(campaignId, escalation.id),
        back: `${campaignPath(campaignId)}#canhBao`,
        form,
      },
      status,
    );
  }

  app.get(`${base}/:campaignId/canh-bao/:escalationId`, hidden, async (request, reply) => {
    const { campaignId, escalationId } = paramsOf(request);
    await authorizeSection(context, request, 'serviceCenter', campaignId);
    return sendEscalation(request, reply, campaignId, escalationId);
  });

  app.post(`${base}/:campaignId/canh-bao/:escalationId`, hidden, async (request, reply) => {
    const { campaignId, escalationId } = paramsOf(request);
    const scope = { campaignId };
    const acting = await prepare(context, request, 'handleEscalation', scope, handlingKey(escalationId));
    const typed = formOf(request).ghiChu ?? '';
    const checked = checkHandlingNote(typed);
    if ('error' in checked)
      return sendEscalation(request, reply, campaignId, escalationId, { note: typed, error: checked.error }, 400);
    const person = acting.principal.person;
    try {
      await audited(context, request, acting, 'handleEscalation', scope, async () =>
        handleEscalation(db, {
          campaignId,
          escalationId,
          note: checked.note,
          person: { id: person.id, name: person.name, email: person.email },
          at: await loadCampaignNow(db, campaignId, context.now()),
        }),
      );
    } catch (error) {
      if (error instanceof HttpError && error.statusCode === 409)
        return sendEscalation(request, reply, campaignId, escalationId, { note: typed, error: error.message }, 409);
      throw error;
    }
    return reply.redirect(`${campaignPath(campaignId)}?da=canh-bao#daXuLy`, 303);
  });
}
