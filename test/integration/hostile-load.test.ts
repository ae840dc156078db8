import { seedCampaign } from '../../bench/report-seed';
import { grantRole } from '../../server/identity/people';
import { uniqueId } from '../support/harness';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import { WebClient } from '../support/web-client';

// The server under hostile load: who is asking is known before a body is read (a signed-out 5 MB
// campaign file is refused unread, and the server keeps answering meanwhile), a report is built in
// a thread of its own (the server keeps answering meanwhile too), heavy reads are bounded per
// person (429) and in all (503) with Retry-After, and a multipart body cut short is a 400 in
// Vietnamese, not a 500.

const LAUNCH_CHECK = '/dieu-hanh/khoi-chay/kiem-tra';

/** A campaign file of about 5 MB: tens of thousands of agencies, slow to parse on the server's thread. */
function bigCampaignYaml(): string {
  const lines = ['id: tan-cong', 'agencies:'];
  for (let k = 0, length = 0; length < 4.9 * 1024 * 1024; k++) {
    const entry = `  - code: xa-${String(k).padStart(6, '0')}\n    name: UBND xã Thử Nghiệm số ${k}\n    kind: commune\n    email: xa${k}@dondoc.example`;
    lines.push(entry);
    length += Buffer.byteLength(entry) + 1;
  }
  return lines.join('\n');
}

/** A multipart form: the CSRF token first, then the file; `cut` bytes dropped from its end. */
function multipartBody(csrf: string, fileName: string, content: string, cut = 0): { body: Buffer; type: string } {
  const boundary = '----dondoc-test-boundary';
  const body = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: application/x-yaml\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  );
  return { body: body.subarray(0, body.length - cut), type: `multipart/form-data; boundary=${boundary}` };
}

async function post(browser: WebClient, path: string, form: { body: Buffer; type: string }) {
  const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const started = performance.now();
  const response = await fetch(`${browser.baseUrl}${path}`, {
    method: 'POST',
    headers: { accept: 'text/html', 'content-type': form.type, cookie },
    body: form.body,
    redirect: 'manual',
  });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

/**
 * `/healthz` asked every 20 ms while `work` runs: its slowest answer, and the bound it must stay
 * under: `floorMs`, or half the work's time on a machine slow enough that the work took longer. Work
 * done on the server's thread holds `/healthz` for about all of it; off the thread, the stalls of a
 * busy machine stay well below half.
 */
async function slowestHealthzDuring(baseUrl: string, work: Promise<unknown>, floorMs: number) {
  let done = false;
  let slowest = 0;
  const started = performance.now();
  const poll = (async () => {
    while (!done) {
      const asked = performance.now();
      await (await fetch(`${baseUrl}/healthz`)).text();
      slowest = Math.max(slowest, performance.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  await work.finally(() => (done = true));
  const workMs = performance.now() - started;
  await poll;
  return { slowest, bound: Math.max(floorMs, workMs / 2) };
}

describe.each(testDatabases())('the server under hostile load on %s', (kind) => {
  const campaignId = uniqueId('tai-nang');
  const people = {
    reviewer: 'tham-dinh@tai-nang.example',
    approver: 'phe-duyet@tai-nang.example',
    operator: 'ttpv@tai-nang.example',
    agency: 'xa@tai-nang.example',
  };

  const server = useServer(kind, { deps: { heavyReads: { perPerson: 1, global: 2 } }, worker: false });
  beforeAll(async () => {
    const db = server.harness.database.db;
    await seedCampaign(db, campaignId, 300);
    await grantRole(db, { campaignId, email: people.reviewer, role: 'reviewer' }, 'test');
    await grantRole(db, { campaignId, email: people.approver, role: 'approver' }, 'test');
    await grantRole(db, { campaignId, email: people.operator, role: 'operator' }, 'test');
    await grantRole(
      db,
      { campaignId, email: people.agency, role: 'agency', agencyCode: `${campaignId}.00002.H48` },
      'test',
    );
  }, 120_000);

  test('a signed-out 5 MB campaign file is refused unread, at once, and /healthz keeps answering', async () => {
    const yaml = bigCampaignYaml();
    const stranger = new WebClient(server.baseUrl);
    const form = multipartBody(await stranger.csrfFrom('/sign-in'), 'tan-cong.yaml', yaml);
    let answer: Awaited<ReturnType<typeof post>> | undefined;
    const healthz = await slowestHealthzDuring(
      server.baseUrl,
      post(stranger, LAUNCH_CHECK, form).then((a) => (answer = a)),
      500,
    );
    // Refused as signed out, not answered with the file's problems: it was never parsed.
    expect(answer!.status).toBe(401);
    expect(answer!.text).toContain('Bạn chưa đăng nhập');
    expect(answer!.text).not.toContain('agencies');
    expect(answer!.ms).toBeLessThan(2_000);
    expect(healthz.slowest).toBeLessThan(healthz.bound);

    // Signed in without the right to launch: refused before the file is read, too.
    const member = await server.signIn(people.agency);
    const refused = await post(member, LAUNCH_CHECK, multipartBody(await member.csrfFrom('/'), 'tan-cong.yaml', yaml));
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('chưa có gì được đọc hay thực hiện');
    expect(refused.text).not.toContain('agencies');
  }, 60_000);

  test("a report is built and rendered off the server's thread: /healthz keeps answering meanwhile", async () => {
    const reviewer = await server.signIn(people.reviewer);
    const base = `/api/v1/campaigns/${encodeURIComponent(campaignId)}`;
    let files: Awaited<ReturnType<WebClient['get']>> | undefined;
    const healthz = await slowestHealthzDuring(
      server.baseUrl,
      reviewer.get(`${base}/report/files`, { accept: 'application/json' }).then((a) => (files = a)),
      300,
    );
    expect(files!.status).toBe(200);
    const answer = files!.json<{ summary: { agencies: number }; files: Record<string, string> }>();
    expect(answer.summary.agencies).toBe(300);
    expect(Object.keys(answer.files).sort()).toEqual(['attentionCsv', 'csv', 'html', 'json', 'markdown']);
    // Built on the server's thread, the report held it (and /healthz) for the whole build.
    expect(healthz.slowest).toBeLessThan(healthz.bound);

    let html: Awaited<ReturnType<WebClient['get']>> | undefined;
    const healthzHtml = await slowestHealthzDuring(
      server.baseUrl,
      reviewer.get(`${base}/report?format=html`, { accept: 'text/html' }).then((a) => (html = a)),
      300,
    );
    expect(html!.status).toBe(200);
    expect(html!.headers.get('content-type')).toContain('text/html');
    expect(html!.text).toContain('</html>');
    expect(healthzHtml.slowest).toBeLessThan(healthzHtml.bound);
  }, 60_000);

  test('heavy reads past the per-person bound answer 429, past the global bound 503, with Retry-After', async () => {
    const path = `/api/v1/campaigns/${encodeURIComponent(campaignId)}/report/files`;
    const browsers = {
      reviewer: await server.signIn(people.reviewer),
      approver: await server.signIn(people.approver),
      operator: await server.signIn(people.operator),
    };
    const seen = new Map<number, { retryAfter: string | null; message: string }>();
    // Requests all sent at once overlap; a few rounds make sure every bound is met at least once.
    for (let round = 0; round < 5 && !(seen.has(429) && seen.has(503)); round++) {
      const answers = await Promise.all(
        Object.values(browsers).flatMap((browser) =>
          Array.from({ length: 4 }, () => browser.get(path, { accept: 'application/json' })),
        ),
      );
      for (const answer of answers) {
        expect([200, 429, 503]).toContain(answer.status);
        if (answer.status !== 200)
          seen.set(answer.status, {
            retryAfter: answer.headers.get('retry-after'),
            message: answer.json<{ message: string }>().message,
          });
      }
      expect(answers.some((a) => a.status === 200)).toBe(true);
    }
    expect(seen.get(429)).toEqual({
      retryAfter: expect.stringMatching(/^[1-9]\d*$/),
      message: expect.stringContaining('tối đa 1 cùng lúc mỗi người'),
    });
    expect(seen.get(503)).toEqual({
      retryAfter: expect.stringMatching(/^[1-9]\d*$/),
      message: expect.stringContaining('Máy chủ đang lập báo cáo hoặc tệp cho nhiều người (tối đa 2 cùng lúc)'),
    });
    // Every slot is given back: one request at a time is served again.
    expect((await browsers.reviewer.get(path, { accept: 'application/json' })).status).toBe(200);
  }, 120_000);

  test('a multipart body cut short is a 400 in Vietnamese, not a 500', async () => {
    const operator = await server.signIn(people.operator);
    const form = multipartBody(await operator.csrfFrom('/dieu-hanh/khoi-chay'), 'chien-dich.yaml', 'id: x\n', 30);
    const answer = await post(operator, LAUNCH_CHECK, form);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('bị cắt cụt');
  }, 60_000);
});
