import fc from 'fast-check';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { csvExamples, jsonExamples, xlsxExamples } from '../support/bad-inputs/list-file-examples';
import { badCsv, badJson, workbookBuffer, type ListFileCase } from '../support/bad-inputs/list-files';
import { sampleCampaign } from '../support/sample-campaign';
import { useServer } from '../support/server-harness';
import type { ListFileIssue } from '../../list-files';
import { testDatabases } from '../support/test-env';

// List files uploaded through the API on a real server, worker and database: a good file is
// submitted (or only previewed), a bad one is refused with every problem located and nothing stored.

const HEADER = ['STT', 'Mã TTHC', 'Tên TTHC', 'Lĩnh vực', 'Cơ quan/cấp thực hiện', 'Tên giấy tờ', 'Loại giấy tờ'];

interface Problem extends ListFileIssue {
  field: string;
}

describe.each(testDatabases())('list files uploaded through the API (%s)', (kind) => {
  const definition = sampleCampaign();
  const id = definition.id;
  const tokens: Record<string, string> = {};
  const filePath = (code: string, what: 'file' | 'preview') =>
    `/api/v1/campaigns/${id}/agencies/${code}/submissions/${what}`;

  async function upload(who: string, code: string, what: 'file' | 'preview', name: string, content: Buffer | string) {
    const form = new FormData();
    form.append('file', new Blob([content]), name);
    const response = await fetch(`${server.baseUrl}${filePath(code, what)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[who]}` },
      body: form,
    });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown> & { issues?: Problem[] } };
  }

  const submissions = () => server.harness.database.db.submission.count({ where: { assignment: { campaignId: id } } });
  const stageOf = async (code: string) =>
    (
      await server.harness.database.db.assignment.findUniqueOrThrow({
        where: { campaignId_agencyCode: { campaignId: id, agencyCode: code } },
      })
    ).stage;

  const server = useServer(kind);
  beforeAll(async () => {
    const launch = await launchThroughApi(
      server,
      definition,
      { justice: 'stp@example.gov.vn', health: 'syt@example.gov.vn' },
      'token',
    );
    Object.assign(tokens, launch.tokens);
  });

  test('preview a workbook: valid, quality notes, first version; nothing is submitted', async () => {
    const workbook = await workbookBuffer([
      HEADER,
      ['1', '1.004227', 'Cấp giấy phép hoạt động', 'Khám bệnh', '', 'Đơn đề nghị cấp giấy phép', 'Thành phần hồ sơ'],
      ['2', '1.004227', 'Cấp giấy phép hoạt động', 'Khám bệnh', '', 'Giấy phép hoạt động', 'Kết quả'],
      ['3', '1.004227', 'Cấp giấy phép hoạt động', 'Khám bệnh', '', 'Bản sao thẻ căn cước', 'Thành phần hồ sơ'],
    ]);
    const preview = await upload('health', 'so-y-te', 'preview', 'danh-sach.xlsx', workbook);
    expect(preview).toMatchObject({
      status: 200,
      body: {
        valid: true,
        problems: [],
        summary: { procedures: 1, documents: 3 },
        previousVersion: null,
        diff: { first: true, added: 3, removed: 0 },
      },
    });
    // The same quality notes the workflow sends the reviewer: an ID card is in the national database.
    expect(preview.body.findings).toEqual([
      expect.objectContaining({ path: 'procedures[1].documents[3].name', message: expect.stringContaining('dân cư') }),
    ]);
    expect(await submissions()).toBe(0);
    expect(await stageOf('so-y-te')).toBe('assigned');

    const submitted = await upload('health', 'so-y-te', 'file', 'danh-sach.xlsx', workbook);
    expect(submitted).toMatchObject({ status: 200, body: { version: 1, stage: 'submitted' } });
    expect((submitted.body.findings as string[]).length).toBe(1);
    const row = await server.harness.database.db.submission.findFirstOrThrow({
      where: { assignment: { campaignId: id, agencyCode: 'so-y-te' } },
    });
    expect(row).toMatchObject({ version: 1, source: 'xlsx', submittedBy: 'Sở Y tế' });

    // A second file is previewed against version 1: two documents gone, one added.
    const csv = `${HEADER.join(',')}\n1,1.004227,Cấp giấy phép hoạt động,Khám bệnh,,Giấy phép hoạt động,Kết quả\n2,1.004227,Cấp giấy phép hoạt động,Khám bệnh,,Bản sao chứng chỉ hành nghề,Thành phần hồ sơ\n`;
    const second = await upload('health', 'so-y-te', 'preview', 'danh-sach.csv', csv);
    expect(second).toMatchObject({
      status: 200,
      body: { valid: true, previousVersion: 1, diff: { first: false, added: 1, removed: 2 } },
    });
    expect((second.body.diff as { text: string }).text).toContain('Bản sao chứng chỉ hành nghề');
    expect(await submissions()).toBe(1);
  });

  test('another agency, or no file: refused, nothing stored', async () => {
    const csv = `${HEADER.join(',')}\n1,1.002421,Đăng ký hành nghề công chứng,,,Tờ khai,Kết quả\n`;
    const before = await submissions();
    const foreign = await upload('health', 'so-tu-phap', 'file', 'danh-sach.csv', csv);
    expect(foreign.status).toBe(403);
    expect(String(foreign.body.message)).toContain('cán bộ của cơ quan được giao (agency) của cơ quan so-tu-phap');
    const json = await apiAs(server.baseUrl, tokens.justice).post(filePath('so-tu-phap', 'file'), { list: {} });
    expect(json).toMatchObject({ status: 400, body: { issues: [{ field: 'file' }] } });
    const wrongField = new FormData();
    wrongField.append('danh-sach', new Blob([csv]), 'danh-sach.csv');
    const answer = await fetch(`${server.baseUrl}${filePath('so-tu-phap', 'file')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.justice}` },
      body: wrongField,
    });
    expect(answer.status).toBe(400);
    expect(await submissions()).toBe(before);
    expect(await stageOf('so-tu-phap')).toBe('returned');
  });

  test('every bad file is refused with its problems located, and nothing is submitted', async () => {
    const cases: ListFileCase[] = [
      ...csvExamples(),
      ...jsonExamples(),
      ...(await xlsxExamples()).filter((c) => !c.mutation.startsWith('zip-bomb')),
      ...fc.sample(fc.oneof(badCsv, badJson), { numRuns: 30, seed: 751 }),
      // Readable, but breaks a hard rule the workflow would refuse: the same procedure twice.
      {
        format: 'csv',
        mutation: 'duplicate-procedure',
        what: 'mã TTHC trùng',
        expected: { kind: 'cell', row: 3 },
        content: Buffer.from(
          `${HEADER.join(',')}\n1,1.002421,Đăng ký hành nghề công chứng,,,Tờ khai,Kết quả\n2,1.002421.000.00.00.H48,Đăng ký hành nghề công chứng lần hai,,,Giấy phép,Kết quả\n`,
        ),
      },
    ];
    const before = await submissions();
    for (const c of cases) {
      const name = `danh-sach.${c.format}`;
      for (const what of ['preview', 'file'] as const) {
        const answer = await upload('justice', 'so-tu-phap', what, name, c.content);
        const context = `${what} ${c.format} ${c.mutation} (${c.what})`;
        if (what === 'preview' && answer.status === 200) {
          expect({ context, valid: answer.body.valid }).toEqual({ context, valid: false });
          answer.body.issues = answer.body.problems as Problem[];
        } else {
          expect({ context, status: answer.status }).toEqual({
            context,
            status: answer.status === 413 ? 413 : 400,
          });
          expect(String(answer.body.message)).toMatch(/[ạảãáàâầấậẩẫăằắặẳẵêềếệểễôồốộổỗơờớợởỡưừứựửữđ]/);
        }
        const issues = answer.body.issues ?? [];
        expect({ context, some: issues.length > 0 }).toEqual({ context, some: true });
        for (const issue of issues) expect({ context, field: issue.field }).toEqual({ context, field: 'file' });
        if (answer.status !== 413) for (const issue of issues) expect(issue.fix).toEqual(expect.any(String));
        const { expected } = c;
        if (expected.kind === 'cell' && expected.row !== undefined)
          expect({ context, rows: issues.some((i) => i.row === expected.row) }).toEqual({ context, rows: true });
        if (expected.kind === 'path')
          expect({ context, paths: issues.some((i) => expected.paths.includes(i.path ?? '')) }).toEqual({
            context,
            paths: true,
          });
      }
    }
    expect(await submissions()).toBe(before);
    expect(await stageOf('so-tu-phap')).toBe('returned');
  }, 240_000);
});
