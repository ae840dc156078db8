import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import YAML from 'yaml';
import { z } from 'zod';
import { AGENCY_KINDS, campaignPolicySchema } from '../domain/agency-input';
import { formatPath } from '../domain/agency-list';
import { deadlineOrderProblems } from '../domain/campaign-deadlines';
import { visibleText } from '../domain/text';

// A campaign definition file (YAML), validated before anything starts: the directive, its deadlines
// as explicit instants, the calendar, the people involved and the roster of agencies.

const instant = (what: string) =>
  z.iso.datetime({
    offset: true,
    error: `${what} phải là thời điểm có múi giờ, ví dụ 2024-03-04T23:59:59+07:00 (giờ Việt Nam).`,
  });
/** A text field whose every error says what is wrong and how to fix it. */
const textField = (label: string, fix: string) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined || issue.input === null
          ? `Thiếu ${label}. Cách sửa: ${fix}`
          : `${label} phải là chữ (văn bản). Cách sửa: ${fix}`,
    })
    .overwrite(visibleText)
    .min(1, `Thiếu ${label}. Cách sửa: ${fix}`);
const emailField = (label: string) =>
  z
    .email({
      error: `${label} không hợp lệ. Cách sửa: ghi một địa chỉ email, ví dụ vanthu@quangngai.gov.vn, hoặc bỏ trống.`,
    })
    .optional();
const person = (field: string) =>
  z.object(
    {
      name: textField(`tên (${field}.name)`, `ghi tên cơ quan hoặc người, ví dụ "Sở Thông tin và Truyền thông".`),
      email: emailField(`Email (${field}.email)`),
    },
    { error: `Thiếu ${field}. Cách sửa: ghi ${field}: { name: "…", email: "…" }.` },
  );

const CODE_FIX = 'ghi mã cơ quan chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới, ví dụ so-tu-phap hoặc xa-21112.';

export const rosterEntrySchema = z.object(
  {
    code: textField('mã cơ quan (code)', CODE_FIX).regex(
      /^[\p{L}\p{N}.\-_]+$/u,
      `Mã cơ quan (code) có ký tự không dùng được. Cách sửa: ${CODE_FIX}`,
    ),
    name: textField('tên cơ quan (name)', 'ghi tên đầy đủ của cơ quan, ví dụ "Sở Tư pháp".'),
    kind: z.enum(AGENCY_KINDS, {
      error: (issue) =>
        `${issue.input === undefined ? 'Thiếu loại cơ quan (kind)' : 'Loại cơ quan (kind) không hợp lệ'}. Cách sửa: ghi một trong: ${AGENCY_KINDS.join(', ')}.`,
    }),
    email: emailField('Email cơ quan (email)'),
    stage: z
      .enum(['assigned', 'returned'], {
        error:
          'Trạng thái ban đầu (stage) không hợp lệ. Cách sửa: ghi assigned hoặc returned, hoặc bỏ trống (assigned).',
      })
      .default('assigned'),
    reason: z
      .string({ error: 'Lý do (reason) phải là chữ (văn bản). Cách sửa: ghi lý do, hoặc bỏ trống.' })
      .overwrite(visibleText)
      .optional(),
  },
  { error: 'Mỗi cơ quan phải là một mục { code, name, kind, email?, stage?, reason? }.' },
);
export type RosterEntry = z.infer<typeof rosterEntrySchema>;

export const campaignDefinitionSchema = z
  .object({
    id: textField(
      'mã chiến dịch (id)',
      'ghi mã chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, ví dụ 751-UBND-TTHC-2024.',
    ).regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
      'Mã chiến dịch (id) chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang. Cách sửa: ví dụ 751-UBND-TTHC-2024.',
    ),
    directive: z.object(
      {
        number: textField('số văn bản (directive.number)', 'ghi số hiệu văn bản, ví dụ 751/UBND-TTHC.'),
        date: z.iso.date('Ngày văn bản (directive.date) phải có dạng YYYY-MM-DD, ví dụ 2024-02-07.'),
        title: textField('trích yếu văn bản (directive.title)', 'ghi trích yếu của văn bản giao nhiệm vụ.'),
        issuer: z.string().overwrite(visibleText).optional(),
        signer: z.string().overwrite(visibleText).optional(),
      },
      { error: 'Thiếu văn bản giao nhiệm vụ (directive). Cách sửa: ghi directive: { number, date, title }.' },
    ),
    deadlines: z.object(
      {
        submission: instant('Hạn nộp (deadlines.submission)'),
        approval: instant('Hạn phê duyệt (deadlines.approval)'),
      },
      { error: 'Thiếu các hạn (deadlines). Cách sửa: ghi deadlines: { submission, approval } có múi giờ.' },
    ),
    calendar: z
      .enum(['vietnam', 'weekends-only'], { error: 'Lịch (calendar) phải là vietnam hoặc weekends-only.' })
      .default('vietnam'),
    policy: campaignPolicySchema.default({
      reminderOffsets: [3, 1],
      resubmissionWorkingDays: 5,
      reviewWorkingDays: 5,
      perfunctoryReturnCount: 2,
    }),
    reviewer: person('reviewer'),
    approver: person('approver'),
    serviceCenter: person('serviceCenter'),
    agencies: z.array(rosterEntrySchema).optional(),
    roster: z.string().overwrite(visibleText).optional(),
  })
  .refine((d) => Date.parse(d.deadlines.approval) > Date.parse(d.deadlines.submission), {
    path: ['deadlines', 'approval'],
    message: 'Hạn phê duyệt phải sau hạn nộp. Cách sửa: đặt deadlines.approval sau deadlines.submission.',
  })
  .superRefine((d, ctx) => {
    for (const problem of deadlineOrderProblems(d)) ctx.addIssue({ code: 'custom', ...problem });
  })
  .refine((d) => (d.agencies ? 1 : 0) + (d.roster ? 1 : 0) === 1, {
    path: ['agencies'],
    message:
      'Cần đúng một trong hai: danh sách cơ quan (agencies) ngay trong tệp, hoặc tệp danh sách (roster: ./tệp.csv hoặc .xlsx).',
  });

/** `field: message`, with a way to fix it when the schema's own message gives none. */
function describeCampaignIssue(issue: z.core.$ZodIssue): string {
  const field = formatPath(issue.path);
  const fix = /Cách sửa|ví dụ/.test(issue.message) ? '' : ` Cách sửa: xem trường ${field} trong campaigns/README.md.`;
  return `${field}: ${issue.message}${fix}`;
}

export type CampaignDefinitionFile = z.infer<typeof campaignDefinitionSchema>;
export type CampaignDefinition = Omit<CampaignDefinitionFile, 'agencies' | 'roster'> & { agencies: RosterEntry[] };

export class CampaignDefinitionError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Tệp chiến dịch ${file} không hợp lệ:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CampaignDefinitionError';
  }
}

const ROSTER_COLUMNS = ['code', 'name', 'kind', 'email', 'stage', 'reason'] as const;

async function readRosterRows(file: string): Promise<{ row: number; values: Record<string, string> }[]> {
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
    });
    const [header, ...rows] = records;
    return rows.map((cells, index) => ({
      row: index + 2,
      values: Object.fromEntries((header ?? []).map((name, i) => [visibleText(name).toLowerCase(), cells[i] ?? ''])),
    }));
  }
  if (file.endsWith('.xlsx')) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    if (!sheet) return [];
    const header = (sheet.getRow(1).values as unknown[]).map((v) => visibleText(String(v ?? '')).toLowerCase());
    const rows: { row: number; values: Record<string, string> }[] = [];
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      const values = row.values as unknown[];
      rows.push({
        row: number,
        values: Object.fromEntries(header.map((name, i) => [name, visibleText(String(values[i] ?? ''))])),
      });
    });
    return rows;
  }
  throw new Error('Tệp danh sách cơ quan (roster) phải là .csv hoặc .xlsx.');
}

async function loadRoster(file: string): Promise<RosterEntry[]> {
  const rows = await readRosterRows(file);
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
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CampaignDefinitionError(file, [
      `không đọc được tệp (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); kiểm tra đường dẫn`,
    ]);
  }
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (error) {
    // The parser's first line says what and where (line, column); the rest is a source excerpt.
    throw new CampaignDefinitionError(file, [`tệp YAML sai cú pháp — ${(error as Error).message.split('\n')[0]}`]);
  }
  const parsed = campaignDefinitionSchema.safeParse(raw);
  if (!parsed.success) throw new CampaignDefinitionError(file, parsed.error.issues.map(describeCampaignIssue));
  const { agencies, roster, ...definition } = parsed.data;
  const entries = roster ? await loadRosterFile(path.resolve(path.dirname(file), roster)) : agencies!;
  const seen = new Set<string>();
  const duplicates = entries
    .filter((entry) => (seen.has(entry.code) ? true : (seen.add(entry.code), false)))
    .map((entry) => entry.code);
  if (duplicates.length > 0)
    throw new CampaignDefinitionError(file, [`mã cơ quan bị trùng: ${[...new Set(duplicates)].join(', ')}`]);
  if (entries.length === 0) throw new CampaignDefinitionError(file, ['danh sách cơ quan trống']);
  return { ...definition, agencies: entries };
}
