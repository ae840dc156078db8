import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FILE_TYPES } from '../../domain/deliverables/file-types';
import { storedFileRefs } from '../../server/files/delivery-files';
import { MAX_UPLOAD_BYTES } from '../../server/files/upload';
import { HttpError } from '../../shared/http-errors';
import { launchThroughApi } from '../support/api-campaign';
import { eventually } from '../support/eventually';
import { sampleCampaign } from '../support/sample-campaign';
import { tinyDocx, tinyPdf, tinyPng } from '../support/sample-files';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// Files an agency delivers, on a real server and database: stored outside Temporal under their
// SHA-256, typed by their content, recorded once per agency, downloaded under their original name
// by whoever may read that agency, and named by a delivery only once uploaded for that agency.

const JUSTICE = 'so-tu-phap';
const HEALTH = 'so-y-te';

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { issues?: { field: string; message: string }[] };
  bytes: Buffer;
}

describe.each(testDatabases())('files delivered by agencies (%s)', (kind) => {
  const definition = sampleCampaign();
  const id = definition.id;
  const tokens: Record<string, string> = {};
  const server = useServer(kind);
  const db = () => server.harness.database.db;
  const filesPath = (agency: string) => `/api/v1/campaigns/${id}/agencies/${agency}/files`;

  beforeAll(async () => {
    const launched = await launchThroughApi(
      server,
      definition,
      {
        justice: 'stp@example.gov.vn',
        health: 'syt@example.gov.vn',
        reviewer: 'stttt@example.gov.vn',
        operator: 'ttpv@example.gov.vn',
      },
      'token',
    );
    Object.assign(tokens, launched.tokens);
  });

  async function call(who: string, method: string, url: string, body?: FormData): Promise<Answer> {
    const response = await fetch(`${server.baseUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${tokens[who]}` },
      body,
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    const json = (response.headers.get('content-type') ?? '').startsWith('application/json');
    return {
      status: response.status,
      headers: response.headers,
      body: json ? JSON.parse(bytes.toString()) : {},
      bytes,
    };
  }
  const upload = (who: string, agency: string, name: string, content: Buffer) => {
    const form = new FormData();
    form.append('file', new Blob([content]), name);
    return call(who, 'POST', filesPath(agency), form);
  };
  const download = (who: string, agency: string, sha256: string) => call(who, 'GET', `${filesPath(agency)}/${sha256}`);
  const sha = (content: Buffer) => createHash('sha256').update(content).digest('hex');
  const storedFiles = () =>
    fs.existsSync(server.config.filesDir)
      ? fs.readdirSync(server.config.filesDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
          .length
      : 0;
  const personId = async (email: string) => (await db().person.findUniqueOrThrow({ where: { email } })).id;

  const pdf = tinyPdf('Bao cao thang 12');
  const png = tinyPng();

  test('an agency uploads a PDF: typed by content, stored outside Temporal, recorded and audited', async () => {
    const answer = await upload('justice', JUSTICE, 'Báo cáo tháng 12.pdf', pdf);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      sha256: sha(pdf),
      name: 'Báo cáo tháng 12.pdf',
      type: 'application/pdf',
      size: pdf.length,
    });
    const stored = path.join(server.config.filesDir, sha(pdf).slice(0, 2), sha(pdf));
    expect(fs.readFileSync(stored).equals(pdf)).toBe(true);
    expect(fs.statSync(stored).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(stored)).mode & 0o777).toBe(0o700);
    const rows = await db().deliveryFile.findMany({ where: { campaignId: id } });
    expect(rows).toEqual([
      expect.objectContaining({
        agencyCode: JUSTICE,
        sha256: sha(pdf),
        name: 'Báo cáo tháng 12.pdf',
        type: 'application/pdf',
        size: pdf.length,
        uploadedBy: await personId('stp@example.gov.vn'),
      }),
    ]);
    expect(
      await db().accessEvent.count({
        where: {
          action: 'uploadFile',
          campaignId: id,
          agencyCode: JUSTICE,
          outcome: 'done',
          personId: await personId('stp@example.gov.vn'),
        },
      }),
    ).toBe(1);
  });

  test('the same content again is the same file and the same row, under its first name', async () => {
    const again = await upload('justice', JUSTICE, 'ban-sao.pdf', Buffer.from(pdf));
    expect(again).toMatchObject({ status: 200, body: { sha256: sha(pdf), name: 'Báo cáo tháng 12.pdf' } });
    expect(await db().deliveryFile.count({ where: { campaignId: id, agencyCode: JUSTICE } })).toBe(1);
    expect(storedFiles()).toBe(1);
  });

  test('a text file named .pdf is refused by its content, naming the file and the fix; nothing is kept', async () => {
    const answer = await upload('justice', JUSTICE, 'bao-cao.pdf', Buffer.from('Báo cáo tháng 12: đã hoàn thành.\n'));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_file');
    expect(answer.body.message).toContain('tệp "bao-cao.pdf" không phải tệp PDF (.pdf)');
    expect(answer.body.message).toContain('Cách sửa:');
    expect(answer.body.issues).toEqual([expect.objectContaining({ field: 'file' })]);
    expect(await db().deliveryFile.count({ where: { campaignId: id } })).toBe(1);
    expect(storedFiles()).toBe(1);
  });

  test('a file over the limit is refused with its Vietnamese message; nothing is kept', async () => {
    const big = Buffer.concat([tinyPdf(), Buffer.alloc(MAX_UPLOAD_BYTES, 0x20)]);
    const answer = await upload('justice', JUSTICE, 'Ảnh quét.pdf', big);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ error: 'file_too_large' });
    expect(answer.body.message).toContain('tệp "Ảnh quét.pdf" lớn hơn 50 MB');
    expect(answer.body.message).toContain('Cách sửa:');
    expect(storedFiles()).toBe(1);
  });

  test('another agency may neither upload for this one nor download its files', async () => {
    // Refused before the body is read: a file over the limit is a 403, not a 413.
    const refused = await upload('health', JUSTICE, 'x.pdf', Buffer.alloc(MAX_UPLOAD_BYTES + 1024, 0x25));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain(`cơ quan ${JUSTICE}`);
    expect((await download('health', JUSTICE, sha(pdf))).status).toBe(403);
    expect(
      await db().accessEvent.count({
        where: {
          campaignId: id,
          agencyCode: JUSTICE,
          outcome: 'refused',
          personId: await personId('syt@example.gov.vn'),
        },
      }),
    ).toBe(2);
    expect(storedFiles()).toBe(1);
  });

  test('the reviewer downloads it under its original name, typed by content, never sniffed', async () => {
    const answer = await download('reviewer', JUSTICE, sha(pdf));
    expect(answer.status).toBe(200);
    expect(answer.bytes.equals(pdf)).toBe(true);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-disposition')).toBe(
      `attachment; filename="Bao cao thang 12.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20th%C3%A1ng%2012.pdf`,
    );
    expect((await download('justice', JUSTICE, sha(pdf))).status).toBe(200);
  });

  test("another agency's file is not found under this one, even though its bytes are stored", async () => {
    const theirs = await upload('health', HEALTH, 'so-lieu.png', png);
    expect(theirs).toMatchObject({ status: 200, body: { sha256: sha(png), type: 'image/png' } });
    for (const who of ['reviewer', 'justice']) {
      const answer = await download(who, JUSTICE, sha(png));
      expect(answer.status).toBe(404);
      expect(answer.body.message).toContain(`Cơ quan ${JUSTICE} chưa tải lên tệp`);
    }
    expect((await download('reviewer', HEALTH, sha(png))).status).toBe(200);
    const word = await upload('health', HEALTH, 'Đề án.docx', tinyDocx());
    expect(word).toMatchObject({ status: 200, body: { name: 'Đề án.docx', type: FILE_TYPES.docx } });
  });

  test('a malformed file hash is refused naming the field', async () => {
    const answer = await download('reviewer', JUSTICE, 'not-a-hash');
    expect(answer.status).toBe(400);
    expect(answer.body.issues).toEqual([expect.objectContaining({ field: 'sha256' })]);
    expect(answer.body.message).toContain('sha256');
  });

  test("a delivery's files are the server's records of that agency's uploads, not what the client claims", async () => {
    const refs = await storedFileRefs(db(), id, JUSTICE, [
      { sha256: sha(pdf), name: 'đổi-tên.docx', path: 'fields.bienBan[1]' },
    ]);
    expect(refs).toEqual([
      { sha256: sha(pdf), name: 'Báo cáo tháng 12.pdf', type: 'application/pdf', size: pdf.length },
    ]);
    const refusal = await storedFileRefs(db(), id, JUSTICE, [
      { sha256: sha(pdf), name: 'Báo cáo tháng 12.pdf', path: 'fields.bienBan[1]' },
      { sha256: sha(png), name: 'so-lieu.png', path: 'fields.bienBan[2]' },
      { sha256: 'zz', path: 'fields.anh[1]' },
    ]).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(HttpError);
    expect((refusal as HttpError).statusCode).toBe(400);
    expect((refusal as HttpError).issues).toEqual([
      {
        field: 'fields.bienBan[2]',
        message: `Tệp "so-lieu.png" chưa được tải lên cho cơ quan ${JUSTICE} trong chiến dịch ${id}. Cách sửa: tải tệp lên lại rồi nộp lại.`,
      },
      expect.objectContaining({ field: 'fields.anh[1]' }),
    ]);
  });

  test('once collection is closed, nothing more is uploaded', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/campaigns/${id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Văn bản bị thu hồi.' }),
    });
    expect(response.status).toBe(200);
    await eventually(async () =>
      expect((await db().campaign.findUniqueOrThrow({ where: { id } })).status).toBe('cancelled'),
    );
    const late = await upload('justice', JUSTICE, 'muộn.pdf', tinyPdf('muon'));
    expect(late.status).toBe(409);
    expect(late.body.message).toContain('Chiến dịch đã bị hủy');
    expect(storedFiles()).toBe(3);
  });
});
