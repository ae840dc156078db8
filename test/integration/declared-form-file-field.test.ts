import { attachedInputName, removeInputName } from '../../server/deliveries/attached-files';
import { launchThroughApi } from '../support/api-campaign';
import { OPTIONAL_FILE_FORM } from '../support/optional-file-form';
import { apiAs } from '../support/api-client';
import { eventually } from '../support/eventually';
import { sampleCampaign } from '../support/sample-campaign';
import { tinyPdf, tinyPng } from '../support/sample-files';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import type { WebClient } from '../support/web-client';

// A declared form's optional file field on the portal: a file larger than the field's own limit is
// refused when it is uploaded, beside its input and naming the limit, never stored, everything typed
// kept; a file attached in a refused sending, or delivered in the last version, can be left out with
// "Bỏ tệp này" before the form is sent again. Real server, worker, Temporal and database.

describe.each(testDatabases())('an optional file field of a declared form (%s)', (kind) => {
  const server = useServer(kind);
  const definition = sampleCampaign({ deliverable: OPTIONAL_FILE_FORM });
  const form = `/campaigns/${definition.id}/agencies/so-y-te/san-pham`;
  const db = () => server.harness.database.db;
  let tokens: Record<string, string>;
  let health: WebClient;

  beforeAll(async () => {
    ({ tokens } = await launchThroughApi(
      server,
      definition,
      { health: 'syt@example.gov.vn', reviewer: 'stttt@example.gov.vn' },
      'token',
    ));
    health = await server.signIn('syt@example.gov.vn');
  }, 120_000);

  /** The form as the browser sends it, `_csrf` first, with these values and files. */
  async function send(values: Record<string, string>, files: Record<string, { name: string; content: Buffer }> = {}) {
    const body = new FormData();
    body.append('_csrf', await health.csrfFrom(form));
    for (const [name, value] of Object.entries(values)) body.append(name, value);
    for (const [name, file] of Object.entries(files))
      body.append(name, new Blob([new Uint8Array(file.content)], { type: 'application/pdf' }), file.name);
    return health.request('POST', form, { multipart: body });
  }
  const storedFiles = () => db().deliveryFile.count({ where: { campaignId: definition.id, agencyCode: 'so-y-te' } });
  const latest = () =>
    db().submission.findFirst({
      where: { assignmentId: `${definition.id}/so-y-te` },
      orderBy: { version: 'desc' },
    });
  const removeBox = new RegExp(
    `<input type="checkbox" id="f-remove-fields-phu-luc" name="${removeInputName('phu-luc').replace(/\./g, '\\.')}" value="co"[^>]*>\\s*<label for="f-remove-fields-phu-luc">Bỏ tệp này</label>`,
  );

  test('a file over the field’s own limit is refused at upload beside its input, naming the limit; nothing stored, the rest kept', async () => {
    const big = Buffer.concat([tinyPdf('phu luc lon'), Buffer.alloc(150 * 1024, 0x20)]);
    const answer = await send(
      { 'fields.tom-tat': 'Đã rà soát 12 thủ tục', 'fields.so-ho-so': '12' },
      { 'fields.phu-luc': { name: 'phu-luc-lon.pdf', content: big } },
    );
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(
      /<p class="field-error" id="f-fields-phu-luc-error">Mục &quot;I\. Kết quả&quot;, &quot;Phụ lục \(PDF\)&quot;, tệp &quot;phu-luc-lon\.pdf&quot; chưa được lưu: nặng 0,2 MB, quá 0,1 MB\. Cách sửa: nén hoặc chia nhỏ tệp rồi đính kèm lại\.<\/p>/,
    );
    expect(answer.text).toMatch(/<input type="file" id="f-fields-phu-luc"[^>]*aria-invalid="true"/);
    expect(answer.text).toContain('name="fields.tom-tat" value="Đã rà soát 12 thủ tục"');
    expect(answer.text).toContain('name="fields.so-ho-so" value="12"');
    expect(answer.text).not.toContain('Đã đính kèm');
    expect(await storedFiles()).toBe(0);
    expect(await latest()).toBeNull();
  });

  test('a file attached in a refused sending is left out with "Bỏ tệp này": it stays out through another refusal, the delivery holds no file', async () => {
    const refused = await send(
      { 'fields.tom-tat': 'Đã rà soát 12 thủ tục', 'fields.so-ho-so': 'mười hai' },
      { 'fields.phu-luc': { name: 'phu-luc.pdf', content: tinyPdf('phu luc') } },
    );
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Đã đính kèm: phu-luc.pdf (sẽ được nộp cùng biểu mẫu)');
    expect(refused.text).toMatch(removeBox);
    const sha = new RegExp(`name="${attachedInputName('phu-luc')}" value="([0-9a-f]{64})"`).exec(refused.text)![1]!;

    // Ticked, with another mistake: the file is no longer attached, nothing else lost.
    const again = await send({
      'fields.tom-tat': 'Đã rà soát 12 thủ tục',
      'fields.so-ho-so': '-1',
      [attachedInputName('phu-luc')]: sha,
      [removeInputName('phu-luc')]: 'co',
    });
    expect(again.status).toBe(400);
    expect(again.text).not.toContain('Đã đính kèm');
    expect(again.text).not.toContain(sha);
    expect(again.text).toContain('name="fields.so-ho-so" value="-1"');

    const sent = await send({
      'fields.tom-tat': 'Đã rà soát 12 thủ tục',
      'fields.so-ho-so': '12',
      [attachedInputName('phu-luc')]: sha,
      [removeInputName('phu-luc')]: 'co',
    });
    expect(sent.status).toBe(303);
    const delivered = (await eventually(async () => (await latest())!)).content as { fields: Record<string, unknown> };
    expect(delivered.fields).toEqual({ 'tom-tat': 'Đã rà soát 12 thủ tục', 'so-ho-so': 12 });
  });

  test('after a return, the file delivered last is kept unless "Bỏ tệp này" is ticked', async () => {
    await eventually(async () =>
      expect((await db().assignment.findUniqueOrThrow({ where: { id: `${definition.id}/so-y-te` } })).stage).toBe(
        'submitted',
      ),
    );
    const reviewer = apiAs(server.baseUrl, tokens.reviewer!);
    const returnIt = async () => {
      const answer = await reviewer.post(`/api/v1/campaigns/${definition.id}/agencies/so-y-te/return`, {
        reasons: { overall: 'Bổ sung phụ lục.' },
      });
      expect(answer.status).toBe(200);
      await eventually(async () =>
        expect((await db().assignment.findUniqueOrThrow({ where: { id: `${definition.id}/so-y-te` } })).stage).toBe(
          'returned',
        ),
      );
    };
    await returnIt();
    const withFile = await send(
      { 'fields.tom-tat': 'Đã bổ sung phụ lục', 'fields.so-ho-so': '12' },
      { 'fields.phu-luc': { name: 'phu-luc-bo-sung.pdf', content: tinyPdf('bo sung') } },
    );
    expect(withFile.status).toBe(303);
    await eventually(async () => expect((await latest())!.version).toBe(2));
    const second = (await latest())!.content as { fields: Record<string, { name: string }[]> };
    expect(second.fields['phu-luc']!.map((f) => f.name)).toEqual(['phu-luc-bo-sung.pdf']);
    await returnIt();

    const page = await health.get(form);
    expect(page.text).toContain('Đã nộp: phu-luc-bo-sung.pdf.');
    expect(page.text).toMatch(removeBox);
    expect(page.text).not.toMatch(/name="remove\.fields\.phu-luc" value="co"[^>]* checked/);
    // Ticked, with a mistake: the delivered file is still named and the box comes back ticked.
    const refused = await send({
      'fields.tom-tat': 'Phụ lục không còn cần thiết',
      'fields.so-ho-so': '',
      [removeInputName('phu-luc')]: 'co',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Đã nộp: phu-luc-bo-sung.pdf.');
    expect(refused.text).toMatch(/name="remove\.fields\.phu-luc" value="co"[^>]* checked/);
    expect(refused.text).toContain('name="fields.tom-tat" value="Phụ lục không còn cần thiết"');
    const sent = await send({
      'fields.tom-tat': 'Phụ lục không còn cần thiết',
      'fields.so-ho-so': '12',
      [removeInputName('phu-luc')]: 'co',
    });
    expect(sent.status).toBe(303);
    const third = await eventually(async () => {
      const row = (await latest())!;
      expect(row.version).toBe(3);
      return row.content as { fields: Record<string, unknown> };
    });
    expect(third.fields).toEqual({ 'tom-tat': 'Phụ lục không còn cần thiết', 'so-ho-so': 12 });
  });

  test('an API upload naming its field is held to that field’s limit and types before it is stored', async () => {
    const upload = async (field: string, name: string, content: Buffer) => {
      const body = new FormData();
      body.append('file', new Blob([new Uint8Array(content)]), name);
      const response = await fetch(
        `${server.baseUrl}/api/v1/campaigns/${definition.id}/agencies/so-y-te/files?field=${field}`,
        { method: 'POST', headers: { authorization: `Bearer ${tokens.health}` }, body },
      );
      return { status: response.status, body: (await response.json()) as { issues?: unknown; sha256?: string } };
    };
    const before = await storedFiles();
    const big = Buffer.concat([tinyPdf('phu luc api'), Buffer.alloc(150 * 1024, 0x20)]);
    expect(await upload('phu-luc', 'phu-luc-lon.pdf', big)).toEqual({
      status: 400,
      body: expect.objectContaining({
        issues: [
          {
            field: 'file',
            message:
              'tệp "phu-luc-lon.pdf" chưa được lưu: nặng 0,2 MB, quá 0,1 MB. Cách sửa: nén hoặc chia nhỏ tệp rồi tải lên lại.',
          },
        ],
      }),
    });
    expect((await upload('phu-luc', 'anh.png', tinyPng())).body.issues).toEqual([
      {
        field: 'file',
        message:
          'tệp "anh.png" không phải tệp PDF (.pdf) mà trường "Phụ lục (PDF)" nhận, chưa được lưu. Cách sửa: lưu (hoặc xuất) thành tệp PDF (.pdf) rồi tải lên lại.',
      },
    ]);
    expect((await upload('bien-ban', 'bb.pdf', tinyPdf('bb'))).body.issues).toEqual([
      {
        field: 'field',
        message:
          'Sản phẩm của chiến dịch không có trường tệp "bien-ban". Cách sửa: dùng một trong các trường tệp: phu-luc.',
      },
    ]);
    expect(await storedFiles()).toBe(before);
    const small = await upload('phu-luc', 'phu-luc.pdf', tinyPdf('phu luc api nho'));
    expect(small).toMatchObject({ status: 200, body: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(await storedFiles()).toBe(before + 1);
  });
});
