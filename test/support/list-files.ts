import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { ListFileError, LIST_HEADERS, readListFile, type ListFileIssue } from '../../list-files';
import type { AgencyList } from '../../domain/agency-list';

// Real list files in a temp dir for the list-file tests: writers for xlsx and text files, the
// issues a bad file is refused with, and the list the good files hold.

export type Row = (ExcelJS.CellValue | undefined)[];

/** The file's temp dir, made before its tests and removed after them, and the writers into it. */
export function useListFiles() {
  let dir: string | undefined;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-list-files-'));
  });
  afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  const file = (name: string) => path.join(dir!, name);

  /** An xlsx with one sheet holding `rows` from A1; `edit` for merges, formats, more sheets. */
  async function writeXlsx(
    name: string,
    rows: Row[],
    edit?: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void,
    sheetName = 'Danh sách',
  ): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(sheetName);
    rows.forEach((values, r) =>
      values.forEach((value, c) => value !== undefined && (sheet.getCell(r + 1, c + 1).value = value)),
    );
    edit?.(sheet, workbook);
    const target = file(name);
    await workbook.xlsx.writeFile(target);
    return target;
  }

  function writeText(name: string, content: string | Buffer): string {
    const target = file(name);
    fs.writeFileSync(target, content);
    return target;
  }

  return { file, writeXlsx, writeText };
}

async function issuesOf(target: string): Promise<ListFileIssue[]> {
  const error = await readListFile(target).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ListFileError);
  return (error as ListFileError).issues;
}

export async function expectIssues(target: string, expected: Partial<ListFileIssue>[]): Promise<ListFileIssue[]> {
  const issues = await issuesOf(target);
  expect(issues).toEqual(expected.map((issue) => expect.objectContaining(issue)));
  return issues;
}

export const H = LIST_HEADERS; // STT | Mã TTHC | Tên TTHC | Lĩnh vực | Cơ quan/cấp thực hiện | Tên giấy tờ | Loại giấy tờ | Căn cứ | Ghi chú
export const LLTP = 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam';

export const expectedList: AgencyList = {
  procedures: [
    {
      code: '1.001612.000.00.00.H48',
      name: LLTP,
      field: 'Lý lịch tư pháp',
      level: 'Sở Tư pháp',
      documents: [
        {
          name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp',
          kind: 'thanh_phan_ho_so',
          basis: 'Luật Lý lịch tư pháp 2009',
        },
        { name: 'Phiếu lý lịch tư pháp số 1', kind: 'ket_qua', note: 'Còn hiệu lực; cấp bản điện tử' },
      ],
    },
    {
      code: '1.002421',
      name: 'Đăng ký hành nghề công chứng',
      documents: [
        { name: 'Ý kiến của Hội công chứng viên tỉnh', kind: 'y_kien', note: 'Khi có yêu cầu, "bằng văn bản"' },
      ],
    },
  ],
};
