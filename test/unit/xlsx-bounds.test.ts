import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import YAML from 'yaml';
import { CampaignDefinitionError, loadCampaignDefinition } from '../../campaign-files/campaign-definition';
import { LIST_HEADERS, ListFileError, readListFile } from '../../list-files';
import { mergeArea } from '../../list-files/xlsx';
import { manyHugeMerges, manySmallMerges, xlsxWithMerges } from '../support/xlsx-merges';

// Merged ranges are bounded (count, each one's size, their total) and must be references Excel
// writes, before exceljs expands them: for agencies' lists and for rosters alike. Rosters read
// links, rich text and formulas as the text they show.

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-xlsx-bounds-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: Buffer | string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};

async function listIssues(file: string): Promise<string[]> {
  const error = await readListFile(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ListFileError);
  return (error as ListFileError).issues.map((issue) => issue.message);
}

const LIST_ROWS = [[...LIST_HEADERS], [1, '1.002421', 'Thủ tục A', '', '', 'Tờ khai', 'Thành phần hồ sơ', '', '']];

test('merge references: cells counted, whole columns or rows and out-of-sheet references rejected', () => {
  expect(mergeArea('B2:D4')).toBe(9);
  expect(mergeArea('$A$1:$B$2')).toBe(4);
  expect(mergeArea('C7')).toBe(1);
  for (const ref of ['A:A', '1:1048576', 'A1:XFE1', 'A0:B2', 'A1:B1048577', '', 'A1:', 'R1C1:R2C2'])
    expect([ref, mergeArea(ref)]).toEqual([ref, undefined]);
});

test('a list under 1 MB with 50,000 merges is refused on their count', async () => {
  const buffer = await xlsxWithMerges(LIST_ROWS, manySmallMerges(50_000));
  expect(buffer.length).toBeLessThan(1024 * 1024);
  expect(await listIssues(write('nhieu-vung-gop.xlsx', buffer))).toEqual(['trang tính có hơn 10.000 vùng gộp ô']);
});

test('1,000 huge merges are refused on their total area', async () => {
  const buffer = await xlsxWithMerges(LIST_ROWS, manyHugeMerges(1_000));
  expect(await listIssues(write('vung-gop-lon.xlsx', buffer))).toEqual([
    'các vùng gộp ô phủ tổng cộng 26.000.000 ô, quá 200.000 ô',
  ]);
});

test('merge references exceljs cannot read are named', async () => {
  const buffer = await xlsxWithMerges(LIST_ROWS, ['A:A', '1:1048576', 'B5:B6']);
  expect(await listIssues(write('vung-gop-sai.xlsx', buffer))).toEqual([
    'vùng gộp ô "A:A" không hợp lệ',
    'vùng gộp ô "1:1048576" không hợp lệ',
  ]);
});

describe('rosters (.xlsx)', () => {
  const HEADER = ['code', 'name', 'kind', 'email', 'stage', 'reason'];
  const campaign = (roster: string) =>
    write(
      `${roster}.yaml`,
      YAML.stringify({
        id: 'thu-nghiem',
        directive: { number: '751/UBND-TTHC', date: '2026-11-30', title: 'Số hóa giấy tờ TTHC' },
        deadlines: { submission: '2026-12-10T23:59:59+07:00', approval: '2026-12-20T23:59:59+07:00' },
        reviewer: { name: 'Sở TTTT' },
        approver: { name: 'Chủ tịch UBND tỉnh' },
        serviceCenter: { name: 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh' },
        roster: `./${roster}`,
      }),
    );

  async function rosterProblems(yaml: string): Promise<string[]> {
    const error = await loadCampaignDefinition(yaml).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CampaignDefinitionError);
    return (error as CampaignDefinitionError).problems;
  }

  test('merge bombs are refused as for lists, with the roster file named', async () => {
    const rows = [HEADER, ['so-tu-phap', 'Sở Tư pháp', 'department']];
    write('bom.xlsx', await xlsxWithMerges(rows, manySmallMerges(50_000), 'Cơ quan'));
    expect(await rosterProblems(campaign('bom.xlsx'))).toEqual([
      'Trang "Cơ quan": trang tính có hơn 10.000 vùng gộp ô — cách sửa: bỏ gộp ô trên toàn trang (chọn tất cả → Merge & Center → Unmerge Cells) rồi lưu lại.',
    ]);
    write('vung-lon.xlsx', await xlsxWithMerges(rows, ['A:A'], 'Cơ quan'));
    expect((await rosterProblems(campaign('vung-lon.xlsx')))[0]).toContain('vùng gộp ô "A:A" không hợp lệ');
  });

  test('hyperlinks, rich text and formulas read as their text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Cơ quan');
    sheet.addRow(HEADER);
    sheet.addRow([
      { formula: 'LOWER("SO-TU-PHAP")', result: 'so-tu-phap' },
      { richText: [{ text: 'Sở ', font: { bold: true } }, { text: 'Tư pháp' }] },
      'department',
      { text: 'stp@quangngai.gov.vn', hyperlink: 'mailto:stp@quangngai.gov.vn' },
    ]);
    sheet.addRow([
      'so-y-te',
      'Sở Y tế',
      'department',
      { text: 'syt@quangngai.gov.vn', hyperlink: 'mailto:syt@quangngai.gov.vn' },
    ]);
    write('lien-ket.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    const definition = await loadCampaignDefinition(campaign('lien-ket.xlsx'));
    expect(definition.agencies).toEqual([
      { code: 'so-tu-phap', name: 'Sở Tư pháp', kind: 'department', email: 'stp@quangngai.gov.vn', stage: 'assigned' },
      { code: 'so-y-te', name: 'Sở Y tế', kind: 'department', email: 'syt@quangngai.gov.vn', stage: 'assigned' },
    ]);
  });

  test('a formula without a computed result is named by row and column', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Cơ quan');
    sheet.addRow(HEADER);
    sheet.addRow([{ formula: 'A1' }, 'Sở Tư pháp', 'department']);
    write('cong-thuc.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(await rosterProblems(campaign('cong-thuc.xlsx'))).toEqual([
      expect.stringMatching(/^dòng 2, cột code: ô chứa công thức chưa có kết quả đã tính\. Cách sửa: /),
    ]);
  });

  test('a roster or campaign file over its size bound is refused before it is parsed', async () => {
    write('qua-lon.csv', `${HEADER.join(',')}\n${'x'.repeat(11 * 1024 * 1024)}\n`);
    expect(await rosterProblems(campaign('qua-lon.csv'))).toEqual([
      expect.stringMatching(/^tệp danh sách cơ quan \(roster\) nặng 11 MB, quá 10 MB\. Cách sửa:/),
    ]);
    const big = write('chien-dich-lon.yaml', `# ${'x'.repeat(6 * 1024 * 1024)}\n`);
    expect(await rosterProblems(big)).toEqual([expect.stringMatching(/^tệp chiến dịch nặng 6 MB, quá 5 MB\./)]);
  });
});
