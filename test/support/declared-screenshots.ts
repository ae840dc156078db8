import path from 'node:path';
import { loadCampaignDefinition } from '../../campaign-files/campaign-definition';
import type { FileRef } from '../../domain/deliverables';
import type { Database } from '../../prisma/database';
import { issueApiToken } from '../../server/identity/api-tokens';
import { apiAs } from './api-client';
import { DESKTOP_VIEWPORT, PHONE_VIEWPORT, type PortalPage } from './browser';
import { eventually } from './eventually';
import { sampleCampaign } from './sample-campaign';
import { tinyPdf } from './sample-files';
import { MONTHLY_REPORT_OFF_BY_ONE } from './sample-deliveries';

// The screenshots of campaigns that declare their deliverable (`npm run screenshots`): the monthly
// report's form refused on a phone, with the problem beside the indicator table and the signed PDF
// still attached; and the self-assessment checklist's review page after a return and a correction,
// what changed marked and the reason given beside its criterion.

export interface ScreenshotRun {
  baseUrl: string;
  db: Database;
  /** A fresh browser profile signed in as `email`. */
  as(email: string, viewport?: { width: number; height: number }): Promise<PortalPage>;
  shoot(portal: PortalPage, name: string): Promise<void>;
}

const campaignFile = (name: string) => path.join(__dirname, '../../campaigns', name);

async function launchDeclared(run: ScreenshotRun, id: string, file: string) {
  const definition = sampleCampaign({ id });
  definition.deliverable = (await loadCampaignDefinition(campaignFile(file))).deliverable;
  const admin = await tokenOf(run, 'admin@example.gov.vn');
  const launched = await apiAs(run.baseUrl, admin).post('/api/v1/campaigns', definition);
  if (launched.status !== 200) throw new Error(`launch answered ${launched.status}: ${JSON.stringify(launched.body)}`);
  await eventually(async () => {
    if ((await run.db.assignment.count({ where: { campaignId: id } })) !== 3) throw new Error('not yet launched');
  });
}

async function tokenOf(run: ScreenshotRun, email: string) {
  const person = await run.db.person.findUniqueOrThrow({ where: { email } });
  return (await issueApiToken(run.db, person.id, { label: 'screenshots', days: 1, channel: 'token' })).token;
}

export async function shootDeclaredDeliverables(run: ScreenshotRun): Promise<void> {
  await shootMonthlyReportForm(run);
  await shootChecklistReview(run);
}

/** The monthly report filled on a phone and refused: the sum named beside the table, the PDF kept. */
async function shootMonthlyReportForm(run: ScreenshotRun) {
  const id = 'bao-cao-thang-12-2026-tthc';
  await launchDeclared(run, id, 'bao-cao-thang-12-2026-TTHC.yaml');
  const phone = await run.as('syt@example.gov.vn', PHONE_VIEWPORT);
  const { page } = phone;
  await page.goto(`${run.baseUrl}/campaigns/${id}/agencies/so-y-te/san-pham`);
  await page.getByLabel(/Đánh giá chung/).fill('Tiếp nhận, giải quyết đúng quy trình; không có hồ sơ quá hạn.');
  for (const [code, [now, year]] of Object.entries(MONTHLY_REPORT_OFF_BY_ONE)) {
    await page.getByRole('textbox', { name: new RegExp(`^${code} .*, Kỳ này$`) }).fill(String(now));
    await page
      .getByRole('textbox', { name: new RegExp(`^${code} .*, Lũy kế từ đầu năm$`) })
      .fill(year.toLocaleString('vi-VN'));
  }
  await page.getByRole('radio', { name: 'Không' }).check();
  await page.getByLabel(/Số văn bản báo cáo/).fill('125/BC-SYT');
  await page.getByLabel(/Ngày văn bản/).fill('15/12/2026');
  await page
    .getByLabel(/Văn bản báo cáo đã ký số/)
    .setInputFiles({ name: 'bao-cao-thang-12.pdf', mimeType: 'application/pdf', buffer: tinyPdf('125/BC-SYT') });
  await page.getByRole('button', { name: 'Nộp' }).click();
  await page.getByRole('alert').waitFor();
  await run.shoot(phone, '14-co-quan-bao-cao-thang-dien-thoai');
}

/** The checklist's review page: version 2 after a return on one criterion, what changed marked. */
async function shootChecklistReview(run: ScreenshotRun) {
  const id = 'cchc-tu-danh-gia-2026';
  await launchDeclared(run, id, 'cchc-tu-danh-gia-2026.yaml');
  const agencyApi = `/api/v1/campaigns/${id}/agencies/so-y-te`;
  const agencyToken = await tokenOf(run, 'syt@example.gov.vn');
  const agency = apiAs(run.baseUrl, agencyToken);
  const reviewer = apiAs(run.baseUrl, await tokenOf(run, 'stttt@example.gov.vn'));
  const upload = async (name: string): Promise<FileRef> => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(tinyPdf(name))], { type: 'application/pdf' }), name);
    const answer = await fetch(`${run.baseUrl}${agencyApi}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agencyToken}` },
      body: form,
    });
    if (answer.status !== 200) throw new Error(`the upload answered ${answer.status}: ${await answer.text()}`);
    return (await answer.json()) as FileRef;
  };
  const scores = { TC1: 9, TC2: 8.5, TC3: 12, TC4: 8, TC5: 13, TC6: 9, TC7: 14, TONG: 73.5 };
  const evidence: Record<string, FileRef[]> = {};
  for (const code of ['TC1', 'TC2', 'TC3', 'TC4', 'TC5', 'TC6', 'TC7'])
    evidence[`minh-chung-${code.toLowerCase()}`] = [await upload(`${code.toLowerCase()}-minh-chung.pdf`)];
  const deliver = async (version: number, diem: Record<string, number>) => {
    const fields = {
      diem: Object.fromEntries(Object.entries(diem).map(([code, value]) => [code, { 'tu-cham': value }])),
      ...evidence,
      'nguoi-dau-moi': 'Nguyễn Thị Lan, Chánh Văn phòng Sở Y tế',
      'dien-thoai': '0912345678',
    };
    const answer = await agency.post(`${agencyApi}/deliveries`, { delivery: { fields } });
    if (answer.status !== 200)
      throw new Error(`the delivery answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    await eventually(async () => {
      const count = await run.db.submission.count({ where: { assignment: { campaignId: id, agencyCode: 'so-y-te' } } });
      if (count !== version) throw new Error('not yet recorded');
    });
  };
  await deliver(1, scores);
  const returned = await reviewer.post(`${agencyApi}/return`, {
    reasons: {
      overall: 'Xem lại điểm và tài liệu kiểm chứng TC3.',
      places: [
        {
          path: 'fields.diem.TC3',
          label: 'TC3 Cải cách thủ tục hành chính',
          reason: 'Chưa có kế hoạch rà soát TTHC năm 2026.',
        },
      ],
    },
  });
  if (returned.status !== 200) throw new Error(`the return answered ${returned.status}`);
  evidence['minh-chung-tc3'] = [await upload('ke-hoach-ra-soat-tthc-2026.pdf')];
  await deliver(2, { ...scores, TC3: 11, TONG: 72.5 });
  const review = await run.as('stttt@example.gov.vn', DESKTOP_VIEWPORT);
  await review.page.goto(`${run.baseUrl}/tham-dinh/${id}/co-quan/so-y-te`);
  await run.shoot(review, '15-tham-dinh-bang-tu-danh-gia');
}
