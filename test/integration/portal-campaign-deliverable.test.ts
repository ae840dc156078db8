import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { parseCampaignYaml } from '../../campaign-files/campaign-yaml';
import { savedDeliverables } from '../../campaign-files/deliverable-library';
import { importDirectory } from '../../directory/store';
import { ARTICLE_4_TABLE } from '../../domain/deliverables';
import { formatDate } from '../../domain/time';
import { grantRole } from '../../server/identity/people';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';
import type { WebClient, WebResponse } from '../support/web-client';

// What agencies deliver, chosen when the Service Center creates a campaign on the web: the Article 4
// list by default, a saved declaration by its title, or an uploaded declaration file whose every
// problem is shown beside the field in words with what was typed kept. The preview shows the chosen
// deliverable; the launched campaign and its campaign file carry it. Real server, Temporal, database.

const ADMIN = 'admin@example.gov.vn';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const REPORT_DECLARATION = {
  kind: 'form',
  title: 'Báo cáo kết quả tiếp công dân quý IV',
  sections: [
    {
      key: 'ket-qua',
      title: 'I. Kết quả',
      fields: [
        { key: 'so-luot', label: 'Số lượt tiếp công dân', type: 'integer', required: true, min: 0 },
        { key: 'van-ban', label: 'Văn bản báo cáo đã ký', type: 'file', accept: ['pdf'], required: true },
      ],
    },
  ],
};

/** Two mistakes: a column type that is none, and a row limit of nothing. */
const BROKEN_DECLARATION = [
  'deliverable:',
  '  kind: table',
  '  title: Danh mục dự án',
  '  columns:',
  '    - { key: ten, label: Tên dự án, type: text, required: true }',
  '    - { key: von, label: Vốn, type: tien }',
  '  rowKey: [ ten ]',
  '  maxRows: 0',
  '',
].join('\n');

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

describe.each(testDatabases())('choosing the deliverable when creating a campaign on the web (%s)', (kind) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-deliverable-data-'));
  const server = useServer(kind, { env: { DONDOC_DATA_DIR: dataDir } });
  const db = () => server.harness.database.db;
  let web: WebClient;
  // Both databases' runs share one Temporal namespace, where the campaign code names the workflows.
  const n = String(Date.now() % 100_000);
  const typed: Record<string, string> = {
    soVanBan: `${n}/UBND-TCD`,
    ngayVanBan: formatDate(new Date()),
    trichYeu: 'V/v báo cáo kết quả tiếp công dân',
    hanNop: '15/01/2030',
    hanPheDuyet: '31/01/2030',
    thamDinhTen: 'Thanh tra tỉnh',
    thamDinhEmail: 'thanhtra@example.gov.vn',
    pheDuyetTen: 'Chủ tịch UBND tỉnh',
    pheDuyetEmail: 'chutich@example.gov.vn',
    dieuHanhTen: 'Trung tâm Phục vụ hành chính công tỉnh',
    dieuHanhEmail: ADMIN,
  };

  /** The creation form sent as the browser sends it: `_csrf` first, the directive PDF, the choices. */
  async function send(
    action: string,
    fields: Record<string, string>,
    declarationFile?: { name: string; content: string },
  ): Promise<WebResponse> {
    const form = new FormData();
    form.append('_csrf', await web.csrfFrom('/dieu-hanh/tao-chien-dich'));
    for (const [name, value] of Object.entries({ ...typed, ...fields })) form.append(name, value);
    form.append('moiSo', '1');
    form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'cong-van.pdf');
    if (declarationFile) form.append('sanPhamTep', new Blob([declarationFile.content]), declarationFile.name);
    return web.request('POST', `/dieu-hanh/tao-chien-dich${action}`, { multipart: form });
  }

  beforeAll(async () => {
    await grantRole(db(), { email: ADMIN, name: 'Quản trị', role: 'admin' }, 'test');
    const admin = await db().person.findUniqueOrThrow({ where: { email: ADMIN } });
    await importDirectory(
      db(),
      [
        { code: 'so-tu-phap', name: 'Sở Tư pháp', level: 'department', district: '', email: 'stp@example.gov.vn' },
        { code: 'so-y-te', name: 'Sở Y tế', level: 'department', district: '', email: 'syt@example.gov.vn' },
      ],
      { personId: admin.id, role: 'admin', channel: 'web' },
      'test',
    );
    web = await server.signIn(ADMIN);
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('the form offers the Article 4 list (chosen), the saved declarations by title and a file; no YAML shown', async () => {
    const page = await web.get('/dieu-hanh/tao-chien-dich');
    expect(page.status).toBe(200);
    const saved = savedDeliverables();
    expect(saved.map((s) => s.name)).toEqual([
      'bao-cao-thang-12-2026-TTHC',
      'cchc-tu-danh-gia-2026',
      'thiet-bi-cntt-thay-the-2027',
    ]);
    expect(page.text).toMatch(/name="sanPham" value="dieu-4" checked/);
    for (const s of saved) expect(text(page.text)).toContain(s.title);
    expect(page.text).not.toMatch(/kind: (table|form)|columns:/);
  });

  test('an uploaded declaration with mistakes: each beside the field in words, everything typed kept, nothing launched', async () => {
    const answer = await send('/kiem-tra', { sanPham: 'dieu-4' }, { name: 'du-an.yaml', content: BROKEN_DECLARATION });
    expect(answer.status).toBe(400);
    const shown = text(answer.text);
    expect(shown).toContain('Khai báo có 2 lỗi, kê ngay dưới ô.');
    expect(shown).toContain('Cột thứ 2: Kiểu (type) không hợp lệ. Cách sửa: ghi type là một trong: text,');
    expect(shown).toContain('Số dòng tối đa (maxRows) từ 1. Cách sửa: ví dụ 1000.');
    // Choosing a file chose the declaration; its text is in the box, correctable there.
    expect(answer.text).toMatch(/name="sanPham" value="tep" checked/);
    expect(answer.text).toContain('aria-invalid="true">deliverable:\n  kind: table');
    for (const [name, value] of Object.entries(typed)) expect(answer.text).toContain(`name="${name}" value="${value}"`);
    expect(await db().campaign.count({ where: { directiveNumber: typed.soVanBan } })).toBe(0);

    const notDeclaration = await send('/kiem-tra', {}, { name: 'du-an.pdf', content: '%PDF' });
    expect(notDeclaration.status).toBe(400);
    expect(text(notDeclaration.text)).toContain('Tệp "du-an.pdf" không phải tệp khai báo .yaml hoặc .json.');
  });

  test('a saved declaration is previewed by its title and columns; none chosen means the Article 4 list', async () => {
    const saved = await send('/kiem-tra', { sanPham: 'thiet-bi-cntt-thay-the-2027' });
    expect(saved.status).toBe(200);
    const shown = text(saved.text);
    expect(shown).toContain('Sản phẩm cơ quan phải nộp Danh mục thiết bị công nghệ thông tin cần thay thế năm 2027');
    expect(shown).toContain('Kinh phí thay thế dự kiến số có đơn vị (đồng) Có');
    expect(saved.text).toContain('name="sanPham" value="thiet-bi-cntt-thay-the-2027"');

    const article4 = await send('/kiem-tra', {});
    expect(text(article4.text)).toContain(`Sản phẩm cơ quan phải nộp ${ARTICLE_4_TABLE.title}`);
    const file = await send('/tep-chien-dich', {});
    expect(parseCampaignYaml(file.text, 'tải về').deliverable).toBeUndefined();
  });

  test('an uploaded JSON declaration is previewed part by part, launched with the campaign and in its file', async () => {
    const upload = { name: 'tiep-cong-dan.json', content: JSON.stringify({ deliverable: REPORT_DECLARATION }) };
    const preview = await send('/kiem-tra', {}, upload);
    expect(preview.status).toBe(200);
    const shown = text(preview.text);
    expect(shown).toContain('Báo cáo kết quả tiếp công dân quý IV (biểu mẫu)');
    expect(shown).toContain('I. Kết quả');
    expect(shown).toContain('Số lượt tiếp công dân: số nguyên (bắt buộc)');
    expect(shown).toContain('Văn bản báo cáo đã ký: tệp PDF, tối đa 1 tệp, mỗi tệp 10 MB (bắt buộc)');

    // The preview carries the declaration's text; the download and the launch read it again.
    const kept = { sanPham: 'tep', sanPhamNoiDung: upload.content };
    const file = await send('/tep-chien-dich', kept);
    expect(file.status).toBe(200);
    const fromFile = parseCampaignYaml(file.text, 'tải về');
    expect(fromFile.deliverable).toMatchObject(REPORT_DECLARATION);

    const launched = await send('', kept);
    expect(launched.status).toBe(200);
    expect(text(launched.text)).toContain('Đã khởi chạy chiến dịch');
    const campaign = await db().campaign.findFirstOrThrow({ where: { directiveNumber: typed.soVanBan } });
    expect((campaign.definition as { deliverable?: unknown }).deliverable).toEqual(fromFile.deliverable);
    const again = await web.get(`/dieu-hanh/${campaign.id}/tep-chien-dich.yaml`);
    expect(YAML.parse(again.text).deliverable).toEqual(fromFile.deliverable);
  });
});
