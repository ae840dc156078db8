import './support/quiet-runtime';
import './support/setup';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AgencyList } from '../domain/agency-list';
import { issueApiToken } from '../server/identity/api-tokens';
import { grantRole } from '../server/identity/people';
import { runReport } from '../reporting';
import { apiAs } from './support/api-client';
import {
  DESKTOP_VIEWPORT,
  PHONE_VIEWPORT,
  checkListFile,
  launchBrowser,
  openPortal,
  signInThroughMail,
  type PortalPage,
} from './support/browser';
import { shootDeclaredDeliverables } from './support/declared-screenshots';
import { eventually } from './support/eventually';
import globalSetup from './support/global-setup';
import globalTeardown from './support/global-teardown';
import { sampleCampaign } from './support/sample-campaign';
import { justiceDepartmentList } from './support/sample-lists';
import { startTestServer } from './support/server-harness';

// `npm run screenshots`: the portal's main pages of each role, as PNGs in docs/screenshots/, from a
// real run: the test suite's Temporal dev server, a fresh SQLite database, a dondoc server and
// worker, a small campaign moved along through the API (and two that declare their deliverable),
// and the same headless Chromium the browser tests use. Run it again whenever a page changes; the
// README links the files.

const OUT_DIR = path.resolve(__dirname, '..', 'docs', 'screenshots');
const HEADER = 'STT,Mã TTHC,Tên TTHC,Lĩnh vực,Cơ quan/cấp thực hiện,Tên giấy tờ,Loại giấy tờ,Căn cứ,Ghi chú';
const csv = (...rows: string[]) => Buffer.from(`${[HEADER, ...rows].join('\n')}\n`, 'utf8');
const BROKEN = csv(
  '1,1.002421,Cấp giấy phép hoạt động khám bệnh,Y tế,Sở Y tế,Đơn đề nghị cấp giấy phép,Thành phần hồ sơ,,',
  '2,1.0001,Cấp chứng chỉ hành nghề,Y tế,Sở Y tế,Đơn đề nghị cấp chứng chỉ,Thành phần hồ sơ,,',
  '3,1.002422,Cấp lại chứng chỉ hành nghề,Y tế,Sở Y tế,Chứng chỉ hành nghề,abc,,',
);
const HEALTH: AgencyList = {
  procedures: [
    {
      code: '1.002421',
      name: 'Cấp giấy phép hoạt động khám bệnh, chữa bệnh',
      field: 'Khám bệnh, chữa bệnh',
      documents: [
        { name: 'Đơn đề nghị cấp giấy phép hoạt động', kind: 'thanh_phan_ho_so' },
        { name: 'Bản sao căn cước công dân', kind: 'thanh_phan_ho_so' },
        { name: 'Giấy phép hoạt động', kind: 'ket_qua', basis: 'Luật Khám bệnh, chữa bệnh 2023' },
      ],
    },
  ],
};

async function main(): Promise<void> {
  process.env.DONDOC_TEST_DATABASES = 'sqlite';
  process.env.DONDOC_LOG_LEVEL ??= 'error';
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-screenshot-reports-'));
  await globalSetup();
  const server = await startTestServer('sqlite', {
    env: { DONDOC_REPORT_DIR: reportsDir, DONDOC_TEMPORAL_UI_URL: 'http://localhost:8233' },
    worker: { publicUrl: 'https://dondoc.example.gov.vn' },
  });
  const worker = await server.harness.startWorker();
  const browser = await launchBrowser();
  const db = server.harness.database.db;
  const opened: PortalPage[] = [];
  try {
    const definition = sampleCampaign({ id: '751-quang-ngai-2024' });
    const id = definition.id;
    await grantRole(db, { email: 'admin@example.gov.vn', name: 'Quản trị hệ thống', role: 'admin' }, 'screenshots');
    const api = async (email: string) => {
      const person = await db.person.findUniqueOrThrow({ where: { email } });
      return apiAs(
        server.baseUrl,
        (await issueApiToken(db, person.id, { label: 'screenshots', days: 1, channel: 'token' })).token,
      );
    };
    const ok = async (answer: Promise<{ status: number; body: unknown }>) => {
      const { status, body } = await answer;
      if (status !== 200) throw new Error(`the API answered ${status}: ${JSON.stringify(body)}`);
    };
    await ok((await api('admin@example.gov.vn')).post('/api/v1/campaigns', definition));
    await eventually(async () => {
      if ((await db.assignment.count({ where: { campaignId: id } })) !== 3) throw new Error('not yet launched');
    });
    const agencyApi = (code: string) => `/api/v1/campaigns/${id}/agencies/${code}`;
    const reviewer = await api('stttt@example.gov.vn');
    await ok((await api('syt@example.gov.vn')).post(`${agencyApi('so-y-te')}/submissions`, { list: HEALTH }));
    await ok(
      reviewer.post(`${agencyApi('so-y-te')}/return`, {
        reasons: {
          overall: 'Danh sách còn giấy tờ đã có trong cơ sở dữ liệu quốc gia.',
          lines: [
            {
              procedureCode: '1.002421',
              documentName: 'Bản sao căn cước công dân',
              reason: 'Đã có trong CSDL quốc gia về dân cư: bỏ dòng này',
            },
          ],
        },
      }),
    );
    await ok(
      (await api('stp@example.gov.vn')).post(`${agencyApi('so-tu-phap')}/submissions`, {
        list: justiceDepartmentList,
      }),
    );
    await runReport({ db, campaignId: id, baseDir: reportsDir });

    const shoot = async (portal: PortalPage, name: string) => {
      await portal.page.evaluate('document.fonts.ready');
      await portal.page.screenshot({ path: path.join(OUT_DIR, `${name}.png`), fullPage: true });
      console.log(`docs/screenshots/${name}.png — ${await portal.page.title()}`);
    };
    const as = async (email: string, viewport = DESKTOP_VIEWPORT) => {
      const portal = await openPortal(browser, server, viewport);
      opened.push(portal);
      await signInThroughMail(portal, server, email);
      return portal;
    };
    const url = (p: string) => `${server.baseUrl}${p}`;

    const visitor = await openPortal(browser, server);
    opened.push(visitor);
    await visitor.page.goto(url('/sign-in'));
    await shoot(visitor, '01-dang-nhap');

    const agency = await as('syt@example.gov.vn');
    await shoot(agency, '02-co-quan-nhiem-vu');
    await agency.page.goto(url(`/campaigns/${id}/agencies/so-y-te`));
    await shoot(agency, '03-co-quan-ly-do-tra-lai');
    await checkListFile(agency, 'so-y-te.csv', BROKEN);
    await shoot(agency, '04-co-quan-tep-co-loi');
    const phone = await as('binhson@example.gov.vn', PHONE_VIEWPORT);
    await shoot(phone, '05-co-quan-dien-thoai');

    const review = await as('stttt@example.gov.vn');
    await shoot(review, '06-tham-dinh-hang-doi');
    await review.page.goto(url(`/tham-dinh/${id}/co-quan/so-tu-phap`));
    await shoot(review, '07-tham-dinh-danh-sach');
    await ok(reviewer.post(`${agencyApi('so-tu-phap')}/accept`, {}));
    await review.page.goto(url(`/tham-dinh/${id}/tong-hop`));
    await shoot(review, '08-tham-dinh-tong-hop');
    await ok(reviewer.post(`/api/v1/campaigns/${id}/consolidate`, {}));
    await eventually(async () => {
      if ((await db.catalogueEntry.count({ where: { campaignId: id } })) === 0) throw new Error('not consolidated');
    });

    const chairman = await as('chutich@example.gov.vn');
    await shoot(chairman, '09-phe-duyet-danh-muc');

    const center = await as('ttpv@example.gov.vn');
    await center.page.goto(url(`/dieu-hanh/${id}`));
    await shoot(center, '10-dieu-hanh-bang-dieu-hanh');
    await center.page.goto(url(`/dieu-hanh/${id}/co-quan/so-y-te`));
    await shoot(center, '11-dieu-hanh-co-quan');
    await center.page.goto(url(`/dieu-hanh/${id}/hang-loat?loai=remind`));
    await center.page.getByLabel('mọi cơ quan còn thời hạn đang chạy').check();
    await center.page.getByRole('button', { name: 'Xem trước' }).click();
    await center.page.waitForLoadState();
    await shoot(center, '12-dieu-hanh-nhac-viec-hang-loat');
    const admin = await as('admin@example.gov.vn');
    await admin.page.goto(url('/dieu-hanh/khoi-chay'));
    await shoot(admin, '13-dieu-hanh-khoi-chay');
    await shootDeclaredDeliverables({ baseUrl: server.baseUrl, db, as, shoot });

    const problems = opened.flatMap((portal) => [...portal.problems, ...portal.outsideRequests]);
    if (problems.length > 0) throw new Error(`the pages reported problems:\n${problems.join('\n')}`);
  } finally {
    for (const portal of opened) await portal.context.close().catch(() => undefined);
    await browser.close();
    await worker.stop();
    await server.close();
    await globalTeardown();
    fs.rmSync(reportsDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
