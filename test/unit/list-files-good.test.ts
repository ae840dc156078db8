import ExcelJS from 'exceljs';
import { listFileFormat, readListFile } from '../../list-files';
import { expectedList, H, LLTP, useListFiles } from '../support/list-files';

// Good list files, real ones in a temp dir, read back exactly: xlsx, csv and json.

const { writeXlsx, writeText } = useListFiles();

describe('good files', () => {
  test('xlsx: blank procedure columns under the first row, labels in any case or without diacritics, formulas, rich text, merges', async () => {
    const target = await writeXlsx(
      'good.xlsx',
      [
        ['DANH SÁCH GIẤY TỜ CẦN SỐ HÓA — SỞ TƯ PHÁP'], // a title above the header
        [],
        [...H],
        ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)', '(9)'], // column numbering, as in official forms
        [
          1,
          '1.001612.000.00.00.H48',
          LLTP,
          'Lý lịch tư pháp',
          'Sở Tư pháp',
          'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp',
          'THANH PHAN HO SO',
          'Luật Lý lịch tư pháp 2009',
        ],
        [
          2,
          undefined,
          undefined,
          undefined,
          undefined,
          { formula: 'CONCATENATE("Phiếu lý lịch"," tư pháp số 1")', result: 'Phiếu lý lịch tư pháp số 1' },
          'kết quả',
          undefined,
          { richText: [{ text: 'Còn hiệu lực;\n' }, { font: { bold: true }, text: 'cấp bản điện tử' }] },
        ],
        [],
        [
          3,
          1.002421,
          'Đăng ký hành nghề  công chứng'.normalize('NFD'),
          undefined,
          undefined,
          'Ý kiến của Hội công chứng viên tỉnh',
          'y_kien',
          '',
          'Khi có yêu cầu, "bằng văn bản"',
        ],
      ],
      (sheet, workbook) => {
        sheet.mergeCells('B5:B6'); // procedure columns merged down over the procedure's rows
        sheet.mergeCells('C5:C6');
        workbook.addWorksheet('Hướng dẫn').addRow(['Mã TTHC', 'Tên TTHC', 'Tên giấy tờ', 'Loại giấy tờ']);
      },
    );
    await expect(readListFile(target)).resolves.toEqual(expectedList);
  });

  test('xlsx: the list sheet is found by name, whatever its position; other sheets are ignored', async () => {
    const target = await writeXlsx(
      'named-sheet.xlsx',
      [['ghi chú của cán bộ']],
      (_sheet, workbook) => {
        const list = workbook.addWorksheet('DANH SACH');
        list.addRow(['Mã thủ tục', 'Tên thủ tục hành chính', 'Tên giấy tờ, tài liệu', 'Loại (*)']);
        list.addRow(['1.002421', 'Đăng ký hành nghề công chứng', 'Ý kiến của Hội công chứng viên tỉnh', 'Ý KIẾN']);
      },
      'Ghi chú',
    );
    await expect(readListFile(target)).resolves.toEqual({
      procedures: [
        {
          code: '1.002421',
          name: 'Đăng ký hành nghề công chứng',
          documents: [{ name: 'Ý kiến của Hội công chứng viên tỉnh', kind: 'y_kien' }],
        },
      ],
    });
  });

  test('xlsx: a data validation over whole columns does not hang the reader', async () => {
    const target = await writeXlsx(
      'whole-column-validation.xlsx',
      [
        [...H],
        [1, '1.002421', 'Đăng ký hành nghề công chứng', '', '', 'Ý kiến của Hội công chứng viên tỉnh', 'Ý kiến'],
      ],
      (sheet) => {
        // 10 million cells: exceljs alone expands this cell by cell and never finishes.
        (
          sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
        ).dataValidations.add('A1:J1048576', {
          type: 'list',
          allowBlank: true,
          formulae: ['"a,b"'],
        });
      },
    );
    // How long it takes is measured by bench/list-file-validation.ts, not asserted here.
    await expect(readListFile(target)).resolves.toEqual({
      procedures: [
        {
          code: '1.002421',
          name: 'Đăng ký hành nghề công chứng',
          documents: [{ name: 'Ý kiến của Hội công chứng viên tỉnh', kind: 'y_kien' }],
        },
      ],
    });
  });

  test.each([
    ['comma, BOM, CRLF', '\ufeff', ',', '\r\n'],
    ['semicolon, no BOM, LF', '', ';', '\n'],
  ])('csv (%s)', async (_label, bom, delimiter, eol) => {
    const quote = (value: string) => (/[",;\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
    const rows = [
      H,
      [
        '1',
        '1.001612.000.00.00.H48',
        LLTP,
        'Lý lịch tư pháp',
        'Sở Tư pháp',
        'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp',
        'Thành phần hồ sơ',
        'Luật Lý lịch tư pháp 2009',
        '',
      ],
      [
        '2',
        '1.001612.000.00.00.H48',
        LLTP,
        '',
        '',
        'Phiếu lý lịch tư pháp số 1',
        'ket_qua',
        '',
        'Còn hiệu lực;\ncấp bản điện tử',
      ],
      ['', '', '', '', '', '', '', '', ''],
      [
        '3',
        '1.002421',
        'Đăng ký hành nghề công chứng',
        '',
        '',
        'Ý kiến của Hội công chứng viên tỉnh',
        'Y KIEN',
        '',
        'Khi có yêu cầu, "bằng văn bản"',
      ],
    ];
    const target = writeText(
      `good-${delimiter === ',' ? 'comma' : 'semicolon'}.csv`,
      bom + rows.map((row) => row.map(quote).join(delimiter)).join(eol) + eol,
    );
    await expect(readListFile(target)).resolves.toEqual(expectedList);
  });

  test('json: the list object or a bare array of procedures; kind labels accepted', async () => {
    const asObject = writeText('good.json', '\ufeff' + JSON.stringify(expectedList, null, 2));
    await expect(readListFile(asObject)).resolves.toEqual(expectedList);
    const labelled = structuredClone(expectedList).procedures as unknown as { documents: { kind: string }[] }[];
    labelled[0]!.documents[0]!.kind = 'Thành phần hồ sơ';
    labelled[1]!.documents[0]!.kind = 'ý kiến';
    const asArray = writeText('array.json', JSON.stringify(labelled));
    await expect(readListFile(asArray)).resolves.toEqual(expectedList);
  });

  test('listFileFormat', () => {
    expect([
      listFileFormat('a/b/DS.XLSX'),
      listFileFormat('x.csv'),
      listFileFormat('x.json'),
      listFileFormat('x.xls'),
    ]).toEqual(['xlsx', 'csv', 'json', undefined]);
  });
});
