import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { CampaignDefinitionError, loadCampaignDefinition } from '../../campaign-files/campaign-definition';

// Campaign files and their rosters, read from real files: every refusal names the field (or the
// roster's row and column) and says how to fix it, in Vietnamese.

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-campaign-definition-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function campaign(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'thu-nghiem',
    directive: { number: '751/UBND-TTHC', date: '2026-11-30', title: 'Số hóa giấy tờ TTHC' },
    deadlines: { submission: '2026-12-10T23:59:59+07:00', approval: '2026-12-20T23:59:59+07:00' },
    calendar: 'weekends-only',
    reviewer: { name: 'Sở Thông tin và Truyền thông' },
    approver: { name: 'Chủ tịch UBND tỉnh' },
    serviceCenter: { name: 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh' },
    agencies: [{ code: 'so-tu-phap', name: 'Sở Tư pháp', kind: 'department' }],
    ...overrides,
  };
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function problemsOf(file: string): Promise<string[]> {
  const error = await loadCampaignDefinition(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CampaignDefinitionError);
  return (error as CampaignDefinitionError).problems;
}

describe('deadlines', () => {
  test('a deadline before the directive date is refused, naming the field', async () => {
    const file = write(
      'truoc-ngay-van-ban.yaml',
      YAML.stringify(
        campaign({ deadlines: { submission: '2024-12-10T23:59:59+07:00', approval: '2027-01-10T23:59:59+07:00' } }),
      ),
    );
    expect(await problemsOf(file)).toEqual([
      expect.stringMatching(
        /^deadlines\.submission: Hạn nộp \(23:59 10\/12\/2024\) ở trước ngày ban hành văn bản \(directive\.date: 30\/11\/2026\)\. Cách sửa:/,
      ),
    ]);
  });

  test('both deadlines before the directive date: both named', async () => {
    const file = write(
      'ca-hai-truoc.yaml',
      YAML.stringify(
        campaign({ deadlines: { submission: '2024-12-10T23:59:59+07:00', approval: '2024-12-20T23:59:59+07:00' } }),
      ),
    );
    const problems = await problemsOf(file);
    expect(problems.map((p) => p.split(':')[0])).toEqual(['deadlines.submission', 'deadlines.approval']);
  });

  test('a deadline on the directive day itself is accepted', async () => {
    const file = write(
      'cung-ngay.yaml',
      YAML.stringify(
        campaign({ deadlines: { submission: '2026-11-30T17:00:00+07:00', approval: '2026-12-20T23:59:59+07:00' } }),
      ),
    );
    await expect(loadCampaignDefinition(file)).resolves.toMatchObject({ id: 'thu-nghiem' });
  });
});

describe('roster errors name the row, the column and the fix', () => {
  const header = 'code,name,kind,email,stage,reason';
  const withRoster = (name: string) =>
    write(`${name}.yaml`, YAML.stringify(campaign({ agencies: undefined, roster: `./${name}.csv` })));

  test('a row with no code', async () => {
    write('khong-ma.csv', `${header}\nso-tu-phap,Sở Tư pháp,department,,,\n,Sở Y tế,department,,,\n`);
    const problems = await problemsOf(withRoster('khong-ma'));
    expect(problems).toEqual([
      expect.stringMatching(/^dòng 3, cột code: Thiếu mã cơ quan \(code\)\. Cách sửa: ghi mã cơ quan/),
    ]);
    expect(problems.join('\n')).not.toMatch(/mong đợi|nhận được|Đầu vào không hợp lệ/);
  });

  test('a row with far more cells than a roster has, and a code past its length', async () => {
    write('nhieu-o.csv', `${header}\nso-tu-phap,Sở Tư pháp,department${','.repeat(200)}\n`);
    expect(await problemsOf(withRoster('nhieu-o'))).toEqual([
      expect.stringMatching(/^dòng 2 có 203 ô, tối đa 50\. Cách sửa: mỗi dòng chỉ ghi các cột code, name, kind/),
    ]);
    write('ma-dai.csv', `${header}\n${'a'.repeat(65)},Sở Tư pháp,department,,,\n`);
    expect(await problemsOf(withRoster('ma-dai'))).toEqual([
      expect.stringMatching(/^dòng 2, cột code: Mã cơ quan \(code\) dài quá 64 ký tự\. Cách sửa: /),
    ]);
  });

  test('every column, missing or wrong', async () => {
    write('sai-het.csv', `${header}\nso y te,,tinh,khong-phai-email,done,\n`);
    const problems = await problemsOf(withRoster('sai-het'));
    expect(problems.map((p) => p.match(/^dòng 2, cột (\w+):/)?.[1])).toEqual([
      'code',
      'name',
      'kind',
      'email',
      'stage',
    ]);
    for (const problem of problems) expect(problem).toContain('Cách sửa:');
  });

  test('inline agencies and the campaign fields say the fix too', async () => {
    const file = write(
      'thieu-truong.yaml',
      YAML.stringify(
        campaign({
          reviewer: undefined,
          agencies: [{ name: 'Sở Tư pháp', kind: 'department' }],
          policy: { reminderOffsets: ['ba'] },
        }),
      ),
    );
    const problems = await problemsOf(file);
    expect(problems.length).toBeGreaterThanOrEqual(3);
    for (const problem of problems) {
      expect(problem).toMatch(/^[\w.[\]]+: /);
      expect(problem).toMatch(/Cách sửa|ví dụ/);
    }
    expect(problems).toContainEqual(expect.stringMatching(/^agencies\[1\]\.code: Thiếu mã cơ quan \(code\)/));
    expect(problems).toContainEqual(expect.stringMatching(/^reviewer: Thiếu reviewer\. Cách sửa/));
  });
});
