import fs from 'node:fs';
import path from 'node:path';
import { agencyListSchema, describeIssues, type AgencyList } from '../../domain/agency-list';
import { checkList, foldText } from '../../domain/list-quality';
import { justiceDepartmentList } from '../support/sample-lists';

type Document = AgencyList['procedures'][number]['documents'][number];

function listOf(...procedures: { code: string; name?: string; documents: Partial<Document>[] }[]): AgencyList {
  return {
    procedures: procedures.map((procedure) => ({
      name: `Thủ tục ${procedure.code}`,
      ...procedure,
      documents: procedure.documents.map(
        (document) => ({ name: 'Tờ khai', kind: 'thanh_phan_ho_so', ...document }) as Document,
      ),
    })),
  };
}

const doc = (name: string, extra: Partial<Document> = {}): Partial<Document> => ({ name, ...extra });

describe('checkList: hard errors', () => {
  test('a good list has no errors and no findings', () => {
    expect(checkList(justiceDepartmentList)).toEqual({ errors: [], findings: [] });
  });

  test.each(['1.00242', '1.0024210', '1002421', '1.002421.000.00.00', '1.002421.000.00.00.HCM', '1,002421', 'abc', ''])(
    'malformed code %j',
    (code) => {
      const { errors } = checkList(
        listOf({ code: '1.000001', documents: [doc('A')] }, { code, documents: [doc('B')] }),
      );
      expect(errors).toEqual([
        {
          path: 'procedures[2].code',
          code: 'code_malformed',
          message: expect.stringContaining('1.002421.000.00.00.H48'),
        },
      ]);
      expect(errors[0]!.message).toMatch(/^(Mã TTHC "|Thiếu mã TTHC)/);
    },
  );

  test('the same code twice, and the national and provincial forms of one code, are duplicates', () => {
    const { errors } = checkList(
      listOf(
        { code: '1.002421', documents: [doc('A')] },
        { code: '1.001612.000.00.00.H48', documents: [doc('B')] },
        { code: '1.002421.000.00.00.H48', documents: [doc('C')] },
        { code: '1.001612.000.00.00.H48', documents: [doc('D')] },
        { code: '1.001613.000.00.00.H48', documents: [doc('E')] },
      ),
    );
    expect(errors.map(({ path, code, related }) => [path, code, related])).toEqual([
      ['procedures[3].code', 'code_duplicate', 'procedures[1].code'],
      ['procedures[4].code', 'code_duplicate', 'procedures[2].code'],
    ]);
    expect(errors[0]!.message).toBe(
      'Mã TTHC 1.002421.000.00.00.H48 trùng với TTHC thứ 1 (1.002421; mã của tỉnh và mã quốc gia 1.002421 là cùng một TTHC) — mỗi TTHC chỉ khai một lần: gộp các giấy tờ vào một TTHC.',
    );
    expect(errors[1]!.message).toContain('trùng với TTHC thứ 2 —');
  });

  test('a procedure without documents', () => {
    const { errors } = checkList(listOf({ code: '1.002421', documents: [] }));
    expect(errors).toEqual([
      {
        path: 'procedures[1].documents',
        code: 'no_documents',
        message:
          'TTHC 1.002421 chưa có giấy tờ nào — khai ít nhất một giấy tờ cần số hóa (tên, loại), hoặc bỏ TTHC khỏi danh sách.',
      },
    ]);
  });

  test('the same document twice in one procedure, compared by case, Unicode form and spacing', () => {
    const decomposed = 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp'.normalize('NFD');
    const { errors } = checkList(
      listOf(
        {
          code: '1.001612',
          documents: [
            doc('Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp'),
            doc('  TỜ KHAI   yêu cầu cấp phiếu\tlý lịch tư pháp '),
            doc(decomposed, { kind: 'ket_qua' }),
            doc('To khai yeu cau cap Phieu ly lich tu phap'), // other letters: a different name
          ],
        },
        // The same name under another procedure is fine.
        { code: '1.002421', documents: [doc('Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp')] },
      ),
    );
    expect(errors.map(({ path, code, related }) => [path, code, related])).toEqual([
      ['procedures[1].documents[2].name', 'document_duplicate', 'procedures[1].documents[1].name'],
      ['procedures[1].documents[3].name', 'document_duplicate', 'procedures[1].documents[1].name'],
    ]);
    expect(errors[0]!.message).toContain(
      'đã khai ở giấy tờ thứ 1 của cùng TTHC 1.001612 — mỗi giấy tờ chỉ khai một lần',
    );
  });

  test('invalid or missing kinds and names', () => {
    const { errors } = checkList(
      listOf({
        code: '1.002421',
        name: ' ',
        documents: [doc('A', { kind: 'ban_sao' as never }), doc('B', { kind: undefined as never }), doc('  ')],
      }),
    );
    expect(errors.map(({ path, code }) => [path, code])).toEqual([
      ['procedures[1].name', 'procedure_name_missing'],
      ['procedures[1].documents[1].kind', 'kind_invalid'],
      ['procedures[1].documents[2].kind', 'kind_invalid'],
      ['procedures[1].documents[3].name', 'document_name_missing'],
    ]);
    expect(errors[1]!.message).toBe(
      'Loại giấy tờ "ban_sao" không hợp lệ — chọn một trong: thanh_phan_ho_so (Thành phần hồ sơ), ket_qua (Kết quả giải quyết TTHC), y_kien (Kết quả kiểm tra, xác minh, ý kiến).',
    );
    expect(errors[2]!.message).toMatch(/^Loại giấy tờ bị bỏ trống — /);
  });

  test('input the schema has not seen does not throw', () => {
    expect(checkList({} as never).errors).toEqual([
      expect.objectContaining({ path: 'procedures', code: 'no_procedures' }),
    ]);
    expect(checkList(null as never).errors.map((e) => e.code)).toEqual(['no_procedures']);
    const weird = {
      procedures: [null, { code: 1002421, documents: 'x' }, { code: '1.002421', name: 'A', documents: [null] }],
    } as never;
    expect(checkList(weird).errors.map((e) => `${e.path} ${e.code}`)).toEqual([
      'procedures[1].code code_malformed',
      'procedures[1].name procedure_name_missing',
      'procedures[1].documents no_documents',
      'procedures[2].code code_malformed',
      'procedures[2].name procedure_name_missing',
      'procedures[2].documents no_documents',
      'procedures[3].documents[1].name document_name_missing',
      'procedures[3].documents[1].kind kind_invalid',
    ]);
  });
});

describe('checkList: Article 4 findings', () => {
  const findingsOf = (name: string, note?: string) =>
    checkList(listOf({ code: '1.002421', documents: [doc(name, note === undefined ? {} : { note })] })).findings.map(
      (f) => `${f.path} ${f.code}`,
    );

  test.each([
    ['Chứng minh thư (chỉ xuất trình)', undefined, 'name excluded_shown_only'],
    ['Giấy phép lái xe', 'Xuất trình bản chính để đối chiếu', 'note excluded_shown_only'],
    ['GIAY PHEP LAI XE', 'chi xuat trinh khi nop truc tiep', 'note excluded_shown_only'],
    ['Bản sao không chứng thực Giấy khai sinh', undefined, 'name excluded_plain_copy'],
    ['Bản chụp hợp đồng lao động', undefined, 'name excluded_plain_copy'],
    ['Văn bằng', 'ban photo', 'note excluded_plain_copy'],
    ['Giấy tờ chứng minh nhân thân', 'Khai thác từ CSDL quốc gia về dân cư', 'note excluded_in_database'],
    ['Thông tin đăng ký doanh nghiệp', 'Đã có trên Cổng DVC quốc gia', 'note excluded_in_database'],
    ['Thẻ Căn cước công dân', undefined, 'name excluded_in_database'],
    ['Dữ liệu từ cơ sở dữ liệu chuyên ngành đất đai', undefined, 'name excluded_in_database'],
    ['Báo cáo thẩm tra (Mật)', undefined, 'name excluded_classified'],
    ['Hồ sơ', 'Tài liệu thuộc danh mục bí mật nhà nước', 'note excluded_classified'],
    ['Ho so', 'tai lieu mat, khong cong khai', 'note excluded_classified'],
    ['Văn bản TUYỆT MẬT của Bộ', undefined, 'name excluded_classified'],
  ])('%j (note %j) → %s', (name, note, expected) => {
    expect(findingsOf(name, note)).toEqual([`procedures[1].documents[1].${expected}`]);
  });

  test.each([
    'Ảnh chân dung chụp chính diện, rõ mặt',
    'Đơn đề nghị cấp lại do bị mất',
    'Giấy tờ do Mặt trận Tổ quốc cấp',
    'Bản đồ mật độ xây dựng',
    'Cam kết bảo mật thông tin',
    'Bản sao có chứng thực Giấy khai sinh',
    'Tờ khai nộp qua Cổng Dịch vụ công',
    'Phiếu lý lịch tư pháp',
  ])('no finding for %j', (name) => {
    expect(findingsOf(name)).toEqual([]);
  });

  test('a finding names the field, the matched words and the fix, in Vietnamese', () => {
    const { findings } = checkList(
      listOf({ code: '1.002421', documents: [doc('Giấy phép lái xe', { note: 'Chỉ xuất trình' })] }),
    );
    expect(findings).toEqual([
      {
        path: 'procedures[1].documents[1].note',
        code: 'excluded_shown_only',
        message:
          'Giấy tờ "Giấy phép lái xe" (Ghi chú: "Chỉ xuất trình") có vẻ là giấy tờ chỉ xuất trình (để đối chiếu), không nộp; Điều 4 Thông tư 01/2023/TT-VPCP không yêu cầu số hóa loại này (cột Ghi chú có "xuất trình") — bỏ giấy tờ khỏi danh sách, hoặc ghi rõ ở cột Ghi chú vì sao vẫn phải số hóa.',
      },
    ]);
  });

  test('one document can carry several findings, one per rule', () => {
    const findings = findingsOf('Bản chụp CCCD', 'chỉ xuất trình; có trong CSDL quốc gia về dân cư');
    expect(findings).toEqual([
      'procedures[1].documents[1].note excluded_shown_only',
      'procedures[1].documents[1].name excluded_plain_copy',
      'procedures[1].documents[1].name excluded_in_database',
    ]);
  });

  test('findings never reject: they come with an empty error list', () => {
    const result = checkList(listOf({ code: '1.002421', documents: [doc('Bản chụp giấy tờ mật')] }));
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => f.code)).toEqual(['excluded_plain_copy', 'excluded_classified']);
  });

  test('catalogue: missing procedures and unknown codes, either code form', () => {
    const list = listOf(
      { code: '1.001612.000.00.00.H48', documents: [doc('A')] },
      { code: '1.002421', documents: [doc('B')] },
      { code: '1.999999', documents: [doc('C')] },
    );
    const { errors, findings } = checkList(list, {
      catalogue: ['1.001612', '1.002421.000.00.00.H48', '2.000123.000.00.00.H48', '2.000123', 'rác'],
    });
    expect(errors).toEqual([]);
    expect(findings).toEqual([
      {
        path: 'procedures[3].code',
        code: 'not_in_catalogue',
        message: expect.stringMatching(/^Mã TTHC 1\.999999 không có trong danh mục TTHC của cơ quan — kiểm tra lại mã/),
      },
      {
        path: 'procedures',
        code: 'catalogue_missing',
        message: expect.stringMatching(
          /^TTHC 2\.000123\.000\.00\.00\.H48 có trong danh mục TTHC của cơ quan nhưng chưa có trong danh sách — bổ sung/,
        ),
      },
    ]);
    expect(checkList(list).findings).toEqual([]);
  });

  test('foldText drops diacritics, đ, case and punctuation', () => {
    expect(foldText('Đăng ký — HỘ TỊCH, (bản chụp)')).toBe(' dang ky ho tich ban chup ');
    expect(foldText('Tờ khai'.normalize('NFD'))).toBe(' to khai ');
  });
});

describe('agencyListSchema', () => {
  test('rejects the national and provincial forms of one code, accepts the level', () => {
    const result = agencyListSchema.safeParse(
      listOf({ code: '1.002421', documents: [doc('A')] }, { code: '1.002421.000.00.00.H48', documents: [doc('B')] }),
    );
    expect(result.success).toBe(false);
    expect(describeIssues(result.error!)).toBe(
      'procedures[2].code: Mã TTHC 1.002421.000.00.00.H48 bị trùng với dòng TTHC thứ 1 (1.002421): cùng mã quốc gia 1.002421 là cùng một TTHC; mỗi TTHC chỉ khai một lần.',
    );
    const withLevel = { procedures: [{ ...justiceDepartmentList.procedures[0]!, level: ' Sở Tư pháp ' }] };
    expect(agencyListSchema.parse(withLevel).procedures[0]!.level).toBe('Sở Tư pháp');
  });

  test('messages for wrong types are Vietnamese', () => {
    const result = agencyListSchema.safeParse({
      procedures: [
        { code: '1.002421', name: 'A', field: 5, documents: [{ name: 'B', kind: 'ket_qua', note: 1 }, 'x'] },
      ],
    });
    expect(describeIssues(result.error!)).toBe(
      [
        'procedures[1].field: Lĩnh vực phải là chuỗi văn bản.',
        'procedures[1].documents[1].note: Ghi chú phải là chuỗi văn bản.',
        'procedures[1].documents[2]: Mỗi giấy tờ phải là một đối tượng { name, kind, basis?, note? }.',
      ].join('\n'),
    );
  });
});

test('the pure modules import only the list fields, and the list schema as types (they run in the workflow sandbox)', () => {
  for (const file of ['list-quality.ts', 'list-diff.ts']) {
    const source = fs.readFileSync(path.join(__dirname, '../../domain', file), 'utf8');
    const imports = [...source.matchAll(/^import (type )?[^;]*? from '([^']+)'/gms)].map((match) => ({
      typeOnly: match[1] !== undefined,
      name: match[2],
    }));
    expect(imports.filter((i) => !i.typeOnly).map((i) => i.name)).toEqual(['./list-fields']);
    expect(imports.every((i) => ['./list-fields', './agency-list', 'zod'].includes(i.name!))).toBe(true);
    expect(source).not.toMatch(/\bDate\b|Math\.random|process\./);
  }
});
