import type { TypedApp } from '../http/app';
import type { Database } from '../../prisma/database';
import { grantsInWords } from './grant-words';
import { redirectToSignIn } from '../identity/return-path';
import { PORTAL_SECTIONS, sectionsFor } from './navigation';
import { pageExists, sendPage } from './views';

// "/": the signed-in person's home. One section for their roles: straight there (where the e-mailed
// sign-in link ends); several: a page to choose; not signed in: the sign-in page.

export function registerHomeRoutes(app: TypedApp, db: Database): void {
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const principal = request.principal;
    if (!principal) return redirectToSignIn(request, reply);
    const sections = sectionsFor(principal.person.grants, (path) => pageExists(request, path));
    if (sections.length === 1) return reply.redirect(PORTAL_SECTIONS[sections[0]!].path, 303);
    return sendPage({ request, reply }, 'home', 'Trang chính', {
      sections: sections.map((name) => ({ href: PORTAL_SECTIONS[name].path, label: PORTAL_SECTIONS[name].label })),
      grants: await grantsInWords(db, principal.person.grants),
    });
  });
}
