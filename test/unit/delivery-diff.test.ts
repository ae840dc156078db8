import fc from 'fast-check';
import {
  compileDeliverable,
  deliverableDeclarationSchema,
  type DeliverableDeclaration,
  type Delivery,
  type FileRef,
  type FormDelivery,
  type TableDelivery,
} from '../../domain/deliverables';
import {
  diffDeliveries,
  formatDeliveryDiff,
  isUnchanged,
  type FormDiff,
  type TableDiff,
} from '../../domain/deliverables/delivery-diff';
import {
  equipmentCampaign,
  equipmentRow,
  monthlyReportCampaign,
  monthlyReportOf,
  selfAssessment,
  selfAssessmentCampaign,
} from '../support/declared-campaigns';
import { generatedForm, generatedTable, type GeneratedForm, type Json } from '../support/deliverable-arbitraries';

// What changed between two versions of an agency's delivery, and the Vietnamese text the reviewer
// reads: a table by its row key, a form by field, indicator cell and file.

describe('the IT equipment table', () => {
  test('rows added, removed and changed are told by their asset code, columns old → new', async () => {
    const { declaration } = await equipmentCampaign();
    const before = { rows: [equipmentRow('TS-1'), equipmentRow('TS-2'), equipmentRow('TS-3')] };
    const after = {
      rows: [
        equipmentRow('ts-1 ', { 'so-luong': 5, 'con-su-dung': true }),
        equipmentRow('TS-3', { 'ly-do': '  Hỏng   bo mạch chủ ' }),
        equipmentRow('TS-4', { 'ten-thiet-bi': 'Máy in HP', loai: 'Máy in', 'ngay-kiem-ke': undefined }),
      ],
    };
    const diff = diffDeliveries(declaration, before, after) as TableDiff;
    expect(diff.summary).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 1 });
    expect(formatDeliveryDiff(declaration, diff)).toBe(
      [
        'So với lần nộp trước: thêm 1, bỏ 1, sửa 1 dòng, giữ nguyên 1.',
        'Thêm (1):',
        '+ TS-4 — Tên thiết bị: "Máy in HP"; Loại thiết bị: "Máy in"; Số lượng: 4; Năm mua: 2.014; Còn sử dụng được: Không; Kinh phí thay thế dự kiến: 60.000.000; Lý do thay thế: "Hỏng bo mạch chủ"',
        'Bỏ (1):',
        '- TS-2 — Tên thiết bị: "Máy tính Dell OptiPlex 3020"; Loại thiết bị: "Máy tính để bàn"; Số lượng: 4; Năm mua: 2.014; Ngày kiểm kê tình trạng: 15/06/2026; Còn sử dụng được: Không; Kinh phí thay thế dự kiến: 60.000.000; Lý do thay thế: "Hỏng bo mạch chủ"',
        'Sửa (1):',
        '~ ts-1: Mã tài sản: "TS-1" → "ts-1"; Số lượng: 4 → 5; Còn sử dụng được: Không → Có',
      ].join('\n'),
    );
  });

  test('the first version lists its rows; the same version again says nothing changed', async () => {
    const { declaration } = await equipmentCampaign();
    const rows = { rows: [equipmentRow('TS-1')] };
    expect(formatDeliveryDiff(declaration, diffDeliveries(declaration, undefined, rows)).split('\n')[0]).toBe(
      'Lần nộp đầu tiên: 1 dòng.',
    );
    expect(formatDeliveryDiff(declaration, diffDeliveries(declaration, rows, rows))).toBe(
      'Không có thay đổi so với lần nộp trước (1 dòng giữ nguyên).',
    );
  });

  test('a long diff is cut at maxLines and counts the rest; long text is cut in a line', async () => {
    const { declaration } = await equipmentCampaign();
    const rows = Array.from({ length: 300 }, (_, i) => equipmentRow(`TS-${i}`, { 'ly-do': 'x'.repeat(2000) }));
    const text = formatDeliveryDiff(declaration, diffDeliveries(declaration, { rows: [] }, { rows }), { maxLines: 10 });
    const lines = text.split('\n');
    expect(lines).toHaveLength(12);
    expect(lines.at(-1)).toBe('… và 291 dòng khác.');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(500);
  });
});

describe('the monthly report', () => {
  test('a field, an indicator cell and the signed PDF changed are each told where they are', async () => {
    const { declaration } = await monthlyReportCampaign();
    const before = monthlyReportOf(0);
    const after = structuredClone(before);
    after.fields['ho-so'].HS06['ky-nay'] = 6;
    after.fields['ho-so'].HS07['ky-nay'] = 14;
    after.fields['co-ho-so-qua-han-chua-xin-loi'] = true;
    after.fields['ban-ky'] = [
      { sha256: 'b'.repeat(64), name: 'bao-cao-ky-lai.pdf', type: 'application/pdf', size: 310_000 },
    ];
    const renamed = structuredClone(before);
    renamed.fields['ban-ky'][0]!.name = 'ten-khac.pdf';
    const diff = diffDeliveries(declaration, before as unknown as Delivery, after as unknown as Delivery) as FormDiff;
    expect(diff.summary).toEqual({ fields: 1, cells: 2, filesAdded: 1, filesRemoved: 1 });
    expect(formatDeliveryDiff(declaration, diff)).toBe(
      [
        'So với lần nộp trước: sửa 1 trường, 2 ô chỉ tiêu; thêm 1 tệp, bỏ 1 tệp.',
        'Trường (1):',
        '~ Mục "III. Tồn tại, hạn chế và nguyên nhân", "Còn hồ sơ quá hạn chưa gửi thư xin lỗi": Không → Có',
        'Chỉ tiêu (2):',
        '~ Mục "II. Kết quả giải quyết hồ sơ TTHC", bảng "Số liệu hồ sơ TTHC", chỉ tiêu HS06 "Số hồ sơ đã giải quyết quá hạn", cột "Kỳ này": 5 → 6',
        '~ Mục "II. Kết quả giải quyết hồ sơ TTHC", bảng "Số liệu hồ sơ TTHC", chỉ tiêu HS07 "Số hồ sơ đang giải quyết", cột "Kỳ này": 15 → 14',
        'Tệp (2):',
        '+ Mục "V. Văn bản báo cáo", "Văn bản báo cáo đã ký số (PDF)": "bao-cao-ky-lai.pdf" (303 KB)',
        '- Mục "V. Văn bản báo cáo", "Văn bản báo cáo đã ký số (PDF)": "bao-cao-0.pdf" (195 KB)',
      ].join('\n'),
    );
    // A file is known by its content: renamed, it is the same file.
    expect(
      isUnchanged(diffDeliveries(declaration, before as unknown as Delivery, renamed as unknown as Delivery)),
    ).toBe(true);
  });

  test('the first version counts what was filled', async () => {
    const { declaration } = await monthlyReportCampaign();
    const text = formatDeliveryDiff(declaration, diffDeliveries(declaration, undefined, monthlyReportOf(0) as never));
    expect(text.split('\n')[0]).toBe('Lần nộp đầu tiên: đã điền 4 trường, 14 ô chỉ tiêu, đính kèm 1 tệp.');
    expect(text).toContain('+ Mục "V. Văn bản báo cáo", "Ngày văn bản": 15/12/2026');
  });
});

describe('the self-assessment', () => {
  test('a score with decimals and an evidence file replaced', async () => {
    const { declaration } = await selfAssessmentCampaign();
    const before = selfAssessment([9, 8.5, 14, 10, 12, 7.25, 14], 1);
    const after = selfAssessment([9, 8.75, 14, 10, 12, 7.25, 14], 1);
    (after.fields['minh-chung-tc2'] as FileRef[]).push({
      sha256: 'c'.repeat(64),
      name: 'bo-sung.docx',
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      size: 2_000_000,
    });
    const lines = formatDeliveryDiff(declaration, diffDeliveries(declaration, before, after)).split('\n');
    expect(lines).toEqual([
      'So với lần nộp trước: sửa 0 trường, 2 ô chỉ tiêu; thêm 1 tệp, bỏ 0 tệp.',
      'Chỉ tiêu (2):',
      '~ Mục "I. Tự chấm điểm", bảng "Điểm tự đánh giá theo tiêu chí", chỉ tiêu TC2 "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật", cột "Điểm tự đánh giá": 8,5 → 8,75',
      '~ Mục "I. Tự chấm điểm", bảng "Điểm tự đánh giá theo tiêu chí", chỉ tiêu TONG "Tổng điểm tự đánh giá", cột "Điểm tự đánh giá": 74,75 → 75',
      'Tệp (1):',
      '+ Mục "II. Tài liệu kiểm chứng", "Tài liệu kiểm chứng TC2 — Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật": "bo-sung.docx" (1,9 MB)',
    ]);
  });
});

// Properties on generated declarations: versions are accepted by the checker first, as the
// workflow stores them, and compared against a plain reading of what differs.
const declare = (raw: Json): DeliverableDeclaration => deliverableDeclarationSchema.parse(raw);
const accepted = <D>(declaration: DeliverableDeclaration, delivery: unknown): D => {
  const result = compileDeliverable(declaration)(delivery);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.value as D;
};
const same = (a: unknown, b: unknown) => {
  const plain = (v: unknown) =>
    typeof v === 'string' ? v.normalize('NFC').replace(/\s+/g, ' ').trim() || undefined : v;
  return plain(a) === plain(b);
};

describe('properties', () => {
  const tableVersions = generatedTable.chain((table) =>
    fc.record({
      table: fc.constant(table),
      a: table.rows,
      pool: table.rows,
      actions: fc.array(fc.constantFrom('keep', 'remove', 'replace'), { minLength: 8, maxLength: 8 }),
      extra: fc.nat({ max: 3 }),
    }),
  );

  test('tables: diff(a, a) is empty; diff(a, b) lists exactly the rows and columns that changed', () => {
    fc.assert(
      fc.property(tableVersions, ({ table, a, pool, actions, extra }) => {
        const declaration = declare(table.declaration);
        if (declaration.kind !== 'table') throw new Error('table expected');
        const b: Json[] = [];
        a.forEach((row, i) => {
          if (actions[i] === 'keep') b.push(row);
          else if (actions[i] === 'replace') b.push({ ...pool[i % pool.length], id: row.id });
        });
        for (let k = 1; k <= Math.min(extra, pool.length); k++) b.push({ ...pool[k - 1], id: a.length + k });
        const before = accepted<TableDelivery>(declaration, { rows: a });
        expect(isUnchanged(diffDeliveries(declaration, before, before))).toBe(true);
        if (b.length === 0) return;
        const after = accepted<TableDelivery>(declaration, { rows: b });
        const diff = diffDeliveries(declaration, before, after) as TableDiff;
        const byId = (rows: TableDelivery['rows']) => new Map(rows.map((r) => [String(r.id), r]));
        const [was, now] = [byId(before.rows), byId(after.rows)];
        expect(diff.removed.map((r) => r.key)).toEqual([...was.keys()].filter((id) => !now.has(id)));
        expect(diff.added.map((r) => r.key)).toEqual([...now.keys()].filter((id) => !was.has(id)));
        const changed = [...now.keys()].flatMap((id) => {
          const old = was.get(id);
          if (!old) return [];
          const columns = declaration.columns.map((c) => c.key).filter((k) => !same(old[k], now.get(id)![k]));
          return columns.length > 0 ? [[id, columns]] : [];
        });
        expect(diff.changed.map((c) => [c.key, c.changes.map((x) => x.key)])).toEqual(changed);
        expect(diff.summary.unchanged).toBe([...now.keys()].filter((id) => was.has(id)).length - changed.length);
      }),
      { numRuns: 150 },
    );
  });

  const formDelivery = (form: GeneratedForm) =>
    fc.tuple(fc.tuple(...form.fields.map((f) => f.valid)), form.indicators.values).map(([values, indicators]) => ({
      fields: { ...Object.fromEntries(form.fields.map((f, i) => [f.key, values[i]])), 'chi-tieu': indicators },
    }));
  const formVersions = generatedForm.chain((form) =>
    fc.record({
      form: fc.constant(form),
      a: formDelivery(form),
      b: formDelivery(form),
      keep: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    }),
  );

  test('forms: diff(a, a) is empty; diff(a, b) lists exactly the fields, cells and files that changed', () => {
    fc.assert(
      fc.property(formVersions, ({ form, a, b, keep }) => {
        const declaration = declare(form.declaration);
        // b keeps some of a's values, so that both changed and unchanged parts are common.
        const keys = [...form.fields.map((f) => f.key), 'chi-tieu'];
        keys.forEach((key, i) => {
          if (keep[i % keep.length]) (b.fields as Json)[key] = (a.fields as Json)[key];
        });
        const before = accepted<FormDelivery>(declaration, a);
        const after = accepted<FormDelivery>(declaration, b);
        expect(isUnchanged(diffDeliveries(declaration, before, before))).toBe(true);
        expect(formatDeliveryDiff(declaration, diffDeliveries(declaration, after, after))).toBe(
          'Không có thay đổi so với lần nộp trước.',
        );
        const diff = diffDeliveries(declaration, before, after) as FormDiff;
        const valueKeys = form.fields.map((f) => f.key).filter((k) => k !== 'van-ban');
        expect(diff.fields.map((f) => f.key)).toEqual(
          valueKeys.filter((k) => !same(before.fields[k], after.fields[k])),
        );
        const cells = (d: FormDelivery) => d.fields['chi-tieu'] as Record<string, Record<string, number>>;
        const changedCells = form.indicators.codes.flatMap((code) =>
          form.indicators.columnKeys
            .filter((column) => cells(before)[code]?.[column] !== cells(after)[code]?.[column])
            .map((column) => `${code}/${column}`),
        );
        expect(diff.cells.map((c) => `${c.indicator}/${c.column}`)).toEqual(changedCells);
        const shas = (d: FormDelivery) => ((d.fields['van-ban'] as FileRef[] | undefined) ?? []).map((f) => f.sha256);
        const [x, y] = [shas(before), shas(after)];
        const files = diff.files[0] ?? { added: [], removed: [] };
        expect(files.added.map((f) => f.sha256)).toEqual(y.filter((s) => !x.includes(s)));
        expect(files.removed.map((f) => f.sha256)).toEqual(x.filter((s) => !y.includes(s)));
        expect(isUnchanged(diff)).toBe(diff.fields.length + changedCells.length + diff.files.length === 0);
      }),
      { numRuns: 150 },
    );
  });
});
