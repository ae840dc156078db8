import { AGENCY_KINDS } from '../../domain/agency-input';
import { AGENCY_KIND_ORDER } from '../../domain/agency-kinds';
import type { Delivery } from '../../domain/deliverables';
import { missingParts, MISSING_PARTS_LIMITS } from '../../domain/deliverables/missing-parts';
import {
  agencyNumber,
  equipmentCampaign,
  equipmentRow,
  monthlyReportCampaign,
  monthlyReportOf,
  selfAssessment,
  selfAssessmentCampaign,
} from '../support/declared-campaigns';

// Who has not delivered which required part, from each agency's latest delivery (or none), named in
// Vietnamese as the checker names it; complete agencies are left out, the parts of one agency bounded.

const report = (i: number) => monthlyReportOf(i) as unknown as Delivery;

describe('the monthly report', () => {
  test('an agency without a delivery, one without the signed PDF and an empty cell, and a complete one', async () => {
    const { declaration } = await monthlyReportCampaign();
    const partial = structuredClone(monthlyReportOf(1)) as unknown as { fields: Record<string, unknown> };
    delete partial.fields['ban-ky'];
    delete partial.fields['so-van-ban'];
    delete (partial.fields['ho-so'] as Record<string, Record<string, number>>).HS06!['luy-ke'];
    partial.fields['kien-nghi'] = undefined; // optional: never missing
    const summary = missingParts(declaration, [
      { agency: agencyNumber(1), delivery: partial as Delivery },
      { agency: agencyNumber(0) },
      { agency: agencyNumber(4), delivery: report(4) },
    ]);
    expect(summary.complete).toBe(1);
    expect(summary.nothing).toBe(1);
    expect(summary.agencies).toEqual([
      { agency: agencyNumber(0), nothing: true, parts: [{ label: 'Chưa nộp' }], more: 0 },
      {
        agency: agencyNumber(1),
        nothing: false,
        parts: [
          {
            section: 'ket-qua',
            field: 'ho-so',
            indicator: 'HS06',
            column: 'luy-ke',
            label:
              'Mục "II. Kết quả giải quyết hồ sơ TTHC", bảng "Số liệu hồ sơ TTHC", chỉ tiêu HS06 "Số hồ sơ đã giải quyết quá hạn", cột "Lũy kế từ đầu năm": chưa điền',
          },
          {
            section: 'van-ban',
            field: 'so-van-ban',
            label: 'Mục "V. Văn bản báo cáo", "Số văn bản báo cáo": chưa điền',
          },
          {
            section: 'van-ban',
            field: 'ban-ky',
            label: 'Mục "V. Văn bản báo cáo", "Văn bản báo cáo đã ký số (PDF)": chưa đính kèm tệp',
          },
        ],
        more: 0,
      },
    ]);
    expect(summary.byPart).toEqual(summary.agencies[1]!.parts.map((p) => ({ label: p.label, agencies: 1 })));
  });

  test('an empty delivery lists the first parts and counts the rest', async () => {
    const { declaration } = await monthlyReportCampaign();
    const wide = structuredClone(declaration);
    const table = wide.sections[1]!.fields[0]!;
    if (table.type !== 'indicators') throw new Error('indicators expected');
    table.indicators = Array.from({ length: 40 }, (_, i) => ({ code: `X${i}`, label: `Chỉ tiêu ${i}`, unit: 'hồ sơ' }));
    table.checks = [];
    const [missing] = missingParts(wide, [{ agency: agencyNumber(0), delivery: { fields: {} } }]).agencies;
    // 1 narrative + 80 cells + yes-no + number, date, file = 85 required parts.
    expect(missing!.parts).toHaveLength(MISSING_PARTS_LIMITS.listedParts);
    expect(missing!.more).toBe(85 - MISSING_PARTS_LIMITS.listedParts);
  });
});

describe('the self-assessment', () => {
  test('a criterion without its evidence file is named', async () => {
    const { declaration } = await selfAssessmentCampaign();
    const delivery = selfAssessment([9, 8.5, 14, 10, 12, 7.25, 14]);
    delete delivery.fields['minh-chung-tc3'];
    const { agencies } = missingParts(declaration, [{ agency: agencyNumber(0), delivery }]);
    expect(agencies[0]!.parts.map((p) => p.label)).toEqual([
      'Mục "II. Tài liệu kiểm chứng", "Tài liệu kiểm chứng TC3 — Cải cách thủ tục hành chính": chưa đính kèm tệp',
    ]);
  });
});

describe('the IT equipment table', () => {
  test('no rows, and a required column left empty in some rows, in the one agency order', async () => {
    const { declaration } = await equipmentCampaign();
    const summary = missingParts(declaration, [
      {
        agency: agencyNumber(1),
        delivery: { rows: [equipmentRow('TS-1', { 'ly-do': ' ' }), equipmentRow('TS-2', { 'ly-do': undefined })] },
      },
      { agency: agencyNumber(0), delivery: { rows: [] } },
      { agency: agencyNumber(4), delivery: { rows: [equipmentRow('TS-3')] } },
    ]);
    expect(summary.agencies.map((a) => [a.agency.code, a.parts.map((p) => p.label)])).toEqual([
      ['co-quan-0000', ['Bảng "Danh mục thiết bị công nghệ thông tin cần thay thế năm 2027": chưa có dòng nào']],
      ['co-quan-0001', ['Cột "Lý do thay thế": còn trống ở 2 dòng']],
    ]);
    expect(summary.complete).toBe(1);
  });
});

test('agencies are listed in the order of AGENCY_KINDS, which the pure modules read without zod', () => {
  expect(AGENCY_KIND_ORDER).toEqual([...AGENCY_KINDS]);
});
