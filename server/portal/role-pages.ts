import type { FastifyReply, FastifyRequest } from 'fastify';
import { EVERY_CAMPAIGN, type Action, type Role } from '../../domain/access';
import type { RouteContext } from '../http/app';
import { invalid } from '../../shared/http-errors';
import { authorize } from '../identity/principal';
import { redirectToSignIn } from '../identity/return-path';
import { PORTAL_SECTIONS } from './navigation';
import { sendPage } from './views';

// What the reviewer's, the approver's and the Service Center's pages share: who may open them (the
// access rule's own actions: a section is for whoever may take its actions), the campaigns a person
// works on, and reading a submitted form.

/** The action whose roles open each section: reviewers accept, approvers approve, operators remind. */
const SECTION_ACTIONS = {
  review: 'acceptList',
  approval: 'approve',
  serviceCenter: 'remind',
} as const satisfies Record<string, Action>;
export type RoleSection = keyof typeof SECTION_ACTIONS;
const SECTION_ROLES: Record<RoleSection, Role> = {
  review: 'reviewer',
  approval: 'approver',
  serviceCenter: 'operator',
};

/** Refuses (403, audited) anyone whose grants do not cover the section's action in the campaign. */
export async function authorizeSection(
  context: RouteContext,
  request: FastifyRequest,
  section: RoleSection,
  campaignId: string,
): Promise<void> {
  await authorize(context.db, request, SECTION_ACTIONS[section], { campaignId });
}

/** The campaigns a person holds the section's role in (every campaign for an administrator or a province-wide grant). */
async function campaignsFor(context: RouteContext, request: FastifyRequest, section: RoleSection) {
  const grants = request.principal?.person.grants ?? [];
  const held = grants.filter((g) => g.role === SECTION_ROLES[section]);
  const every = grants.some((g) => g.role === 'admin') || held.some((g) => g.campaignId === EVERY_CAMPAIGN);
  return context.db.campaign.findMany({
    where: every ? {} : { id: { in: held.map((g) => g.campaignId) } },
    select: { id: true, title: true, directiveNumber: true, status: true },
    orderBy: { createdAt: 'desc' },
  });
}

/**
 * A section's home: the person's one campaign straight away, a list to choose from when there are
 * several; a person without the section's role is refused like any page of it.
 */
export async function sendSectionHome(
  context: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  section: RoleSection,
  extra: Record<string, unknown> = {},
) {
  if (!request.principal) return redirectToSignIn(request, reply);
  const campaigns = await campaignsFor(context, request, section);
  const base = PORTAL_SECTIONS[section].path;
  if (campaigns.length === 0 && !extra.always)
    await authorize(context.db, request, SECTION_ACTIONS[section], { campaignId: '-' });
  if (campaigns.length === 1 && !extra.always)
    return reply.redirect(`${base}/${encodeURIComponent(campaigns[0]!.id)}`, 303);
  return sendPage({ request, reply }, 'campaign-choice', PORTAL_SECTIONS[section].label, {
    campaigns: campaigns.map((c) => ({ ...c, href: `${base}/${encodeURIComponent(c.id)}` })),
    ...extra,
  });
}

/** The submitted form's fields as strings (repeated fields keep the last value). */
export function formOf(request: FastifyRequest): Record<string, string> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [key, String(Array.isArray(value) ? value.at(-1) : (value ?? ''))]),
  );
}

/** A required field, or a 400 naming it and saying what to write. */
export function required(form: Record<string, string>, field: string, label: string): string {
  const value = (form[field] ?? '').trim();
  if (!value) throw invalid(field, `Hãy điền ${label}.`);
  return value;
}

/** Where a page sends the browser after an action: back to the page, with what was done. */
export function redirectDone(reply: FastifyReply, path: string, done: string) {
  return reply.redirect(`${path}?da=${encodeURIComponent(done)}`, 303);
}

export const campaignParams = (request: FastifyRequest) =>
  request.params as { campaignId: string; agencyCode?: string };

/**
 * A section's breadcrumbs: the section, the campaign by its directive's number (what people know
 * it by, not its code), then the page's own steps.
 */
export async function sectionTrail(
  context: RouteContext,
  section: RoleSection,
  campaignId: string,
  ...steps: { label: string; href?: string }[]
) {
  const { path, label } = PORTAL_SECTIONS[section];
  const campaign = await context.db.campaign.findUnique({
    where: { id: campaignId },
    select: { directiveNumber: true },
  });
  return [
    { label, href: path },
    { label: campaign?.directiveNumber ?? campaignId, href: `${path}/${encodeURIComponent(campaignId)}` },
    ...steps,
  ];
}
