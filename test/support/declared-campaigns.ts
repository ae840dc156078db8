import path from 'node:path';
import { loadCampaignDefinition } from '../../campaign-files/campaign-definition';
import { deliverableOf, type FormDeclaration, type TableDeclaration } from '../../domain/deliverables';
import type { AgencyDelivery, DeliveringAgency } from '../../domain/deliverables/delivering-agency';
import type { FormDelivery } from '../../domain/deliverables/form-check';
import { MONTHLY_REPORT } from './sample-deliveries';

// The declared campaigns of campaigns/ as a test reads them (launch validation included), and
// deliveries for their agencies: one line of set-up for a test of consolidation.

const load = (name: string) => loadCampaignDefinition(path.join(__dirname, '../../campaigns', name));

async function declaration(name: string) {
  const definition = await load(name);
  return { definition, declaration: deliverableOf(definition.deliverable) };
}

export async function monthlyReportCampaign() {
  const { definition, declaration: form } = await declaration('bao-cao-thang-12-2026-TTHC.yaml');
  if (form.kind !== 'form') throw new Error('the monthly report declares a form');
  return { definition, declaration: form as FormDeclaration };
}

export async function selfAssessmentCampaign() {
  const { definition, declaration: form } = await declaration('cchc-tu-danh-gia-2026.yaml');
  if (form.kind !== 'form') throw new Error('the self-assessment declares a form');
  return { definition, declaration: form as FormDeclaration };
}

export async function equipmentCampaign() {
  const { definition, declaration: table } = await declaration('thiet-bi-cntt-thay-the-2027.yaml');
  if (table.kind !== 'table') throw new Error('the IT equipment campaign declares a table');
  return { definition, declaration: table as TableDeclaration };
}

type MonthlyReport = typeof MONTHLY_REPORT;

/**
 * Agency `i`'s monthly report: the sample report with every figure scaled so the cross-checks still
 * hold (HS01 = HS02 + HS03 = HS05 + HS06 + HS07, Kỳ này ≤ Lũy kế), its own document and PDF.
 */
export function monthlyReportOf(i: number): MonthlyReport {
  const report = structuredClone(MONTHLY_REPORT);
  const factor = 1 + (i % 7);
  for (const row of Object.values(report.fields['ho-so']) as Record<string, number>[])
    for (const column of Object.keys(row)) row[column] = row[column]! * factor;
  report.fields['so-van-ban'] = `${100 + i}/BC-${i}`;
  report.fields['ban-ky'] = [
    { sha256: i.toString(16).padStart(64, '0'), name: `bao-cao-${i}.pdf`, type: 'application/pdf', size: 200_000 + i },
  ];
  return report;
}

const KINDS = ['department', 'district', 'commune', 'police'] as const;

/** `n` agencies of several kinds, each with its monthly report. */
export function monthlyReports(n: number): AgencyDelivery<FormDelivery>[] {
  return Array.from({ length: n }, (_, i) => ({
    agency: agencyNumber(i),
    delivery: monthlyReportOf(i) as unknown as FormDelivery,
  }));
}

export function agencyNumber(i: number): DeliveringAgency {
  const kind = KINDS[i % KINDS.length]!;
  return { code: `co-quan-${String(i).padStart(4, '0')}`, name: `Cơ quan số ${i}`, kind };
}

/** A self-assessment with the given scores (TONG their sum) and one evidence file per criterion. */
export function selfAssessment(scores: number[], fileSeed = 1): FormDelivery {
  const codes = ['TC1', 'TC2', 'TC3', 'TC4', 'TC5', 'TC6', 'TC7'];
  const total = Math.round(scores.reduce((a, b) => a + b, 0) * 100) / 100;
  return {
    fields: {
      diem: Object.fromEntries([
        ...codes.map((code, i) => [code, { 'tu-cham': scores[i]! }]),
        ['TONG', { 'tu-cham': total }],
      ]),
      ...Object.fromEntries(
        codes.map((code, i) => [
          `minh-chung-${code.toLowerCase()}`,
          [
            {
              sha256: (fileSeed * 100 + i).toString(16).padStart(64, '0'),
              name: `minh-chung-${code}.pdf`,
              type: 'application/pdf',
              size: 1_000 + i,
            },
          ],
        ]),
      ),
      'nguoi-dau-moi': 'Nguyễn Văn A, Chánh Văn phòng',
      'dien-thoai': '0255382123',
    },
  };
}

/** A row of the IT equipment table. */
export function equipmentRow(asset: string, overrides: Record<string, unknown> = {}) {
  return {
    'ma-tai-san': asset,
    'ten-thiet-bi': 'Máy tính Dell OptiPlex 3020',
    loai: 'Máy tính để bàn',
    'so-luong': 4,
    'nam-mua': 2014,
    'ngay-kiem-ke': '15/06/2026',
    'con-su-dung': false,
    'kinh-phi': 60_000_000,
    'ly-do': 'Hỏng bo mạch chủ',
    ...overrides,
  };
}
