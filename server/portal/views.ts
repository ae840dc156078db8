import path from 'node:path';
import { Eta } from 'eta';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { deadlineWithTime, formatDeadline, formatInstant } from '../../domain/deadline-display';
import { formatDate } from '../../domain/time';
import { escapeHtml } from '../../shared/escape';
import { defaultTrail, navigationFor, rolesLine, type NavigationItem } from './navigation';
import { csrfUserInfo } from '../identity/principal';
import { FormView } from './form-page';

// Server-rendered pages: Eta templates in ./views, every `<%= … %>` HTML-escaped (autoEscape), so a
// name or reason a person typed is shown as text; `<%~ … %>` (raw) is kept for markup the code built.

const VIEWS_DIR = path.join(__dirname, 'views');

const eta = new Eta({
  views: VIEWS_DIR,
  autoEscape: true,
  escapeFunction: (value: unknown) => escapeHtml(value === undefined || value === null ? '' : String(value)),
  // Templates change only with a release; reading them once per process keeps pages fast.
  cache: process.env.NODE_ENV !== 'development',
});

/** Formatting every template may use, all Asia/Ho_Chi_Minh and dd/mm/yyyy. */
const viewHelpers = {
  date: (value: Date | string | null | undefined) => (value ? formatDate(value) : ''),
  instant: (value: Date | string | null | undefined) => (value ? formatInstant(value) : ''),
  deadline: (value: Date | string | null | undefined) => (value ? formatDeadline(value) : ''),
  deadlineWithTime: (value: Date | string | null | undefined) => (value ? deadlineWithTime(value) : ''),
  /** For text a template builds into raw HTML itself. */
  escape: (value: string) => escapeHtml(value),
};

export interface LayoutData {
  title: string;
  /** Signed in: the person, their roles, the navigation their roles open, and the sign-out form's token. */
  viewer?: { name: string; email: string; roles: string; navigation: NavigationItem[]; csrf: string };
  /** Breadcrumbs above the title: [label, href?][]. */
  trail?: { label: string; href?: string }[];
}

export interface PageContext {
  request: FastifyRequest;
  reply: FastifyReply;
}

/** A refused form shown again: what was typed, with the status that says why. */
export interface ShownAgain {
  form: FormView;
  status: number;
}

/** Whether the server has a page at a path: sections not built get no navigation link. */
export function pageExists(request: FastifyRequest, path: string): boolean {
  return request.server.hasRoute({ method: 'GET', url: path });
}

/** The layout's data for the person asking, with a CSRF token for the forms of the page. */
function layoutData(context: PageContext, title: string): LayoutData & { csrf: string; form: FormView } {
  const csrf = context.reply.generateCsrf({ userInfo: csrfUserInfo(context.request) });
  const principal = context.request.principal;
  const currentPath = context.request.url.split('?')[0]!;
  return {
    title,
    csrf,
    // A page shown for the first time: no values kept, no problems (form-page.ts shows it again refused).
    form: new FormView(),
    // Signed-in pages that name no trail get their section's.
    trail: principal ? defaultTrail(currentPath, title) : undefined,
    viewer: principal && {
      name: principal.person.name,
      email: principal.person.email,
      roles: rolesLine(principal.person.grants),
      navigation: navigationFor(principal.person.grants, currentPath, (path) => pageExists(context.request, path)),
      csrf,
    },
  };
}

/** Renders `views/<view>.eta` inside the layout. */
function renderView(view: string, data: LayoutData & Record<string, unknown>): string {
  return eta.render(view, { ...data, h: viewHelpers });
}

/** Sends a page: layout data for the person asking, plus the page's own. */
export function sendPage(
  context: PageContext,
  view: string,
  title: string,
  data: Record<string, unknown> = {},
  status = 200,
): FastifyReply {
  const html = renderView(view, { ...layoutData(context, title), ...data });
  return context.reply.code(status).type('text/html; charset=utf-8').send(html);
}
