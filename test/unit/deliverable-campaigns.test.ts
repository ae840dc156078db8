import path from 'node:path';
import YAML from 'yaml';
import fs from 'node:fs';
import { loadCampaignDefinition } from '../../campaign-files/campaign-definition';
import { parseCampaignYaml } from '../../campaign-files/campaign-yaml';
import { CampaignDefinitionError } from '../../domain/campaign-definition';
import {
  ARTICLE_4_TABLE,
  compileDeliverable,
  deliverableDeclarationSchema,
  deliverableOf,
  isDocumentSubmission,
} from '../../domain/deliverables';
import { checkList } from '../../domain/list-quality';
import { relaunchChanges } from '../../domain/relaunch';
import type { AgencyList } from '../../domain/agency-list';
import { justiceDepartmentList } from '../support/sample-lists';
import { MONTHLY_REPORT } from '../support/sample-deliveries';

// The campaign files of campaigns/ declare what each agency delivers; each passes launch validation,
// and the declared checkers accept a good delivery and place every problem on its row or field.

const campaignFile = (name: string) => path.join(__dirname, '../../campaigns', name);
const load = (name: string) => loadCampaignDefinition(campaignFile(name));

/** An Article 4 list as the declared table's rows: one row per document, procedure columns repeated. */
const rowsOf = (list: AgencyList) =>
  list.procedures.flatMap((p) =>
    p.documents.map((d) => ({
      code: p.code,
      procedureName: p.name,
      field: p.field,
      level: p.level,
      documentName: d.name,
      kind: d.kind,
      basis: d.basis,
      note: d.note,
    })),
  );

describe('the campaign files', () => {
  test.each([
    '751-UBND-TTHC-2024.yaml',
    'bao-cao-thang-12-2026-TTHC.yaml',
    'cchc-tu-danh-gia-2026.yaml',
    'thiet-bi-cntt-thay-the-2027.yaml',
  ])('%s passes launch validation and declares its deliverable', async (name) => {
    const definition = await load(name);
    expect(definition.deliverable).toBeDefined();
    expect(definition.agencies.length).toBeGreaterThan(0);
  });

  test('letter 751 declares the Article 4 table, the same that a file without `deliverable:` means', async () => {
    const definition = await load('751-UBND-TTHC-2024.yaml');
    expect(definition.deliverable).toEqual(ARTICLE_4_TABLE);
    const older = { ...definition, deliverable: undefined };
    const reread = parseCampaignYaml(YAML.stringify(older), 'older.yaml');
    expect(reread.deliverable).toBeUndefined();
    expect(deliverableOf(reread.deliverable)).toBe(ARTICLE_4_TABLE);
    expect(ARTICLE_4_TABLE.rules).toEqual(['digitization-list']);
  });

  test('a form of file fields only is a document submission; the monthly report is not', async () => {
    const report = deliverableOf((await load('bao-cao-thang-12-2026-TTHC.yaml')).deliverable);
    expect(report.kind === 'form' && isDocumentSubmission(report)).toBe(false);
    if (report.kind !== 'form') throw new Error('form expected');
    const letterOnly = {
      ...report,
      sections: [{ ...report.sections[4]!, fields: report.sections[4]!.fields.filter((f) => f.type === 'file') }],
    };
    expect(isDocumentSubmission(letterOnly)).toBe(true);
  });

  test('a bad declaration in a campaign file is refused with its path and fix', () => {
    const text = fs.readFileSync(campaignFile('thiet-bi-cntt-thay-the-2027.yaml'), 'utf8');
    const raw = YAML.parse(text) as { deliverable: { columns: Record<string, unknown>[]; rowKey: string[] } };
    raw.deliverable.columns[3] = { ...raw.deliverable.columns[3], min: 600 };
    raw.deliverable.rowKey = ['ma-thiet-bi'];
    const error = (() => {
      try {
        parseCampaignYaml(YAML.stringify(raw), 'thiet-bi.yaml');
      } catch (e) {
        return e as CampaignDefinitionError;
      }
    })();
    expect(error).toBeInstanceOf(CampaignDefinitionError);
    expect(error!.problems).toEqual([
      'deliverable.columns[4].max: max (500) nhỏ hơn min (600). Cách sửa: đổi chỗ hai giá trị.',
      'deliverable.rowKey[1]: Khóa dòng nhắc tới cột "ma-thiet-bi" không có trong columns. Cách sửa: ghi mã của một cột đã khai.',
    ]);
  });
});

describe('letter 751 as a declared table', () => {
  const check = compileDeliverable(ARTICLE_4_TABLE);

  test('a good list is accepted with the same quality notes as the list checks give', () => {
    const result = check({ rows: rowsOf(justiceDepartmentList) });
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.findings.map((f) => f.code)).toEqual(checkList(justiceDepartmentList).findings.map((f) => f.code));
  });

  test('a procedure listed again further down is refused on its row and column', () => {
    const rows = rowsOf(justiceDepartmentList);
    const again = { ...rows[0]!, documentName: 'Giấy tờ khác' };
    const result = check({ rows: [...rows, again] });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      expect.objectContaining({
        at: { row: rows.length + 1, column: 'code' },
        code: 'code_duplicate',
        message: expect.stringMatching(new RegExp(`^Dòng ${rows.length + 1}, cột "Mã TTHC": Mã TTHC`)),
      }),
    ]);
  });

  test('a malformed code and an unknown kind are named by row and column, with the fix', () => {
    const rows = rowsOf(justiceDepartmentList);
    rows[1] = { ...rows[1]!, code: '1.00242' };
    rows[2] = { ...rows[2]!, kind: 'bản chính' as never };
    const result = check({ rows });
    expect(result.errors.map((e) => e.message)).toEqual([
      'Dòng 2, cột "Mã TTHC": "1.00242" không đúng dạng. Cách sửa: ghi theo dạng 1.002421 (mã quốc gia) hoặc 1.002421.000.00.00.H48 (mã của tỉnh).',
      'Dòng 3, cột "Loại giấy tờ": "bản chính" không có trong danh sách. Cách sửa: chọn một trong: "Thành phần hồ sơ", "Kết quả", "Ý kiến".',
    ]);
  });
});

describe('the monthly report', () => {
  const goodReport = MONTHLY_REPORT;

  test('a complete report is accepted', async () => {
    const check = compileDeliverable(deliverableOf((await load('bao-cao-thang-12-2026-TTHC.yaml')).deliverable));
    const result = check(goodReport);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });

  test('parts that do not add up, and a Word file for the signed PDF, are named by indicator and field', async () => {
    const check = compileDeliverable(deliverableOf((await load('bao-cao-thang-12-2026-TTHC.yaml')).deliverable));
    const report = structuredClone(goodReport);
    report.fields['ho-so'].HS06['ky-nay'] = 6;
    report.fields['ban-ky'][0]!.type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const result = check(report);
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => [e.at, e.message])).toEqual([
      [
        { section: 'ket-qua', field: 'ho-so', indicator: 'HS01', column: 'ky-nay' },
        'Mục "II. Kết quả giải quyết hồ sơ TTHC", bảng "Số liệu hồ sơ TTHC", chỉ tiêu HS01 "Tổng số hồ sơ phải giải quyết", cột "Kỳ này": 130 phải bằng tổng HS05 + HS06 + HS07 = 131. Cách sửa: kiểm tra lại HS01 và các chỉ tiêu HS05, HS06, HS07 ở cột này cho khớp.',
      ],
      [
        { section: 'van-ban', field: 'ban-ky', file: 1 },
        'Mục "V. Văn bản báo cáo", "Văn bản báo cáo đã ký số (PDF)", tệp "bao-cao-thang-12.pdf": không phải tệp .pdf (nội dung tệp cho biết loại tệp, không phải phần đuôi tên). Cách sửa: lưu lại tệp dưới dạng .pdf.',
      ],
    ]);
  });
});

describe('the self-assessment checklist', () => {
  test('a score above its criterion’s maximum is refused at that criterion', async () => {
    const declaration = deliverableOf((await load('cchc-tu-danh-gia-2026.yaml')).deliverable);
    const check = compileDeliverable(declaration);
    const scores = { TC1: 9, TC2: 8.5, TC3: 16, TC4: 10, TC5: 12, TC6: 7.25, TC7: 14, TONG: 76.75 };
    const evidence = (n: number) => [
      { sha256: n.toString(16).padStart(64, '0'), name: `minh-chung-${n}.pdf`, type: 'application/pdf', size: 1000 },
    ];
    const result = check({
      fields: {
        diem: Object.fromEntries(Object.entries(scores).map(([code, score]) => [code, { 'tu-cham': score }])),
        ...Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((n) => [`minh-chung-tc${n}`, evidence(n)])),
        'nguoi-dau-moi': 'Nguyễn Văn A, Chánh Văn phòng',
        'dien-thoai': '0255382xxxx',
      },
    });
    expect(result.errors.map((e) => e.message)).toEqual([
      'Mục "I. Tự chấm điểm", bảng "Điểm tự đánh giá theo tiêu chí", chỉ tiêu TC3 "Cải cách thủ tục hành chính", cột "Điểm tự đánh giá": 16 nằm ngoài khoảng cho phép. Cách sửa: ghi một số từ 0 đến 15 điểm.',
      'Mục "III. Người đầu mối", "Số điện thoại": "0255382xxxx" không đúng dạng. Cách sửa: ghi theo dạng số điện thoại 10 hoặc 11 chữ số, bắt đầu bằng 0, không có dấu cách.',
    ]);
  });
});

describe('the IT equipment table', () => {
  test('each wrong cell is named by row and column; a repeated asset code by its row', async () => {
    const check = compileDeliverable(deliverableOf((await load('thiet-bi-cntt-thay-the-2027.yaml')).deliverable));
    const row = {
      'ma-tai-san': 'TS-0012',
      'ten-thiet-bi': 'Máy tính Dell OptiPlex 3020',
      loai: 'Máy tính để bàn',
      'so-luong': 4,
      'nam-mua': 2014,
      'con-su-dung': false,
      'kinh-phi': 60_000_000,
      'ly-do': 'Hỏng bo mạch chủ',
    };
    expect(check({ rows: [row] }).ok).toBe(true);
    const result = check({
      rows: [
        row,
        { ...row, 'ma-tai-san': 'TS-0013', 'nam-mua': 2031, 'ngay-kiem-ke': '31/11/2026' },
        { ...row, 'ma-tai-san': 'ts-0012 ' },
      ],
    });
    expect(result.errors.map((e) => e.message)).toEqual([
      'Dòng 2, cột "Năm mua": 2.031 nằm ngoài khoảng cho phép. Cách sửa: ghi một số nguyên từ 1.990 đến 2.026.',
      'Dòng 2, cột "Ngày kiểm kê tình trạng": "31/11/2026" không phải ngày dd/mm/yyyy có thật. Cách sửa: ghi ngày dạng dd/mm/yyyy từ 01/01/2026 đến 31/12/2026, ví dụ 01/01/2026.',
      'Dòng 3: trùng với dòng 1 (cùng Mã tài sản). Cách sửa: mỗi dòng một Mã tài sản riêng; gộp hoặc bỏ dòng trùng.',
    ]);
  });
});

describe('the checker in workflow code', () => {
  /** Modules a file loads when evaluated (value imports only), followed through relative paths. */
  function loaded(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen;
    seen.add(file);
    const source = fs.readFileSync(file, 'utf8');
    for (const [, typeOnly, specifier] of source.matchAll(/^(?:import|export)(\s+type)?\s[^'"]*?from\s+'([^']+)'/gm)) {
      if (typeOnly) continue;
      if (!specifier!.startsWith('.')) seen.add(specifier!);
      else {
        const base = path.resolve(path.dirname(file), specifier!);
        loaded(fs.existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, 'index.ts'), seen);
      }
    }
    return seen;
  }

  test('loads no zod, so a workflow run pays nothing for it until a schema is needed', () => {
    const modules = loaded(path.join(__dirname, '../../domain/deliverables/checker.ts'));
    expect(modules.has(path.join(__dirname, '../../domain/list-quality.ts'))).toBe(true);
    expect([...modules].filter((m) => !m.startsWith('/'))).toEqual([]);
  });
});

describe('campaigns/README.md', () => {
  test('each example declaration in the README is accepted at launch, one per kind', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../campaigns/README.md'), 'utf8');
    const examples = [...readme.matchAll(/```yaml\n(deliverable:[\s\S]*?)```/g)].map(
      (m) => (YAML.parse(m[1]!) as { deliverable: unknown }).deliverable,
    );
    const declarations = examples.map((example) => deliverableDeclarationSchema.parse(example));
    expect(declarations.map((d) => (d.kind === 'form' && isDocumentSubmission(d) ? 'document' : d.kind))).toEqual([
      'table',
      'form',
      'document',
    ]);
  });
});

describe('a re-launch', () => {
  test('may not change the deliverable; a stored campaign without one meant the Article 4 list', async () => {
    const definition = await load('751-UBND-TTHC-2024.yaml');
    const stored = JSON.parse(JSON.stringify({ ...definition, deliverable: undefined })) as unknown;
    expect(relaunchChanges(stored, definition)).toEqual([]);
    const changed = structuredClone(definition);
    if (changed.deliverable?.kind !== 'table') throw new Error('table expected');
    changed.deliverable.maxRows = 100;
    expect(relaunchChanges(stored, changed)).toEqual([
      `deliverable: "${ARTICLE_4_TABLE.title}" → "${ARTICLE_4_TABLE.title} (khai báo đã sửa)"`,
    ]);
  });
});
