import { mergeLists } from '../../domain/catalogue';
import type { AgencyList } from '../../domain/agency-list';

const list = (code: string, documents: [string, 'thanh_phan_ho_so' | 'ket_qua' | 'y_kien'][]): AgencyList => ({
  procedures: [{ code, name: `Thủ tục ${code}`, documents: documents.map(([name, kind]) => ({ name, kind })) }],
});

describe('mergeLists', () => {
  test('one row per procedure and document, national and provincial codes merged, agencies attributed', () => {
    const rows = mergeLists([
      {
        agencyCode: 'so-y-te',
        list: list('1.001612.000.00.00.H48', [
          ['Tờ khai', 'thanh_phan_ho_so'],
          ['Giấy phép', 'ket_qua'],
        ]),
      },
      { agencyCode: 'so-tu-phap', list: list('1.001612', [['tờ  KHAI', 'thanh_phan_ho_so']]) },
    ]);
    expect(rows.map((r) => [r.procedureCode, r.documentName, r.agencyCodes])).toEqual([
      ['1.001612', 'Giấy phép', ['so-y-te']],
      ['1.001612', 'tờ KHAI', ['so-tu-phap', 'so-y-te']],
    ]);
  });

  test('the same agency listing a document twice is attributed once; the order of input does not matter', () => {
    const a = { agencyCode: 'a', list: list('1.000001', [['Đơn', 'thanh_phan_ho_so']]) };
    const b = { agencyCode: 'b', list: list('1.000001', [['Đơn', 'thanh_phan_ho_so']]) };
    expect(mergeLists([a, b, a])).toEqual(mergeLists([b, a]));
    expect(mergeLists([a, a])[0]!.agencyCodes).toEqual(['a']);
  });

  test('no lists, no rows', () => {
    expect(mergeLists([])).toEqual([]);
  });
});
