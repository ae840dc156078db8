import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { EVERY_CAMPAIGN, roleFor } from '../../domain/access';
import { calendarDays, latestVersion } from '../../domain/calendar/announcements';
import { buildVietnamCalendar } from '../../domain/calendar/vietnam';
import { localDay } from '../../domain/working-days';
import type { RouteContext, TypedApp } from '../http/app';
import { recordAccess } from '../identity/audit';
import {
  AnnouncementRefusedError,
  loadAnnouncements,
  propagateCalendar,
  recordAnnouncement,
} from '../campaign/calendar-announcements';
import { loadCampaignRow } from '../../read-side/campaign-roles';
import { HttpError, forbidden } from '../../shared/http-errors';
import { authorize, requirePrincipal } from '../identity/principal';

// The working-day calendar: its versions and days (anyone signed in), and a new official
// announcement (the Service Center or an administrator), which reaches every running agency of the
// campaigns the person operates.

const tags = ['Lịch làm việc'];
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD, ví dụ 2026-09-01.');
const announcementBody = z.object({
  daysOff: z.array(day).default([]),
  workingDays: z.array(day).default([]),
  basis: z.string({ error: 'Thiếu căn cứ pháp lý (basis): số, ngày văn bản thông báo.' }).trim(),
  corrects: z.number().int().min(2, 'corrects: phiên bản cần đính chính (từ 2).').optional(),
  note: z.string().trim().min(1).optional(),
});
const applyBody = z
  .object({
    campaignId: z
      .string({ error: 'Mã chiến dịch (campaignId) phải là chuỗi, ví dụ "so-hoa-2024".' })
      .min(
        1,
        'Mã chiến dịch (campaignId) không được để trống; bỏ trường này để áp dụng cho mọi chiến dịch bạn điều hành.',
      )
      .optional(),
  })
  .default({});
const deadlines = z.object({
  submission: z.string(),
  resubmission: z.string().optional(),
  review: z.string().optional(),
});
/** One campaign brought to the latest calendar version: what moved for each running agency. */
const propagationAnswer = z.object({
  campaignId: z.string(),
  from: z.number(),
  to: z.number(),
  complete: z.boolean(),
  change: z.object({ daysOff: z.array(z.string()), workingDays: z.array(z.string()) }),
  agencies: z.array(
    z.object({
      agencyCode: z.string(),
      agencyName: z.string(),
      before: deadlines.optional(),
      after: deadlines.optional(),
      error: z.string().optional(),
    }),
  ),
});
type PropagationAnswer = z.infer<typeof propagationAnswer>;
const applyAnswer = z.object({ campaigns: z.array(propagationAnswer) });

export function registerCalendarRoutes(app: TypedApp, context: RouteContext): void {
  registerCalendarRead(app, context);
  registerAnnouncementRoute(app, context);
  registerCalendarApply(app, context);
}

/** The calendar's versions and the days of a year, for anyone signed in. */
function registerCalendarRead(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.get(
    '/api/v1/calendar',
    {
      schema: {
        summary: 'Các phiên bản lịch làm việc và các ngày nghỉ, làm bù của một năm (theo luật hay theo thông báo).',
        tags,
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
      },
    },
    async (request) => {
      requirePrincipal(request);
      const year = request.query.year ?? Number(localDay(context.now()).slice(0, 4));
      const all = await loadAnnouncements(db);
      const version = latestVersion(all);
      return {
        version,
        announcements: all.map(({ recordedAt, ...a }) => ({ ...a, recordedAt: recordedAt?.toISOString() })),
        days: calendarDays(buildVietnamCalendar(year, year), all, version).filter((d) => d.day.startsWith(`${year}-`)),
      };
    },
  );
}

/** A new official announcement, brought to the campaigns the person operates. */
function registerAnnouncementRoute(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.post(
    '/api/v1/calendar/announcements',
    {
      schema: {
        summary:
          'Ghi một thông báo nghỉ, làm bù (hoặc đính chính) thành phiên bản lịch mới và áp dụng cho các cơ quan đang thực hiện.',
        tags,
        body: announcementBody,
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { grants } = principal.person;
      // An administrator and the province's Service Center bring every campaign along.
      const admin = grants.some(
        (g) => g.role === 'admin' || (g.role === 'operator' && g.campaignId === EVERY_CAMPAIGN),
      );
      const operated = [...new Set(grants.filter((g) => g.role === 'operator').map((g) => g.campaignId))];
      const base = { personId: principal.person.id, channel: principal.channel, clientAddress: request.ip };
      if (!admin && operated.length === 0) {
        await recordAccess(db, { ...base, action: 'changeCalendar', outcome: 'refused' }, context.now());
        throw forbidden(
          'Cần vai trò Đơn vị điều hành (Trung tâm Phục vụ) của một chiến dịch để ghi thông báo lịch làm việc.',
        );
      }
      const body = request.body as z.output<typeof announcementBody>;
      let announcement;
      try {
        announcement = await recordAnnouncement(db, { ...body, recordedBy: principal.person.name });
      } catch (error) {
        if (error instanceof AnnouncementRefusedError)
          throw new HttpError(
            400,
            'invalid_request',
            error.message,
            error.problems.map((message) => ({ field: message.split(':')[0]!, message })),
          );
        throw error;
      }
      return {
        announcement: { ...announcement, recordedAt: announcement.recordedAt?.toISOString() },
        campaigns: await propagateAs(
          context,
          request,
          admin ? undefined : operated.filter((id) => roleFor(grants, 'changeCalendar', { campaignId: id })),
        ),
      };
    },
  );
}

/** Brings the campaigns to the latest version as the signed-in person (their proof, their audit). */
async function propagateAs(
  context: RouteContext,
  request: FastifyRequest,
  campaignIds: string[] | undefined,
): Promise<PropagationAnswer[]> {
  const { db, client } = context;
  const principal = requirePrincipal(request);
  const admin = principal.person.grants.some((g) => g.role === 'admin');
  const base = { personId: principal.person.id, channel: principal.channel, clientAddress: request.ip };
  const campaigns = await propagateCalendar({
    client,
    db,
    campaignIds,
    proofFor: (target, argument) =>
      context.signer.sign(
        {
          personId: principal.person.id,
          personName: principal.person.name,
          role: 'operator',
          ...target,
          update: 'changeCalendar',
        },
        argument,
        context.now(),
      ),
  });
  for (const c of campaigns)
    await recordAccess(
      db,
      {
        ...base,
        role: admin ? 'admin' : 'operator',
        action: 'changeCalendar',
        campaignId: c.campaignId,
        outcome: c.complete ? 'done' : 'failed',
        detail: { from: c.from, to: c.to, failed: c.agencies.filter((a) => a.error).map((a) => a.agencyCode) },
      },
      context.now(),
    );
  return campaigns.map((c) => ({
    campaignId: c.campaignId,
    from: c.from,
    to: c.to,
    complete: c.complete,
    change: c.change,
    agencies: c.agencies.map((a) => ({
      agencyCode: a.agencyCode,
      agencyName: a.agencyName,
      ...(a.receipt && { before: a.receipt.before, after: a.receipt.after }),
      ...(a.error && { error: a.error.message }),
    })),
  }));
}

/** The latest version brought to one campaign, or to every campaign the person operates. */
function registerCalendarApply(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.post(
    '/api/v1/calendar/apply',
    {
      schema: {
        summary:
          'Áp dụng phiên bản lịch mới nhất cho các chiến dịch còn ở phiên bản cũ (một chiến dịch, hoặc mọi chiến dịch người này điều hành).',
        tags,
        body: applyBody,
        response: { 200: applyAnswer },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { grants } = principal.person;
      const { campaignId } = request.body;
      if (campaignId !== undefined) {
        await authorize(db, request, 'changeCalendar', { campaignId });
        await loadCampaignRow(db, campaignId); // an unknown campaign is named, not silently skipped
        return { campaigns: await propagateAs(context, request, [campaignId]) };
      }
      if (grants.some((g) => g.role === 'admin' || (g.role === 'operator' && g.campaignId === EVERY_CAMPAIGN)))
        return { campaigns: await propagateAs(context, request, undefined) };
      const operated = [...new Set(grants.filter((g) => g.role === 'operator').map((g) => g.campaignId))];
      if (operated.length === 0) {
        await recordAccess(
          db,
          {
            personId: principal.person.id,
            channel: principal.channel,
            clientAddress: request.ip,
            action: 'changeCalendar',
            outcome: 'refused',
          },
          context.now(),
        );
        throw forbidden(
          'Cần vai trò Đơn vị điều hành (Trung tâm Phục vụ) của một chiến dịch để áp dụng lịch làm việc mới.',
        );
      }
      return { campaigns: await propagateAs(context, request, operated) };
    },
  );
}
