import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import {
  CampaignDefinitionError,
  MAX_CAMPAIGN_AGENCIES,
  rosterEntrySchema,
  type CampaignDefinition,
  type RosterEntry,
} from '../domain/campaign-definition';
import { visibleText } from '../domain/text';
import { ListFileError, formatListFileIssue } from '../list-files';
import { prepareArchive, toRawCell } from '../list-files/xlsx';
import { checkRoster, parseCampaignYaml } from './campaign-yaml';

export {
  campaignDefinitionSchema,
  CampaignDefinitionError,
  resolvedCampaignDefinitionSchema,
  type CampaignDefinition,
  type CampaignDefinitionFile,
  type RosterEntry,
} from '../domain/campaign-definition';

// A campaign definition file (YAML), validated before anything starts: the directive, its deadlines
// as explicit instants, the calendar, the people involved and the roster of agencies.

/** Size bounds of what a campaign is read from: a campaign file, and a roster of agencies. */
export const CAMPAIGN_FILE_LIMITS = {
  maxYamlBytes: 5 * 1024 * 1024,
  maxRosterBytes: 10 * 1024 * 1024,
  maxAgencies: MAX_CAMPAIGN_AGENCIES,
  /** Cells in one csv roster row (a roster has six columns). */
  maxRosterCellsPerRow: 50,
} as const;

const ROSTER_COLUMNS = ['code', 'name', 'kind', 'email', 'stage', 'reason'] as const;

const megabytes = (bytes: number) =>
  `${(bytes / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;

type RosterRow = { row: number; values: Record<string, string> };

/** A roster cell as text: links, rich text and formulas (Excel makes e-mail addresses links) read as shown. */
function rosterCellText(value: ExcelJS.CellValue, numFmt: string | undefined, where: string): string {
  const cell = toRawCell(value, numFmt);
  if (!cell) return '';
  switch (cell.type) {
    case 'text':
      return visibleText(cell.text);
    case 'number':
      return String(cell.value);
    case 'date':
      return cell.value.toISOString().slice(0, 10);
    case 'problem':
      throw new CampaignDefinitionError(where, [`${cell.message}. Cách sửa: ${cell.fix}.`]);
  }
}

async function readRosterXlsx(file: string, buffer: Buffer): Promise<RosterRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // The same guards as list files: archive size, merged ranges, validations stripped.
    await workbook.xlsx.load(prepareArchive(buffer, file) as unknown as ExcelJS.Buffer);
  } catch (error) {
    if (error instanceof ListFileError) throw new CampaignDefinitionError(file, error.issues.map(formatListFileIssue));
    throw error;
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((v) =>
    rosterCellText(v, undefined, file).toLowerCase(),
  );
  const rows: RosterRow[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const values: Record<string, string> = {};
    header.forEach((name, i) => {
      if (!name) return;
      const cell = row.getCell(i);
      try {
        values[name] = rosterCellText(cell.value, cell.numFmt, file);
      } catch (error) {
        if (!(error instanceof CampaignDefinitionError)) throw error;
        throw new CampaignDefinitionError(file, [`dòng ${number}, cột ${name}: ${error.problems[0]}`]);
      }
    });
    rows.push({ row: number, values });
  });
  return rows;
}

async function readRosterRows(file: string): Promise<RosterRow[]> {
  const size = fs.statSync(file).size;
  if (size > CAMPAIGN_FILE_LIMITS.maxRosterBytes)
    throw new CampaignDefinitionError(file, [
      `tệp danh sách cơ quan (roster) nặng ${megabytes(size)}, quá ${megabytes(CAMPAIGN_FILE_LIMITS.maxRosterBytes)}. Cách sửa: chỉ giữ các cột code,name,kind,email,stage,reason và bỏ hình ảnh, trang tính thừa.`,
    ]);
  if (file.endsWith('.csv')) {
    const text = fs.readFileSync(file, 'utf8');
    // Excel in a Vietnamese locale saves CSV with semicolons: take the header's separator.
    const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
    const records: string[][] = parseCsv(text, {
      bom: true,
      delimiter,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      // A row has six columns: far more cells is not a roster.
      max_record_size: 64 * 1024,
      to: CAMPAIGN_FILE_LIMITS.maxAgencies + 2,
      on_record: (record: string[], context) => {
        if (record.length > CAMPAIGN_FILE_LIMITS.maxRosterCellsPerRow)
          throw new CampaignDefinitionError(file, [
            `dòng ${context.lines} có ${record.length.toLocaleString('vi-VN')} ô, tối đa ${CAMPAIGN_FILE_LIMITS.maxRosterCellsPerRow}. Cách sửa: mỗi dòng chỉ ghi các cột ${ROSTER_COLUMNS.join(', ')}; kiểm tra dấu phân cách (dấu phẩy hoặc chấm phẩy).`,
          ]);
        return record;
      },
    });
    const [header, ...rows] = records;
    return rows.map((cells, index) => ({
      row: index + 2,
      values: Object.fromEntries((header ?? []).map((name, i) => [visibleText(name).toLowerCase(), cells[i] ?? ''])),
    }));
  }
  if (file.endsWith('.xlsx')) return readRosterXlsx(file, fs.readFileSync(file));
  throw new Error('Tệp danh sách cơ quan (roster) phải là .csv hoặc .xlsx.');
}

async function loadRoster(file: string): Promise<RosterEntry[]> {
  const rows = await readRosterRows(file);
  if (rows.length > CAMPAIGN_FILE_LIMITS.maxAgencies)
    throw new CampaignDefinitionError(file, [
      `danh sách cơ quan có hơn ${CAMPAIGN_FILE_LIMITS.maxAgencies.toLocaleString('vi-VN')} dòng. Cách sửa: chia thành nhiều chiến dịch, hoặc bỏ các dòng thừa.`,
    ]);
  const problems: string[] = [];
  const missing = ROSTER_COLUMNS.slice(0, 3).filter((column) => rows.length > 0 && !(column in rows[0]!.values));
  if (missing.length > 0)
    throw new CampaignDefinitionError(file, [
      `thiếu cột ${missing.join(', ')} ở dòng tiêu đề; các cột: ${ROSTER_COLUMNS.join(', ')}`,
    ]);
  const entries: RosterEntry[] = [];
  for (const { row, values } of rows) {
    const clean = Object.fromEntries(ROSTER_COLUMNS.filter((c) => values[c]).map((c) => [c, values[c]]));
    const parsed = rosterEntrySchema.safeParse(clean);
    if (parsed.success) entries.push(parsed.data);
    else
      problems.push(
        ...parsed.error.issues.map((issue) => `dòng ${row}, cột ${String(issue.path[0] ?? '')}: ${issue.message}`),
      );
  }
  if (problems.length > 0) throw new CampaignDefinitionError(file, problems);
  return entries;
}

/** Any failure reading a roster file becomes a CampaignDefinitionError naming the file. */
async function loadRosterFile(file: string): Promise<RosterEntry[]> {
  try {
    return await loadRoster(file);
  } catch (error) {
    if (error instanceof CampaignDefinitionError) throw error;
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'không có tệp này' : (error as Error).message;
    throw new CampaignDefinitionError(file, [
      `không đọc được tệp danh sách cơ quan (roster): ${reason}; tệp phải là .csv (UTF-8) hoặc .xlsx với dòng tiêu đề code,name,kind,email,stage,reason`,
    ]);
  }
}

/** Reads and validates a campaign file (and its roster file); throws CampaignDefinitionError. */
export async function loadCampaignDefinition(file: string): Promise<CampaignDefinition> {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > CAMPAIGN_FILE_LIMITS.maxYamlBytes)
      throw new CampaignDefinitionError(file, [
        `tệp chiến dịch nặng ${megabytes(size)}, quá ${megabytes(CAMPAIGN_FILE_LIMITS.maxYamlBytes)}. Cách sửa: đưa danh sách cơ quan ra tệp riêng (roster: ./co-quan.csv).`,
      ]);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof CampaignDefinitionError) throw error;
    throw new CampaignDefinitionError(file, [
      `không đọc được tệp (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); kiểm tra đường dẫn`,
    ]);
  }
  const { agencies, roster, ...definition } = parseCampaignYaml(text, file);
  const entries = checkRoster(
    file,
    roster ? await loadRosterFile(path.resolve(path.dirname(file), roster)) : agencies!,
  );
  return { ...definition, agencies: entries };
}
