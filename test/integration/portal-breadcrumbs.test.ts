import { grantRole } from '../../server/identity/people';
import { launchThroughApi } from '../support/api-campaign';
import { sampleCampaign } from '../support/sample-campaign';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import type { WebClient } from '../support/web-client';

// Every portal page shows breadcrumbs ("Đường dẫn") in the section of the role the person uses on
// it: one agency's page reads as the agency's task for its member, as the review for the reviewer
// (even one who is also a member of another agency), as the Service Center's for the operator.
// The last step is the page itself (aria-current). Real server, worker, Temporal and database.

const PEOPLE = {
  justice: 'stp@example.gov.vn',
  reviewer: 'stttt@example.gov.vn',
  operator: 'ttpv@example.gov.vn',
};

interface Step {
  label: string;
  href?: string;
  current: boolean;
}

/** The breadcrumbs of a page: each step's words, its link, and whether it is the page itself. */
function trailOf(html: string): Step[] {
  const nav = /<nav class="trail" aria-label="Đường dẫn">([\s\S]*?)<\/nav>/.exec(html)?.[1];
  if (!nav) throw new Error(`no breadcrumbs on the page: ${html.slice(0, 300)}`);
  return [...nav.matchAll(/<li>([\s\S]*?)<\/li>/g)].map(([, item]) => ({
    label: item!
      .replace(/<[^>]+>/g, '')
      .replace(/&#39;/g, "'")
      .trim(),
    href: /href="([^"]+)"/.exec(item!)?.[1],
    current: item!.includes('aria-current="page"'),
  }));
}

describe.each(testDatabases())('breadcrumbs follow the role used on the page (%s)', (kind) => {
  const server = useServer(kind);
  const definition = sampleCampaign();
  const id = definition.id;
  const number = definition.directive.number;
  const web: Record<string, WebClient> = {};
  const agencyPage = `/campaigns/${encodeURIComponent(id)}/agencies/so-tu-phap`;

  async function trail(who: keyof typeof PEOPLE, path: string): Promise<Step[]> {
    let page = await web[who]!.get(path);
    for (let hops = 0; hops < 3 && page.status === 303; hops++)
      page = await web[who]!.get(page.headers.get('location')!);
    expect({ path, status: page.status }).toEqual({ path, status: 200 });
    return trailOf(page.text);
  }

  beforeAll(async () => {
    await launchThroughApi(server, definition, PEOPLE, 'token');
    // The reviewer is also a member of another agency of the campaign: not the role used on Sở Tư pháp's page.
    await grantRole(
      server.harness.database.db,
      { email: PEOPLE.reviewer, name: 'Sở TTTT', role: 'agency', campaignId: id, agencyCode: 'ubnd-huyen-binh-son' },
      'test',
    );
    for (const [who, email] of Object.entries(PEOPLE)) web[who] = await server.signIn(email);
  }, 180_000);

  test("one agency's page: the agency's task, the review, the Service Center's", async () => {
    expect(await trail('justice', agencyPage)).toEqual([
      { label: 'Nhiệm vụ của tôi', href: '/nhiem-vu', current: false },
      { label: 'Sở Tư pháp', current: true },
    ]);
    expect(await trail('reviewer', agencyPage)).toEqual([
      { label: 'Thẩm định', href: '/tham-dinh', current: false },
      { label: number, href: `/tham-dinh/${id}`, current: false },
      { label: 'Sở Tư pháp', current: true },
    ]);
    // The operator, arriving from an e-mail's link, is on the Service Center's own page of the agency.
    expect(await trail('operator', agencyPage)).toEqual([
      { label: 'Điều hành', href: '/dieu-hanh', current: false },
      { label: number, href: `/dieu-hanh/${id}`, current: false },
      { label: 'Sở Tư pháp', current: true },
    ]);
  });

  test('pages that name no steps: home, a section, a page of a section', async () => {
    expect(await trail('reviewer', '/')).toEqual([{ label: 'Trang chính', current: true }]);
    expect(await trail('justice', '/nhiem-vu')).toEqual([{ label: 'Nhiệm vụ của tôi', current: true }]);
    expect(await trail('reviewer', `/tham-dinh/${id}`)).toEqual([
      { label: 'Thẩm định', href: '/tham-dinh', current: false },
      { label: number, current: true },
    ]);
    expect(await trail('operator', `/dieu-hanh/${id}`)).toEqual([
      { label: 'Điều hành', href: '/dieu-hanh', current: false },
      { label: number, current: true },
    ]);
  });

  test('the home page lists the grants in plain words: roles, campaigns by their directive, agencies by name', async () => {
    const home = await web.reviewer!.get('/');
    const grants = /<h2>Vai trò<\/h2>\s*<ul>([\s\S]*?)<\/ul>/.exec(home.text)![1]!;
    const items = [...grants.matchAll(/<li>([\s\S]*?)<\/li>/g)].map(([, item]) => item!.trim()).sort();
    expect(items).toEqual([
      `Cán bộ của UBND huyện Bình Sơn, trong chiến dịch ${number} (${definition.directive.title})`,
      `Cơ quan thẩm định của chiến dịch ${number} (${definition.directive.title})`,
    ]);
    // No role code, campaign code nor agency code anywhere in the list.
    expect(grants).not.toMatch(/\b(reviewer|agency|ubnd-huyen-binh-son)\b/);
    expect(grants).not.toContain(id);
  });
});
