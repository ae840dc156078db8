import { type ListFileIssue, ListFileError, formatListFileIssue, readListFile } from '../../list-files';
import { expectIssues, H, useListFiles } from '../support/list-files';

// Bad csv and json list files fail with a ListFileError naming the record or path of every problem,
// and a csv is bounded in its cells.

const { writeText } = useListFiles();

describe('bad csv and json files', () => {
  const csv = (name: string, rows: string[][], delimiter = ',') =>
    writeText(name, rows.map((row) => row.join(delimiter)).join('\n'));

  test('csv rows: no sheet, record number as the row', async () => {
    const target = csv(
      'bad.csv',
      [
        [...H],
        ['1', '1.002421', 'Thủ tục A', '', '', 'Tờ khai', 'Kết quả'],
        ['2', '1,002421', 'Thủ tục B', '', '', 'Tờ khai', 'Kết quả'],
      ],
      ';',
    );
    const issues = await expectIssues(target, [
      { row: 3, column: 'Mã TTHC', message: 'Mã TTHC "1,002421" không đúng dạng (dùng dấu phẩy thay dấu chấm)' },
    ]);
    expect(issues[0]!.sheet).toBeUndefined();
    expect(formatListFileIssue(issues[0]!)).toMatch(/^Dòng 3, cột "Mã TTHC": Mã TTHC "1,002421" không đúng dạng/);
  });

  test('csv encodings, quotes, emptiness and size', async () => {
    await expectIssues(
      writeText(
        'latin.csv',
        Buffer.concat([
          Buffer.from(H.join(',') + '\n1,1.002421,'),
          Buffer.from([0xd0, 0xe3, 0x6e, 0x67]),
          Buffer.from(',,,A,ket_qua\n'),
        ]),
      ),
      [{ message: expect.stringContaining('không phải mã UTF-8') }],
    );
    await expectIssues(
      writeText('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(H.join('\t'), 'utf16le')])),
      [{ message: expect.stringContaining('UTF-16') }],
    );
    await expectIssues(writeText('quote.csv', `${H.join(',')}\n1,1.002421,"Thủ tục A,,,A,ket_qua\n`), [
      { row: 2, message: 'dấu ngoặc kép (") mở mà không đóng' },
    ]);
    await expectIssues(writeText('blank.csv', '\ufeff\r\n \r\n'), [{ message: 'tệp rỗng' }]);
    const many = [
      H.join(','),
      ...Array.from({ length: 20_001 }, (_, i) => `${i + 1},1.002421,Thủ tục,,,Giấy tờ ${i + 1},Kết quả`),
    ].join('\n');
    await expectIssues(writeText('many.csv', many), [{ row: 20_002, message: 'tệp có hơn 20.000 dòng giấy tờ' }]);
  });

  test('json: syntax errors by line, schema problems by path', async () => {
    await expectIssues(writeText('syntax.json', '{\n  "procedures": [\n    { "code": "1.002421", }\n  ]\n}'), [
      { row: 3, message: expect.stringContaining('tệp JSON sai cú pháp') },
    ]);
    const list = {
      procedures: [
        { code: '1.00242', name: 'A', documents: [{ name: 'B', kind: 'ban_sao' }] },
        { code: '1.000001', name: 'C', documents: [] },
      ],
    };
    await expectIssues(writeText('schema.json', JSON.stringify(list)), [
      { path: 'procedures[1].code', message: 'Mã TTHC phải có dạng 1.002421 hoặc 1.001612.000.00.00.H48.' },
      { path: 'procedures[1].documents[1].kind', message: expect.stringContaining('Loại giấy tờ phải là một trong') },
      { path: 'procedures[2].documents', message: 'Mỗi TTHC phải có ít nhất một giấy tờ cần số hóa.' },
    ]);
    await expectIssues(writeText('null.json', 'null'), [
      { path: '(toàn bộ)', message: 'Danh sách phải là một đối tượng { procedures: [...] }.' },
    ]);
  });
});

describe('csv cell bounds', () => {
  const header = 'Mã TTHC,Tên TTHC,Tên giấy tờ,Loại giấy tờ';
  const issuesOf = async (name: string, text: string): Promise<ListFileIssue[]> => {
    const error = await readListFile(writeText(name, text)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ListFileError);
    return (error as ListFileError).issues;
  };

  test('a row of hundreds of cells is refused at its row, naming the bound', async () => {
    expect(await issuesOf('nhieu-o.csv', `${header}\n${','.repeat(500)}\n`)).toEqual([
      expect.objectContaining({ row: 2, message: 'dòng có 501 ô', fix: expect.stringContaining('tối đa 100 ô') }),
    ]);
  });

  test('a file of more than a million cells is refused before it is all kept', async () => {
    const issues = await issuesOf('trieu-o.csv', `${header}\n${`${','.repeat(90)}\n`.repeat(12_000)}`);
    expect(issues).toEqual([expect.objectContaining({ message: 'tệp có hơn 1.000.000 ô' })]);
  });
});
