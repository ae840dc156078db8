import { compileDeliverable } from '../../domain/deliverables';
import { deliveryFormModel, deliveryFromForm, type FormContext } from '../../server/portal/delivery-form';
import { DeliveryRefusedError } from '../../server/deliveries/submit-delivery';
import { FormView, formState, refusalOf } from '../../server/portal/form-page';
import { monthlyReportCampaign, selfAssessmentCampaign } from '../support/declared-campaigns';
import { MONTHLY_REPORT_OFF_BY_ONE } from '../support/sample-deliveries';

// The declared form as the portal lays it out for a person filling it for the first time: each
// indicator's maximum beside it, a text's expected form under its input before anything is typed,
// a cell's problem in its indicator's row (the place shortened, the full text kept for the summary),
// the reviewer's reasons beside their places, and files attached in a refused sending still attached.

const EMPTY: FormContext = { keptFiles: {}, attachedFiles: {}, reasons: new Map() };

/** The form as shown again after the checker refused these values. */
async function refusedForm(campaign: typeof selfAssessmentCampaign, values: Record<string, string>) {
  const { declaration } = await campaign();
  const check = compileDeliverable(declaration)(deliveryFromForm(declaration, values, {}));
  const { errors } = refusalOf(new DeliveryRefusedError(check.errors))!;
  return { declaration, view: new FormView(formState(values, { errors })) };
}

const inputOf = (model: ReturnType<typeof deliveryFormModel>, name: string) =>
  model.sections.flatMap((s) => s.inputs).find((input) => input.name === name)!;

describe('the declared form as the portal lays it out', () => {
  test("each criterion's maximum stands in its row and in its input's name", async () => {
    const { declaration } = await selfAssessmentCampaign();
    const table = inputOf(deliveryFormModel(declaration, new FormView(), EMPTY), 'fields.diem').indicators!;
    expect(table.showsMax).toBe(true);
    expect(table.rows.map((row) => [row.code, row.max])).toEqual([
      ['TC1', '10'],
      ['TC2', '10'],
      ['TC3', '15'],
      ['TC4', '10'],
      ['TC5', '15'],
      ['TC6', '10'],
      ['TC7', '15'],
      ['TONG', '85'],
    ]);
    expect(table.rows[2]!.cells[0]!.label).toBe('TC3 Cải cách thủ tục hành chính, Điểm tự đánh giá (tối đa 15)');
  });

  test('a table without maxima has no maximum column', async () => {
    const { declaration } = await monthlyReportCampaign();
    const table = inputOf(deliveryFormModel(declaration, new FormView(), EMPTY), 'fields.ho-so').indicators!;
    expect(table.showsMax).toBe(false);
    expect(table.rows[0]!.cells[0]!.label).toMatch(/^HS01 .*, Kỳ này$/);
  });

  test("a text's expected form is a hint under its input before anything is typed", async () => {
    const { declaration } = await selfAssessmentCampaign();
    expect(inputOf(deliveryFormModel(declaration, new FormView(), EMPTY), 'fields.dien-thoai').hint).toBe(
      'Ghi theo dạng số điện thoại 10 hoặc 11 chữ số, bắt đầu bằng 0, không có dấu cách.',
    );
  });

  test("a cell's problem is in its indicator's row, named by the code, tied to its input", async () => {
    const { declaration, view } = await refusedForm(selfAssessmentCampaign, {
      'fields.diem.TC1.tu-cham': '12',
      'fields.diem.TC2.tu-cham': '1,5',
    });
    const table = inputOf(deliveryFormModel(declaration, view, EMPTY), 'fields.diem').indicators!;
    const [tc1, tc2] = table.rows;
    expect(tc1!.errors).toEqual([
      {
        id: 'f-fields-diem-TC1-tu-cham-error',
        text: 'TC1: 12 nằm ngoài khoảng cho phép. Cách sửa: ghi một số từ 0 đến 10 điểm.',
      },
    ]);
    expect(tc1!.cells[0]).toMatchObject({ invalid: true, errorId: 'f-fields-diem-TC1-tu-cham-error', value: '12' });
    expect(tc2!.errors).toEqual([]);
    expect(tc2!.cells[0]).toMatchObject({ invalid: false, value: '1,5' });
    // Nothing of a cell is repeated above the table; the page's summary keeps the full text.
    expect(table.errors).toEqual([]);
    expect(view.summary().map((item) => item.text)).toContainEqual(
      expect.stringMatching(/^Mục "I\. Tự chấm điểm", bảng "Điểm tự đánh giá theo tiêu chí", chỉ tiêu TC1 .*: 12 nằm/),
    );
  });

  test('with several columns the row names the column of the problem', async () => {
    const cells = MONTHLY_REPORT_OFF_BY_ONE;
    const { declaration, view } = await refusedForm(
      monthlyReportCampaign,
      Object.fromEntries(
        Object.entries(cells).flatMap(([code, [now, year]]) => [
          [`fields.ho-so.${code}.ky-nay`, String(now)],
          [`fields.ho-so.${code}.luy-ke`, String(year)],
        ]),
      ),
    );
    const table = inputOf(deliveryFormModel(declaration, view, EMPTY), 'fields.ho-so').indicators!;
    // Both sums HS01 belongs to, in one line: the place said once.
    expect(table.rows[0]!.errors.map((e) => e.text)).toEqual([
      expect.stringMatching(
        /^HS01, Kỳ này: 131 phải bằng tổng HS02 \+ HS03 = 130\. Cách sửa: [^"]*131 phải bằng tổng HS05 \+ HS06 \+ HS07 = 130\./,
      ),
    ]);
  });

  test("the last return's reasons stand beside their criterion and field", async () => {
    const { declaration } = await selfAssessmentCampaign();
    const reasons = new Map([
      ['fields.diem.TC3', 'Chưa có kế hoạch rà soát TTHC.'],
      ['fields.minh-chung-tc3', 'Thiếu kế hoạch.'],
    ]);
    const model = deliveryFormModel(declaration, new FormView(), { ...EMPTY, reasons });
    const rows = inputOf(model, 'fields.diem').indicators!.rows;
    expect(rows.filter((row) => row.reason).map((row) => [row.code, row.reason])).toEqual([
      ['TC3', 'Chưa có kế hoạch rà soát TTHC.'],
    ]);
    expect(inputOf(model, 'fields.minh-chung-tc3').reason).toBe('Thiếu kế hoạch.');
    expect(inputOf(model, 'fields.minh-chung-tc2').reason).toBeUndefined();
  });

  test('files attached in a refused sending are carried by a hidden input of their field', async () => {
    const { declaration } = await selfAssessmentCampaign();
    const file = { sha256: 'a'.repeat(64), name: 'tc1.pdf', type: 'application/pdf', size: 1200 };
    const model = deliveryFormModel(declaration, new FormView(), {
      ...EMPTY,
      attachedFiles: { 'minh-chung-tc1': [file] },
    });
    expect(inputOf(model, 'fields.minh-chung-tc1').file).toMatchObject({
      attached: [file],
      attachedName: 'attached.fields.minh-chung-tc1',
      attachedValue: 'a'.repeat(64),
    });
    expect(inputOf(model, 'fields.minh-chung-tc2').file!.attached).toEqual([]);
    expect(inputOf(model, 'fields.minh-chung-tc2').file!.limits).toBe(
      'Nhận tệp PDF (.pdf), Word (.docx) hoặc Excel (.xlsx); mỗi tệp tối đa 20 MB, tối đa 10 tệp.',
    );
  });
});
