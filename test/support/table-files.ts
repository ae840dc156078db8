import path from 'node:path';
import ExcelJS from 'exceljs';
import { loadCampaignDefinition } from '../../campaign-files/campaign-definition';
import { deliverableDeclarationSchema, deliverableOf, type TableDeclaration } from '../../domain/deliverables';
import { formatPath } from '../../domain/list-fields';
import { tableTemplate } from '../../deliverable-files';

// Declared tables for the tests of their files: the IT-equipment campaign's, and one with a column
// of every type; the template opened as a person would, to be filled in and saved.

export async function equipmentTable(): Promise<TableDeclaration> {
  const definition = await loadCampaignDefinition(
    path.join(__dirname, '../../campaigns/thiet-bi-cntt-thay-the-2027.yaml'),
  );
  return deliverableOf(definition.deliverable) as TableDeclaration;
}

/** A declaration as the launch accepts it, or the launch's own refusal. */
export function declaredTable(raw: unknown): TableDeclaration {
  const parsed = deliverableDeclarationSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('\n'));
  return parsed.data as TableDeclaration;
}

export const EVERY_TYPE = declaredTable({
  kind: 'table',
  title: 'Bảng thử: mọi kiểu cột / [nháp]',
  columns: [
    {
      key: 'ma',
      label: 'Mã hồ sơ',
      type: 'text',
      required: true,
      minLength: 3,
      maxLength: 20,
      pattern: 'HS-\\d+',
      patternHint: 'dạng HS-12',
      hint: 'Mã do bộ phận một cửa cấp.',
    },
    { key: 'mo-ta', label: 'Mô tả', type: 'long-text', maxLength: 500 },
    { key: 'so-ban', label: 'Số bản', type: 'integer' },
    { key: 'dien-tich', label: 'Diện tích', type: 'number', min: 0, unit: 'm²', decimals: 2 },
    { key: 'ngay-nhan', label: 'Ngày nhận', type: 'date', required: true },
    {
      key: 'muc-do',
      label: 'Mức độ',
      type: 'choice',
      required: true,
      options: [
        { value: 'toan-trinh', label: 'Toàn trình, trực tuyến' },
        { value: 'mot-phan', label: 'Một phần' },
      ],
    },
    { key: 'da-so-hoa', label: 'Đã số hóa', type: 'yes-no' },
  ],
  rowKey: ['ma'],
  maxRows: 5,
});

/** The template of `declaration` opened with exceljs, its data sheet first. */
export async function openTemplate(
  declaration: TableDeclaration,
): Promise<{ workbook: ExcelJS.Workbook; sheet: ExcelJS.Worksheet }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await tableTemplate(declaration)) as unknown as ExcelJS.Buffer);
  return { workbook, sheet: workbook.worksheets[0]! };
}

/** The template filled with `rows` (cells as a person types them, from row 2), `edit`ed further, and saved. */
export async function filledTemplate(
  declaration: TableDeclaration,
  rows: ExcelJS.CellValue[][],
  edit: (sheet: ExcelJS.Worksheet) => void = () => {},
): Promise<Buffer> {
  const { workbook, sheet } = await openTemplate(declaration);
  rows.forEach((row, i) => row.forEach((value, c) => (sheet.getCell(i + 2, c + 1).value = value)));
  edit(sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A cell's data validation as the template wrote it. */
export function validationAt(sheet: ExcelJS.Worksheet, address: string): ExcelJS.DataValidation | undefined {
  return (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations
    .model[address];
}

/** A row of `declaration` as a person types it in the template (yes/no columns as "Có"/"Không"). */
export function typedRow(declaration: TableDeclaration, row: Record<string, unknown>): ExcelJS.CellValue[] {
  return declaration.columns.map((c) =>
    typeof row[c.key] === 'boolean' ? (row[c.key] ? 'Có' : 'Không') : (row[c.key] as ExcelJS.CellValue),
  );
}
