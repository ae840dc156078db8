import { HttpError } from '../../shared/http-errors';
import { EVERY_CAMPAIGN } from '../../domain/access';
import type { RouteContext, TypedApp } from '../http/app';
import { grantAs, revokeAs } from '../identity/grant-actions';
import { authorize } from '../identity/principal';
import { emailSchema } from '../../domain/grant-input';
import { PORTAL_SECTIONS } from './navigation';
import { formOf } from './role-pages';
import { sendPage } from './views';
import type { FastifyReply, FastifyRequest } from 'fastify';

// The province's Service Center people: who holds the operator role for every campaign, who granted
// it and when. An administrator grants and revokes it here, through the API's own path (checked
// against the separation of duties, audited); a Service Center holder reads the list.

const base = PORTAL_SECTIONS.serviceCenter.path;
export const SERVICE_CENTER_PEOPLE_PATH = `${base}/can-bo-cap-tinh`;
const trail = [{ label: PORTAL_SECTIONS.serviceCenter.label, href: base }, { label: 'Cán bộ Trung tâm cấp tỉnh' }];

export function registerServiceCenterPeoplePages(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  const hidden = { schema: { hide: true } };
  const scope = { campaignId: EVERY_CAMPAIGN };

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    sent: { values: Record<string, string>; errors: Record<string, string> } = { values: {}, errors: {} },
    status = 200,
  ) {
    const grants = await db.roleGrant.findMany({
      where: { role: 'operator', campaignId: EVERY_CAMPAIGN, revokedAt: null },
      include: { person: true },
      orderBy: { grantedAt: 'asc' },
    });
    const grantors = await db.person.findMany({
      where: { id: { in: grants.map((g) => g.grantedBy) } },
      select: { id: true, name: true, email: true },
    });
    const nameOf = new Map(grantors.map((p) => [p.id, `${p.name} (${p.email})`]));
    const admin = request.principal!.person.grants.some((g) => g.role === 'admin');
    const done = (request.query as { da?: string }).da;
    return sendPage(
      { request, reply },
      'service-center-people',
      'Cán bộ Trung tâm Phục vụ cấp tỉnh',
      {
        trail,
        admin,
        people: grants.map((g) => ({
          name: g.person.name,
          email: g.person.email,
          grantedAt: g.grantedAt,
          grantedBy: nameOf.get(g.grantedBy) ?? g.grantedBy,
        })),
        action: SERVICE_CENTER_PEOPLE_PATH,
        sent,
        notice: done === 'cap' ? 'Đã cấp vai trò.' : done === 'thu-hoi' ? 'Đã thu hồi vai trò.' : undefined,
      },
      status,
    );
  }

  app.get(SERVICE_CENTER_PEOPLE_PATH, hidden, async (request, reply) => {
    await authorize(db, request, 'manageUsers', scope);
    return show(request, reply);
  });

  for (const [path, change] of [
    ['', 'cap'],
    ['/thu-hoi', 'thu-hoi'],
  ] as const)
    app.post(`${SERVICE_CENTER_PEOPLE_PATH}${path}`, hidden, async (request, reply) => {
      await authorize(db, request, 'manageUsers', scope);
      const values = formOf(request);
      const email = emailSchema.safeParse(values.email ?? '');
      if (!email.success)
        return show(
          request,
          reply,
          { values, errors: { email: 'Hãy điền một địa chỉ email, ví dụ nguyenvana@quangngai.gov.vn.' } },
          400,
        );
      const name = (values.name ?? '').trim();
      const grant = { email: email.data, role: 'operator' as const, campaignId: EVERY_CAMPAIGN, ...(name && { name }) };
      try {
        if (change === 'cap') await grantAs(context, request, grant);
        else await revokeAs(context, request, grant);
      } catch (error) {
        // A refusal of the separation of duties, or nothing to revoke: its words beside the form.
        if (!(error instanceof HttpError) || error.statusCode >= 500) throw error;
        return show(request, reply, { values, errors: { email: error.message } }, error.statusCode);
      }
      return reply.redirect(`${SERVICE_CENTER_PEOPLE_PATH}?da=${change}`, 303);
    });
}
