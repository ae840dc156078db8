import { grantRole } from '../../server/identity/people';
import { launchThroughApi } from '../support/api-campaign';
import { sampleCampaign } from '../support/sample-campaign';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import { WebClient, type WebResponse } from '../support/web-client';

// The portal's forms that no other test refuses, driven by one table: each is sent with a value the
// form refuses, and the page comes back with the problem beside its field (tied to it for screen
// readers, in plain Vietnamese, no field code) and every value typed still in its field. Real server,
// worker, Temporal and database. (The other forms are refused, values kept, in portal-forms-kept,
// portal-service-center-agency, portal-service-center-desk, portal-campaign-create, portal-roles and
// declared-form-file-field.)

const PEOPLE = {
  operator: 'ttpv@example.gov.vn',
  province: 'ttpv.tinh@example.gov.vn',
};
/** Who sends the form: a person signed in, or a browser not signed in yet. */
type Sender = keyof typeof PEOPLE | 'anonymous';

interface RefusedFormCase {
  /** The form as people know it. */
  form: string;
  who: Sender;
  /** The page that holds the form (its CSRF token), and where the form is sent, for a campaign. */
  page: (campaignId: string) => string;
  action: (campaignId: string) => string;
  /** Sent as multipart, as the browser sends a form with a file input. */
  multipart?: true;
  body: Record<string, string>;
  /**
   * The problem's words and where they stand: beside the input named `field`; or, for a campaign
   * file whose problems each name their place in the file, in the summary above the form; or none
   * (going back from a preview is no refusal).
   */
  problem?: { field: string; text: RegExp } | { summary: true; text: RegExp };
  /** Inputs whose typed value must come back as typed. */
  kept: Record<string, string>;
}

const agencyPage = (id: string) => `/dieu-hanh/${encodeURIComponent(id)}/co-quan/so-y-te`;
const CREATE = '/dieu-hanh/tao-chien-dich';
const typedCampaign = {
  soVanBan: '1024/UBND-KSTTHC',
  ngayVanBan: '01/12/2026',
  trichYeu: 'V/v rà soát danh mục giấy tờ cần số hóa',
  hanNop: '2099-01-15',
  hanPheDuyet: '30/01/2099',
  thamDinhTen: 'Sở Thông tin và Truyền thông',
  thamDinhEmail: 'stttt@example.gov.vn',
  pheDuyetTen: 'Chủ tịch UBND tỉnh',
  pheDuyetEmail: 'chutich@example.gov.vn',
  dieuHanhTen: 'Trung tâm Phục vụ hành chính công tỉnh',
  dieuHanhEmail: 'ttpv.tinh@example.gov.vn',
};

const CAMPAIGN_FILE = [
  'id: thu-khoi-chay',
  'title: Thử',
  'agencies:',
  '  - code: xa-1',
  '    name: Xã Một',
  '    kind: hamlet',
  '    email: xa1@example.gov.vn',
].join('\n');

const CASES: RefusedFormCase[] = [
  {
    form: 'signing in with an address that is not an e-mail',
    who: 'anonymous',
    page: () => '/sign-in',
    action: () => '/sign-in',
    body: { email: 'nguyenvana quangngai.gov.vn' },
    problem: { field: 'email', text: /^Địa chỉ email chưa đúng\. Cách sửa: ghi đầy đủ địa chỉ, ví dụ / },
    kept: { email: 'nguyenvana quangngai.gov.vn' },
  },
  {
    form: 'the Service Center extends an agency’s deadline',
    who: 'operator',
    page: agencyPage,
    action: (id) => `${agencyPage(id)}/gia-han`,
    body: { han: '2099-01-15', lyDo: 'Theo chỉ đạo của UBND tỉnh' },
    problem: { field: 'han', text: /^"2099-01-15" không phải một ngày dạng dd\/mm\/yyyy\. Ghi ngày dạng dd\/mm\/yyyy/ },
    kept: { han: '2099-01-15', lyDo: 'Theo chỉ đạo của UBND tỉnh' },
  },
  {
    form: 'the Service Center extends an agency’s deadline without a reason',
    who: 'operator',
    page: agencyPage,
    action: (id) => `${agencyPage(id)}/gia-han`,
    body: { han: '15/01/2099', lyDo: '  ' },
    problem: { field: 'lyDo', text: /^Hãy nêu lý do gia hạn\.$/ },
    kept: { han: '15/01/2099' },
  },
  {
    form: 'the Service Center pauses an agency’s deadline',
    who: 'operator',
    page: agencyPage,
    action: (id) => `${agencyPage(id)}/tam-dung`,
    body: { lyDoTamDung: '   ' },
    problem: { field: 'lyDoTamDung', text: /^Hãy nêu lý do tạm dừng, ví dụ cơ quan đang chờ hướng dẫn\.$/ },
    kept: { lyDoTamDung: '   ' },
  },
  {
    form: 'the Service Center reports an agency to the Provincial Office',
    who: 'operator',
    page: agencyPage,
    action: (id) => `${agencyPage(id)}/bao-cao`,
    body: { lyDoBaoCao: ' ' },
    problem: { field: 'lyDoBaoCao', text: /^Hãy nêu lý do báo cáo\.$/ },
    kept: { lyDoBaoCao: ' ' },
  },
  {
    form: 'the Service Center withdraws an agency without ticking the confirmation',
    who: 'operator',
    page: agencyPage,
    action: (id) => `${agencyPage(id)}/rut`,
    body: { lyDoRut: 'Cơ quan đã sáp nhập' },
    problem: { field: 'xacNhan', text: /việc rút cơ quan không hoàn tác được/ },
    kept: { lyDoRut: 'Cơ quan đã sáp nhập' },
  },
  {
    form: 'a campaign created from the directory, launched straight away',
    who: 'province',
    page: () => CREATE,
    action: () => CREATE,
    multipart: true,
    body: typedCampaign,
    problem: { field: 'hanNop', text: /"2099-01-15" không phải ngày dạng ngày\/tháng\/năm/ },
    kept: typedCampaign,
  },
  {
    form: 'a campaign created from the directory, saved as a campaign file',
    who: 'province',
    page: () => CREATE,
    action: () => `${CREATE}/tep-chien-dich`,
    multipart: true,
    body: { ...typedCampaign, hanNop: '15/01/2099', hanPheDuyet: '31/02/2099' },
    problem: { field: 'hanPheDuyet', text: /^Không có ngày 31\/02\/2099 trong lịch\. Cách sửa: ghi ngày dạng/ },
    kept: { ...typedCampaign, hanNop: '15/01/2099', hanPheDuyet: '31/02/2099' },
  },
  {
    form: 'a campaign created from the directory, back from its preview',
    who: 'province',
    page: () => CREATE,
    action: () => `${CREATE}/sua`,
    multipart: true,
    body: typedCampaign,
    // Going back is not a refusal: the form comes back as it was, nothing checked yet.
    kept: typedCampaign,
  },
  {
    form: 'a campaign file confirmed for launch',
    who: 'province',
    page: () => '/dieu-hanh/khoi-chay',
    action: () => '/dieu-hanh/khoi-chay',
    body: { yaml: CAMPAIGN_FILE, name: 'chien-dich.yaml' },
    problem: { summary: true, text: /Cơ quan thứ 1 — mục kind: Loại cơ quan không hợp lệ/ },
    kept: { yaml: CAMPAIGN_FILE },
  },
];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
const plain = (text: string) =>
  text
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();

/** The opening tag of the input, textarea or select named `name`. */
function inputNamed(page: string, name: string): string | undefined {
  return new RegExp(`<(?:input|textarea|select)\\b[^>]*\\bname="${escapeRegExp(name)}"[^>]*>`).exec(page)?.[0];
}

/** The problems tied to an input (its aria-describedby elements that say what is wrong), as text. */
function problemsBeside(page: string, name: string): string[] {
  const tag = inputNamed(page, name);
  const ids = /aria-describedby="([^"]*)"/.exec(tag ?? '')?.[1]?.split(/\s+/) ?? [];
  return ids.flatMap((id) => {
    const element = new RegExp(
      `<p class="field(?:-|__)error"[^>]*\\bid="${escapeRegExp(id)}"[^>]*>([\\s\\S]*?)</p>`,
    ).exec(page);
    return element ? [plain(element[1]!)] : [];
  });
}

/** Whether the value typed in `name` is in its field again. */
function keeps(page: string, name: string, value: string): boolean {
  const tag = inputNamed(page, name);
  if (!tag) return false;
  if (tag.startsWith('<textarea'))
    return new RegExp(`${escapeRegExp(tag)}${escapeRegExp(html(value))}</textarea>`).test(page);
  return tag.includes(`value="${html(value)}"`);
}

describe.each(testDatabases())('a refused portal form answers beside its field, what was typed kept (%s)', (kind) => {
  const server = useServer(kind);
  const definition = sampleCampaign();
  const web: Partial<Record<Sender, WebClient>> = {};

  beforeAll(async () => {
    await grantRole(
      server.harness.database.db,
      { email: PEOPLE.province, name: 'Cán bộ điều hành cấp tỉnh', role: 'operator' },
      'test',
    );
    await launchThroughApi(server, definition, { operator: PEOPLE.operator }, 'token');
    for (const [who, email] of Object.entries(PEOPLE)) web[who as keyof typeof PEOPLE] = await server.signIn(email);
    web.anonymous = new WebClient(server.baseUrl);
  }, 180_000);

  async function send(form: RefusedFormCase): Promise<WebResponse> {
    const browser = web[form.who]!;
    const csrf = await browser.csrfFrom(form.page(definition.id));
    if (!form.multipart)
      return browser.request('POST', form.action(definition.id), { form: { _csrf: csrf, ...form.body } });
    const body = new FormData();
    body.append('_csrf', csrf);
    for (const [name, value] of Object.entries(form.body)) body.append(name, value);
    return browser.request('POST', form.action(definition.id), { multipart: body });
  }

  test.each(CASES)('$form', async (form) => {
    const answer = await send(form);
    expect(answer.text).not.toContain('Không thực hiện được</h1>');
    const problem = form.problem;
    expect(answer.status).toBe(problem ? 400 : 200);
    if (problem && 'field' in problem) {
      const beside = problemsBeside(answer.text, problem.field);
      expect({ field: problem.field, beside }).toEqual({
        field: problem.field,
        beside: expect.arrayContaining([expect.stringMatching(problem.text)]),
      });
      expect(inputNamed(answer.text, problem.field)).toContain('aria-invalid="true"');
      // Plain words: no field code of the form ("lyDo", "(email)") in what people read.
      for (const words of beside)
        for (const name of Object.keys(form.body))
          expect(words).not.toContain(/[A-Z.-]/.test(name) ? name : `(${name})`);
    } else if (problem) {
      const summary = /<section class="notice notice--error"[^>]*role="alert"[^>]*>([\s\S]*?)<\/section>/.exec(
        answer.text,
      );
      expect(plain(summary?.[1] ?? '')).toMatch(problem.text);
    } else expect(answer.text).not.toContain('notice--error');
    for (const [name, value] of Object.entries(form.kept))
      expect({ name, kept: keeps(answer.text, name, value) }).toEqual({ name, kept: true });
  });

  test('the Service Center’s refused forms changed nothing on the agency', async () => {
    const db = server.harness.database.db;
    const row = await db.assignment.findUniqueOrThrow({ where: { id: `${definition.id}/so-y-te` } });
    expect(row.stage).toBe('assigned');
    expect(row.submissionDeadline.toISOString()).toBe(new Date(definition.deadlines.submission).toISOString());
    expect(await db.campaign.count({ where: { directiveNumber: typedCampaign.soVanBan } })).toBe(0);
  });
});
