import { agencyListSchema, describeIssues } from '../../domain/agency-list';
import { agencyRefSchema } from '../../domain/agency-input';
import { rosterEntrySchema } from '../../domain/campaign-definition';
import {
  PAYLOAD_LIMITS,
  UpdatePayloadTooLargeError,
  assertUpdatePayloadFits,
  summarizeLines,
  updatePayloadProblem,
} from '../../domain/payload-limits';
import { justiceDepartmentList } from '../support/sample-lists';

// Every Update is checked against the payload limits before it is sent, and the schemas bound each
// string and array, so nothing can outgrow Temporal's 2 MiB payload limit.

const documentRow = (i: number, name: string) => ({ name: `${name} ${i}`, kind: 'thanh_phan_ho_so' as const });
const bigList = (documents: number, name: string) => ({
  procedures: Array.from({ length: Math.ceil(documents / PAYLOAD_LIMITS.documentsPerProcedure) }, (_, p) => ({
    code: `1.${String(100_000 + p).padStart(6, '0')}`,
    name: `Thủ tục ${p}`,
    documents: Array.from({ length: PAYLOAD_LIMITS.documentsPerProcedure }, (_, d) => documentRow(d, name)),
  })),
});

test('a list of 20,000 rows with long names is refused before sending, naming the limit and the fix', () => {
  const list = bigList(PAYLOAD_LIMITS.documents, 'Bản sao giấy chứng nhận quyền sử dụng đất có chứng thực'.repeat(2));
  expect(agencyListSchema.safeParse(list).success).toBe(true);
  const problem = updatePayloadProblem('submitList', { by: 'so-tu-phap', list });
  expect(problem).toMatch(
    /^Dữ liệu gửi \(submitList\) có [\d.]+ KB, vượt giới hạn 1\.024 KB của một lần gửi\. Cách sửa: /,
  );
  expect(() => assertUpdatePayloadFits('submitList', { list })).toThrow(UpdatePayloadTooLargeError);
});

test('an ordinary list fits', () => {
  expect(updatePayloadProblem('submitList', { by: 'so-tu-phap', list: justiceDepartmentList })).toBeUndefined();
});

test('an overlong string and an overlong array are named by their path', () => {
  const problem = updatePayloadProblem('returnList', {
    reasons: { overall: 'x'.repeat(PAYLOAD_LIMITS.longText + 1), lines: Array.from({ length: 20_001 }, () => 0) },
  });
  expect(problem).toContain('reasons.overall: dài 5.001 ký tự, tối đa 5.000. Cách sửa: rút gọn nội dung.');
  expect(problem).toContain('reasons.lines: có 20.001 mục, tối đa 20.000.');
});

test('a long list of problems shows the first ones and counts the rest', () => {
  const lines = Array.from({ length: 25 }, (_, i) => `dòng ${i + 1}`);
  expect(summarizeLines(lines)).toEqual([...lines.slice(0, 20), '… và 5 lỗi khác.']);
  expect(summarizeLines(lines.slice(0, 20))).toEqual(lines.slice(0, 20));
  const strings = { procedures: [{ code: '1.002421', name: 'x', documents: [] }] };
  const many = { a: Array.from({ length: 30 }, () => 'y'.repeat(PAYLOAD_LIMITS.longText + 1)) };
  expect(updatePayloadProblem('x', many)?.split('\n')).toHaveLength(22);
  expect(updatePayloadProblem('x', many)).toMatch(/… và 10 lỗi khác\.$/);
  expect(updatePayloadProblem('x', strings)).toBeUndefined();
});

describe('schemas bound strings, arrays and agency codes', () => {
  const list = structuredClone(justiceDepartmentList);
  test.each([
    [
      'procedures[1].name',
      () => (list.procedures[0]!.name = 'a'.repeat(PAYLOAD_LIMITS.shortText + 1)),
      'tên TTHC dài quá 1.000 ký tự',
    ],
    [
      'procedures[1].documents[1].basis',
      () => (list.procedures[0]!.documents[0]!.basis = 'a'.repeat(PAYLOAD_LIMITS.longText + 1)),
      'Căn cứ dài quá 5.000 ký tự',
    ],
    [
      'procedures[1].documents',
      () =>
        (list.procedures[0]!.documents = Array.from({ length: PAYLOAD_LIMITS.documentsPerProcedure + 1 }, (_, i) =>
          documentRow(i, 'Tờ khai'),
        )),
      'Một TTHC có tối đa 1.000 giấy tờ',
    ],
  ])('%s', (field, spoil, message) => {
    const before = structuredClone(list);
    spoil();
    const parsed = agencyListSchema.safeParse(list);
    Object.assign(list, structuredClone(before));
    expect(parsed.success).toBe(false);
    expect(describeIssues(parsed.error!)).toContain(`${field}: ${message}`);
  });

  test('a list of more than 20,000 documents in all', () => {
    const parsed = agencyListSchema.safeParse(bigList(PAYLOAD_LIMITS.documents + 1, 'Tờ khai'));
    expect(parsed.success).toBe(false);
    expect(describeIssues(parsed.error!)).toContain('Danh sách có 21.000 giấy tờ, tối đa 20.000');
  });

  test('agency codes', () => {
    const code = 'a'.repeat(PAYLOAD_LIMITS.agencyCode + 1);
    const roster = rosterEntrySchema.safeParse({ code, name: 'Sở Tư pháp', kind: 'department' });
    expect(roster.error?.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/^Mã cơ quan \(code\) dài quá 64 ký tự\. Cách sửa: /),
    ]);
    expect(agencyRefSchema.safeParse({ code, name: 'Sở Tư pháp', kind: 'department' }).error?.issues[0]?.message).toBe(
      'Mã cơ quan dài quá 64 ký tự.',
    );
  });
});
