import type { AgencyList } from '../../domain/agency-list';
import { diffLists, formatDiff } from '../../domain/list-diff';
import { justiceDepartmentList } from '../support/sample-lists';

const clone = (list: AgencyList): AgencyList => structuredClone(list);

describe('diffLists', () => {
  test('a first submission: every document is added', () => {
    const diff = diffLists(undefined, justiceDepartmentList);
    expect(diff.first).toBe(true);
    expect(diff.added.map((line) => [line.code, line.document.name])).toEqual([
      ['1.001612.000.00.00.H48', 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp'],
      ['1.001612.000.00.00.H48', 'Phiếu lý lịch tư pháp số 1'],
      ['1.002421', 'Ý kiến của Hội công chứng viên tỉnh'],
    ]);
    expect(diff.summary).toEqual({
      added: 3,
      removed: 0,
      changed: 0,
      unchanged: 0,
      proceduresAdded: 2,
      proceduresRemoved: 0,
      proceduresChanged: 0,
    });
    expect(formatDiff(diff)).toBe(
      [
        'Lần nộp đầu tiên: 2 TTHC, 3 giấy tờ cần số hóa.',
        'Giấy tờ (3):',
        '+ 1.001612.000.00.00.H48 Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam — "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" (Thành phần hồ sơ; căn cứ: Luật Lý lịch tư pháp 2009)',
        '+ 1.001612.000.00.00.H48 Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam — "Phiếu lý lịch tư pháp số 1" (Kết quả)',
        '+ 1.002421 Đăng ký hành nghề công chứng — "Ý kiến của Hội công chứng viên tỉnh" (Ý kiến; ghi chú: Khi có yêu cầu)',
      ].join('\n'),
    );
  });

  test('the same list again: nothing changed', () => {
    const diff = diffLists(justiceDepartmentList, clone(justiceDepartmentList));
    expect(diff).toMatchObject({ first: false, added: [], removed: [], changed: [] });
    expect(diff.summary.unchanged).toBe(3);
    expect(formatDiff(diff)).toBe('Không có thay đổi so với lần nộp trước (3 giấy tờ giữ nguyên).');
  });

  test('lines are keyed by national code and normalized name: a code form or spelling change is a change, not remove + add', () => {
    const next = clone(justiceDepartmentList);
    next.procedures[0]!.code = '1.001612'; // national form of the same procedure
    next.procedures[0]!.documents[0]!.name = '  tờ khai YÊU CẦU cấp phiếu lý lịch tư pháp'.normalize('NFD');
    next.procedures[0]!.documents[1]!.basis = '  '; // blank is the same as absent
    const diff = diffLists(justiceDepartmentList, next);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([
      {
        code: '1.001612',
        nationalCode: '1.001612',
        procedureName: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
        changes: [{ field: 'code', before: '1.001612.000.00.00.H48', after: '1.001612' }],
      },
      {
        code: '1.001612',
        nationalCode: '1.001612',
        procedureName: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
        document: next.procedures[0]!.documents[0]!.name,
        changes: [
          {
            field: 'name',
            before: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp',
            after: 'tờ khai YÊU CẦU cấp phiếu lý lịch tư pháp',
          },
        ],
      },
    ]);
    expect(diff.summary).toMatchObject({ changed: 1, proceduresChanged: 1, unchanged: 2 });
  });

  test('added, removed and changed documents and procedures, with before and after', () => {
    const previous = clone(justiceDepartmentList);
    previous.procedures.push({
      code: '2.000488',
      name: 'Chứng thực bản sao từ bản chính',
      documents: [{ name: 'Bản chính giấy tờ', kind: 'thanh_phan_ho_so' }],
    });
    const next = clone(justiceDepartmentList);
    const [lltp, congChung] = next.procedures as [AgencyList['procedures'][number], AgencyList['procedures'][number]];
    lltp.name = 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam';
    lltp.level = 'Sở Tư pháp';
    lltp.documents[0]!.kind = 'ket_qua';
    lltp.documents[0]!.basis = 'Nghị định 111/2010/NĐ-CP';
    lltp.documents.splice(1, 1, { name: 'Phiếu lý lịch tư pháp số 2', kind: 'ket_qua' });
    congChung.documents[0]!.note = undefined;
    next.procedures.push({
      code: '1.003583',
      name: 'Đăng ký khai sinh',
      field: 'Hộ tịch',
      documents: [{ name: 'Giấy chứng sinh', kind: 'thanh_phan_ho_so' }],
    });

    const diff = diffLists(previous, next);
    expect(diff.added.map((line) => `${line.code} ${line.document.name}`)).toEqual([
      '1.001612.000.00.00.H48 Phiếu lý lịch tư pháp số 2',
      '1.003583 Giấy chứng sinh',
    ]);
    expect(diff.removed.map((line) => `${line.code} ${line.document.name}`)).toEqual([
      '1.001612.000.00.00.H48 Phiếu lý lịch tư pháp số 1',
      '2.000488 Bản chính giấy tờ',
    ]);
    expect(diff.changed.map((line) => [line.document, line.changes])).toEqual([
      [
        undefined,
        [
          { field: 'procedureName', before: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam', after: lltp.name },
          { field: 'level', after: 'Sở Tư pháp' },
        ],
      ],
      [
        'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp',
        [
          { field: 'kind', before: 'thanh_phan_ho_so', after: 'ket_qua' },
          { field: 'basis', before: 'Luật Lý lịch tư pháp 2009', after: 'Nghị định 111/2010/NĐ-CP' },
        ],
      ],
      ['Ý kiến của Hội công chứng viên tỉnh', [{ field: 'note', before: 'Khi có yêu cầu' }]],
    ]);
    expect(diff.summary).toEqual({
      added: 2,
      removed: 2,
      changed: 2,
      unchanged: 0,
      proceduresAdded: 1,
      proceduresRemoved: 1,
      proceduresChanged: 1,
    });

    expect(formatDiff(diff)).toBe(
      [
        'So với lần nộp trước: thêm 2, bỏ 2, sửa 2 giấy tờ, giữ nguyên 0; 1 TTHC mới, 1 TTHC bị bỏ, 1 TTHC sửa thông tin.',
        'Thêm (2):',
        '+ 1.001612.000.00.00.H48 Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam — "Phiếu lý lịch tư pháp số 2" (Kết quả)',
        '+ 1.003583 Đăng ký khai sinh — "Giấy chứng sinh" (Thành phần hồ sơ)',
        'Bỏ (2):',
        '- 1.001612.000.00.00.H48 Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam — "Phiếu lý lịch tư pháp số 1" (Kết quả)',
        '- 2.000488 Chứng thực bản sao từ bản chính — "Bản chính giấy tờ" (Thành phần hồ sơ)',
        'Sửa (3):',
        '~ 1.001612.000.00.00.H48 Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam: tên TTHC: "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam" → "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam"; cơ quan/cấp thực hiện: (trống) → "Sở Tư pháp"',
        '~ 1.001612.000.00.00.H48 Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam — "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp": loại: Thành phần hồ sơ → Kết quả; căn cứ: "Luật Lý lịch tư pháp 2009" → "Nghị định 111/2010/NĐ-CP"',
        '~ 1.002421 Đăng ký hành nghề công chứng — "Ý kiến của Hội công chứng viên tỉnh": ghi chú: "Khi có yêu cầu" → (trống)',
      ].join('\n'),
    );
  });

  test('a long diff is cut at maxLines with a count of the rest', () => {
    const next: AgencyList = {
      procedures: [
        {
          code: '1.000001',
          name: 'Thủ tục',
          documents: Array.from({ length: 10 }, (_, i) => ({ name: `Giấy tờ ${i + 1}`, kind: 'ket_qua' as const })),
        },
      ],
    };
    const text = formatDiff(diffLists(undefined, next), { maxLines: 4 });
    expect(text.split('\n')).toEqual([
      'Lần nộp đầu tiên: 1 TTHC, 10 giấy tờ cần số hóa.',
      'Giấy tờ (10):',
      '+ 1.000001 Thủ tục — "Giấy tờ 1" (Kết quả)',
      '+ 1.000001 Thủ tục — "Giấy tờ 2" (Kết quả)',
      '+ 1.000001 Thủ tục — "Giấy tờ 3" (Kết quả)',
      '… và 7 dòng khác.',
    ]);
  });

  test('duplicates inside one list count once (the first wins) and the diff is deterministic', () => {
    const next: AgencyList = {
      procedures: [
        {
          code: '1.000001',
          name: 'A',
          documents: [
            { name: 'X', kind: 'ket_qua' },
            { name: 'x', kind: 'y_kien' },
          ],
        },
        { code: '1.000001.000.00.00.H48', name: 'A', documents: [{ name: 'Y', kind: 'ket_qua' }] },
      ],
    };
    const diff = diffLists(undefined, next);
    expect(diff.added.map((line) => `${line.code} ${line.document.name} ${line.document.kind}`)).toEqual([
      '1.000001 X ket_qua',
      '1.000001 Y ket_qua',
    ]);
    expect(diffLists(undefined, next)).toEqual(diff);
  });
});
