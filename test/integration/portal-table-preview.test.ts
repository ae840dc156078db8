import { createHash } from 'node:crypto';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { equipmentCampaign, equipmentRow } from '../support/declared-campaigns';
import { sampleCampaign } from '../support/sample-campaign';
import { useServer } from '../support/server-harness';
import { filledTemplate, typedRow } from '../support/table-files';
import { testDatabases } from '../support/test-env';
import type { WebClient } from '../support/web-client';

// A declared table sent from the portal is shown before it is delivered: the preview stores and
// records the file for the agency but submits nothing; the confirmation names the stored file by
// its SHA-256 alone, and a SHA-256 this agency did not upload for this campaign is refused.
// Real server, worker, Temporal and database.

const PEOPLE = { health: 'syt@example.gov.vn', justice: 'stp@example.gov.vn', reviewer: 'stttt@example.gov.vn' };
const HEALTH = 'so-y-te';
const JUSTICE = 'so-tu-phap';

const sha = (content: Buffer) => createHash('sha256').update(content).digest('hex');

describe.each(testDatabases())('a declared table previewed before it is delivered (%s)', (kind) => {
  const server = useServer(kind);
  const db = () => server.harness.database.db;
  const definition = sampleCampaign();
  const id = definition.id;
  const web: Record<string, WebClient> = {};
  const agencyPage = (code: string) => `/campaigns/${encodeURIComponent(id)}/agencies/${code}`;
  let file: (rows: Record<string, unknown>[]) => Promise<Buffer>;
  let tokens: Record<string, string>;

  /** Uploads a file from the agency's page (its CSRF token first, as the browser sends it). */
  async function preview(who: keyof typeof PEOPLE, code: string, name: string, content: Buffer) {
    const browser = web[who]!;
    const form = new FormData();
    form.append('_csrf', await browser.csrfFrom(agencyPage(code)));
    form.append('file', new Blob([content]), name);
    return browser.request('POST', `${agencyPage(code)}/san-pham/tep`, { multipart: form });
  }

  async function confirm(who: keyof typeof PEOPLE, code: string, sha256: string) {
    const browser = web[who]!;
    const form = { sha256, _csrf: await browser.csrfFrom(agencyPage(code)) };
    return browser.request('POST', `${agencyPage(code)}/san-pham/tep/nop`, { form });
  }

  const submissions = (code: string) =>
    db().submission.count({ where: { assignment: { campaignId: id, agencyCode: code } } });
  const delivered = (code: string) =>
    db().accessEvent.count({ where: { campaignId: id, agencyCode: code, action: 'deliver', outcome: 'done' } });

  beforeAll(async () => {
    const { declaration } = await equipmentCampaign();
    definition.deliverable = declaration;
    file = (rows) =>
      filledTemplate(
        declaration,
        rows.map((row) => typedRow(declaration, row)),
      );
    ({ tokens } = await launchThroughApi(server, definition, PEOPLE, 'token'));
    for (const [who, email] of Object.entries(PEOPLE)) web[who] = await server.signIn(email);
  }, 180_000);

  test('a file with a wrong cell is shown with the cell located; nothing is stored, nothing submitted', async () => {
    const wrong = await file([equipmentRow('TS-001'), equipmentRow('TS-002', { 'so-luong': 'hai' })]);
    const answer = await preview('health', HEALTH, 'thiet-bi.xlsx', wrong);
    expect(answer.status).toBe(422);
    expect(answer.text).toMatch(/dòng 3, cột &quot;Số lượng&quot;|dòng 3, cột "Số lượng"/);
    expect(answer.text).not.toContain('name="sha256"');
    expect(await db().deliveryFile.count({ where: { campaignId: id, sha256: sha(wrong) } })).toBe(0);
    expect(await submissions(HEALTH)).toBe(0);
  });

  test('a good file is previewed, stored and recorded for the agency; nothing is submitted until confirmed', async () => {
    const good = await file([equipmentRow('TS-001'), equipmentRow('TS-002', { 'so-luong': 2 })]);
    const answer = await preview('health', HEALTH, 'thiet-bi.xlsx', good);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('đọc được: 2 dòng');
    expect(answer.text).toContain('Lần nộp đầu tiên: 2 dòng.');
    expect(answer.text).toContain(`name="sha256" value="${sha(good)}"`);
    expect(answer.text).toContain('Máy tính Dell OptiPlex 3020');
    const person = await db().person.findUniqueOrThrow({ where: { email: PEOPLE.health } });
    expect(
      await db().deliveryFile.findFirst({ where: { campaignId: id, agencyCode: HEALTH, sha256: sha(good) } }),
    ).toMatchObject({
      name: 'thiet-bi.xlsx',
      uploadedBy: person.id,
    });
    expect(
      await db().accessEvent.count({
        where: { campaignId: id, agencyCode: HEALTH, action: 'uploadFile', outcome: 'done', personId: person.id },
      }),
    ).toBe(1);
    expect(await submissions(HEALTH)).toBe(0);
    expect(await delivered(HEALTH)).toBe(0);
    expect((await db().assignment.findFirstOrThrow({ where: { campaignId: id, agencyCode: HEALTH } })).stage).toBe(
      'assigned',
    );

    const confirmed = await confirm('health', HEALTH, sha(good));
    expect({ status: confirmed.status, location: confirmed.headers.get('location') }).toEqual({
      status: 303,
      location: `${agencyPage(HEALTH)}?nop=1`,
    });
    const [row] = await db().submission.findMany({ where: { assignment: { campaignId: id, agencyCode: HEALTH } } });
    expect(row).toMatchObject({ version: 1, source: 'xlsx' });
    expect((row!.content as { rows: { 'so-luong': number }[] }).rows.map((r) => r['so-luong'])).toEqual([4, 2]);
    expect(await delivered(HEALTH)).toBe(1);

    // Confirmed again (a second click): refused as the delivery it would be, on the same page, nothing more submitted.
    const again = await confirm('health', HEALTH, sha(good));
    expect(again.status).toBe(409);
    expect(again.text).toContain('Chưa nộp được</h2>');
    expect(again.text).toContain('Không thể nộp sản phẩm khi hồ sơ đang ở trạng thái');
    expect(await submissions(HEALTH)).toBe(1);
  });

  test("a returned row's reason is shown beside the row with the same key in the next file, wherever it moved", async () => {
    const reasons = { overall: 'Xem lại.', places: [{ path: 'rows[1]', label: 'Dòng 2', reason: 'Sai số lượng.' }] };
    const returned = await apiAs(server.baseUrl, tokens.reviewer).post(
      `/api/v1/campaigns/${id}/agencies/${HEALTH}/return`,
      { reasons },
    );
    expect(returned.status).toBe(200);
    // The returned row (TS-002) now comes first, its quantity fixed.
    const fixed = await file([equipmentRow('TS-002', { 'so-luong': 3 }), equipmentRow('TS-001')]);
    const answer = await preview('health', HEALTH, 'thiet-bi-da-sua.xlsx', fixed);
    expect(answer.status).toBe(200);
    const rows = [...answer.text.matchAll(/<tr[^>]*><td>(\d+)[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    expect(rows[0]).toContain('Lần trước bị trả lại: Sai số lượng.');
    expect(rows[0]).toContain('<td>TS-002</td>');
    expect(rows[1]).not.toContain('Lần trước bị trả lại');
    expect(answer.text).toContain('So với lần nộp trước: thêm 0, bỏ 0, sửa 1 dòng, giữ nguyên 1.');
    expect(answer.text).toMatch(/~ TS-002: Số lượng: 2[^<]*→ 3/);
    expect(await submissions(HEALTH)).toBe(1);
  });

  test('a large file shows its first 50 rows and counts the rest', async () => {
    const rows = Array.from({ length: 62 }, (_, i) => equipmentRow(`TP-${String(i + 1).padStart(3, '0')}`));
    const answer = await preview('justice', JUSTICE, 'tu-phap-62-dong.xlsx', await file(rows));
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('đọc được: 62 dòng');
    expect(answer.text).toContain('50 dòng đầu trong 62 dòng');
    expect(answer.text).toContain('và 12 dòng nữa');
    expect(answer.text.match(/<td>TP-\d{3}<\/td>/g)).toHaveLength(50);
    expect(answer.text).toContain('<td>TP-050</td>');
    expect(answer.text).not.toContain('<td>TP-051</td>');
  });

  test("a SHA-256 this agency did not upload for this campaign is refused: another agency's file, or none", async () => {
    const theirs = await file([equipmentRow('TP-001')]);
    expect((await preview('justice', JUSTICE, 'tu-phap.xlsx', theirs)).status).toBe(200);
    for (const foreign of [sha(theirs), 'a'.repeat(64), 'not-a-hash']) {
      const answer = await confirm('health', HEALTH, foreign);
      expect(answer.status).toBe(404);
      expect(answer.text).toContain('Không tìm thấy tệp này trong các tệp cơ quan đã tải lên cho chiến dịch');
    }
    // Nor may an agency confirm for another agency, even naming that agency's own file.
    expect((await confirm('health', JUSTICE, sha(theirs))).status).toBe(403);
    expect(await submissions(JUSTICE)).toBe(0);
    expect(await delivered(JUSTICE)).toBe(0);
  });
});
