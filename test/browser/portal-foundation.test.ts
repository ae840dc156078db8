import { grantRole } from '../../server/identity/people';
import { PHONE_VIEWPORT, expectAccessible, signInThroughMail } from '../support/browser';
import { usePortalSuite } from '../support/portal-suite';
import { WebClient } from '../support/web-client';
import { testDatabases } from '../support/test-env';
import { eventually } from '../support/eventually';
import { mailAfter } from '../support/server-harness';

// The portal's frame in a real Chromium: sign-in through the e-mailed link, the layout in Vietnamese
// with the person and their roles, sign-out, the strict Content-Security-Policy, dondoc's own font
// and stylesheet (nothing from any other host), the phone viewport, keyboard-only use, escaping.

describe.each(testDatabases())('portal foundation in a browser (%s)', (kind) => {
  const suite = usePortalSuite(kind);
  let people = 0;

  async function person(name: string): Promise<string> {
    const email = `can.bo.${++people}@example.gov.vn`;
    await grantRole(
      suite.server.harness.database.db,
      { email, name, role: 'reviewer', campaignId: suite.server.harness.campaignId },
      'test',
    );
    return email;
  }

  const portal = (viewport?: { width: number; height: number }) => suite.open(viewport);

  test('signing in through the e-mailed link ends on the role home page, in Vietnamese, with the person and role; sign-out ends the session', async () => {
    const email = await person('Trần Thị Bình');
    const visitor = await portal();
    const { page } = visitor;

    await page.goto(`${suite.server.baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await expectAccessible(page, 'sign-in');

    // A person with one role lands on that role's home: here the reviewer's queue of their campaign.
    await signInThroughMail(visitor, suite.server, email);
    expect(new URL(page.url()).pathname).toMatch(/^\/tham-dinh\/campaign-/);
    await expectAccessible(page, 'home');
    const header = page.locator('header');
    expect(await header.innerText()).toContain('Trần Thị Bình');
    expect(await header.innerText()).toContain('Cơ quan thẩm định');

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(`${suite.server.baseUrl}/sign-in`);
    await page.goto(`${suite.server.baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  test('every response carries a strict Content-Security-Policy; the stylesheet and Be Vietnam Pro come from dondoc itself', async () => {
    const visitor = await portal();
    const { page } = visitor;
    const response = await page.goto(`${suite.server.baseUrl}/sign-in`);
    const policy = response!.headers()['content-security-policy']!;
    const directives = Object.fromEntries(
      policy.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(directives).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'font-src': "'self'",
      'img-src': "'self'",
      'object-src': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toMatch(/https?:|\*/);

    // The Vietnamese subset is loaded for Vietnamese text, from /assets/fonts/.
    const fonts = await page.evaluate<{ vietnamese: boolean; family: string }>(`(async () => {
      await document.fonts.ready;
      return {
        vietnamese: document.fonts.check('16px "Be Vietnam Pro"', 'Đăng nhập ữ'),
        family: getComputedStyle(document.body).fontFamily,
      };
    })()`);
    expect(fonts.vietnamese).toBe(true);
    expect(fonts.family).toContain('Be Vietnam Pro');
    const font = await page.request.get(
      `${suite.server.baseUrl}/assets/fonts/be-vietnam-pro-vietnamese-400-normal.woff2`,
    );
    expect(font.status()).toBe(200);
    expect(font.headers()['content-type']).toContain('font/woff2');
    // Only the font files the stylesheet names are served from the package.
    expect((await page.request.get(`${suite.server.baseUrl}/assets/fonts/index.css`)).status()).toBe(404);
  });

  test('on a phone (390×844) the sign-in and home pages fit the screen and pass axe', async () => {
    const email = await person('Lê Văn Cường');
    const visitor = await portal(PHONE_VIEWPORT);
    const { page } = visitor;
    await page.goto(`${suite.server.baseUrl}/sign-in`);
    await expectAccessible(page, 'sign-in (phone)');
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await signInThroughMail(visitor, suite.server, email);
    await expectAccessible(page, 'home (phone)');
    expect(await overflow()).toBeLessThanOrEqual(0);
    const button = await page.getByRole('button', { name: 'Đăng xuất' }).boundingBox();
    expect(button!.height).toBeGreaterThanOrEqual(44); // a finger-sized target
  });

  test('sign-in works from the keyboard alone', async () => {
    const email = await person('Phạm Thị Dung');
    const visitor = await portal();
    const { page } = visitor;
    await page.goto(`${suite.server.baseUrl}/sign-in`);
    // The first Tab reaches the skip link, which leads to the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.textContent')).toContain('Bỏ qua');
    await page.keyboard.press('Enter');
    let tabs = 0;
    while ((await page.evaluate<string>('document.activeElement.id')) !== 'email' && tabs++ < 10)
      await page.keyboard.press('Tab');
    await page.keyboard.type(email);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Kiểm tra hộp thư' }).waitFor();
    await eventually(() => expect(suite.server.smtp.to(email)).toHaveLength(1));
  });

  test('a name with markup is shown as text, never run', async () => {
    const email = await person('<script>window.__owned = 1</script><b>Nguyễn</b>');
    const visitor = await portal();
    const { page } = visitor;
    await signInThroughMail(visitor, suite.server, email);
    expect(await page.locator('header').innerText()).toContain('<script>window.__owned = 1</script><b>Nguyễn</b>');
    expect(await page.locator('header b').count()).toBe(0);
    expect(await page.evaluate<unknown>('window.__owned')).toBeUndefined();
  });

  test('a page asked for while signed out opens after sign-in; a return address off the site is refused', async () => {
    const email = await person('Võ Thị Hoa');
    const asked = `/tham-dinh/${encodeURIComponent(suite.server.harness.campaignId)}?da=returned`;
    const visitor = await portal();
    const { page } = visitor;
    await page.goto(suite.url(asked));
    const signIn = new URL(page.url());
    expect(signIn.pathname).toBe('/sign-in');
    expect(signIn.searchParams.get('next')).toBe(asked);
    await expectAccessible(page, 'sign-in with a page to return to');
    await signInThroughMail(visitor, suite.server, email, { alreadyOnSignIn: true });
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(asked);

    // Another site, written every way a browser would follow: never followed, the person lands home.
    for (const next of ['https://evil.example/', '//evil.example/nhiem-vu', '/\\evil.example', 'http:evil.example']) {
      const someone = await person('Đỗ Văn Khoa');
      const other = await portal();
      await other.page.goto(suite.url(`/sign-in?next=${encodeURIComponent(next)}`));
      expect(await other.page.locator('input[name="next"]').count()).toBe(0);
      await signInThroughMail(other, suite.server, someone, { alreadyOnSignIn: true });
      const landed = new URL(other.page.url());
      expect({ next, origin: landed.origin, path: landed.pathname }).toEqual({
        next,
        origin: new URL(suite.server.baseUrl).origin,
        path: `/tham-dinh/${suite.server.harness.campaignId}`,
      });
    }

    // A confirmation posted with a forged return address ends on the home page too.
    const forged = await person('Bùi Thị Lan');
    const forger = new WebClient(suite.server.baseUrl);
    const csrf = await forger.csrfFrom('/sign-in');
    await forger.request('POST', '/sign-in', { form: { email: forged, _csrf: csrf, next: '//evil.example' } });
    const mail = (await mailAfter(suite.server.smtp, forged, 0)).parsed.text ?? '';
    expect(mail).not.toContain('evil');
    const token = /token=([\w%-]+)/.exec(mail)![1]!;
    const confirmCsrf = await forger.csrfFrom(`/sign-in/confirm?token=${token}`);
    const confirmed = await forger.request('POST', '/sign-in/confirm', {
      form: { token: decodeURIComponent(token), _csrf: confirmCsrf, next: 'https://evil.example' },
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('/');
  });

  test('an unknown page answers 404 in the layout', async () => {
    const visitor = await portal();
    const response = await visitor.page.goto(`${suite.server.baseUrl}/khong-co-trang-nay`);
    expect(response!.status()).toBe(404);
    expect(await visitor.page.getByRole('heading', { level: 1 }).innerText()).toBe('Không tìm thấy');
    await expectAccessible(visitor.page, '404');
  });
});
