import fc from 'fast-check';
import { DOCUMENT_KINDS, PROCEDURE_CODE, nationalCode, normalizeName } from '../../../domain/agency-list';
import { visibleText } from '../../../domain/text';

// Valid material and the bad values the bad-input properties draw from (test/faults/bad-input*.test.ts).
// Valid inputs are arbitraries too, so a failing case shrinks to a small list with one bad value.

export type Json = Record<string, unknown>;
export type Path = (string | number)[];

export interface DocumentDraft {
  name: string;
  kind: (typeof DOCUMENT_KINDS)[number];
  basis?: string;
  note?: string;
}
export interface ProcedureDraft {
  code: string;
  name: string;
  field?: string;
  level?: string;
  documents: DocumentDraft[];
}
export interface ListDraft {
  procedures: ProcedureDraft[];
}

const PROCEDURE_NAMES = [
  'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
  'Đăng ký khai sinh',
  'Đăng ký kết hôn có yếu tố nước ngoài',
  'Cấp giấy phép xây dựng nhà ở riêng lẻ',
  'Đăng ký hành nghề công chứng',
  'Cấp Giấy chứng nhận quyền sử dụng đất lần đầu',
  'Đổi giấy phép lái xe do ngành Giao thông vận tải cấp',
  'Đăng ký thành lập hộ kinh doanh',
  'Cấp chứng chỉ hành nghề dược',
  'Cấp giấy phép hoạt động khám bệnh, chữa bệnh',
];
const FIELDS = ['Lý lịch tư pháp', 'Hộ tịch', 'Hoạt động xây dựng', 'Đất đai', 'Dược phẩm', 'Tài nguyên nước'];
const LEVELS = ['Sở Tư pháp', 'UBND cấp huyện', 'UBND cấp xã', 'Sở Xây dựng', 'Công an tỉnh'];
const DOCUMENT_NAMES = ['Tờ khai', 'Đơn đề nghị', 'Giấy chứng nhận', 'Quyết định', 'Biên bản', 'Giấy xác nhận'].flatMap(
  (head) =>
    ['cấp phép', 'đăng ký', 'kiểm tra hiện trường', 'của cơ quan chuyên môn', 'hoàn thành'].map((t) => `${head} ${t}`),
);
const BASES = ['Luật Lý lịch tư pháp 2009', 'Nghị định 123/2015/NĐ-CP', 'Thông tư 01/2023/TT-VPCP'];
const NOTES = ['Khi có yêu cầu', 'Bản chính', 'Do cơ quan giải quyết ban hành'];

export const national = (code: string) => code.slice(0, 8);
export const provincial = (code: string, h = 'H48') => `${national(code)}.000.00.00.${h}`;

const procedureCode = fc
  .tuple(fc.constantFrom('1', '2'), fc.integer({ min: 0, max: 9_999 }), fc.option(fc.integer({ min: 10, max: 99 })))
  .map(([d, n, h]) => `${d}.00${String(n).padStart(4, '0')}${h === null ? '' : `.000.00.00.H${h}`}`);

const documentDraft: fc.Arbitrary<DocumentDraft> = fc.record(
  {
    name: fc.constantFrom(...DOCUMENT_NAMES),
    kind: fc.constantFrom(...DOCUMENT_KINDS),
    basis: fc.constantFrom(...BASES),
    note: fc.constantFrom(...NOTES),
  },
  { requiredKeys: ['name', 'kind'] },
);

const procedureDraft = (documents: { min: number; max: number }): fc.Arbitrary<ProcedureDraft> =>
  fc.record(
    {
      code: procedureCode,
      name: fc.constantFrom(...PROCEDURE_NAMES),
      field: fc.constantFrom(...FIELDS),
      level: fc.constantFrom(...LEVELS),
      documents: fc.uniqueArray(documentDraft, {
        minLength: documents.min,
        maxLength: documents.max,
        selector: (d) => normalizeName(d.name),
      }),
    },
    { requiredKeys: ['code', 'name', 'documents'] },
  );

/** A valid list: distinct procedure codes (either form) and names, distinct document names in a procedure. */
export function validList(
  options: { procedures?: [number, number]; documents?: [number, number] } = {},
): fc.Arbitrary<ListDraft> {
  const [minP, maxP] = options.procedures ?? [1, 4];
  const [min, max] = options.documents ?? [1, 4];
  return fc
    .uniqueArray(procedureDraft({ min, max }), {
      minLength: minP,
      maxLength: maxP,
      selector: (p) => nationalCode(p.code),
    })
    .map((procedures) => ({
      // A sheet tells procedures apart by their names when a code is missing: keep them distinct.
      procedures: procedures.map((p, i) =>
        procedures.findIndex((q) => q.name === p.name) === i ? p : { ...p, name: `${p.name} (mẫu ${i + 1})` },
      ),
    }));
}

/** Small lists mostly, sometimes a large one (120–260 procedures). */
export const anyValidList = fc.oneof(
  { arbitrary: validList(), weight: 39 },
  { arbitrary: validList({ procedures: [120, 260], documents: [1, 2] }), weight: 1 },
);

export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** `['procedures', 0, 'documents', 1, 'kind']` → `procedures[1].documents[2].kind`, as the errors name it. */
export function displayPath(parts: readonly (string | number)[]): string {
  return parts
    .map((part) => (typeof part === 'number' ? `[${part + 1}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
}

/** Control and format characters (zero-width, direction), and the combining grapheme joiner. */
const INVISIBLE_CHAR = /[\p{Cc}\p{Cf}\u180e]|\u034f/gu;

/** Invisible and direction characters shown as \uXXXX, long values cut: for failure reports. */
export function preview(value: unknown, max = 240): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  text = text.replace(INVISIBLE_CHAR, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
  return text.length > max ? `${text.slice(0, max)}… (${text.length} ký tự)` : text;
}

// ── Bad values ──────────────────────────────────────────────────────────────────────────────

/** Empty once spaces (any Unicode space) are trimmed; sometimes hundreds of kilobytes of them. */
export const blank = fc.oneof(
  {
    arbitrary: fc.constantFrom('', ' ', '   ', '\t', '\n', '\r\n', '\u00a0', '\u3000', '\u2003\u2009', ' \u00a0\t '),
    weight: 9,
  },
  { arbitrary: fc.integer({ min: 10_000, max: 200_000 }).map((n) => ' '.repeat(n)), weight: 1 },
);
/** Made only of invisible format characters: empty for a person, so refused where text is required. */
export const invisibleOnly = fc
  .array(fc.constantFrom('\u200b', '\u200c', '\u200d', '\u2060', '\u00ad', '\u180e', '\ufeff'), {
    minLength: 1,
    maxLength: 6,
  })
  .map((chars) => chars.join(''));
export const notText = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string(), { maxKeys: 2 }),
);
export const notObject = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 10 }),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.constant({}), { maxLength: 2 }),
);

/** Near misses of `1.002421` / `1.002421.000.00.00.H48`, and any text that is not a code. */
export const badProcedureCode = fc
  .oneof(
    fc.constantFrom(
      '1.00242',
      '1.0024211',
      '1,002421',
      '01.002421',
      '1.002421.000.00.00.H4',
      '1.002421.000.00.00.H488',
      '1.002421.000.00.00',
      '1.002421.H48',
      '1.002421.000.00.00.X48',
      'TTHC 1.002421',
      '1. 002421',
      '1.002421;1.002422',
      '2024-03-04',
      '04/03/2024',
      '45352',
      '١.٠٠٢٤٢١', // Arabic-Indic digits
      '１.００２４２１', // full-width digits
      '1․002421', // U+2024 one dot leader
      '1.002421.000.00.00.Н48', // Cyrillic En
      '1.002421🙂',
    ),
    fc.string({ minLength: 1, maxLength: 20 }),
    fc.integer({ min: 50_000, max: 150_000 }).map((n) => `1.${'0'.repeat(n)}`),
  )
  .filter((code) => !/[\r\n]/.test(code) && visibleText(code) !== '' && !PROCEDURE_CODE.test(visibleText(code)));

/** Agency codes the roster rule refuses (letters, digits, . - _ only). */
export const badAgencyCode = fc.oneof(
  fc.constantFrom('so tu phap', 'so/tu-phap', 'sở#1', '😀', 'so,tu', 'a b'),
  fc.string({ minLength: 1, maxLength: 12 }).map((s) => `so ${s}.`),
);
export const badEmail = fc.constantFrom(
  'khong-phai-email',
  'a@',
  '@dondoc.example',
  'so tttt@dondoc.example',
  'so-tttt＠dondoc.example',
  'so-tttt@dondoc..example',
);

/** Never a person allowed to act: checked against the allowed names as people read them. */
export function wrongActor(allowed: readonly string[]): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constantFrom('stp', 'Sở Tư pháp', 'SO-TTTT', 'ѕo-tttt', 'Chủ tịch UBND tỉnh', 'admin', 'Trung tâm Phục vụ'),
      fc
        .array(fc.constantFrom('Sở', 'Phòng', 'Văn thư', 'Nguyễn', 'Văn', 'An', 'TTHC', 'x'), {
          minLength: 1,
          maxLength: 4,
        })
        .map((words) => words.join(' ')),
      ...allowed.map((name) => fc.constantFrom(`${name} 2`, name.toUpperCase(), name.slice(0, -1))),
    )
    .filter((name) => visibleText(name) !== '' && !allowed.includes(visibleText(name)));
}

/** `value`, shown as `text` when fast-check prints a counterexample (instead of its bytes). */
export function described<T extends object>(value: T, text: string): T {
  Object.defineProperty(value, fc.toStringMethod, { value: () => text, enumerable: false });
  return value;
}

/** An arbitrary built when first drawn from: for one that needs what a `beforeAll` prepares. */
export function later<T>(build: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  let built: fc.Arbitrary<T> | undefined;
  const arbitrary = () => (built ??= build());
  return new (class extends fc.Arbitrary<T> {
    generate(random: fc.Random, bias: number | undefined): fc.Value<T> {
      return arbitrary().generate(random, bias);
    }
    canShrinkWithoutContext(value: unknown): value is T {
      return arbitrary().canShrinkWithoutContext(value);
    }
    shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
      return arbitrary().shrink(value, context);
    }
  })();
}
