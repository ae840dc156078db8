import path from 'node:path';
import { loadCampaignDefinition } from '../../campaign-files/campaign-definition';
import { attachedInputName } from '../../server/deliveries/attached-files';
import { launchThroughApi } from '../support/api-campaign';
import { sampleCampaign } from '../support/sample-campaign';
import { tinyPdf } from '../support/sample-files';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import type { WebClient } from '../support/web-client';

// Files attached to a declared form in a refused sending stay attached by their sha256 in a hidden
// input; the server names them from its own record of this agency's uploads. A hash changed by hand
// to a file another agency uploaded is refused beside that file input, names nothing of the other
// agency's file, and nothing is delivered. Real server, Temporal, database.

const CHECKLIST = path.join(__dirname, '../../campaigns/cchc-tu-danh-gia-2026.yaml');

describe.each(testDatabases())('files attached to a refused declared form (%s)', (kind) => {
  const server = useServer(kind);
  const definition = sampleCampaign();
  const form = `/campaigns/${definition.id}/agencies/so-y-te/san-pham`;
  let tokens: Record<string, string>;
  let health: WebClient;

  beforeAll(async () => {
    definition.deliverable = (await loadCampaignDefinition(CHECKLIST)).deliverable;
    ({ tokens } = await launchThroughApi(
      server,
      definition,
      { health: 'syt@example.gov.vn', justice: 'stp@example.gov.vn' },
      'token',
    ));
    health = await server.signIn('syt@example.gov.vn');
  });

  /** Uploads a PDF for the agency through the API; its sha256. */
  async function upload(who: string, agency: string, name: string): Promise<string> {
    const body = new FormData();
    body.append('file', new Blob([new Uint8Array(tinyPdf(`${agency} ${name}`))], { type: 'application/pdf' }), name);
    const answer = await fetch(`${server.baseUrl}/api/v1/campaigns/${definition.id}/agencies/${agency}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[who]}` },
      body,
    });
    expect(answer.status).toBe(200);
    return ((await answer.json()) as { sha256: string }).sha256;
  }

  /** The form as the browser sends it, `_csrf` first, with these text values and no new file. */
  async function send(values: Record<string, string>) {
    const body = new FormData();
    body.append('_csrf', await health.csrfFrom(form));
    for (const [name, value] of Object.entries(values)) body.append(name, value);
    return health.request('POST', form, { multipart: body });
  }

  test("another agency's file named by hand is refused beside the input, nothing delivered", async () => {
    const theirs = await upload('justice', 'so-tu-phap', 'minh-chung-tu-phap.pdf');
    const ours = await upload('health', 'so-y-te', 'tc2.pdf');
    const answer = await send({
      'fields.diem.TC1.tu-cham': '9',
      [attachedInputName('minh-chung-tc1')]: theirs,
      [attachedInputName('minh-chung-tc2')]: ours,
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(
      /<p class="field-error" id="f-fields-minh-chung-tc1-error">Tệp thứ 1 chưa được tải lên/,
    );
    expect(answer.text).not.toContain('minh-chung-tu-phap.pdf');
    expect(answer.text).not.toContain(theirs);
    expect(
      await server.harness.database.db.submission.count({
        where: { assignment: { campaignId: definition.id, agencyCode: 'so-y-te' } },
      }),
    ).toBe(0);
  });

  test("the agency's own file stays attached through a refusal, by its recorded name", async () => {
    const ours = await upload('health', 'so-y-te', 'ke-hoach-cchc.pdf');
    const answer = await send({ 'fields.diem.TC1.tu-cham': '12', [attachedInputName('minh-chung-tc1')]: ours });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain(`name="${attachedInputName('minh-chung-tc1')}" value="${ours}"`);
    expect(answer.text).toContain('Đã đính kèm: ke-hoach-cchc.pdf (sẽ được nộp cùng biểu mẫu)');
    expect(answer.text).toContain('TC1: 12 nằm ngoài khoảng cho phép.');
  });
});
