import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { ServerHarness } from './server-harness';
import { linkIn } from './web-client';

// A real headless Chromium from npm (@sparticuz/chromium, driven by playwright-core) for the portal's
// browser tests: one browser per test file (launch in beforeAll, close in afterAll), a context per
// person, axe-core on every page, and checks that nothing left the server's origin.

export const PHONE_VIEWPORT = { width: 390, height: 844 };
export const DESKTOP_VIEWPORT = { width: 1366, height: 768 };

/** Pages axe-core is auditing right now. */
const auditing = new WeakSet<Page>();

let executable: Promise<{ executablePath: string; args: string[] }> | undefined;

function chromiumExecutable() {
  executable ??= promisify(execFile)(process.execPath, [path.join(__dirname, 'chromium-executable.mjs')], {
    timeout: 120_000,
  }).then(({ stdout }) => JSON.parse(stdout) as { executablePath: string; args: string[] });
  return executable;
}

/**
 * The package's arguments are made for AWS Lambda: one process (a closed context would take the
 * browser with it) and web security off. The tests want an ordinary browser.
 */
const UNWANTED_ARGS = new Set(['--single-process', '--disable-web-security', '--allow-running-insecure-content']);

export async function launchBrowser(): Promise<Browser> {
  const { executablePath, args } = await chromiumExecutable();
  for (let attempt = 1; ; attempt++) {
    try {
      return await chromium.launch({
        executablePath,
        args: args.filter((arg) => !UNWANTED_ARGS.has(arg)),
        headless: true,
      });
    } catch (error) {
      // Another process on the machine may be unpacking the same executable this very moment.
      if (attempt >= 10 || !String(error).includes('ETXTBSY')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

export interface PortalPage {
  context: BrowserContext;
  page: Page;
  /** Requests the page made to any other origin than the server's (must stay empty). */
  outsideRequests: string[];
  /** Content-Security-Policy violations and page errors reported by the browser (must stay empty). */
  problems: string[];
}

/** A fresh browser profile (its own cookies) on the server, at a viewport. */
export async function openPortal(
  browser: Browser,
  server: { baseUrl: string },
  viewport = DESKTOP_VIEWPORT,
): Promise<PortalPage> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const origin = new URL(server.baseUrl).origin;
  const outsideRequests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('data:') && new URL(url).origin !== origin) outsideRequests.push(url);
  });
  page.on('console', (message) => {
    // A page answered 403 or 422 on purpose is logged as "Failed to load resource"; subresources that
    // fail are caught below instead.
    if (message.type() !== 'error' || auditing.has(page) || message.text().startsWith('Failed to load resource'))
      return;
    problems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && response.request().resourceType() !== 'document')
      problems.push(`${response.status()} ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { context, page, outsideRequests, problems };
}

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on the page as it is and fails, naming each rule and
 * element, on any serious or critical violation.
 */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  // axe-core applies inline styles of its own, which the page's policy rightly blocks: not the page's fault.
  auditing.add(page);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
    .finally(async () => {
      await page.evaluate('0'); // the console messages axe caused arrive before this answer
      auditing.delete(page);
    });
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const described = blocking.map(
    (v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect({ page: label, violations: described }).toEqual({ page: label, violations: [] });
}

/**
 * Signs in as a person the way they would: the sign-in form, the link in the e-mail the test SMTP
 * server caught, the confirmation button. Ends where the server sends them (their home page, or the
 * page they asked for while signed out). `alreadyOnSignIn`: start from the sign-in form the page shows.
 */
export async function signInThroughMail(
  portal: PortalPage,
  server: ServerHarness,
  email: string,
  options: { alreadyOnSignIn?: boolean } = {},
): Promise<void> {
  const { page } = portal;
  const before = server.smtp.to(email).length;
  if (!options.alreadyOnSignIn) await page.goto(`${server.baseUrl}/sign-in`);
  await page.getByLabel('Địa chỉ email công vụ').fill(email);
  await page.getByRole('button', { name: 'Gửi liên kết đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Kiểm tra hộp thư' }).waitFor();
  // Other messages (the assignment, reminders) may reach the same mailbox meanwhile.
  const text = await waitFor(
    () =>
      server.smtp
        .to(email)
        .slice(before)
        .map((mail) => mail.parsed.text ?? '')
        .find((body) => body.includes('/sign-in/confirm?token=')),
    `a sign-in e-mail for ${email}`,
  );
  // The link names the configured public address; the test server listens on a port of its own.
  const link = new URL(linkIn(text));
  await page.goto(`${server.baseUrl}${link.pathname}${link.search}`);
  await page.getByRole('button', { name: 'Đăng nhập vào dondoc' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An agency's list file chosen on its page and checked (the preview, nothing submitted yet). */
export async function checkListFile(portal: PortalPage, name: string, buffer: Buffer): Promise<void> {
  const mimeType = name.endsWith('.json') ? 'application/json' : name.endsWith('.xlsx') ? XLSX_TYPE : 'text/csv';
  await portal.page.getByLabel('Tệp danh sách (.xlsx, .csv hoặc .json)').setInputFiles({ name, mimeType, buffer });
  await portal.page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
  await portal.page.waitForLoadState();
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
