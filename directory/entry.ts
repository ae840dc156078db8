import { z } from 'zod';
import { AGENCY_KINDS } from '../domain/agency-input';
import { foldText } from '../domain/list-quality';
import { PAYLOAD_LIMITS } from '../domain/payload-limits';
import { visibleText } from '../domain/text';

// One agency of the province's directory as people write it (a form, a row of an import file):
// every field with its plain Vietnamese label and fix, so the same words appear beside a form
// field and beside a cell of a refused file.

export const DIRECTORY_LEVELS = AGENCY_KINDS;
export type DirectoryLevel = (typeof AGENCY_KINDS)[number];

/** The level as people read it; also what they may type in a file (with the codes). */
export const LEVEL_LABELS: Record<DirectoryLevel, string> = {
  department: 'Sở, ban, ngành',
  police: 'Công an tỉnh',
  district: 'UBND cấp huyện',
  commune: 'UBND cấp xã',
  other: 'Khác',
};

const LEVEL_WORDS: Record<DirectoryLevel, string[]> = {
  department: ['so', 'ban', 'nganh', 'so ban nganh', 'cap tinh'],
  police: ['cong an', 'cong an tinh'],
  district: ['huyen', 'cap huyen', 'ubnd huyen', 'ubnd cap huyen', 'thi xa', 'thanh pho'],
  commune: ['xa', 'cap xa', 'ubnd xa', 'ubnd cap xa', 'phuong', 'thi tran', 'xa phuong thi tran'],
  other: ['khac'],
};
const LEVEL_INDEX = new Map<string, DirectoryLevel>(
  DIRECTORY_LEVELS.flatMap((level) =>
    [level, LEVEL_LABELS[level], ...LEVEL_WORDS[level]].map((word) => [foldText(word).trim(), level] as const),
  ),
);

/** `Sở, ban, ngành`, `xã`, `commune` … → the level; undefined when not one. */
function parseLevel(text: string): DirectoryLevel | undefined {
  return LEVEL_INDEX.get(foldText(text).trim());
}

/** The fields of an entry, with what people call them. */
export const DIRECTORY_FIELDS = {
  code: 'Mã cơ quan',
  name: 'Tên cơ quan',
  level: 'Cấp',
  district: 'Huyện',
  email: 'Email',
  electronicId: 'Mã định danh điện tử',
} as const;
export type DirectoryField = keyof typeof DIRECTORY_FIELDS;

const CODE_FIX = 'ghi mã chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới, ví dụ so-tu-phap hoặc xa-21112';
const LEVEL_FIX = `ghi một trong: ${DIRECTORY_LEVELS.map((l) => LEVEL_LABELS[l]).join('; ')}`;
const ELECTRONIC_ID_FIX =
  'ghi mã định danh theo Quyết định 20/2020/QĐ-TTg dạng 000.00.53.H48 (ba số, hai số, hai số, một chữ và hai số, cách nhau bằng dấu chấm), hoặc bỏ trống nếu chưa biết';

const text = (value: unknown) => (typeof value === 'string' ? visibleText(value).replace(/\s+/g, ' ') : '');
const optional = (value: unknown) => text(value) || undefined;

/** A problem of one field: what is wrong and how to fix it. */
export interface FieldProblem {
  field: DirectoryField;
  message: string;
  fix: string;
}

/** An entry as stored. */
const directoryEntrySchema = z.object({
  code: z
    .string()
    .min(1)
    .max(PAYLOAD_LIMITS.agencyCode)
    .regex(/^[\p{L}\p{N}.\-_]+$/u),
  name: z.string().min(1).max(PAYLOAD_LIMITS.shortText),
  level: z.enum(DIRECTORY_LEVELS),
  district: z.string().max(PAYLOAD_LIMITS.shortText),
  email: z.email().optional(),
  electronicId: z
    .string()
    .regex(/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/)
    .optional(),
});
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;

/**
 * Reads one entry as typed: every problem at once, each naming its field in words and saying how
 * to fix it. Level may be its label or code; text is NFC with single spaces.
 */
export function readDirectoryEntry(raw: Partial<Record<DirectoryField, unknown>>): {
  entry?: DirectoryEntry;
  problems: FieldProblem[];
} {
  const problems: FieldProblem[] = [];
  const problem = (field: DirectoryField, message: string, fix: string) => problems.push({ field, message, fix });
  const code = text(raw.code);
  if (!code) problem('code', 'chưa có mã cơ quan', CODE_FIX);
  else if (!/^[\p{L}\p{N}.\-_]+$/u.test(code))
    problem('code', `mã cơ quan "${code}" có ký tự không dùng được`, CODE_FIX);
  else if (code.length > PAYLOAD_LIMITS.agencyCode)
    problem('code', `mã cơ quan dài quá ${PAYLOAD_LIMITS.agencyCode} ký tự`, CODE_FIX);
  const name = text(raw.name);
  if (!name) problem('name', 'chưa có tên cơ quan', 'ghi tên đầy đủ, ví dụ "UBND xã Bình Châu, huyện Bình Sơn"');
  else if (name.length > PAYLOAD_LIMITS.shortText)
    problem('name', `tên cơ quan dài quá ${PAYLOAD_LIMITS.shortText} ký tự`, 'ghi tên đầy đủ, không kèm ghi chú');
  const levelText = text(raw.level);
  const level = parseLevel(levelText);
  if (!levelText) problem('level', 'chưa ghi cấp của cơ quan', LEVEL_FIX);
  else if (!level) problem('level', `cấp "${levelText}" không có trong danh mục`, LEVEL_FIX);
  const district = text(raw.district);
  if ((level === 'commune' || level === 'district') && !district)
    problem(
      'district',
      'cơ quan cấp huyện, cấp xã cần ghi huyện',
      'ghi tên huyện, thị xã hoặc thành phố, ví dụ "Huyện Bình Sơn"',
    );
  else if (district.length > PAYLOAD_LIMITS.shortText)
    problem('district', `tên huyện dài quá ${PAYLOAD_LIMITS.shortText} ký tự`, 'ghi tên huyện, không kèm ghi chú');
  const email = optional(raw.email)?.toLowerCase();
  if (email && !z.email().safeParse(email).success)
    problem(
      'email',
      `email "${email}" không đúng dạng`,
      'ghi một địa chỉ, ví dụ vanthu@quangngai.gov.vn, hoặc bỏ trống',
    );
  const electronicId = optional(raw.electronicId)?.toUpperCase();
  if (electronicId && !directoryEntrySchema.shape.electronicId.safeParse(electronicId).success)
    problem('electronicId', `mã định danh "${electronicId}" không đúng dạng`, ELECTRONIC_ID_FIX);
  if (problems.length > 0) return { problems };
  return { entry: directoryEntrySchema.parse({ code, name, level, district, email, electronicId }), problems };
}
