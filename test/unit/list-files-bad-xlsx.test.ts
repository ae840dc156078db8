import fs from 'node:fs';
import { ListFileError, formatListFileIssue, readListFile } from '../../list-files';
import { readZipDirectory, readZipEntry, rewriteZip } from '../../list-files/zip';
import { expectIssues, H, LLTP, useListFiles } from '../support/list-files';

// Bad xlsx list files fail with a ListFileError that names the sheet, row and column of every problem.

const { file, writeXlsx, writeText } = useListFiles();

describe('bad xlsx files: every problem with its sheet, row and column', () => {
  const S = 'Danh sách';

  test('a renamed header and a missing one', async () => {
    const target = await writeXlsx('renamed-header.xlsx', [
      ['STT', 'Mã số', 'Tên TTHC', 'Tên giấy tờ', 'Loại giấy tờ', 'Ghi chú thêm'],
      [1, '1.002421', 'Đăng ký hành nghề công chứng', 'Tờ khai', 'Kết quả'],
    ]);
    const issues = await expectIssues(target, [
      { sheet: S, row: 1, column: 'Mã số', message: 'tiêu đề "Mã số" ở cột B không thuộc mẫu' },
      { sheet: S, row: 1, column: 'Ghi chú thêm' },
      {
        sheet: S,
        row: 1,
        column: 'Mã TTHC',
        message: expect.stringContaining(
          'dòng tiêu đề thiếu cột "Mã TTHC"; có thể cột "Mã số" (cột B), "Ghi chú thêm" (cột F) là cột này bị đổi tên',
        ),
      },
    ]);
    expect(formatListFileIssue(issues[2]!)).toBe(
      'Trang "Danh sách", dòng 1, cột "Mã TTHC": dòng tiêu đề thiếu cột "Mã TTHC"; có thể cột "Mã số" (cột B), "Ghi chú thêm" (cột F) là cột này bị đổi tên — cách sửa: đặt tiêu đề cột đúng là "Mã TTHC" như trong tệp mẫu (STT | Mã TTHC | Tên TTHC | Lĩnh vực | Cơ quan/cấp thực hiện | Tên giấy tờ | Loại giấy tờ | Căn cứ | Ghi chú).',
    );
  });

  test('no header row at all', async () => {
    const target = await writeXlsx('no-header.xlsx', [
      [1, '1.002421', 'Đăng ký hành nghề công chứng', 'Tờ khai', 'Kết quả'],
    ]);
    await expectIssues(target, [
      { sheet: S, row: 1, message: expect.stringContaining('không tìm thấy dòng tiêu đề trong 10 dòng đầu') },
    ]);
  });

  test('an empty sheet, and a header without rows', async () => {
    await expectIssues(await writeXlsx('empty-sheet.xlsx', []), [
      { sheet: S, message: 'tệp không có dữ liệu (trang trống)' },
    ]);
    await expectIssues(await writeXlsx('header-only.xlsx', [[...H]]), [
      { sheet: S, row: 2, message: 'không có dòng giấy tờ nào dưới dòng tiêu đề' },
    ]);
  });

  test('cell problems: a code typed as a number that lost its last zero, dates, formulas without result or with an error', async () => {
    const target = await writeXlsx(
      'cells.xlsx',
      [
        [...H],
        [1, 1.00242, 'Thủ tục A', '', '', 'Tờ khai', 'Thành phần hồ sơ'],
        [2, '1.000002', 'Thủ tục B', '', '', 'Tờ khai', 'Thành phần hồ sơ', new Date(Date.UTC(2023, 0, 1))],
        [3, '1.000003', 'Thủ tục C', '', '', { formula: 'A1&B1' }, 'Kết quả'],
        [
          4,
          '1.000004',
          'Thủ tục D',
          '',
          '',
          'Giấy phép',
          { formula: 'VLOOKUP(A1,Z:Z,2,0)', result: { error: '#N/A' } },
        ],
        [5, '1.000005', 'Thủ tục E', '', '', 'Quyết định', 'Kết quả', 45000],
      ],
      (sheet) => {
        sheet.getCell('H6').numFmt = 'dd/mm/yyyy'; // a number shown as a date: exceljs reads a Date
      },
    );
    await expectIssues(target, [
      {
        sheet: S,
        row: 2,
        column: 'Mã TTHC',
        message: 'Mã TTHC đang là số 1.00242, không phải văn bản — Excel có thể đã bỏ mất chữ số 0 ở cuối',
      },
      {
        sheet: S,
        row: 3,
        column: 'Căn cứ',
        message: 'ô chứa ngày tháng 01/01/2023 — Excel đã tự đổi nội dung thành ngày',
      },
      { sheet: S, row: 4, column: 'Tên giấy tờ', message: 'ô chứa công thức chưa có kết quả đã tính' },
      { sheet: S, row: 5, column: 'Loại giấy tờ', message: 'công thức trong ô cho kết quả lỗi #N/A' },
      { sheet: S, row: 6, column: 'Căn cứ', message: expect.stringContaining('ô chứa ngày tháng 15/03/2023') },
    ]);
  });

  test('row problems: invalid kind, missing name, orphan row, procedure without documents, conflicting names, duplicates', async () => {
    const target = await writeXlsx('rows.xlsx', [
      [...H],
      [1, '', '', '', '', 'Giấy tờ không có TTHC', 'Kết quả'], // 2: nothing above
      [2, '1.000001', 'Thủ tục A', '', '', 'Tờ khai', 'Bản sao'], // 3: bad kind
      [3, '', '', '', '', '', 'Kết quả', 'Luật X'], // 4: no name
      [4, '1.000002', 'Thủ tục B'], // 5: a heading row and nothing under it
      [5, '1.000003', 'Thủ tục C', '', '', 'Đơn', 'Thành phần hồ sơ'], // 6
      [6, '1.000003', 'Thủ tục C khác', '', '', 'Quyết định', 'Kết quả'], // 7: name differs for one code
      [7, '', '', '', '', ' ĐƠN ', 'Kết quả'], // 8: same document twice
      [8, '1.000003.000.00.00.H48', 'Thủ tục C', '', '', 'Giấy phép', 'Kết quả'], // 9: provincial form of 1.000003
      [9, '', 'Thủ tục E', '', '', 'Giấy phép', 'Kết quả'], // 10: a new procedure without code
      [10, '1.00004', 'Thủ tục D', '', '', 'Giấy phép', 'Kết quả'], // 11: malformed code
    ]);
    const issues = await expectIssues(target, [
      { sheet: S, row: 2, column: 'Mã TTHC', message: expect.stringContaining('dòng giấy tờ chưa thuộc TTHC nào') },
      { sheet: S, row: 3, column: 'Loại giấy tờ', message: 'loại giấy tờ "Bản sao" không hợp lệ' },
      { sheet: S, row: 4, column: 'Tên giấy tờ', message: 'thiếu tên giấy tờ' },
      { sheet: S, row: 5, column: 'Tên giấy tờ', message: 'TTHC 1.000002 chưa có giấy tờ nào' },
      {
        sheet: S,
        row: 7,
        column: 'Tên TTHC',
        message: 'Tên TTHC "Thủ tục C khác" khác với dòng 6 ("Thủ tục C") của cùng mã TTHC 1.000003',
      },
      { sheet: S, row: 8, column: 'Tên giấy tờ', message: 'Tên giấy tờ "ĐƠN" đã khai ở dòng 6 cho cùng TTHC 1.000003' },
      {
        sheet: S,
        row: 9,
        column: 'Mã TTHC',
        message:
          'Mã TTHC 1.000003.000.00.00.H48 trùng với TTHC ở dòng 6 (1.000003: mã của tỉnh và mã quốc gia 1.000003 là cùng một TTHC)',
      },
      {
        sheet: S,
        row: 10,
        column: 'Mã TTHC',
        message: 'thiếu Mã TTHC trong khi cột "Tên TTHC" ghi "Thủ tục E", khác TTHC 1.000003.000.00.00.H48 ở dòng trên',
      },
      { sheet: S, row: 11, column: 'Mã TTHC', message: 'Mã TTHC "1.00004" không đúng dạng' },
    ]);
    expect(issues.every((issue) => issue.fix.length > 10)).toBe(true);
  });

  test('merged rows across columns', async () => {
    const target = await writeXlsx(
      'merged.xlsx',
      [[...H], ['I. LĨNH VỰC LÝ LỊCH TƯ PHÁP'], [1, '1.001612', LLTP, '', '', 'Tờ khai', 'Thành phần hồ sơ']],
      (sheet) => sheet.mergeCells('A2:I2'),
    );
    await expectIssues(target, [{ sheet: S, row: 2, message: 'dòng có ô gộp (merge) A2:I2 qua nhiều cột' }]);
  });

  test('a merge over a whole column is refused before it is expanded', async () => {
    // Written by patching the sheet XML: exceljs itself would create a million cells for it.
    const target = await writeXlsx('huge-merge.xlsx', [[...H], [1]]);
    const buffer = fs.readFileSync(target);
    const entries = readZipDirectory(buffer);
    const sheetEntry = entries.find((entry) => entry.name === 'xl/worksheets/sheet1.xml')!;
    const xml = readZipEntry(buffer, sheetEntry, 1e6).toString('utf8');
    const patched = xml.replace(
      '</sheetData>',
      '</sheetData><mergeCells count="1"><mergeCell ref="J1:J1048576"/></mergeCells>',
    );
    expect(patched).not.toBe(xml);
    fs.writeFileSync(target, rewriteZip(buffer, entries, new Map([[sheetEntry.name, Buffer.from(patched)]])));
    await expectIssues(target, [{ sheet: S, message: 'vùng gộp ô J1:J1048576 quá lớn (gộp cả cột hoặc cả dòng)' }]);
  });

  test('data under a column without a header', async () => {
    const target = await writeXlsx('unlabelled.xlsx', [
      [...H],
      [1, '1.002421', 'Thủ tục A', '', '', 'Tờ khai', 'Kết quả', '', '', 'ghi chú lạc cột'],
      [2, '1.002421', 'Thủ tục A', '', '', 'Quyết định', 'Kết quả', '', '', 'nữa'],
    ]);
    await expectIssues(target, [
      { sheet: S, row: 2, column: 'J', message: 'ô J2 có dữ liệu nhưng cột J không có tiêu đề' },
    ]);
  });

  test('an archive that would expand past the limit is refused before it is expanded', async () => {
    const target = await writeXlsx('bomb.xlsx', [[...H]]);
    const buffer = fs.readFileSync(target);
    const entries = readZipDirectory(buffer);
    const bomb = Buffer.alloc(51 * 1024 * 1024, 0x20); // 51 MB of spaces deflates to ~50 KB
    fs.writeFileSync(target, rewriteZip(buffer, entries, new Map([['xl/styles.xml', bomb]])));
    expect(fs.statSync(target).size).toBeLessThan(200 * 1024);
    await expectIssues(target, [{ message: 'nội dung tệp khi giải nén vượt quá 50 MB' }]);

    // The same archive with its directory understating the size: caught while inflating.
    const lying = fs.readFileSync(target);
    const styles = readZipDirectory(lying).find((entry) => entry.name === 'xl/styles.xml')!;
    lying.writeUInt32LE(1000, styles.localHeaderOffset + 22);
    const end = lying.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    for (let offset = lying.readUInt32LE(end + 16); offset < end;) {
      const nameLength = lying.readUInt16LE(offset + 28);
      if (lying.toString('latin1', offset + 46, offset + 46 + nameLength) === styles.name)
        lying.writeUInt32LE(1000, offset + 24);
      offset += 46 + nameLength + lying.readUInt16LE(offset + 30) + lying.readUInt16LE(offset + 32);
    }
    expect(readZipDirectory(lying).find((e) => e.name === 'xl/styles.xml')!.uncompressedSize).toBe(1000);
    await expectIssues(writeText('lying-bomb.xlsx', lying), [{ message: 'nội dung tệp khi giải nén vượt quá 50 MB' }]);
  });

  test('a text file, a truncated file, an empty file, an old .xls, an unsupported extension, a missing file', async () => {
    await expectIssues(writeText('text.xlsx', 'STT,Mã TTHC\n1,1.002421\n'), [
      { message: 'tệp là văn bản thuần (có thể là CSV đổi đuôi .xlsx), không phải .xlsx' },
    ]);
    const good = fs.readFileSync(await writeXlsx('whole.xlsx', [[...H]]));
    await expectIssues(writeText('truncated.xlsx', good.subarray(0, Math.floor(good.length / 2))), [
      { message: expect.stringContaining('bị hỏng hoặc không trọn vẹn') },
    ]);
    await expectIssues(writeText('empty.xlsx', ''), [{ message: 'tệp rỗng (0 byte)' }]);
    const ole = Buffer.alloc(1024);
    Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(ole);
    await expectIssues(writeText('old.xlsx', ole), [{ message: expect.stringContaining('định dạng Excel cũ (.xls)') }]);
    await expectIssues(writeText('list.xls', ole), [
      { message: 'tệp phải có đuôi .xlsx, .csv hoặc .json (định dạng .xls không được hỗ trợ)' },
    ]);
    await expectIssues(file('nowhere.xlsx'), [{ message: expect.stringContaining('không tìm thấy tệp') }]);
  });

  test('a file over the size limit is refused before it is read', async () => {
    const target = file('huge.xlsx');
    fs.writeFileSync(target, '');
    fs.truncateSync(target, 10 * 1024 * 1024 + 1); // sparse: costs nothing
    await expectIssues(target, [{ message: 'tệp nặng 10.0 MB, quá giới hạn 10 MB' }]);
  });

  test('the error message lists every problem as: Trang "…", dòng N, cột "…": … — cách sửa: …', async () => {
    const target = await writeXlsx('message.xlsx', [
      [...H],
      [1, '1.0001', 'Thủ tục A', '', '', 'Tờ khai', 'Kết quả'],
      [2, '1.000002', 'Thủ tục B', '', '', 'Tờ khai', 'abc'],
    ]);
    const error = (await readListFile(target).catch((e: unknown) => e)) as ListFileError;
    expect(error.message).toBe(
      [
        'Không đọc được danh sách giấy tờ từ tệp "message.xlsx" (2 lỗi):',
        '- Trang "Danh sách", dòng 2, cột "Mã TTHC": Mã TTHC "1.0001" không đúng dạng — cách sửa: ghi mã dạng 1.002421 (mã quốc gia) hoặc 1.002421.000.00.00.H48 (mã của tỉnh), dùng dấu chấm, không có khoảng trắng.',
        '- Trang "Danh sách", dòng 3, cột "Loại giấy tờ": loại giấy tờ "abc" không hợp lệ — cách sửa: chọn một trong: Thành phần hồ sơ, Kết quả, Ý kiến (hoặc mã thanh_phan_ho_so, ket_qua, y_kien).',
      ].join('\n'),
    );
  });
});
