import ExcelJS from 'exceljs';
import fc from 'fast-check';
import {
  CONSOLIDATION_SHEETS,
  consolidationWorkbook,
  type ConsolidationWorkbookInput,
} from '../../activities/deliverable-workbook';
import { deliverableDeclarationSchema, type Delivery } from '../../domain/deliverables';
import { indicatorTotals } from '../../domain/deliverables/indicator-totals';
import {
  agencyNumber,
  equipmentCampaign,
  equipmentRow,
  monthlyReportCampaign,
  monthlyReports,
  selfAssessment,
  selfAssessmentCampaign,
} from '../support/declared-campaigns';
import { generatedForm } from '../support/deliverable-arbitraries';

// The consolidation workbook, written and opened again with exceljs: a table's rows with their
// agency, a form's deliveries, indicator totals equal to the computed ones, the files index and who
// has not delivered; typed cells, the campaign's title, header rows frozen and filtered.

async function reopen(input: ConsolidationWorkbookInput): Promise<ExcelJS.Workbook> {
  const buffer = await consolidationWorkbook(input).xlsx.writeBuffer();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as ArrayBuffer);
  return workbook;
}
const values = (sheet: ExcelJS.Worksheet, row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
const heading = (definition: { directive: { number: string; title: string } }) => ({
  directive: definition.directive.number,
  title: definition.directive.title,
  at: '2026-12-18T09:00:00+07:00',
});

describe('a form: the monthly report', () => {
  test('one row per agency, typed; totals equal to the computed ones; files; who has not delivered', async () => {
    const { definition, declaration } = await monthlyReportCampaign();
    const accepted = monthlyReports(6) as unknown as ConsolidationWorkbookInput['accepted'];
    const late = { agency: { code: 'so-moi', name: '=HYPERLINK("http://x","Mở")', kind: 'department' } };
    const workbook = await reopen({
      heading: heading(definition),
      declaration,
      accepted,
      latest: [...accepted, late],
    });
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      CONSOLIDATION_SHEETS.deliveries,
      CONSOLIDATION_SHEETS.totals,
      CONSOLIDATION_SHEETS.files,
      CONSOLIDATION_SHEETS.missing,
    ]);

    const deliveries = workbook.getWorksheet(CONSOLIDATION_SHEETS.deliveries)!;
    expect(deliveries.getCell('A1').value).toBe(
      'Báo cáo tình hình, kết quả giải quyết thủ tục hành chính tháng 12 năm 2026',
    );
    expect(deliveries.getCell('A2').value).toBe(
      `Văn bản 01/VP-KSTT (mẫu). ${declaration.title}: tổng hợp ngày 18/12/2026, 6 cơ quan đã được chấp nhận.`,
    );
    expect(deliveries.views[0]).toEqual(expect.objectContaining({ state: 'frozen', ySplit: 3, xSplit: 3 }));
    expect(deliveries.autoFilter).toBe('A3:X3');
    const header = values(deliveries, 3) as string[];
    expect(header.slice(0, 4)).toEqual([
      'Mã cơ quan',
      'Tên cơ quan',
      'Loại cơ quan',
      'Đánh giá chung về việc tiếp nhận, giải quyết TTHC trong kỳ',
    ]);
    expect(header).toContain('HS01 Tổng số hồ sơ phải giải quyết — Kỳ này');
    expect(deliveries.rowCount).toBe(3 + 6);
    // Departments first (agencies 0 and 4), then police, districts, communes.
    expect([4, 5, 6, 7, 8, 9].map((r) => deliveries.getCell(r, 1).value)).toEqual([
      'co-quan-0000',
      'co-quan-0004',
      'co-quan-0003',
      'co-quan-0001',
      'co-quan-0005',
      'co-quan-0002',
    ]);
    const column = (text: string) => header.indexOf(text) + 1;
    const row5 = deliveries.getRow(5);
    expect(row5.getCell(3).value).toBe('Sở, ban, ngành');
    expect(row5.getCell(column('HS01 Tổng số hồ sơ phải giải quyết — Kỳ này')).value).toBe(650);
    const day = row5.getCell(column('Ngày văn bản'));
    expect(day.value).toEqual(new Date(Date.UTC(2026, 11, 15)));
    expect(day.numFmt).toBe('dd/mm/yyyy');
    expect(row5.getCell(column('Còn hồ sơ quá hạn chưa gửi thư xin lỗi')).value).toBe('Không');
    expect(row5.getCell(column('Văn bản báo cáo đã ký số (PDF)')).value).toBe('bao-cao-4.pdf');

    const totals = workbook.getWorksheet(CONSOLIDATION_SHEETS.totals)!;
    expect(totals.getCell('A1').value).toBe(definition.directive.title);
    expect(totals.views[0]).toEqual(expect.objectContaining({ state: 'frozen', ySplit: 4 }));
    expect(totals.autoFilter).toBe('A4:H4');
    expect(totals.getCell('A3').value).toBe('Số liệu hồ sơ TTHC (tổng của các cơ quan)');
    expect(values(totals, 4)).toEqual([
      'Mã chỉ tiêu',
      'Chỉ tiêu',
      'Đơn vị',
      'Loại cơ quan',
      'Kỳ này (tổng)',
      'Số cơ quan có số liệu (Kỳ này)',
      'Lũy kế từ đầu năm (tổng)',
      'Số cơ quan có số liệu (Lũy kế từ đầu năm)',
    ]);
    const [table] = indicatorTotals(declaration, accepted as never);
    const expected = table!.indicators.flatMap((indicator) =>
      table!.groups.map((group) => [
        indicator.code,
        indicator.label,
        indicator.unit,
        group.label,
        ...table!.columns.flatMap((c) => [
          group.cells[indicator.code]![c.key]!.value,
          group.cells[indicator.code]![c.key]!.agencies,
        ]),
      ]),
    );
    const read = Array.from({ length: totals.rowCount - 4 }, (_, i) => values(totals, 5 + i));
    expect(read).toEqual(expected);
    expect(read).toContainEqual([
      'HS01',
      'Tổng số hồ sơ phải giải quyết',
      'hồ sơ',
      'Tất cả cơ quan',
      2730,
      6,
      31500,
      6,
    ]);

    const files = workbook.getWorksheet(CONSOLIDATION_SHEETS.files)!;
    expect(values(files, 3)).toEqual([
      'Mã cơ quan',
      'Tên cơ quan',
      'Loại cơ quan',
      'Mục',
      'Trường',
      'Tên tệp',
      'Loại tệp',
      'Dung lượng (byte)',
      'SHA-256',
    ]);
    expect(values(files, 4)).toEqual([
      'co-quan-0000',
      'Cơ quan số 0',
      'Sở, ban, ngành',
      'V. Văn bản báo cáo',
      'Văn bản báo cáo đã ký số (PDF)',
      'bao-cao-0.pdf',
      'PDF',
      200_000,
      '0'.repeat(64),
    ]);
    expect(files.rowCount).toBe(3 + 6);

    const missing = workbook.getWorksheet(CONSOLIDATION_SHEETS.missing)!;
    expect(values(missing, 4)).toEqual([
      'so-moi',
      '=HYPERLINK("http://x","Mở")',
      'Sở, ban, ngành',
      'Chưa nộp',
      'Chưa nộp',
    ]);
    expect(missing.getCell(4, 2).type).toBe(ExcelJS.ValueType.String);
    expect(missing.rowCount).toBe(4);
  });

  test('the self-assessment: averages of scores, one evidence row per file', async () => {
    const { definition, declaration } = await selfAssessmentCampaign();
    const accepted = [
      { agency: agencyNumber(0), delivery: selfAssessment([9, 8.5, 14.1, 10, 12, 7.25, 14], 1) },
      { agency: agencyNumber(4), delivery: selfAssessment([8, 8.5, 14.2, 9, 12, 7.5, 13], 2) },
    ];
    const workbook = await reopen({ heading: heading(definition), declaration, accepted, latest: accepted });
    const totals = workbook.getWorksheet(CONSOLIDATION_SHEETS.totals)!;
    expect(values(totals, 4)[4]).toBe('Điểm tự đánh giá (trung bình)');
    expect(values(totals, 10)).toEqual(['TC3', 'Cải cách thủ tục hành chính', 'điểm', 'Tất cả cơ quan', 14.15, 2]);
    expect(workbook.getWorksheet(CONSOLIDATION_SHEETS.files)!.rowCount).toBe(3 + 14);
    expect(workbook.getWorksheet(CONSOLIDATION_SHEETS.missing)!.rowCount).toBe(3);
  });
});

describe('a table: the IT equipment', () => {
  test('every accepted row with its agency first, typed cells, header frozen and filtered', async () => {
    const { definition, declaration } = await equipmentCampaign();
    const accepted = [
      { agency: agencyNumber(1), delivery: { rows: [equipmentRow('TS-9', { 'ngay-kiem-ke': undefined })] } },
      {
        agency: agencyNumber(0),
        delivery: { rows: [equipmentRow('TS-1'), equipmentRow('TS-2', { 'con-su-dung': true })] },
      },
    ];
    const workbook = await reopen({
      heading: heading(definition),
      declaration,
      accepted,
      latest: [...accepted, { agency: agencyNumber(2), delivery: { rows: [] } as Delivery }],
    });
    expect(workbook.worksheets.map((s) => s.name)).toEqual([CONSOLIDATION_SHEETS.rows, CONSOLIDATION_SHEETS.missing]);
    const rows = workbook.getWorksheet(CONSOLIDATION_SHEETS.rows)!;
    expect(rows.getCell('A1').value).toBe(definition.directive.title);
    expect(rows.getCell('A2').value).toBe(
      `Văn bản ${definition.directive.number}. ${declaration.title}: tổng hợp ngày 18/12/2026, 3 dòng của 2 cơ quan.`,
    );
    expect(values(rows, 3)).toEqual([
      'Mã cơ quan',
      'Tên cơ quan',
      'Loại cơ quan',
      'Mã tài sản',
      'Tên thiết bị',
      'Loại thiết bị',
      'Số lượng (chiếc)',
      'Năm mua',
      'Ngày kiểm kê tình trạng',
      'Còn sử dụng được',
      'Kinh phí thay thế dự kiến (đồng)',
      'Lý do thay thế',
    ]);
    expect(rows.views[0]).toEqual(expect.objectContaining({ state: 'frozen', ySplit: 3 }));
    expect(rows.autoFilter).toBe('A3:L3');
    expect(values(rows, 4)).toEqual([
      'co-quan-0000',
      'Cơ quan số 0',
      'Sở, ban, ngành',
      'TS-1',
      'Máy tính Dell OptiPlex 3020',
      'Máy tính để bàn',
      4,
      2014,
      new Date(Date.UTC(2026, 5, 15)),
      'Không',
      60_000_000,
      'Hỏng bo mạch chủ',
    ]);
    expect(rows.getCell('K4').numFmt).toBe('#,##0');
    expect(rows.getCell('I4').numFmt).toBe('dd/mm/yyyy');
    expect(rows.getCell('J5').value).toBe('Có');
    expect(values(rows, 6).slice(0, 4)).toEqual(['co-quan-0001', 'Cơ quan số 1', 'UBND cấp huyện', 'TS-9']);
    expect(rows.getCell('I6').value).toBeNull();
    const missing = workbook.getWorksheet(CONSOLIDATION_SHEETS.missing)!;
    expect(values(missing, 4)).toEqual([
      'co-quan-0002',
      'Cơ quan số 2',
      'UBND cấp xã',
      'Nộp chưa đủ',
      `Bảng "${declaration.title}": chưa có dòng nào`,
    ]);
  });
});

describe('property', () => {
  const cases = generatedForm.chain((form) =>
    fc.record({
      form: fc.constant(form),
      agencies: fc.array(
        fc.record({
          kind: fc.constantFrom('department', 'police', 'district', 'commune', 'other'),
          values: form.indicators.values,
        }),
        { minLength: 1, maxLength: 12 },
      ),
    }),
  );

  test('the workbook of generated forms opens with exceljs; its totals sheet equals the computed totals', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async ({ form, agencies }) => {
        const declaration = deliverableDeclarationSchema.parse(form.declaration);
        if (declaration.kind !== 'form') throw new Error('form expected');
        const accepted = agencies.map(({ kind, values: cells }, i) => ({
          agency: { code: `c${String(i).padStart(2, '0')}`, name: `Cơ quan ${i}`, kind },
          delivery: { fields: { 'chi-tieu': cells } },
        }));
        const workbook = await reopen({
          heading: { directive: '1/X', title: 'Chiến dịch thử', at: '2026-12-18T09:00:00+07:00' },
          declaration,
          accepted,
          latest: accepted,
        });
        expect(workbook.getWorksheet(CONSOLIDATION_SHEETS.deliveries)!.rowCount).toBe(3 + accepted.length);
        const totals = workbook.getWorksheet(CONSOLIDATION_SHEETS.totals)!;
        const [table] = indicatorTotals(declaration, accepted);
        const expected = table!.indicators.flatMap((indicator) =>
          table!.groups.map((group) => [
            indicator.code,
            indicator.label,
            indicator.unit,
            group.label,
            ...table!.columns.flatMap((c) => {
              const total = group.cells[indicator.code]![c.key]!;
              return [total.value, total.agencies];
            }),
          ]),
        );
        expect(Array.from({ length: totals.rowCount - 4 }, (_, i) => values(totals, 5 + i))).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });
});

describe('a sheet that is full', () => {
  test('goes on in "<name> (2)" under the same header: no row is dropped', async () => {
    const { definition, declaration } = await equipmentCampaign();
    const assets = Array.from({ length: 7 }, (_, i) => `TS-${i + 1}`);
    const accepted = [{ agency: agencyNumber(0), delivery: { rows: assets.map((asset) => equipmentRow(asset)) } }];
    const workbook = await reopen({ heading: heading(definition), declaration, accepted, latest: [], rowsPerSheet: 6 });
    const names = [CONSOLIDATION_SHEETS.rows, `${CONSOLIDATION_SHEETS.rows} (2)`, `${CONSOLIDATION_SHEETS.rows} (3)`];
    expect(workbook.worksheets.map((s) => s.name)).toEqual([...names, CONSOLIDATION_SHEETS.missing]);
    const sheets = names.map((name) => workbook.getWorksheet(name)!);
    expect(sheets.map((sheet) => values(sheet, 3)[3])).toEqual(['Mã tài sản', 'Mã tài sản', 'Mã tài sản']);
    expect(
      sheets.flatMap((sheet) => Array.from({ length: sheet.rowCount - 3 }, (_, i) => sheet.getCell(4 + i, 4).value)),
    ).toEqual(assets);
    expect(sheets[2]!.getCell('A2').value).toMatch(/Tiếp theo trang tính "Danh sách tổng hợp \(2\)"\.$/);
  });
});

test('a form with more indicator cells than Excel has columns: the cells past the last column are told, totals kept', async () => {
  const columns = Array.from({ length: 10 }, (_, c) => ({
    key: `k${c}`,
    label: `Cột ${c}`,
    type: 'integer' as const,
    required: false,
  }));
  const indicators = Array.from({ length: 200 }, (_, i) => ({ code: `C${i}`, label: `Chỉ tiêu ${i}`, unit: 'hồ sơ' }));
  const fields = Array.from({ length: 9 }, (_, f) => ({
    key: `bang-${f}`,
    label: `Bảng ${f}`,
    type: 'indicators' as const,
    required: false,
    columns,
    indicators,
    checks: [],
    aggregate: 'sum' as const,
  }));
  const declaration = { kind: 'form' as const, title: 'Biểu rất rộng', sections: [{ key: 'a', title: 'A', fields }] };
  const delivery = { fields: { 'bang-8': { C199: { k9: 7 } } } };
  const workbook = await reopen({
    heading: { directive: '1/X', title: 'Chiến dịch thử', at: '2026-12-18T09:00:00+07:00' },
    declaration,
    accepted: [{ agency: agencyNumber(0), delivery }],
    latest: [],
  });
  const sheet = workbook.getWorksheet(CONSOLIDATION_SHEETS.deliveries)!;
  expect(sheet.getRow(3).cellCount).toBe(16_384);
  expect(sheet.getCell('A2').value).toContain(
    '1.619 cột cuối không ghi được (Excel có tối đa 16.384 cột); số liệu chỉ tiêu xem trang "Tổng hợp chỉ tiêu".',
  );
  const totals = workbook.getWorksheet(CONSOLIDATION_SHEETS.totals)!;
  const last = values(totals, totals.rowCount);
  expect([last[0], last[3], last.at(-2), last.at(-1)]).toEqual(['C199', 'Tất cả cơ quan', 7, 1]);
});
