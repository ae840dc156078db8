import { z } from 'zod';
import { CliError } from './errors';

// Input checks shared by the commands: every option and argument is validated with zod before
// anything is read or sent, and every problem is reported at once, named by its option.

export { parseDay, parseDeadline } from '../domain/day-input';
import { parseDay, parseDeadline } from '../domain/day-input';

/** A required text option, e.g. `--reason`. */
export const requiredText = (flag: string, example: string) =>
  z
    .string({ error: `thiếu; hãy ghi ${flag} "${example}"` })
    .trim()
    .min(1, `không được để trống; hãy ghi ${flag} "${example}"`);

export const optionalText = z.string().trim().min(1, 'không được để trống (bỏ hẳn tùy chọn nếu không dùng)').optional();

export const campaignIdArg = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'mã chiến dịch chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang (như trường id của tệp chiến dịch)',
  );

export const agencyCode = z
  .string({ error: 'thiếu mã cơ quan; ví dụ --agency so-tu-phap' })
  .trim()
  .regex(
    /^[\p{L}\p{N}.\-_]+$/u,
    'mã cơ quan chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới (như trường code trong tệp chiến dịch)',
  );

export const deadlineOption = () =>
  z
    .string({
      error: 'thiếu; hãy ghi --deadline 15/03/2024 (hết ngày, giờ Việt Nam) hoặc --deadline "15/03/2024 17:00"',
    })
    .transform((text, ctx) => {
      const instant = parseDeadline(text);
      if (!instant) {
        ctx.addIssue({
          code: 'custom',
          message: `"${text}" không phải thời hạn hợp lệ; dùng dd/mm/yyyy (hết ngày đó, giờ Việt Nam), "dd/mm/yyyy HH:mm" hoặc ISO 8601 có múi giờ, ví dụ 2024-03-15T17:00:00+07:00`,
        });
        return z.NEVER;
      }
      return instant;
    });

/**
 * A new deadline must lie after campaign time `now` (a rehearsal's compressed clock, as the server
 * reads it): checked once the campaign is looked up, before anything is sent.
 */
export function requireDeadlineAfter(command: string, text: string, instant: string, now: Date): void {
  if (Date.parse(instant) <= now.getTime())
    throw invalidInput(command, [`  - --deadline: thời hạn mới (${text}) phải ở sau thời điểm hiện tại`]);
}

export const dayOption = (flag: string) =>
  z.string({ error: `thiếu; hãy ghi ${flag} 2024-03-14 hoặc ${flag} 14/03/2024` }).transform((text, ctx) => {
    const day = parseDay(text);
    if (!day) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text}" không phải ngày hợp lệ; dùng yyyy-mm-dd hoặc dd/mm/yyyy, ví dụ 14/03/2024`,
      });
      return z.NEVER;
    }
    return day;
  });

export const positiveInt = (flag: string) =>
  z
    .string()
    .regex(/^\d+$/, `phải là số nguyên dương, ví dụ ${flag} 2`)
    .transform(Number)
    .refine((n) => n >= 1, `phải là số nguyên dương, ví dụ ${flag} 2`)
    .optional();

/** For a refinement that must run even when other fields failed: exactly one of `keys` is given. */
export function exactlyOne(value: unknown, keys: readonly string[]): boolean {
  const record = (value ?? {}) as Record<string, unknown>;
  return keys.filter((key) => record[key] !== undefined && record[key] !== false).length === 1;
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Validates a command's arguments and options; throws a CliError listing the problems, each named
 * by its option (`--deadline`) or argument (`<campaignId>`), with how to fix it.
 */
export function parseInput<S extends z.ZodType>(
  command: string,
  schema: S,
  values: Record<string, unknown>,
  argumentNames: readonly string[] = [],
): z.output<S> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const [key, index] = issue.path;
    if (key === undefined) return `  - ${issue.message}`;
    const name = argumentNames.includes(String(key)) ? `<${String(key)}>` : `--${kebab(String(key))}`;
    const which = typeof index === 'number' ? ` (giá trị thứ ${index + 1})` : '';
    return `  - ${name}${which}: ${issue.message}`;
  });
  throw invalidInput(command, lines);
}

function invalidInput(command: string, lines: string[]): CliError {
  return new CliError(
    `Lệnh "${command}" không hợp lệ:\n${lines.join('\n')}\nXem hướng dẫn: npm run dondoc -- ${command} --help`,
  );
}
