import ExcelJS from 'exceljs';
import YAML from 'yaml';
import { readZipDirectory, rewriteZip } from '../../client/list-files/zip';
import { visibleText } from '../../domain/text';

// Seeded generators of bad inputs for test/faults/bad-inputs.test.ts. Each generator starts from a
// valid input (a list, a list file, a campaign file, an admin-script command) and applies one
// documented-invalid mutation (sometimes several), recording where the problem is, so the test can
// check that the error names it. Everything is deterministic: the same seed gives the same cases.

// ── PRNG ─────────────────────────────────────────────────────────────────────────────────────

/** mulberry32: small, fast, good enough to spread mutations; seeded, so runs repeat exactly. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** `count` distinct items (order random). */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!);
    return out;
  }

  digits(count: number): string {
    let text = '';
    for (let i = 0; i < count; i++) text += String(this.int(0, 9));
    return text;
  }

  /** An independent stream, so adding cases to one category leaves the others unchanged. */
  fork(label: string): Rng {
    let hash = 2_166_136_261;
    for (const char of label) hash = Math.imul(hash ^ char.charCodeAt(0), 16_777_619);
    return new Rng((hash ^ Math.floor(this.next() * 4_294_967_296)) >>> 0);
  }
}

// ── Shared material ─────────────────────────────────────────────────────────────────────────

type Json = Record<string, unknown>;

export interface DocumentDraft {
  name: string;
  kind: 'thanh_phan_ho_so' | 'ket_qua' | 'y_kien';
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
  'Cấp Giấy phép bán lẻ rượu',
  'Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng',
  'Cấp chứng chỉ hành nghề dược',
  'Công nhận trường tiểu học đạt chuẩn quốc gia',
  'Cấp giấy phép khai thác, sử dụng nước dưới đất',
  'Đăng ký lại việc nuôi con nuôi trong nước',
  'Cấp Giấy chứng nhận đủ điều kiện an toàn thực phẩm',
  'Thủ tục hỗ trợ học tập đối với trẻ mẫu giáo',
  'Cấp giấy phép hoạt động khám bệnh, chữa bệnh',
  'Đăng ký biện pháp bảo đảm bằng quyền sử dụng đất',
];
const FIELDS = [
  'Lý lịch tư pháp',
  'Hộ tịch',
  'Hoạt động xây dựng',
  'Đất đai',
  'Đường bộ',
  'Thành lập và hoạt động của hộ kinh doanh',
  'Dược phẩm',
  'Giáo dục và Đào tạo',
  'Tài nguyên nước',
  'An toàn thực phẩm',
];
const LEVELS = [
  'Sở Tư pháp',
  'UBND cấp huyện',
  'UBND cấp xã',
  'Sở Xây dựng',
  'Sở Y tế',
  'Sở Giáo dục và Đào tạo',
  'Công an tỉnh',
];
const DOCUMENT_HEADS = [
  'Tờ khai',
  'Đơn đề nghị',
  'Giấy chứng nhận',
  'Quyết định',
  'Biên bản',
  'Văn bản thẩm định',
  'Bản vẽ thiết kế',
  'Giấy xác nhận',
  'Phiếu kết quả',
  'Báo cáo đánh giá',
  'Chứng chỉ',
  'Ý kiến',
];
const DOCUMENT_TAILS = [
  'cấp phép',
  'đăng ký',
  'kiểm tra hiện trường',
  'của cơ quan chuyên môn',
  'về điều kiện kinh doanh',
  'hoàn thành công trình',
  'của Hội đồng thẩm định',
  'đủ điều kiện hoạt động',
];
const BASES = [
  'Luật Lý lịch tư pháp 2009',
  'Nghị định 123/2015/NĐ-CP',
  'Thông tư 01/2023/TT-VPCP',
  'Luật Xây dựng 2014',
];
const NOTES = ['Khi có yêu cầu', 'Bản chính', 'Do cơ quan giải quyết ban hành'];
const KINDS = ['thanh_phan_ho_so', 'ket_qua', 'y_kien'] as const;

const national = (code: string) => code.slice(0, 8);
const provincial = (code: string, h = 'H48') => `${national(code)}.000.00.00.${h}`;

/** A valid list: distinct procedure codes (in either form), distinct document names. */
export function validList(rng: Rng, options: { procedures?: number; documents?: [number, number] } = {}): ListDraft {
  const count = options.procedures ?? rng.int(1, 5);
  const [minDocs, maxDocs] = options.documents ?? [1, 4];
  const used = new Set<string>();
  const names = rng.sample(PROCEDURE_NAMES, Math.min(count, PROCEDURE_NAMES.length));
  const procedures: ProcedureDraft[] = [];
  for (let p = 0; p < count; p++) {
    let nat: string;
    do nat = `${rng.int(1, 2)}.00${rng.digits(4)}`;
    while (used.has(nat));
    used.add(nat);
    const documentNames = rng.sample(
      DOCUMENT_HEADS.flatMap((head) => DOCUMENT_TAILS.map((tail) => `${head} ${tail}`)),
      rng.int(minDocs, maxDocs),
    );
    procedures.push({
      code: rng.chance(0.4) ? provincial(nat) : nat,
      // Beyond the vocabulary, numbered names keep every procedure distinct.
      name: names[p] ?? `${rng.pick(PROCEDURE_NAMES)} (mẫu ${p + 1})`,
      ...(rng.chance(0.6) && { field: rng.pick(FIELDS) }),
      ...(rng.chance(0.4) && { level: rng.pick(LEVELS) }),
      documents: documentNames.map((name) => ({
        name,
        kind: rng.pick(KINDS),
        ...(rng.chance(0.4) && { basis: rng.pick(BASES) }),
        ...(rng.chance(0.2) && { note: rng.pick(NOTES) }),
      })),
    });
  }
  return { procedures };
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A path as people read it: `['procedures', 0, 'documents', 1, 'kind']` → `procedures[1].documents[2].kind`. */
export function displayPath(parts: readonly (string | number)[]): string {
  return parts
    .map((part) => (typeof part === 'number' ? `[${part + 1}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
}

/** Invisible and direction characters shown as \uXXXX, long values cut: for failure reports. */
export function preview(value: unknown, max = 240): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  text = [...text]
    .map((c) => (isInvisible(c.codePointAt(0)!) ? `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}` : c))
    .join('');
  return text.length > max ? `${text.slice(0, max)}… (${text.length} ký tự)` : text;
}

/** Control, format (zero-width, direction) and combining-grapheme-joiner characters. */
function isInvisible(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    [0xad, 0x34f, 0x61c, 0x180e, 0xfeff].includes(code) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2064)
  );
}

// Values that break a rule whatever the field (for the fields that are required text).
const BLANKS = ['', ' ', '   ', '\t', '\n', '\r\n', '\u00a0', '\u3000', '\u2003\u2009', ' \u00a0\t '];
const NOT_TEXT: readonly unknown[] = [
  42,
  0,
  -1,
  1.5,
  true,
  false,
  null,
  [],
  ['Tờ khai'],
  {},
  { text: 'Tờ khai' },
  20_240_304,
];
const NOT_OBJECT: readonly unknown[] = [null, 'Tờ khai', 7, true, [], [{}], ''];

/** Procedure codes that are not `1.002421` nor `1.002421.000.00.00.H48` in any reading of the rule. */
const BAD_CODES: readonly string[] = [
  '1.00242',
  '1.0024211',
  '1,002421',
  '1-002421',
  '01.002421',
  '1.002421.000.00.00.H4',
  '1.002421.000.00.00.H488',
  '1.002421.000.00.00',
  '1.002421.H48',
  '1.002421.000.00.00.X48',
  'TTHC 1.002421',
  '1. 002421',
  '1.002 421',
  '1.002421;1.002422',
  '1.002421/1.002422',
  'x.xxxxxx',
  '2024-03-04',
  '04/03/2024',
  '45352',
  '1.002421.000.00.00.H48.1',
  '١.٠٠٢٤٢١', // Arabic-Indic digits
  '１.００２４２１', // full-width digits
  '1․002421', // U+2024 one dot leader
  '1.002421.000.00.00.Н48', // Cyrillic En
  '1.002421🙂',
];
// Codes with invisible format characters (\u200b, \u2060, \u200f...) are not here: every boundary
// removes those characters (workflows/text.ts), so '1.002421\u2060' IS the valid code 1.002421.
const BAD_SHEET_CODES = BAD_CODES;

/** Kinds outside thanh_phan_ho_so / ket_qua / y_kien, as an Update must give them (codes only). */
const BAD_UPDATE_KINDS: readonly string[] = [
  'ket qua',
  'Kết quả',
  'KET_QUA',
  'Ket_qua',
  'ket_qua ',
  ' y_kien',
  'ketqua',
  'thanh_phan',
  'y-kien',
  'other',
  'khac',
  'Thành phần hồ sơ',
  'ket_qua\u200b',
  '\u200fket_qua',
  '\u202ey_kien',
  'Kết quả'.normalize('NFD'),
  'ket_quа', // Cyrillic a
  'ｋｅｔ＿ｑｕａ',
  '🙂',
  'constructor',
  '__proto__',
  'toString',
  'thanh_phan_ho_so,ket_qua',
];
/** Kinds that no label, code or folding (case, diacritics, spacing) of the documented ones matches. */
const BAD_LABEL_KINDS: readonly string[] = [
  'ketqua',
  'other',
  'khác',
  'Kết quả khác',
  'Bản sao',
  'Giấy tờ',
  'ket_quа', // Cyrillic a
  'ｋｅｔ＿ｑｕａ',
  '🙂',
  '12',
  'Loại 1',
  'y_kien_x',
  'thanh_phan_ho_so,ket_qua',
  'constructor',
];

function hugeText(rng: Rng, size: number): string {
  const alphabet = 'aăâbcdđeêghiklmnoôơpqrstuưvxy0123456789 ';
  const chunk = Array.from({ length: 256 }, () => alphabet[rng.int(0, alphabet.length - 1)]).join('');
  return chunk.repeat(Math.ceil(size / chunk.length)).slice(0, size);
}

// ── Lists (Update payloads and .json files) ─────────────────────────────────────────────────

export type ListTarget = 'update' | 'json';

interface Mutated {
  /** 0-based path of the offending value, from the list. */
  paths: (string | number)[][];
  /** Found by checkList (duplicates) rather than by the schema. */
  check?: boolean;
  what: string;
}

interface ListMutation {
  name: string;
  weight?: number;
  /** Only for one target (the .json reader accepts labels and bare arrays, an Update does not). */
  only?: ListTarget;
  /** Several procedures or documents needed. */
  needs?: { procedures?: number; documents?: number };
  /** The value makes an invisible name, which the spreadsheet reader treats as empty. */
  invisible?: boolean;
  apply(list: Json, rng: Rng, target: ListTarget): Mutated;
}

const procs = (list: Json) => list.procedures as Json[];
const docs = (procedure: Json) => procedure.documents as Json[];

function atProcedure(list: Json, rng: Rng): [number, Json] {
  const p = rng.int(0, procs(list).length - 1);
  return [p, procs(list)[p]!];
}
function atDocument(list: Json, rng: Rng): [number, number, Json] {
  const [p, procedure] = atProcedure(list, rng);
  const d = rng.int(0, docs(procedure).length - 1);
  return [p, d, docs(procedure)[d]!];
}

function textField(
  name: string,
  level: 'procedure' | 'document',
  key: string,
  options: { required: boolean; invisible?: boolean } = { required: true },
): ListMutation[] {
  const locate = (list: Json, rng: Rng): [(string | number)[], Json] => {
    if (level === 'procedure') {
      const [p, procedure] = atProcedure(list, rng);
      return [['procedures', p, key], procedure];
    }
    const [p, d, document] = atDocument(list, rng);
    return [['procedures', p, 'documents', d, key], document];
  };
  const mutations: ListMutation[] = [
    {
      name: `${name}-wrong-type`,
      apply(list, rng) {
        const [path, owner] = locate(list, rng);
        const value = rng.pick(NOT_TEXT);
        owner[key] = value;
        return { paths: [path], what: `${displayPath(path)} = ${preview(value)}` };
      },
    },
  ];
  if (options.required) {
    mutations.push(
      {
        name: `${name}-dropped`,
        apply(list, rng) {
          const [path, owner] = locate(list, rng);
          delete owner[key];
          return { paths: [path], what: `bỏ ${displayPath(path)}` };
        },
      },
      {
        name: `${name}-blank`,
        apply(list, rng) {
          const [path, owner] = locate(list, rng);
          const value = rng.chance(0.1) ? ' '.repeat(rng.int(10_000, 200_000)) : rng.pick(BLANKS);
          owner[key] = value;
          return { paths: [path], what: `${displayPath(path)} = ${preview(value)}` };
        },
      },
    );
  }
  if (options.invisible) {
    mutations.push({
      name: `${name}-invisible-only`,
      weight: 0.15,
      invisible: true,
      apply(list, rng) {
        const [path, owner] = locate(list, rng);
        const value = rng.pick(['\u200b', '\u200b\u200c\u200d', '\u2060', '\u200b \u200b']);
        owner[key] = value;
        return { paths: [path], what: `${displayPath(path)} = ${preview(value)} (chỉ có ký tự vô hình)` };
      },
    });
  }
  return mutations;
}

const LIST_MUTATIONS: readonly ListMutation[] = [
  {
    name: 'list-not-object',
    only: 'update',
    // Replaces the whole list: built in mutatedLists.
    apply() {
      return { paths: [[]], what: '' };
    },
  },
  {
    name: 'list-wrapped',
    apply(list) {
      const inner = { ...list };
      for (const key of Object.keys(list)) delete list[key];
      list.list = inner;
      return { paths: [['procedures']], what: '{ list: { procedures } } — lồng thêm một cấp' };
    },
  },
  {
    name: 'procedures-in-prototype',
    apply(list) {
      // An own key named "__proto__" (as JSON.parse makes it): the procedures are not the list's own.
      const procedures = list.procedures;
      delete list.procedures;
      Object.defineProperty(list, '__proto__', {
        value: { procedures },
        enumerable: true,
        configurable: true,
        writable: true,
      });
      return { paths: [['procedures']], what: 'procedures nằm trong khóa "__proto__"' };
    },
  },
  {
    name: 'procedures-dropped',
    apply(list) {
      delete list.procedures;
      return { paths: [['procedures']], what: 'bỏ procedures' };
    },
  },
  {
    name: 'procedures-not-array',
    apply(list, rng) {
      const value = rng.pick<unknown>([null, {}, { 0: list.procedures }, 'TTHC', 5, true, procs(list)[0]]);
      list.procedures = value;
      return { paths: [['procedures']], what: `procedures = ${preview(value, 80)}` };
    },
  },
  {
    name: 'procedures-empty',
    apply(list) {
      list.procedures = [];
      return { paths: [['procedures']], what: 'procedures = []' };
    },
  },
  {
    name: 'procedures-nested',
    apply(list) {
      list.procedures = [list.procedures];
      return { paths: [['procedures', 0]], what: 'procedures = [[…]] — mảng lồng mảng' };
    },
  },
  {
    name: 'procedure-not-object',
    apply(list, rng) {
      const [p, procedure] = atProcedure(list, rng);
      const value = rng.pick<unknown>([...NOT_OBJECT, [procedure], procedure.code]);
      procs(list)[p] = value as Json;
      return { paths: [['procedures', p]], what: `procedures[${p + 1}] = ${preview(value, 80)}` };
    },
  },
  ...textField('code', 'procedure', 'code'),
  {
    name: 'code-malformed',
    weight: 4,
    apply(list, rng) {
      const [p, procedure] = atProcedure(list, rng);
      const value = rng.pick(BAD_CODES);
      procedure.code = value;
      return { paths: [['procedures', p, 'code']], what: `procedures[${p + 1}].code = ${preview(value)}` };
    },
  },
  {
    name: 'code-lowercase-h',
    apply(list, rng) {
      const [p, procedure] = atProcedure(list, rng);
      procedure.code = provincial(String(procedure.code), 'h48');
      return { paths: [['procedures', p, 'code']], what: `procedures[${p + 1}].code = ${preview(procedure.code)}` };
    },
  },
  {
    name: 'code-huge',
    weight: 0.3,
    apply(list, rng) {
      const [p, procedure] = atProcedure(list, rng);
      const value = rng.chance(0.5)
        ? `1.${'0'.repeat(rng.int(50_000, 150_000))}`
        : hugeText(rng, rng.int(50_000, 150_000));
      procedure.code = value;
      return { paths: [['procedures', p, 'code']], what: `procedures[${p + 1}].code = chuỗi ${value.length} ký tự` };
    },
  },
  {
    name: 'code-duplicate',
    weight: 3,
    needs: { procedures: 2 },
    apply(list, rng) {
      const p = rng.int(1, procs(list).length - 1);
      const i = rng.int(0, p - 1);
      const first = String(procs(list)[i]!.code);
      const value = rng.pick([
        first,
        national(first),
        provincial(first),
        provincial(first, `H${rng.digits(2)}`),
        ` ${first} `,
      ]);
      procs(list)[p]!.code = value;
      return {
        paths: [['procedures', p, 'code']],
        what: `procedures[${p + 1}].code = ${preview(value)} trùng procedures[${i + 1}].code = ${first}`,
      };
    },
  },
  ...textField('procedure-name', 'procedure', 'name', { required: true, invisible: true }),
  ...textField('field', 'procedure', 'field', { required: false }),
  ...textField('level', 'procedure', 'level', { required: false }),
  {
    name: 'documents-dropped',
    apply(list, rng) {
      const [p, procedure] = atProcedure(list, rng);
      delete procedure.documents;
      return { paths: [['procedures', p, 'documents']], what: `bỏ procedures[${p + 1}].documents` };
    },
  },
  {
    name: 'documents-not-array',
    apply(list, rng) {
      const [p, procedure] = atProcedure(list, rng);
      const value = rng.pick<unknown>([null, {}, docs(procedure)[0], 'Tờ khai', 3, true]);
      procedure.documents = value;
      return {
        paths: [['procedures', p, 'documents']],
        what: `procedures[${p + 1}].documents = ${preview(value, 80)}`,
      };
    },
  },
  {
    name: 'documents-empty',
    apply(list, rng) {
      const [p, procedure] = atProcedure(list, rng);
      procedure.documents = [];
      return { paths: [['procedures', p, 'documents']], what: `procedures[${p + 1}].documents = []` };
    },
  },
  {
    name: 'documents-nested',
    apply(list, rng) {
      const [p, procedure] = atProcedure(list, rng);
      procedure.documents = [procedure.documents];
      return { paths: [['procedures', p, 'documents', 0]], what: `procedures[${p + 1}].documents = [[…]]` };
    },
  },
  {
    name: 'documents-deeply-nested',
    weight: 0.2,
    apply(list, rng) {
      const [p, procedure] = atProcedure(list, rng);
      let value: unknown = docs(procedure)[0];
      for (let i = 0, depth = rng.int(100, 1_000); i < depth; i++) value = [value];
      procedure.documents = value;
      return {
        paths: [['procedures', p, 'documents', 0]],
        what: `procedures[${p + 1}].documents lồng hàng trăm cấp mảng`,
      };
    },
  },
  {
    name: 'documents-on-list',
    apply(list, rng) {
      const [p, procedure] = atProcedure(list, rng);
      list.documents = procedure.documents;
      delete procedure.documents;
      return {
        paths: [['procedures', p, 'documents']],
        what: `documents của procedures[${p + 1}] đặt nhầm ở cấp danh sách`,
      };
    },
  },
  {
    name: 'document-not-object',
    apply(list, rng) {
      const [p, d, document] = atDocument(list, rng);
      const value = rng.pick<unknown>([...NOT_OBJECT, [document], document.name]);
      docs(procs(list)[p]!)[d] = value as Json;
      return {
        paths: [['procedures', p, 'documents', d]],
        what: `procedures[${p + 1}].documents[${d + 1}] = ${preview(value, 80)}`,
      };
    },
  },
  ...textField('document-name', 'document', 'name', { required: true, invisible: true }),
  {
    name: 'kind-dropped',
    apply(list, rng) {
      const [p, d, document] = atDocument(list, rng);
      delete document.kind;
      return {
        paths: [['procedures', p, 'documents', d, 'kind']],
        what: `bỏ procedures[${p + 1}].documents[${d + 1}].kind`,
      };
    },
  },
  {
    name: 'kind-misspelt-key',
    apply(list, rng) {
      const [p, d, document] = atDocument(list, rng);
      const key = rng.pick(['kinds', 'Kind', 'loai', 'type', 'kind ']);
      document[key] = document.kind;
      delete document.kind;
      return {
        paths: [['procedures', p, 'documents', d, 'kind']],
        what: `procedures[${p + 1}].documents[${d + 1}]: khóa "${key}" thay cho "kind"`,
      };
    },
  },
  {
    name: 'kind-in-prototype',
    apply(list, rng) {
      const [p, d, document] = atDocument(list, rng);
      const kind = document.kind;
      delete document.kind;
      Object.defineProperty(document, '__proto__', {
        value: { kind },
        enumerable: true,
        configurable: true,
        writable: true,
      });
      return {
        paths: [['procedures', p, 'documents', d, 'kind']],
        what: `procedures[${p + 1}].documents[${d + 1}].kind nằm trong khóa "__proto__"`,
      };
    },
  },
  {
    name: 'kind-unknown',
    weight: 4,
    apply(list, rng, target) {
      const [p, d, document] = atDocument(list, rng);
      const value = rng.pick(target === 'json' ? BAD_LABEL_KINDS : BAD_UPDATE_KINDS);
      document.kind = value;
      return {
        paths: [['procedures', p, 'documents', d, 'kind']],
        what: `procedures[${p + 1}].documents[${d + 1}].kind = ${preview(value)}`,
      };
    },
  },
  {
    name: 'kind-blank',
    apply(list, rng) {
      const [p, d, document] = atDocument(list, rng);
      const value = rng.pick(BLANKS);
      document.kind = value;
      return {
        paths: [['procedures', p, 'documents', d, 'kind']],
        what: `procedures[${p + 1}].documents[${d + 1}].kind = ${preview(value)}`,
      };
    },
  },
  {
    name: 'kind-wrong-type',
    apply(list, rng) {
      const [p, d, document] = atDocument(list, rng);
      const value = rng.pick<unknown>([1, 0, null, ['ket_qua'], { kind: 'ket_qua' }, true, 2.5]);
      document.kind = value;
      return {
        paths: [['procedures', p, 'documents', d, 'kind']],
        what: `procedures[${p + 1}].documents[${d + 1}].kind = ${preview(value)}`,
      };
    },
  },
  {
    name: 'kind-huge',
    weight: 0.3,
    apply(list, rng) {
      const [p, d, document] = atDocument(list, rng);
      const value = 'ket_qua'.repeat(rng.int(5_000, 30_000));
      document.kind = value;
      return {
        paths: [['procedures', p, 'documents', d, 'kind']],
        what: `procedures[${p + 1}].documents[${d + 1}].kind = "ket_qua" × ${value.length / 7}`,
      };
    },
  },
  ...textField('basis', 'document', 'basis', { required: false }),
  ...textField('note', 'document', 'note', { required: false }),
  {
    name: 'document-duplicate',
    weight: 3,
    needs: { documents: 2 },
    apply(list, rng) {
      const candidates = procs(list)
        .map((procedure, p) => [p, procedure] as const)
        .filter(([, procedure]) => docs(procedure).length >= 2);
      const [p, procedure] = rng.pick(candidates);
      const d = rng.int(1, docs(procedure).length - 1);
      const e = rng.int(0, d - 1);
      const first = String(docs(procedure)[e]!.name);
      const variants = [
        first,
        first.toUpperCase(),
        first.toLowerCase(),
        first.normalize('NFD'),
        first.replace(' ', '  '),
        `  ${first}\t`,
        first.replace(' ', ' \u200b'),
        `\u200b${first}`,
      ];
      const value = rng.pick(variants);
      docs(procedure)[d]!.name = value;
      return {
        paths: [['procedures', p, 'documents', d, 'name']],
        check: true,
        what: `procedures[${p + 1}].documents[${d + 1}].name = ${preview(value)} trùng giấy tờ thứ ${e + 1} "${first}"`,
      };
    },
  },
];

/** A list-level mutation applied: the mutated list (or a non-list value) and where the problems are. */
export interface MutatedList {
  mutation: string;
  list: unknown;
  paths: string[];
  check: boolean;
  invisible: boolean;
  what: string;
}

const SCHEMA_LOCAL = new Set([
  'code-malformed',
  'code-blank',
  'code-dropped',
  'code-wrong-type',
  'procedure-name-blank',
  'procedure-name-dropped',
  'documents-empty',
  'documents-not-array',
  'kind-unknown',
  'kind-blank',
  'kind-dropped',
  'document-name-blank',
  'field-wrong-type',
  'basis-wrong-type',
  'note-wrong-type',
]);

function pickWeighted(rng: Rng, mutations: readonly ListMutation[]): ListMutation {
  const total = mutations.reduce((sum, m) => sum + (m.weight ?? 1), 0);
  let at = rng.next() * total;
  for (const mutation of mutations) {
    at -= mutation.weight ?? 1;
    if (at < 0) return mutation;
  }
  return mutations[mutations.length - 1]!;
}

function ensure(list: ListDraft, rng: Rng, needs: ListMutation['needs']): void {
  const filler = validList(rng, { procedures: 3, documents: [2, 3] });
  const codes = new Set(list.procedures.map((p) => national(p.code)));
  for (const extra of filler.procedures) {
    if (list.procedures.length >= (needs?.procedures ?? 0)) break;
    // Distinct names too: a sheet tells procedures apart by them when a code is missing.
    if (!codes.has(national(extra.code)))
      list.procedures.push({ ...extra, name: `${extra.name} (bổ sung ${list.procedures.length + 1})` });
  }
  if (needs?.documents && !list.procedures.some((p) => p.documents.length >= needs.documents!)) {
    const procedure = list.procedures[0]!;
    for (const document of filler.procedures[0]!.documents) {
      if (!procedure.documents.some((d) => d.name === document.name)) procedure.documents.push(document);
    }
  }
}

/** `count` mutated lists for an Update payload or a .json file. Every mutation is seen at least once. */
export function mutatedLists(rng: Rng, count: number, target: ListTarget): MutatedList[] {
  const mutations = LIST_MUTATIONS.filter((m) => !m.only || m.only === target);
  const out: MutatedList[] = [];
  let single = 0;
  for (let i = 0; i < count; i++) {
    const base = i % 40 === 39 ? validList(rng, { procedures: rng.int(120, 260), documents: [1, 2] }) : validList(rng);
    // Several independent problems in one list: each one must be named.
    if (i % 25 === 12) {
      ensure(base, rng, { procedures: 3 });
      const list = clone(base) as unknown as Json;
      const chosen = rng.sample(
        mutations.filter((m) => SCHEMA_LOCAL.has(m.name)),
        rng.int(2, 3),
      );
      const all = procs(list);
      const paths: string[] = [];
      const whats: string[] = [];
      chosen.forEach((mutation, k) => {
        // Each mutation in its own procedure, so one cannot hide another.
        const single = { procedures: [all[k]!] };
        const result = mutation.apply(single, rng, target);
        all[k] = procs(single)[0]!;
        for (const path of result.paths)
          paths.push(
            displayPath(path[0] === 'procedures' && path.length > 1 ? ['procedures', k, ...path.slice(2)] : path),
          );
        whats.push(result.what.replace(/procedures\[1\]/g, `procedures[${k + 1}]`));
      });
      out.push({
        mutation: `multi:${chosen.map((m) => m.name).join('+')}`,
        list,
        paths,
        check: false,
        invisible: false,
        what: whats.join('; '),
      });
      continue;
    }
    const mutation = single < mutations.length ? mutations[single]! : pickWeighted(rng, mutations);
    single++;
    ensure(base, rng, mutation.needs);
    const list = clone(base) as unknown as Json;
    if (mutation.name === 'list-not-object') {
      const value = rng.pick<unknown>([null, 'danh sách', 42, true, [], base.procedures, [base]]);
      out.push({
        mutation: mutation.name,
        list: value,
        paths: [''],
        check: false,
        invisible: false,
        what: `list = ${preview(value, 80)}`,
      });
      continue;
    }
    const result = mutation.apply(list, rng, target);
    out.push({
      mutation: mutation.name,
      list,
      paths: result.paths.map(displayPath),
      check: result.check ?? false,
      invisible: mutation.invisible ?? false,
      what: result.what,
    });
  }
  return out;
}

// ── Update payloads ─────────────────────────────────────────────────────────────────────────

export type UpdateName =
  | 'submitList'
  | 'returnList'
  | 'acceptList'
  | 'extendDeadline'
  | 'withdraw'
  | 'escalate'
  | 'remindNow'
  | 'requestSupport'
  | 'answerSupport';

export interface UpdateCase {
  id: string;
  update: UpdateName;
  mutation: string;
  payload: unknown;
  /** Each must appear in the rejection message (a field path followed by ":", or a rule's words). */
  expect: string[];
  /** The value is invisible (zero-width only): the file readers treat it as empty. */
  invisible?: boolean;
  what: string;
}

export interface UpdateContext {
  /** The agency's own actor name (any name may submit or ask). */
  agencyActor: string;
  reviewer: string;
  serviceCenter: string;
  /** An open support request of the target workflow. */
  requestId: string;
  /** A deadline in the future, ISO. */
  futureDeadline: string;
}

/** submitList payloads: bad lists (most), and bad `by` / `source` / payload shapes. */
export function submitListCases(seed: number, count: number, ctx: Pick<UpdateContext, 'agencyActor'>): UpdateCase[] {
  const rng = new Rng(seed).fork('submitList');
  const listCount = Math.round(count * 0.85);
  const cases: UpdateCase[] = mutatedLists(rng.fork('lists'), listCount, 'update').map((m, i) => ({
    id: `submitList#${i + 1}`,
    update: 'submitList',
    mutation: m.mutation,
    payload: {
      by: ctx.agencyActor,
      list: m.list,
      ...(rng.chance(0.3) && { source: rng.pick(['json', 'csv', 'xlsx']) }),
    },
    // A list problem is reported under list.…, or (duplicates) under the list's own path.
    expect: m.paths.map((path) => (m.check ? `${path}:` : `${path === '' ? 'list' : `list.${path}`}:`)),
    invisible: m.invisible,
    what: m.what,
  }));
  const valid = validList(rng, { procedures: 2 });
  const payloadMutations: (() => Omit<UpdateCase, 'id' | 'update'>)[] = [
    () => {
      const value = rng.pick<unknown>([null, 'nộp danh sách', 42, true, [], [ctx.agencyActor, valid]]);
      return {
        mutation: 'payload-not-object',
        payload: value,
        expect: ['(toàn bộ):'],
        what: `payload = ${preview(value, 80)}`,
      };
    },
    () => ({ mutation: 'by-dropped', payload: { list: valid }, expect: ['by:'], what: 'bỏ by' }),
    () => {
      const value = rng.chance(0.2) ? ' '.repeat(rng.int(50_000, 300_000)) : rng.pick(BLANKS);
      return {
        mutation: 'by-blank',
        payload: { by: value, list: valid },
        expect: ['by:'],
        what: `by = ${preview(value)}`,
      };
    },
    () => {
      const value = rng.pick(NOT_TEXT);
      return {
        mutation: 'by-wrong-type',
        payload: { by: value, list: valid },
        expect: ['by:'],
        what: `by = ${preview(value)}`,
      };
    },
    () => {
      const value = rng.pick<unknown>(['pdf', 'XLSX', 'Excel', '', ' json', 'xls', 'ods', 1, null, ['json'], {}]);
      return {
        mutation: 'source-invalid',
        payload: { by: ctx.agencyActor, list: valid, source: value },
        expect: ['source:'],
        what: `source = ${preview(value)}`,
      };
    },
    () => ({ mutation: 'list-dropped', payload: { by: ctx.agencyActor }, expect: ['list:'], what: 'bỏ list' }),
    () => ({
      mutation: 'list-at-top',
      payload: { by: ctx.agencyActor, ...valid },
      expect: ['list:'],
      what: 'procedures đặt thẳng trong payload, thiếu list',
    }),
  ];
  for (let i = 0; cases.length < count; i++) {
    const made = payloadMutations[i % payloadMutations.length]!();
    cases.push({ id: `submitList#${cases.length + 1}`, update: 'submitList', ...made });
  }
  // Odd names made only of invisible characters, once each, where a person's name is required.
  cases.push({
    id: `submitList#${cases.length + 1}`,
    update: 'submitList',
    mutation: 'by-invisible-only',
    payload: { by: '\u200b\u200c', list: valid },
    expect: ['by:'],
    invisible: true,
    what: 'by = "\\u200b\\u200c" (chỉ có ký tự vô hình)',
  });
  return cases;
}

/** The other Updates, each with a bad payload or a role that may not act. */
export function otherUpdateCases(seed: number, perUpdate: number, ctx: UpdateContext): UpdateCase[] {
  const rng = new Rng(seed).fork('other-updates');
  const wrongActors = (allowed: string[]) =>
    [
      'stp',
      'Sở Tư pháp',
      'SO-TTTT',
      'so_tttt',
      'ѕo-tttt',
      'Chủ tịch UBND tỉnh',
      'admin',
      'Trung tâm Phục vụ',
      'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh'.normalize('NFD'),
      ctx.reviewer,
      ctx.serviceCenter,
    ]
      // Names are compared as people read them (NFC, no invisible characters): the NFD spelling of an allowed name is that name.
      .filter((name) => !allowed.includes(visibleText(name)));
  const text = (what: string) =>
    `${what} ${rng.pick(['Thiếu căn cứ pháp lý', 'Cơ quan xin gia hạn', 'Không phối hợp', 'Đã sáp nhập'])}`;

  interface Base {
    update: UpdateName;
    payload: () => Json;
    allowed: string[];
    /** The rejection message for a wrong actor. */
    roleMessage?: string;
    /** Required text fields with a Vietnamese message, and one without (missing). */
    fields: { key: string; required: boolean; blank?: string }[];
    extra?: (() => Omit<UpdateCase, 'id' | 'update'>)[];
  }
  const bases: Base[] = [
    {
      update: 'returnList',
      payload: () => ({
        by: ctx.reviewer,
        reasons: {
          overall: text('Trả lại:'),
          lines: [{ procedureCode: '1.002421', documentName: 'Tờ khai', reason: 'Thiếu' }],
        },
      }),
      allowed: [ctx.reviewer],
      roleMessage: `Chỉ ${ctx.reviewer} mới được trả lại danh sách`,
      fields: [{ key: 'by', required: true }],
      extra: [
        () => ({
          mutation: 'reasons-dropped',
          payload: { by: ctx.reviewer },
          expect: ['reasons:'],
          what: 'bỏ reasons',
        }),
        () => {
          const value = rng.pick<unknown>([null, 'Thiếu căn cứ', [], 5]);
          return {
            mutation: 'reasons-not-object',
            payload: { by: ctx.reviewer, reasons: value },
            expect: ['reasons:'],
            what: `reasons = ${preview(value)}`,
          };
        },
        () => ({
          mutation: 'overall-dropped',
          payload: { by: ctx.reviewer, reasons: { lines: [] } },
          expect: ['reasons.overall:'],
          what: 'bỏ reasons.overall',
        }),
        () => {
          const value = rng.pick<unknown>([...BLANKS, 5, null, []]);
          return {
            mutation: 'overall-bad',
            payload: { by: ctx.reviewer, reasons: { overall: value } },
            expect: ['reasons.overall:'],
            what: `reasons.overall = ${preview(value)}`,
          };
        },
        () => ({
          mutation: 'overall-invisible-only',
          payload: { by: ctx.reviewer, reasons: { overall: '\u200b\u200b' } },
          expect: ['reasons.overall:'],
          invisible: true,
          what: 'reasons.overall = "\\u200b\\u200b" (chỉ có ký tự vô hình)',
        }),
        () => {
          const value = rng.pick<unknown>(['1.002421=Thiếu', {}, 5, null]);
          return {
            mutation: 'lines-not-array',
            payload: { by: ctx.reviewer, reasons: { overall: 'Thiếu', lines: value } },
            expect: ['reasons.lines:'],
            what: `reasons.lines = ${preview(value)}`,
          };
        },
        () => {
          const value = rng.pick<unknown>([null, '1.002421', 3, ['1.002421', 'Thiếu']]);
          return {
            mutation: 'line-not-object',
            payload: { by: ctx.reviewer, reasons: { overall: 'Thiếu', lines: [value] } },
            expect: ['reasons.lines[1]:'],
            what: `reasons.lines[1] = ${preview(value)}`,
          };
        },
        () => {
          const key = rng.pick(['procedureCode', 'reason']);
          const line: Json = { procedureCode: '1.002421', reason: 'Thiếu' };
          const drop = rng.chance(0.5);
          const value = rng.pick<unknown>(['', '   ', 7, null]);
          if (drop) delete line[key];
          else line[key] = value;
          return {
            mutation: `line-${key}-${drop ? 'dropped' : 'bad'}`,
            payload: {
              by: ctx.reviewer,
              reasons: { overall: 'Thiếu', lines: [{ procedureCode: '1.002421', reason: 'Đủ' }, line] },
            },
            expect: [`reasons.lines[2].${key}:`],
            what: drop ? `bỏ reasons.lines[2].${key}` : `reasons.lines[2].${key} = ${preview(value)}`,
          };
        },
        () => {
          const value = rng.pick<unknown>([5, {}, ['Tờ khai'], true]);
          return {
            mutation: 'line-documentName-wrong-type',
            payload: {
              by: ctx.reviewer,
              reasons: {
                overall: 'Thiếu',
                lines: [{ procedureCode: '1.002421', documentName: value, reason: 'Thiếu' }],
              },
            },
            expect: ['reasons.lines[1].documentName:'],
            what: `documentName = ${preview(value)}`,
          };
        },
      ],
    },
    {
      update: 'acceptList',
      payload: () => ({ by: ctx.reviewer, note: text('Đạt:') }),
      allowed: [ctx.reviewer],
      roleMessage: `Chỉ ${ctx.reviewer} mới được chấp nhận danh sách`,
      fields: [{ key: 'by', required: true }],
      extra: [
        () => {
          const value = rng.pick<unknown>([5, {}, ['Đạt'], true, null]);
          return {
            mutation: 'note-wrong-type',
            payload: { by: ctx.reviewer, note: value },
            expect: ['note:'],
            what: `note = ${preview(value)}`,
          };
        },
      ],
    },
    {
      update: 'extendDeadline',
      payload: () => ({
        by: ctx.serviceCenter,
        kind: 'review',
        deadline: ctx.futureDeadline,
        reason: text('Gia hạn:'),
      }),
      allowed: [ctx.serviceCenter],
      roleMessage: `Chỉ ${ctx.serviceCenter} mới được gia hạn`,
      fields: [
        { key: 'by', required: true },
        { key: 'reason', required: true },
      ],
      extra: [
        () => ({
          mutation: 'deadline-dropped',
          payload: { by: ctx.serviceCenter, reason: 'Gia hạn' },
          expect: ['deadline:'],
          what: 'bỏ deadline',
        }),
        () => {
          const future = Date.parse(ctx.futureDeadline);
          const value = rng.pick<unknown>([
            future,
            Math.floor(future / 1000),
            45_366,
            '15/03/2099',
            '2099-03-15',
            '2099-03-15T17:00:00',
            '2099-02-30T00:00:00+07:00',
            '2099-13-01T00:00:00+07:00',
            '2099-03-15T25:00:00+07:00',
            '2099-03-15 17:00+07:00',
            'ngày mai',
            '',
            null,
            {},
            ['2099-03-15T17:00:00+07:00'],
            `${ctx.futureDeadline}\u200b`,
            '２０９９-03-15T17:00:00+07:00',
            'x'.repeat(100_000),
          ]);
          return {
            mutation: 'deadline-bad',
            payload: { by: ctx.serviceCenter, deadline: value, reason: 'Gia hạn' },
            expect: ['deadline:'],
            what: `deadline = ${preview(value)}`,
          };
        },
        () => {
          const value = rng.pick([
            '2020-01-01T00:00:00+07:00',
            '2024-03-04T23:59:59+07:00',
            '2025-01-01T00:00:00.000Z',
            '1970-01-01T00:00:00Z',
          ]);
          return {
            mutation: 'deadline-past',
            payload: { by: ctx.serviceCenter, deadline: value, reason: 'Gia hạn' },
            expect: ['Thời hạn mới phải ở sau thời điểm hiện tại'],
            what: `deadline = ${value}`,
          };
        },
        () => {
          const value = rng.pick<unknown>(['approval', 'Submission', 'nop', '', 5, null, ['review']]);
          return {
            mutation: 'kind-invalid',
            payload: { by: ctx.serviceCenter, kind: value, deadline: ctx.futureDeadline, reason: 'Gia hạn' },
            expect: ['kind:'],
            what: `kind = ${preview(value)}`,
          };
        },
        () => ({
          mutation: 'kind-not-running',
          payload: { by: ctx.serviceCenter, kind: 'resubmission', deadline: ctx.futureDeadline, reason: 'Gia hạn' },
          expect: ['Chưa có thời hạn "resubmission"'],
          what: 'kind = resubmission khi chưa bị trả lại',
        }),
      ],
    },
    {
      update: 'withdraw',
      payload: () => ({ by: ctx.serviceCenter, reason: text('Rút:') }),
      allowed: [ctx.serviceCenter],
      roleMessage: `Chỉ ${ctx.serviceCenter} mới được rút cơ quan khỏi chiến dịch`,
      fields: [
        { key: 'by', required: true },
        { key: 'reason', required: true },
      ],
      extra: [
        () => ({
          mutation: 'reason-invisible-only',
          payload: { by: ctx.serviceCenter, reason: '\u200b' },
          expect: ['reason:'],
          invisible: true,
          what: 'reason = "\\u200b" (chỉ có ký tự vô hình)',
        }),
      ],
    },
    {
      update: 'escalate',
      payload: () => ({ by: ctx.serviceCenter, reason: text('Báo cáo:') }),
      allowed: [ctx.serviceCenter],
      roleMessage: `Chỉ ${ctx.serviceCenter} mới được báo cáo vi phạm`,
      fields: [
        { key: 'by', required: true },
        { key: 'reason', required: true },
      ],
    },
    {
      update: 'remindNow',
      payload: () => ({ by: ctx.serviceCenter, note: text('Nhắc:') }),
      allowed: [ctx.serviceCenter],
      roleMessage: `Chỉ ${ctx.serviceCenter} mới được nhắc việc`,
      fields: [{ key: 'by', required: true }],
      extra: [
        () => {
          const value = rng.pick<unknown>([5, {}, ['Còn thiếu'], true, null]);
          return {
            mutation: 'note-wrong-type',
            payload: { by: ctx.serviceCenter, note: value },
            expect: ['note:'],
            what: `note = ${preview(value)}`,
          };
        },
      ],
    },
    {
      update: 'requestSupport',
      payload: () => ({
        by: ctx.agencyActor,
        question: 'TTHC 1.002421 có phải số hóa ý kiến của Hội công chứng viên không?',
      }),
      allowed: [],
      fields: [
        { key: 'by', required: true },
        { key: 'question', required: true },
      ],
      extra: [
        () => {
          const value = rng.pick(['abc', 'a', '?', 'TTHC', '  ab  ', '\t?? \n', 'Hỏi']);
          return {
            mutation: 'question-too-short',
            payload: { by: ctx.agencyActor, question: value },
            expect: ['question:'],
            what: `question = ${preview(value)}`,
          };
        },
        () => ({
          mutation: 'question-invisible-only',
          payload: { by: ctx.agencyActor, question: '\u200b'.repeat(6) },
          expect: ['question:'],
          invisible: true,
          what: 'question = 6 × "\\u200b" (chỉ có ký tự vô hình)',
        }),
      ],
    },
    {
      update: 'answerSupport',
      payload: () => ({ by: ctx.reviewer, requestId: ctx.requestId, answer: text('Trả lời:') }),
      allowed: [ctx.reviewer, ctx.serviceCenter],
      roleMessage: 'mới được trả lời yêu cầu hỗ trợ',
      fields: [
        { key: 'by', required: true },
        { key: 'requestId', required: true },
        { key: 'answer', required: true },
      ],
      extra: [
        () => {
          const value = rng.pick([
            `${ctx.requestId}0`,
            ctx.requestId.replace(/\d+$/, '99'),
            ctx.requestId.toUpperCase(),
            `${ctx.requestId}\u200b`,
            'support-1',
            '1',
            ctx.requestId.replace('#', ''),
          ]);
          return {
            mutation: 'requestId-unknown',
            payload: { by: ctx.reviewer, requestId: value, answer: 'Có' },
            expect: ['Không có yêu cầu hỗ trợ'],
            what: `requestId = ${preview(value)}`,
          };
        },
      ],
    },
  ];

  const cases: UpdateCase[] = [];
  for (const base of bases) {
    const makers: (() => Omit<UpdateCase, 'id' | 'update'>)[] = [
      () => {
        const value = rng.pick<unknown>([null, 'x', 5, true, [], [base.payload()]]);
        return {
          mutation: 'payload-not-object',
          payload: value,
          expect: ['(toàn bộ):'],
          what: `payload = ${preview(value, 80)}`,
        };
      },
      ...base.fields.flatMap((field) => [
        () => {
          const payload = base.payload();
          delete payload[field.key];
          return { mutation: `${field.key}-dropped`, payload, expect: [`${field.key}:`], what: `bỏ ${field.key}` };
        },
        () => {
          const payload = base.payload();
          const value = rng.chance(0.1) ? ' '.repeat(rng.int(10_000, 100_000)) : rng.pick(BLANKS);
          payload[field.key] = value;
          return {
            mutation: `${field.key}-blank`,
            payload,
            expect: [`${field.key}:`],
            what: `${field.key} = ${preview(value)}`,
          };
        },
        () => {
          const payload = base.payload();
          const value = rng.pick(NOT_TEXT);
          payload[field.key] = value;
          return {
            mutation: `${field.key}-wrong-type`,
            payload,
            expect: [`${field.key}:`],
            what: `${field.key} = ${preview(value)}`,
          };
        },
      ]),
      ...(base.roleMessage
        ? [
            () => {
              const payload = base.payload();
              const value = rng.pick(wrongActors(base.allowed));
              payload.by = value;
              return {
                mutation: 'by-wrong-role',
                payload,
                expect: [base.roleMessage!],
                what: `by = ${preview(value)}`,
              };
            },
          ]
        : []),
      ...(base.extra ?? []),
    ];
    // Every maker once, then random ones up to perUpdate (an invisible value once is enough).
    const repeatable: typeof makers = [];
    for (let i = 0; i < Math.max(perUpdate, makers.length); i++) {
      const maker = i < makers.length ? makers[i]! : rng.pick(repeatable);
      const made = maker();
      if (i < makers.length && !made.invisible) repeatable.push(maker);
      cases.push({ id: `${base.update}#${i + 1}`, update: base.update, ...made });
    }
  }
  return cases;
}

// ── List files ──────────────────────────────────────────────────────────────────────────────

export const LIST_HEADER_ROW = [
  'STT',
  'Mã TTHC',
  'Tên TTHC',
  'Lĩnh vực',
  'Cơ quan/cấp thực hiện',
  'Tên giấy tờ',
  'Loại giấy tờ',
  'Căn cứ',
  'Ghi chú',
] as const;
type Header = (typeof LIST_HEADER_ROW)[number];
const REQUIRED_HEADERS: Header[] = ['Mã TTHC', 'Tên TTHC', 'Tên giấy tờ', 'Loại giấy tờ'];
const KIND_WRITTEN: Record<DocumentDraft['kind'], string[]> = {
  thanh_phan_ho_so: ['Thành phần hồ sơ', 'thanh_phan_ho_so', 'THÀNH PHẦN HỒ SƠ', 'Thanh phan ho so'],
  ket_qua: ['Kết quả', 'ket_qua', 'Kết quả giải quyết TTHC', 'ket qua'],
  y_kien: ['Ý kiến', 'y_kien', 'Kết quả kiểm tra, xác minh, ý kiến của cơ quan tham gia', 'Y KIEN'],
};

/** Where a file's problem is expected: a cell, a row, a JSON path, or the whole file. */
export type ExpectedLocation =
  | { kind: 'cell'; row?: number; column?: string }
  | { kind: 'path'; paths: string[] }
  | { kind: 'syntax' }
  | { kind: 'file' };

export interface ListFileCase {
  id: string;
  format: 'csv' | 'json' | 'xlsx';
  mutation: string;
  /** File name (its extension decides the reader). */
  name: string;
  content: Buffer;
  expected: ExpectedLocation;
  invisible?: boolean;
  what: string;
}

interface Sheet {
  /** Cells by row (index 0 = row 1). */
  rows: string[][];
  headerRow: number;
  /** Row (1-based) of each document: rowOf[p][d]. */
  rowOf: number[][];
}

function sheetFromList(list: ListDraft, rng: Rng): Sheet {
  const rows: string[][] = [];
  if (rng.chance(0.25)) rows.push(['DANH SÁCH GIẤY TỜ CẦN SỐ HÓA'], []);
  rows.push([...LIST_HEADER_ROW]);
  const headerRow = rows.length;
  const repeat = rng.chance(0.5);
  const rowOf: number[][] = [];
  let stt = 0;
  list.procedures.forEach((procedure) => {
    const mine: number[] = [];
    procedure.documents.forEach((document, d) => {
      const first = d === 0 || repeat;
      rows.push([
        String(++stt),
        first ? procedure.code : '',
        first ? procedure.name : '',
        first ? (procedure.field ?? '') : '',
        first ? (procedure.level ?? '') : '',
        document.name,
        rng.pick(KIND_WRITTEN[document.kind]),
        document.basis ?? '',
        document.note ?? '',
      ]);
      mine.push(rows.length);
    });
    rowOf.push(mine);
  });
  return { rows, headerRow, rowOf };
}

const col = (header: Header) => LIST_HEADER_ROW.indexOf(header);

function csvText(rows: string[][], delimiter: string, rng: Rng): string {
  const eol = rng.chance(0.5) ? '\r\n' : '\n';
  const quote = (cell: string) => (/[",;\r\n]/.test(cell) || rng.chance(0.1) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return `${rows.map((row) => row.map(quote).join(delimiter)).join(eol)}${eol}`;
}

function csvBuffer(rows: string[][], rng: Rng): Buffer {
  const delimiter = rng.chance(0.3) ? ';' : ',';
  const text = csvText(rows, delimiter, rng);
  return Buffer.from(rng.chance(0.4) ? `\ufeff${text}` : text, 'utf8');
}

interface SheetMutation {
  name: string;
  weight?: number;
  needs?: { procedures?: number; documents?: number };
  invisible?: boolean;
  /** Changes the sheet; returns the expected location, or undefined when not applicable. */
  apply(sheet: Sheet, list: ListDraft, rng: Rng): { expected: ExpectedLocation; what: string };
}

function removeColumn(rows: unknown[][], index: number): void {
  for (const row of rows) if (row.length > index) row.splice(index, 1);
}

const UNKNOWN_HEADERS = [
  'Mã hồ sơ',
  'Tên văn bản',
  'Loại văn bản',
  'Code',
  'Kind',
  'Cột 1',
  'Ghi chú 2',
  'Tên TTHC mới',
  'Mã TTHC cũ',
  '?',
  'Số hiệu',
  'Tên giấy tờ số hóa xong',
];

const SHEET_MUTATIONS: readonly SheetMutation[] = [
  {
    name: 'header-drop-required',
    apply(sheet, _list, rng) {
      const header = rng.pick(REQUIRED_HEADERS);
      removeColumn(sheet.rows, col(header));
      return { expected: { kind: 'cell', row: sheet.headerRow, column: header }, what: `bỏ cột "${header}"` };
    },
  },
  {
    name: 'header-unknown',
    apply(sheet, _list, rng) {
      const index = rng.int(0, LIST_HEADER_ROW.length - 1);
      const text = rng.pick(UNKNOWN_HEADERS);
      sheet.rows[sheet.headerRow - 1]![index] = text;
      return {
        expected: { kind: 'cell', row: sheet.headerRow, column: text },
        what: `tiêu đề cột ${index + 1} đổi thành "${text}"`,
      };
    },
  },
  {
    name: 'header-duplicate',
    apply(sheet, _list, rng) {
      const header = rng.pick(LIST_HEADER_ROW.filter((h) => h !== 'STT'));
      for (const [i, row] of sheet.rows.entries())
        if (i >= sheet.headerRow - 1) row[LIST_HEADER_ROW.length] = row[col(header)] ?? '';
      return { expected: { kind: 'cell', row: sheet.headerRow, column: header }, what: `cột "${header}" có hai lần` };
    },
  },
  {
    name: 'header-missing',
    apply(sheet) {
      sheet.rows.splice(sheet.headerRow - 1, 1);
      return { expected: { kind: 'cell' }, what: 'không có dòng tiêu đề' };
    },
  },
  {
    name: 'header-too-low',
    apply(sheet) {
      const titles = Array.from({ length: 10 }, (_v, i) => [`Dòng tiêu đề phụ ${i + 1}`]);
      sheet.rows.splice(sheet.headerRow - 1, 0, ...titles);
      return { expected: { kind: 'cell' }, what: 'dòng tiêu đề ở dưới 10 dòng chữ khác' };
    },
  },
  {
    name: 'no-data-rows',
    apply(sheet) {
      sheet.rows.splice(sheet.headerRow);
      return { expected: { kind: 'cell', row: sheet.headerRow + 1 }, what: 'chỉ có dòng tiêu đề' };
    },
  },
  {
    name: 'code-malformed',
    weight: 4,
    apply(sheet, list, rng) {
      const p = rng.int(0, list.procedures.length - 1);
      const row = sheet.rowOf[p]![0]!;
      const value = rng.pick(BAD_SHEET_CODES);
      sheet.rows[row - 1]![col('Mã TTHC')] = value;
      return { expected: { kind: 'cell', row, column: 'Mã TTHC' }, what: `Mã TTHC dòng ${row} = ${preview(value)}` };
    },
  },
  {
    name: 'code-missing-first-row',
    apply(sheet) {
      const row = sheet.rowOf[0]![0]!;
      sheet.rows[row - 1]![col('Mã TTHC')] = '';
      return {
        expected: { kind: 'cell', row, column: 'Mã TTHC' },
        what: `dòng giấy tờ đầu tiên (dòng ${row}) không có Mã TTHC`,
      };
    },
  },
  {
    name: 'code-missing-new-name',
    needs: { procedures: 2 },
    apply(sheet, list, rng) {
      const p = rng.int(1, list.procedures.length - 1);
      const row = sheet.rowOf[p]![0]!;
      sheet.rows[row - 1]![col('Mã TTHC')] = '';
      return {
        expected: { kind: 'cell', row, column: 'Mã TTHC' },
        what: `dòng ${row}: thiếu Mã TTHC nhưng Tên TTHC khác TTHC ở trên`,
      };
    },
  },
  {
    name: 'procedure-name-conflict',
    needs: { documents: 2 },
    apply(sheet, list, rng) {
      const p = list.procedures.findIndex((procedure) => procedure.documents.length >= 2);
      const d = rng.int(1, list.procedures[p]!.documents.length - 1);
      const row = sheet.rowOf[p]![d]!;
      const cells = sheet.rows[row - 1]!;
      cells[col('Mã TTHC')] = list.procedures[p]!.code;
      cells[col('Tên TTHC')] = `${list.procedures[p]!.name} (sửa đổi)`;
      return { expected: { kind: 'cell', row, column: 'Tên TTHC' }, what: `dòng ${row}: cùng mã nhưng Tên TTHC khác` };
    },
  },
  {
    name: 'procedure-name-missing',
    apply(sheet, list, rng) {
      const p = rng.int(0, list.procedures.length - 1);
      for (const row of sheet.rowOf[p]!) sheet.rows[row - 1]![col('Tên TTHC')] = rng.pick(['', ' ', '\u00a0']);
      return {
        expected: { kind: 'cell', row: sheet.rowOf[p]![0]!, column: 'Tên TTHC' },
        what: `TTHC thứ ${p + 1} không có tên`,
      };
    },
  },
  {
    name: 'document-name-missing',
    apply(sheet, list, rng) {
      const p = rng.int(0, list.procedures.length - 1);
      const row = rng.pick(sheet.rowOf[p]!);
      sheet.rows[row - 1]![col('Tên giấy tờ')] = rng.pick(['', '   ', '\u200b', '\u3000']);
      return { expected: { kind: 'cell', row, column: 'Tên giấy tờ' }, what: `dòng ${row}: không có Tên giấy tờ` };
    },
  },
  {
    name: 'document-name-invisible-only',
    weight: 0.3,
    invisible: true,
    apply(sheet, list, rng) {
      const p = rng.int(0, list.procedures.length - 1);
      const row = rng.pick(sheet.rowOf[p]!);
      const value = rng.pick(['\u2060', '\u2060\u00ad', '\u180e', '\u200b\u2060']);
      sheet.rows[row - 1]![col('Tên giấy tờ')] = value;
      return {
        expected: { kind: 'cell', row, column: 'Tên giấy tờ' },
        what: `dòng ${row}: Tên giấy tờ = ${preview(value)} (chỉ có ký tự vô hình)`,
      };
    },
  },
  {
    name: 'kind-invalid',
    weight: 3,
    apply(sheet, list, rng) {
      const p = rng.int(0, list.procedures.length - 1);
      const row = rng.pick(sheet.rowOf[p]!);
      const value = rng.pick([...BAD_LABEL_KINDS, '45352', '04/03/2024', '#N/A']);
      sheet.rows[row - 1]![col('Loại giấy tờ')] = value;
      return {
        expected: { kind: 'cell', row, column: 'Loại giấy tờ' },
        what: `dòng ${row}: Loại giấy tờ = ${preview(value)}`,
      };
    },
  },
  {
    name: 'kind-missing',
    apply(sheet, list, rng) {
      const p = rng.int(0, list.procedures.length - 1);
      const row = rng.pick(sheet.rowOf[p]!);
      sheet.rows[row - 1]![col('Loại giấy tờ')] = rng.pick(['', ' ', '\t']);
      return { expected: { kind: 'cell', row, column: 'Loại giấy tờ' }, what: `dòng ${row}: không có Loại giấy tờ` };
    },
  },
  {
    name: 'document-duplicate',
    weight: 2,
    needs: { documents: 2 },
    apply(sheet, list, rng) {
      const p = list.procedures.findIndex((procedure) => procedure.documents.length >= 2);
      const d = rng.int(1, list.procedures[p]!.documents.length - 1);
      const first = list.procedures[p]!.documents[0]!.name;
      const value = rng.pick([
        first,
        first.toUpperCase(),
        first.normalize('NFD'),
        first.replace(' ', '   '),
        `${first}\u200b`,
      ]);
      const row = sheet.rowOf[p]![d]!;
      sheet.rows[row - 1]![col('Tên giấy tờ')] = value;
      return {
        expected: { kind: 'cell', row, column: 'Tên giấy tờ' },
        what: `dòng ${row}: Tên giấy tờ ${preview(value)} trùng dòng ${sheet.rowOf[p]![0]}`,
      };
    },
  },
  {
    name: 'code-duplicate-forms',
    weight: 2,
    needs: { procedures: 2 },
    apply(sheet, list, rng) {
      const p = rng.int(1, list.procedures.length - 1);
      const first = list.procedures[0]!.code;
      const value = first.length > 8 ? national(first) : provincial(first);
      for (const row of sheet.rowOf[p]!)
        if (sheet.rows[row - 1]![col('Mã TTHC')]) sheet.rows[row - 1]![col('Mã TTHC')] = value;
      const row = sheet.rowOf[p]![0]!;
      return {
        expected: { kind: 'cell', row, column: 'Mã TTHC' },
        what: `dòng ${row}: Mã TTHC ${value} là dạng khác của ${first} (dòng ${sheet.rowOf[0]![0]})`,
      };
    },
  },
  {
    name: 'data-without-header',
    apply(sheet, list, rng) {
      const p = rng.int(0, list.procedures.length - 1);
      const row = rng.pick(sheet.rowOf[p]!);
      const cells = sheet.rows[row - 1]!;
      while (cells.length < LIST_HEADER_ROW.length) cells.push('');
      const extra = rng.int(0, 2);
      cells.push(...Array.from({ length: extra }, () => ''), rng.pick(['x', 'Ghi chú thêm', '1', 'Thành phần hồ sơ']));
      const letter = String.fromCharCode(65 + LIST_HEADER_ROW.length + extra);
      return {
        expected: { kind: 'cell', row, column: letter },
        what: `dòng ${row}: dữ liệu ở cột ${letter} không có tiêu đề`,
      };
    },
  },
  {
    name: 'date-or-serial-code',
    apply(sheet, list, rng) {
      const p = rng.int(0, list.procedures.length - 1);
      const row = sheet.rowOf[p]![0]!;
      const value = rng.pick(['04/03/2024', '45352', '2024-03-04', '4-Mar-24', '1.00E+00']);
      sheet.rows[row - 1]![col('Mã TTHC')] = value;
      return { expected: { kind: 'cell', row, column: 'Mã TTHC' }, what: `dòng ${row}: Mã TTHC = ${value}` };
    },
  },
];

/** CSV list files that must be refused, with where the problem is. */
export function csvListCases(seed: number, count: number): ListFileCase[] {
  const rng = new Rng(seed).fork('csv');
  const cases: ListFileCase[] = [];
  const push = (mutation: string, content: Buffer, expected: ExpectedLocation, what: string, invisible = false) =>
    cases.push({
      id: `csv#${cases.length + 1}`,
      format: 'csv',
      mutation,
      name: `danh-sach-${cases.length + 1}.csv`,
      content,
      expected,
      what,
      invisible,
    });

  // Whole-file problems.
  const valid = () => csvText(sheetFromList(validList(rng), rng).rows, ',', rng);
  push('empty', Buffer.alloc(0), { kind: 'file' }, 'tệp 0 byte');
  push('whitespace-only', Buffer.from(' \r\n\t\n  \n'), { kind: 'file' }, 'chỉ có khoảng trắng');
  push('bom-only', Buffer.from('\ufeff'), { kind: 'file' }, 'chỉ có BOM');
  push(
    'utf16',
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(valid(), 'utf16le')]),
    { kind: 'file' },
    'mã UTF-16',
  );
  push('latin1', Buffer.from(valid(), 'latin1'), { kind: 'file' }, 'mã Latin-1 thay cho UTF-8');
  push(
    'windows-1258',
    Buffer.concat([Buffer.from('STT,M'), Buffer.from([0xe3]), Buffer.from(' TTHC,T\xean TTHC\n', 'latin1')]),
    { kind: 'file' },
    'byte không phải UTF-8',
  );
  push(
    'xlsx-renamed',
    Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(200, 7)]),
    { kind: 'file' },
    'tệp zip đổi đuôi .csv',
  );
  for (let i = 0; i < 3; i++) {
    const bytes = Buffer.from(Array.from({ length: rng.int(50, 4000) }, () => rng.int(0, 255)));
    push(
      'random-binary',
      Buffer.concat([Buffer.from([0xc3, 0x28]), bytes]),
      { kind: 'file' },
      `${bytes.length + 2} byte ngẫu nhiên`,
    );
  }
  push('too-large', Buffer.alloc(10 * 1024 * 1024 + 100, 'a,b,c\n'), { kind: 'file' }, 'tệp hơn 10 MB');
  // Structure problems located at a row.
  {
    const sheet = sheetFromList(validList(rng, { procedures: 1, documents: [1, 1] }), rng);
    const doc = sheet.rows[sheet.rowOf[0]![0]! - 1]!;
    const many = [...sheet.rows.slice(0, sheet.headerRow)];
    for (let i = 0; i < 20_001; i++)
      many.push([String(i + 1), doc[1]!, doc[2]!, '', '', `Giấy tờ số ${i + 1}`, 'Kết quả', '', '']);
    push('too-many-rows', Buffer.from(csvText(many, ',', rng)), { kind: 'cell' }, 'hơn 20.000 dòng giấy tờ');
  }
  {
    const sheet = sheetFromList(validList(rng), rng);
    const row = sheet.rowOf[0]![0]!;
    sheet.rows[row - 1]![col('Ghi chú')] = 'x'.repeat(1_100_000);
    push(
      'record-too-large',
      Buffer.from(csvText(sheet.rows, ',', rng)),
      { kind: 'cell' },
      `dòng ${row}: ô dài 1,1 triệu ký tự`,
    );
  }
  for (let i = 0; i < 6; i++) {
    // A quote opened in the last record runs to the end of the file.
    const sheet = sheetFromList(validList(rng), rng);
    const row = sheet.rows.length + 1;
    const text = `${csvText(sheet.rows, ',', rng)}${row},"${rng.pick(['1.002421', 'Tờ khai', ''])},Tên TTHC,,,Tờ khai,Kết quả,,\n`;
    push('unclosed-quote', Buffer.from(text), { kind: 'cell' }, `dòng ${row}: dấu ngoặc kép mở mà không đóng`);
  }
  for (let i = 0; i < 4; i++) {
    const list = validList(rng, { procedures: 2 });
    const sheet = sheetFromList(list, rng);
    const row = sheet.rowOf[1]![0]!;
    const text = csvText(sheet.rows, ',', rng).split('\n');
    // 1,002421 unquoted in a comma file: the code splits into two cells.
    text[row - 1] = text[row - 1]!.replace(list.procedures[1]!.code, list.procedures[1]!.code.replace('.', ','));
    push(
      'comma-in-code-unquoted',
      Buffer.from(text.join('\n')),
      { kind: 'cell', row },
      `dòng ${row}: mã TTHC viết dấu phẩy, không đặt trong ngoặc kép`,
    );
  }

  // Cell problems: one mutation of a valid sheet (every mutation once, then at random).
  for (let k = 0; cases.length < count; k++) {
    const mutation = pickSheetMutation(rng, k);
    const list = validList(rng);
    ensure(list, rng, mutation.needs);
    const sheet = sheetFromList(list, rng);
    const { expected, what } = mutation.apply(sheet, list, rng);
    push(mutation.name, csvBuffer(sheet.rows, rng), expected, what, mutation.invisible);
  }
  return cases;
}

/** Every mutation twice, then by weight. */
function pickSheetMutation(rng: Rng, index: number): SheetMutation {
  if (index < SHEET_MUTATIONS.length * 2) return SHEET_MUTATIONS[index % SHEET_MUTATIONS.length]!;
  const total = SHEET_MUTATIONS.reduce((sum, m) => sum + (m.weight ?? 1), 0);
  let at = rng.next() * total;
  for (const mutation of SHEET_MUTATIONS) {
    at -= mutation.weight ?? 1;
    if (at < 0) return mutation;
  }
  return SHEET_MUTATIONS[0]!;
}

/** A valid .csv list (for the generator's own check that mutations are what breaks the file). */
export function validCsvList(seed: number): Buffer {
  const rng = new Rng(seed).fork('valid-csv');
  return csvBuffer(sheetFromList(validList(rng), rng).rows, rng);
}

/** JSON list files: the list mutations (with the labels JSON accepts), syntax and file problems. */
export function jsonListCases(seed: number, count: number): ListFileCase[] {
  const rng = new Rng(seed).fork('json');
  const cases: ListFileCase[] = [];
  const push = (mutation: string, content: Buffer, expected: ExpectedLocation, what: string, invisible = false) =>
    cases.push({
      id: `json#${cases.length + 1}`,
      format: 'json',
      mutation,
      name: `danh-sach-${cases.length + 1}.json`,
      content,
      expected,
      what,
      invisible,
    });
  const text = (value: unknown) => (rng.chance(0.5) ? JSON.stringify(value, null, 2) : JSON.stringify(value));

  push('empty', Buffer.alloc(0), { kind: 'file' }, 'tệp 0 byte');
  // Node 20's JSON.parse gives no position for these: the file as a whole is at fault.
  push('whitespace-only', Buffer.from('  \n\t '), { kind: 'file' }, 'chỉ có khoảng trắng');
  push(
    'utf16',
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(validList(rng)), 'utf16le')]),
    { kind: 'file' },
    'mã UTF-16',
  );
  push(
    'deep-arrays',
    Buffer.from(`${'['.repeat(200_000)}${']'.repeat(200_000)}`),
    { kind: 'path', paths: ['procedures[1]'] },
    '200.000 cấp mảng lồng nhau',
  );
  push(
    'deep-objects',
    Buffer.from(`{"procedures":[${'{"documents":'.repeat(50_000)}[]${'}'.repeat(50_000)}]}`),
    { kind: 'path', paths: ['procedures[1].code'] },
    '50.000 cấp đối tượng lồng nhau',
  );
  for (const [what, value] of [
    ['null', 'null'],
    ['số', '42'],
    ['chuỗi', '"danh sách"'],
    ['true', 'true'],
  ] as const) {
    push('top-level-not-object', Buffer.from(value), { kind: 'path', paths: ['(toàn bộ)'] }, `nội dung là ${what}`);
  }
  push('top-level-empty-array', Buffer.from('[]'), { kind: 'path', paths: ['procedures'] }, 'mảng rỗng');
  push('top-level-empty-object', Buffer.from('{}'), { kind: 'path', paths: ['procedures'] }, 'đối tượng rỗng');
  {
    const procedures = validList(rng, { procedures: 1, documents: [1, 1] }).procedures;
    const documents = Array.from({ length: 20_001 }, (_v, i) => ({ name: `Giấy tờ số ${i + 1}`, kind: 'ket_qua' }));
    push(
      'too-many-documents',
      Buffer.from(JSON.stringify({ procedures: [{ ...procedures[0], documents }] })),
      { kind: 'file' },
      '20.001 giấy tờ',
    ); // a limit on the file as a whole
  }
  const syntax: [string, (valid: string) => string][] = [
    ['truncated', (valid) => valid.slice(0, rng.int(1, valid.length - 1))],
    ['trailing-comma', (valid) => valid.replace(/\}\s*$/, ',}')],
    ['single-quotes', (valid) => valid.replace(/"/g, "'")],
    ['comment', (valid) => `// danh sách của Sở Tư pháp\n${valid}`],
    ['unquoted-keys', (valid) => valid.replace(/"(\w+)":/g, '$1:')],
    ['nan', (valid) => valid.replace(/"kind": ?"[^"]*"/, '"kind": NaN')],
    ['two-documents', (valid) => `${valid}\n${valid}`],
    ['garbage-tail', (valid) => `${valid}\u0000\u0001`],
    ['missing-comma', (valid) => valid.replace(/",\s*"/, '" "')],
  ];
  for (let i = 0; i < 24; i++) {
    const [name, make] = syntax[i % syntax.length]!;
    // Node 20's JSON.parse names no position for a comment or NaN: those are located by file only.
    const located = name !== 'comment' && name !== 'nan';
    push(
      `syntax-${name}`,
      Buffer.from(make(text(validList(rng))), 'utf8'),
      { kind: located ? 'syntax' : 'file' },
      `JSON sai cú pháp (${name})`,
    );
  }
  for (const m of mutatedLists(rng.fork('lists'), count - cases.length, 'json')) {
    // A bare array of procedures is a valid form: write some lists that way.
    const bare =
      m.list !== null &&
      typeof m.list === 'object' &&
      !Array.isArray(m.list) &&
      Object.keys(m.list).join() === 'procedures' &&
      Array.isArray((m.list as Json).procedures) &&
      rng.chance(0.2);
    const value = bare ? (m.list as Json).procedures : m.list;
    push(m.mutation, Buffer.from(text(value)), { kind: 'path', paths: m.paths }, m.what, m.invisible);
  }
  return cases;
}

/** A valid .json list. */
export function validJsonList(seed: number): Buffer {
  return Buffer.from(JSON.stringify(validList(new Rng(seed).fork('valid-json'))));
}

type CellValue = ExcelJS.CellValue;

async function workbookBuffer(
  build: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void,
  sheetName = 'Danh sách',
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date('2024-02-07T00:00:00Z');
  workbook.modified = workbook.created;
  const sheet = workbook.addWorksheet(sheetName);
  build(sheet, workbook);
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  // The same archive for the same seed: rewritten without the zip entries' timestamps.
  return rewriteZip(buffer, readZipDirectory(buffer), new Map());
}

function fillSheet(sheet: ExcelJS.Worksheet, rows: CellValue[][]): void {
  rows.forEach((cells, r) => {
    cells.forEach((value, c) => {
      if (value !== '' && value !== undefined) sheet.getCell(r + 1, c + 1).value = value;
    });
  });
}

function patchZip(
  buffer: Buffer,
  patch: (entries: ReturnType<typeof readZipDirectory>) => {
    entries?: ReturnType<typeof readZipDirectory>;
    replacements?: Map<string, Buffer>;
  },
): Buffer {
  const entries = readZipDirectory(buffer);
  const result = patch(entries);
  return rewriteZip(buffer, result.entries ?? entries, result.replacements ?? new Map());
}

/** Sets a field of every central-directory record whose name matches (for lying or encrypted zips). */
function patchCentralDirectory(buffer: Buffer, name: string, patch: (record: Buffer) => void): Buffer {
  const copy = Buffer.from(buffer);
  const nameBytes = Buffer.from(name, 'utf8');
  for (let offset = 0; offset + 46 <= copy.length; offset++) {
    if (copy.readUInt32LE(offset) !== 0x02014b50) continue;
    const length = copy.readUInt16LE(offset + 28);
    if (copy.subarray(offset + 46, offset + 46 + length).equals(nameBytes)) patch(copy.subarray(offset, offset + 46));
  }
  return copy;
}

/** A few .xlsx files: cell types Excel produces, merges, formulas, and broken archives. */
export async function xlsxListCases(seed: number): Promise<ListFileCase[]> {
  const rng = new Rng(seed).fork('xlsx');
  const cases: ListFileCase[] = [];
  const push = (mutation: string, content: Buffer, expected: ExpectedLocation, what: string) =>
    cases.push({
      id: `xlsx#${cases.length + 1}`,
      format: 'xlsx',
      mutation,
      name: `danh-sach-${cases.length + 1}.xlsx`,
      content,
      expected,
      what,
    });
  const base = (): { list: ListDraft; sheet: Sheet; rows: CellValue[][] } => {
    const list = validList(rng, { procedures: rng.int(2, 4), documents: [2, 3] });
    const sheet = sheetFromList(list, rng);
    return { list, sheet, rows: sheet.rows.map((row) => [...row]) };
  };
  const cell = async (
    mutation: string,
    value: CellValue | ((row: number) => CellValue),
    header: Header,
    what: string,
    numFmt?: string,
  ) => {
    const { sheet, rows } = base();
    const row = sheet.rowOf[1]![0]!;
    rows[row - 1]![col(header)] = typeof value === 'function' ? value(row) : value;
    const buffer = await workbookBuffer((ws) => {
      fillSheet(ws, rows);
      if (numFmt) ws.getCell(row, col(header) + 1).numFmt = numFmt;
    });
    push(mutation, buffer, { kind: 'cell', row, column: header }, `dòng ${row}, cột ${header}: ${what}`);
  };

  await cell('code-number-lost-digit', 1.00242, 'Mã TTHC', 'số 1.00242 (Excel bỏ số 0 của 1.002420)');
  await cell('code-number-integer', 1_002_421, 'Mã TTHC', 'số 1002421');
  await cell('code-date', new Date('2024-03-04T00:00:00Z'), 'Mã TTHC', 'ô ngày tháng');
  await cell('code-serial-date-format', 45_355, 'Mã TTHC', 'số 45355 định dạng ngày', 'dd/mm/yyyy');
  await cell('kind-number', 3, 'Loại giấy tờ', 'số 3');
  await cell('kind-date', new Date('2024-02-07T00:00:00Z'), 'Loại giấy tờ', 'ô ngày tháng');
  await cell('kind-invalid-text', rng.pick(BAD_LABEL_KINDS), 'Loại giấy tờ', 'loại không có trong danh mục');
  await cell('document-name-date', new Date('2024-02-07T00:00:00Z'), 'Tên giấy tờ', 'ô ngày tháng');
  await cell(
    'code-formula-without-result',
    (row) => ({ formula: `C${row}&""` }) as CellValue,
    'Mã TTHC',
    'công thức chưa có kết quả',
  );
  await cell(
    'code-formula-error',
    (row) => ({ formula: `VLOOKUP(C${row},Z:Z,1,0)`, result: { error: '#N/A' } }) as CellValue,
    'Mã TTHC',
    'công thức cho #N/A',
  );
  await cell('code-error-value', { error: '#REF!' } as CellValue, 'Mã TTHC', 'ô lỗi #REF!');
  await cell(
    'code-rich-text-malformed',
    { richText: [{ text: '1.00' }, { text: '24 21', font: { bold: true } }] } as CellValue,
    'Mã TTHC',
    'chữ định dạng "1.0024 21"',
  );
  await cell(
    'code-hyperlink-malformed',
    { text: 'Xem mã TTHC', hyperlink: 'https://dichvucong.gov.vn' } as CellValue,
    'Mã TTHC',
    'liên kết thay cho mã',
  );
  await cell('code-boolean', true, 'Mã TTHC', 'giá trị TRUE');
  {
    const { sheet, rows } = base();
    const row = sheet.rowOf[0]![1]!;
    const buffer = await workbookBuffer((ws) => {
      fillSheet(ws, rows);
      ws.mergeCells(row, col('Tên giấy tờ') + 1, row, col('Loại giấy tờ') + 1);
    });
    push('merge-across', buffer, { kind: 'cell', row }, `dòng ${row}: gộp ô Tên giấy tờ và Loại giấy tờ`);
  }
  {
    const { sheet, rows } = base();
    removeColumn(rows, col('Loại giấy tờ'));
    push(
      'header-drop-kind',
      await workbookBuffer((ws) => fillSheet(ws, rows)),
      { kind: 'cell', row: sheet.headerRow, column: 'Loại giấy tờ' },
      'thiếu cột Loại giấy tờ',
    );
  }
  {
    const { sheet, rows, list } = base();
    const value =
      list.procedures[0]!.code.length > 8 ? national(list.procedures[0]!.code) : provincial(list.procedures[0]!.code);
    for (const row of sheet.rowOf[1]!) if (rows[row - 1]![col('Mã TTHC')]) rows[row - 1]![col('Mã TTHC')] = value;
    push(
      'code-duplicate-forms',
      await workbookBuffer((ws) => fillSheet(ws, rows)),
      { kind: 'cell', row: sheet.rowOf[1]![0]!, column: 'Mã TTHC' },
      `mã ${value} trùng dạng khác của TTHC thứ nhất`,
    );
  }
  {
    const { sheet, rows } = base();
    push(
      'no-data-rows',
      await workbookBuffer((ws) => fillSheet(ws, rows.slice(0, sheet.headerRow))),
      { kind: 'cell', row: sheet.headerRow + 1 },
      'chỉ có dòng tiêu đề',
    );
  }
  push(
    'only-guide-sheet',
    await workbookBuffer((ws) => fillSheet(ws, [['Hướng dẫn điền danh sách']]), 'Hướng dẫn'),
    { kind: 'file' },
    'chỉ có trang "Hướng dẫn"',
  );
  // Broken archives.
  const good = await workbookBuffer((ws) => fillSheet(ws, base().rows));
  push('empty', Buffer.alloc(0), { kind: 'file' }, 'tệp 0 byte');
  push('truncated', good.subarray(0, rng.int(100, good.length - 200)), { kind: 'file' }, 'tệp tải về không trọn vẹn');
  push(
    'random-bytes',
    Buffer.concat([
      Buffer.from('PK\u0003\u0004', 'latin1'),
      Buffer.from(Array.from({ length: 3000 }, () => rng.int(0, 255))),
    ]),
    { kind: 'file' },
    'chữ ký zip rồi byte ngẫu nhiên',
  );
  push('csv-renamed', validCsvList(seed), { kind: 'file' }, 'tệp CSV đổi đuôi .xlsx');
  push(
    'html-renamed',
    Buffer.from('<html><body><table><tr><td>Mã TTHC</td></tr></table></body></html>'),
    { kind: 'file' },
    'trang HTML đổi đuôi .xlsx',
  );
  push(
    'xls-signature',
    Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]),
    { kind: 'file' },
    'tệp Excel 97 (.xls)',
  );
  push(
    'docx-renamed',
    patchZip(good, (entries) => ({
      entries: entries.map((e) => (e.name === 'xl/workbook.xml' ? { ...e, name: 'word/document.xml' } : e)),
    })),
    { kind: 'file' },
    'văn bản Word đổi đuôi .xlsx',
  );
  push(
    'broken-sheet-xml',
    patchZip(good, () => ({
      replacements: new Map([
        [
          'xl/worksheets/sheet1.xml',
          Buffer.from('<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="s"><v>99'),
        ],
      ]),
    })),
    { kind: 'file' },
    'trang tính XML bị cắt cụt',
  );
  push(
    'huge-merge',
    patchZip(good, () => ({
      replacements: new Map([
        [
          'xl/worksheets/sheet1.xml',
          Buffer.from(
            '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>',
          ),
        ],
      ]),
    })),
    { kind: 'cell' },
    'gộp ô A1:XFD1048576',
  );
  const bomb = patchZip(good, () => ({
    replacements: new Map([['docProps/app.xml', Buffer.alloc(60 * 1024 * 1024, 0x20)]]),
  }));
  push('zip-bomb', bomb, { kind: 'file' }, 'một phần giải nén ra 60 MB');
  push(
    'zip-bomb-lying-size',
    patchCentralDirectory(bomb, 'docProps/app.xml', (record) => record.writeUInt32LE(1_000, 24)),
    { kind: 'file' },
    'một phần giải nén ra 60 MB nhưng khai 1 KB',
  );
  push(
    'encrypted-flag',
    patchCentralDirectory(good, 'xl/workbook.xml', (record) => record.writeUInt16LE(record.readUInt16LE(8) | 1, 8)),
    { kind: 'file' },
    'cờ mã hóa trên xl/workbook.xml',
  );
  return cases;
}

/** A valid .xlsx list. */
export async function validXlsxList(seed: number): Promise<Buffer> {
  const rng = new Rng(seed).fork('valid-xlsx');
  return workbookBuffer((ws) =>
    fillSheet(ws, sheetFromList(validList(rng, { procedures: 3, documents: [2, 3] }), rng).rows),
  );
}

// ── Campaign definitions (YAML) and roster files ────────────────────────────────────────────

export interface DefinitionCase {
  id: string;
  mutation: string;
  /** Files to write in the case's own directory; `null` makes a directory. */
  files: Record<string, string | Buffer | null>;
  /** The campaign file to load, relative to the case's directory. */
  main: string;
  /** At least one must appear in the error: the field (`deadlines.submission:`), row and column, or line. */
  expect: string[];
  what: string;
}

const ROSTER_AGENCIES = [
  {
    code: 'so-tu-phap',
    name: 'Sở Tư pháp',
    kind: 'department',
    email: 'so-tu-phap@dondoc.example',
    stage: 'returned',
    reason: 'Kết quả rà soát chưa đạt (Công văn 751/UBND-TTHC)',
  },
  { code: 'so-y-te', name: 'Sở Y tế', kind: 'department', email: 'so-y-te@dondoc.example' },
  { code: 'cong-an-tinh', name: 'Công an tỉnh', kind: 'police' },
  { code: '000.00.53.H48', name: 'UBND huyện Bình Sơn', kind: 'district', email: 'binh-son@dondoc.example' },
  { code: 'xa-21112', name: 'UBND xã Bình Châu, huyện Bình Sơn', kind: 'commune', email: 'xa-21112@dondoc.example' },
  { code: 'xa-21115', name: 'UBND xã Bình Thạnh, huyện Bình Sơn', kind: 'commune' },
  { code: 'bqlkkt', name: 'Ban Quản lý KKT Dung Quất và các KCN Quảng Ngãi', kind: 'other' },
];

export function validDefinition(rng: Rng): Json {
  const agencies = rng.sample(ROSTER_AGENCIES, rng.int(3, ROSTER_AGENCIES.length)).map((a) => ({ ...a }));
  return {
    id: `751-UBND-TTHC-2024-${rng.digits(4)}`,
    directive: {
      number: '751/UBND-TTHC',
      date: '2024-02-07',
      title: 'Khẩn trương hoàn thành nhiệm vụ số hóa hồ sơ, giấy tờ, kết quả giải quyết TTHC',
      ...(rng.chance(0.5) && { issuer: 'UBND tỉnh Quảng Ngãi', signer: 'Trần Phước Hiền' }),
    },
    deadlines: { submission: '2024-03-04T23:59:59+07:00', approval: '2024-03-14T23:59:59+07:00' },
    calendar: rng.pick(['vietnam', 'weekends-only']),
    ...(rng.chance(0.6) && {
      policy: { reminderOffsets: [3, 1], resubmissionWorkingDays: 5, reviewWorkingDays: 5, perfunctoryReturnCount: 2 },
    }),
    reviewer: { name: 'Sở Thông tin và Truyền thông', email: 'so-tttt@dondoc.example' },
    approver: { name: 'Chủ tịch UBND tỉnh' },
    serviceCenter: { name: 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh', email: 'ttpv@dondoc.example' },
    agencies,
  };
}

function getAt(root: Json, path: readonly (string | number)[]): Json {
  let at: unknown = root;
  for (const part of path) at = (at as Json)[part as string];
  return at as Json;
}
function setAt(root: Json, path: readonly (string | number)[], value: unknown): void {
  getAt(root, path.slice(0, -1))[path[path.length - 1] as string] = value;
}
function dropAt(root: Json, path: readonly (string | number)[]): void {
  delete getAt(root, path.slice(0, -1))[path[path.length - 1] as string];
}

const BAD_EMAILS = [
  'khong-phai-email',
  'a@',
  '@dondoc.example',
  'so tttt@dondoc.example',
  'so-tttt＠dondoc.example',
  'so-tttt@dondoc..example',
  'so-tttt@',
];
// No invisible characters here: every boundary removes them (workflows/text.ts), so 'so-tu-phap\u200b' is so-tu-phap.
const BAD_AGENCY_CODES = ['so tu phap', 'so/tu-phap', 'sở#1', '😀', 'so,tu', '', '  '];
const BAD_INSTANTS: readonly unknown[] = [
  '2024-03-04',
  '2024-03-04T23:59:59',
  '04/03/2024',
  1_709_571_599,
  '2024-02-30T23:59:59+07:00',
  'hết ngày 04/03/2024',
  '2024-03-04T23:59:59+7',
  '',
  '2024-03-04 23:59:59 +07:00',
  null,
  ['2024-03-04T23:59:59+07:00'],
];

interface DefinitionMutation {
  name: string;
  weight?: number;
  apply(definition: Json, rng: Rng): { expect: string[]; what: string };
}

const REQUIRED_PATHS: (string | number)[][] = [
  ['id'],
  ['directive'],
  ['directive', 'number'],
  ['directive', 'date'],
  ['directive', 'title'],
  ['deadlines'],
  ['deadlines', 'submission'],
  ['deadlines', 'approval'],
  ['reviewer'],
  ['reviewer', 'name'],
  ['approver'],
  ['approver', 'name'],
  ['serviceCenter'],
  ['serviceCenter', 'name'],
];

const field = (path: readonly (string | number)[]) => `${displayPath(path)}:`;
const agencyAt = (definition: Json, rng: Rng) => rng.int(0, (definition.agencies as Json[]).length - 1);

const DEFINITION_MUTATIONS: readonly DefinitionMutation[] = [
  {
    name: 'required-dropped',
    weight: 3,
    apply(definition, rng) {
      const path = rng.pick(REQUIRED_PATHS);
      dropAt(definition, path);
      return { expect: [field(path)], what: `bỏ ${displayPath(path)}` };
    },
  },
  {
    name: 'agency-field-dropped',
    apply(definition, rng) {
      const path = ['agencies', agencyAt(definition, rng), rng.pick(['code', 'name', 'kind'])];
      dropAt(definition, path);
      return { expect: [field(path)], what: `bỏ ${displayPath(path)}` };
    },
  },
  {
    name: 'wrong-type',
    weight: 3,
    apply(definition, rng) {
      const path = rng.pick<(string | number)[]>([
        ...REQUIRED_PATHS,
        ['directive', 'issuer'],
        ['calendar'],
        ['policy'],
        ['policy', 'reminderOffsets'],
        ['reviewer', 'email'],
        ['agencies'],
        ['agencies', 0],
        ['agencies', 0, 'code'],
        ['agencies', 0, 'name'],
        ['agencies', 0, 'email'],
        ['agencies', 0, 'stage'],
      ]);
      const objectLike =
        path.length === 1 &&
        ['directive', 'deadlines', 'reviewer', 'approver', 'serviceCenter', 'policy'].includes(String(path[0]));
      const value = objectLike
        ? rng.pick<unknown>(['Sở TTTT', 42, [], true, null])
        : path[0] === 'agencies' && path.length <= 2
          ? rng.pick<unknown>(['so-tu-phap', 7, null, true])
          : rng.pick<unknown>([42, true, null, [], { ten: 'x' }]);
      if (path[0] === 'policy' && definition.policy === undefined) definition.policy = { reminderOffsets: [3, 1] };
      setAt(definition, path, value);
      return { expect: [field(path)], what: `${displayPath(path)} = ${preview(value, 60)}` };
    },
  },
  {
    name: 'blank-text',
    apply(definition, rng) {
      const path = rng.pick<(string | number)[]>([
        ['id'],
        ['directive', 'number'],
        ['directive', 'title'],
        ['reviewer', 'name'],
        ['approver', 'name'],
        ['serviceCenter', 'name'],
        ['agencies', 0, 'code'],
        ['agencies', 0, 'name'],
      ]);
      const value = rng.chance(0.15) ? ' '.repeat(rng.int(10_000, 200_000)) : rng.pick(BLANKS);
      setAt(definition, path, value);
      return { expect: [field(path)], what: `${displayPath(path)} = ${preview(value)}` };
    },
  },
  {
    name: 'id-invalid',
    apply(definition, rng) {
      const value = rng.pick([
        '751/UBND-TTHC',
        'chiến-dịch-751',
        'chiến-dịch'.normalize('NFD'),
        'a b',
        '-751',
        '.751',
        '751\u200b',
        '751🙂',
        '７５１',
        `751 ${'x'.repeat(100_000)}`,
      ]);
      definition.id = value;
      return { expect: ['id:'], what: `id = ${preview(value)}` };
    },
  },
  {
    name: 'directive-date-invalid',
    apply(definition, rng) {
      const value = rng.pick<unknown>([
        '07/02/2024',
        '2024-02-30',
        '2024-2-7',
        '20240207',
        20_240_207,
        '2024-02-07T00:00:00+07:00',
        'ngày 07 tháng 02 năm 2024',
        '2024-13-07',
      ]);
      (definition.directive as Json).date = value;
      return { expect: ['directive.date:'], what: `directive.date = ${preview(value)}` };
    },
  },
  {
    name: 'deadline-invalid',
    weight: 2,
    apply(definition, rng) {
      const key = rng.pick(['submission', 'approval']);
      const value = rng.pick(BAD_INSTANTS);
      (definition.deadlines as Json)[key] = value;
      return { expect: [`deadlines.${key}:`], what: `deadlines.${key} = ${preview(value)}` };
    },
  },
  {
    name: 'approval-not-after-submission',
    apply(definition, rng) {
      const value = rng.pick([
        '2024-03-04T23:59:59+07:00',
        '2024-03-01T00:00:00+07:00',
        '2024-03-04T16:59:59Z',
        '2023-12-31T23:59:59+07:00',
      ]);
      (definition.deadlines as Json).approval = value;
      return { expect: ['deadlines.approval:'], what: `deadlines.approval = ${value} (không sau hạn nộp)` };
    },
  },
  {
    name: 'calendar-invalid',
    apply(definition, rng) {
      const value = rng.pick(['Vietnam', 'vn', 'lunar', '', 'weekends only', 'âm lịch']);
      definition.calendar = value;
      return { expect: ['calendar:'], what: `calendar = ${preview(value)}` };
    },
  },
  {
    name: 'policy-invalid',
    weight: 2,
    apply(definition, rng) {
      const key = rng.pick([
        'reminderOffsets',
        'resubmissionWorkingDays',
        'reviewWorkingDays',
        'perfunctoryReturnCount',
      ]);
      const value =
        key === 'reminderOffsets'
          ? rng.pick<unknown>([[0], [-1], [1.5], ['3'], [31], 3, 'ba', [3, null]])
          : rng.pick<unknown>([0, -5, 2.5, '5', 61, null, 'năm', 1e9]);
      definition.policy = { ...((definition.policy as Json | undefined) ?? {}), [key]: value };
      return { expect: [`policy.${key}`], what: `policy.${key} = ${preview(value)}` };
    },
  },
  {
    name: 'email-invalid',
    apply(definition, rng) {
      const path = rng.pick<(string | number)[]>([
        ['reviewer', 'email'],
        ['approver', 'email'],
        ['serviceCenter', 'email'],
        ['agencies', agencyAt(definition, rng), 'email'],
      ]);
      const value = rng.pick(BAD_EMAILS);
      setAt(definition, path, value);
      return { expect: [field(path)], what: `${displayPath(path)} = ${preview(value)}` };
    },
  },
  {
    name: 'agency-code-invalid',
    weight: 2,
    apply(definition, rng) {
      const a = agencyAt(definition, rng);
      const value = rng.pick(BAD_AGENCY_CODES);
      (definition.agencies as Json[])[a]!.code = value;
      return { expect: [`agencies[${a + 1}].code:`], what: `agencies[${a + 1}].code = ${preview(value)}` };
    },
  },
  {
    name: 'agency-kind-invalid',
    apply(definition, rng) {
      const a = agencyAt(definition, rng);
      const value = rng.pick(['Department', 'sở', 'ubnd', 'commune ', '', 'xa', 'huyện']);
      (definition.agencies as Json[])[a]!.kind = value;
      return { expect: [`agencies[${a + 1}].kind:`], what: `agencies[${a + 1}].kind = ${preview(value)}` };
    },
  },
  {
    name: 'agency-stage-invalid',
    apply(definition, rng) {
      const a = agencyAt(definition, rng);
      const value = rng.pick(['submitted', 'Returned', 'approved', 'trả lại', 'withdrawn']);
      (definition.agencies as Json[])[a]!.stage = value;
      return { expect: [`agencies[${a + 1}].stage:`], what: `agencies[${a + 1}].stage = ${preview(value)}` };
    },
  },
  {
    name: 'agency-not-object',
    apply(definition, rng) {
      const a = agencyAt(definition, rng);
      const value = rng.pick<unknown>([null, 'so-tu-phap', [], 5, [(definition.agencies as Json[])[a]]]);
      (definition.agencies as unknown[])[a] = value;
      return { expect: [`agencies[${a + 1}]:`], what: `agencies[${a + 1}] = ${preview(value, 80)}` };
    },
  },
  {
    name: 'agencies-empty',
    apply(definition) {
      definition.agencies = [];
      return { expect: ['danh sách cơ quan'], what: 'agencies = []' };
    },
  },
  {
    name: 'agency-code-duplicate',
    weight: 2,
    apply(definition, rng) {
      const agencies = definition.agencies as Json[];
      const b = rng.int(1, agencies.length - 1);
      const a = rng.int(0, b - 1);
      const value = rng.pick([String(agencies[a]!.code), ` ${String(agencies[a]!.code)} `]);
      agencies[b]!.code = value;
      return { expect: ['trùng'], what: `agencies[${b + 1}].code = ${preview(value)} trùng agencies[${a + 1}]` };
    },
  },
  {
    name: 'agencies-and-roster',
    apply(definition) {
      definition.roster = './danh-sach-co-quan.csv';
      return { expect: ['agencies:'], what: 'có cả agencies và roster' };
    },
  },
  {
    name: 'misspelt-key',
    apply(definition, rng) {
      const [from, to] = rng.pick<[string, string]>([
        ['agencies', 'agency'],
        ['deadlines', 'deadline'],
        ['serviceCenter', 'service_center'],
        ['reviewer', 'reviewers'],
        ['directive', 'Directive'],
      ]);
      definition[to] = definition[from];
      delete definition[from];
      return { expect: [`${from}:`], what: `khóa "${to}" thay cho "${from}"` };
    },
  },
];

const SYNTAX_MUTATIONS: readonly { name: string; make: (yaml: string, rng: Rng) => string }[] = [
  { name: 'tab-indent', make: (yaml) => yaml.replace(/\n {2}(\w)/, '\n\t$1') },
  { name: 'unclosed-quote', make: (yaml) => `${yaml}extra: "không đóng ngoặc\n` },
  { name: 'unclosed-bracket', make: (yaml) => `${yaml}calendar2: [vietnam, weekends-only\n` },
  { name: 'duplicate-key', make: (yaml) => `${yaml}id: chien-dich-khac\n` },
  { name: 'unknown-alias', make: (yaml) => `${yaml}approver2: *khong-co\n` },
  {
    name: 'alias-bomb',
    make: (yaml) => {
      const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 9; i++) {
        const prev = String.fromCharCode(96 + i);
        levels.push(
          `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(',')}]`,
        );
      }
      return `${yaml}${levels.join('\n')}\n`;
    },
  },
  { name: 'multi-document', make: (yaml) => `---\n${yaml}---\n${yaml}` },
  { name: 'bad-indent', make: (yaml) => yaml.replace(/\ndeadlines:/, '\n   deadlines:') },
  { name: 'mapping-in-scalar', make: (yaml) => yaml.replace(/\ncalendar: (\S+)/, '\ncalendar: $1: lich') },
  { name: 'flow-garbage', make: (yaml) => `${yaml}policy2: { a: 1, , }\n` },
];

/** Campaign files and roster files that must be refused with a CampaignDefinitionError. */
export function definitionCases(seed: number, count: number): DefinitionCase[] {
  const rng = new Rng(seed).fork('definitions');
  const cases: DefinitionCase[] = [];
  const push = (
    mutation: string,
    files: DefinitionCase['files'],
    expect: string[],
    what: string,
    main = 'chien-dich.yaml',
  ) => cases.push({ id: `definition#${cases.length + 1}`, mutation, files, main, expect, what });
  const yamlOf = (definition: Json) => YAML.stringify(definition, { lineWidth: 0 });

  // Whole-file problems: the field cannot be named, the line (or "the whole file") can.
  const anywhere = ['(toàn bộ)', 'dòng', 'line'];
  push('missing-file', {}, ['chien-dich.yaml'], 'tệp chiến dịch không có');
  push('directory', { 'chien-dich.yaml': null }, ['chien-dich.yaml'], 'đường dẫn là thư mục');
  push('empty', { 'chien-dich.yaml': '' }, ['(toàn bộ)'], 'tệp rỗng');
  push('comments-only', { 'chien-dich.yaml': '# Chiến dịch 751\n# chưa điền\n' }, ['(toàn bộ)'], 'chỉ có chú thích');
  push(
    'top-level-list',
    { 'chien-dich.yaml': yamlOf({ agencies: [] }).replace(/^/, '- ') },
    ['(toàn bộ)'],
    'nội dung là danh sách',
  );
  push('top-level-scalar', { 'chien-dich.yaml': 'Chiến dịch 751/UBND-TTHC\n' }, ['(toàn bộ)'], 'nội dung là một chuỗi');
  push(
    'utf16',
    {
      'chien-dich.yaml': Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(yamlOf(validDefinition(rng)), 'utf16le'),
      ]),
    },
    anywhere,
    'mã UTF-16',
  );
  for (let i = 0; i < 3; i++) {
    push(
      'random-bytes',
      { 'chien-dich.yaml': Buffer.from(Array.from({ length: rng.int(20, 2000) }, () => rng.int(0, 255))) },
      anywhere,
      'byte ngẫu nhiên',
    );
  }
  for (let i = 0; i < SYNTAX_MUTATIONS.length * 2; i++) {
    const mutation = SYNTAX_MUTATIONS[i % SYNTAX_MUTATIONS.length]!;
    // Alias errors are about the document as a whole: the parser gives them no line.
    const where =
      mutation.name === 'unknown-alias' || mutation.name === 'alias-bomb' ? ['tệp YAML sai cú pháp'] : ['dòng', 'line'];
    push(
      `syntax-${mutation.name}`,
      { 'chien-dich.yaml': mutation.make(yamlOf(validDefinition(rng)), rng) },
      where,
      `YAML sai cú pháp (${mutation.name})`,
    );
  }

  // Roster files (roster: ./…), read after the campaign file is valid.
  const rosterCsv = (agencies: Json[], columns = ['code', 'name', 'kind', 'email', 'stage', 'reason']) =>
    `${columns.join(',')}\n${agencies.map((a) => columns.map((c) => (/[",\n]/.test(String(a[c] ?? '')) ? `"${String(a[c]).replace(/"/g, '""')}"` : String(a[c] ?? ''))).join(',')).join('\n')}\n`;
  const withRoster = (file: string) => {
    const definition = validDefinition(rng);
    const agencies = definition.agencies as Json[];
    delete definition.agencies;
    definition.roster = `./${file}`;
    return { yaml: yamlOf(definition), agencies };
  };
  const rosterMutations: (() => void)[] = [
    () => {
      const { yaml, agencies } = withRoster('co-quan.csv');
      const drop = rng.pick(['code', 'name', 'kind']);
      push(
        'roster-missing-column',
        {
          'chien-dich.yaml': yaml,
          'co-quan.csv': rosterCsv(
            agencies,
            ['code', 'name', 'kind', 'email'].filter((c) => c !== drop),
          ),
        },
        [`cột ${drop}`],
        `tệp co-quan.csv thiếu cột ${drop}`,
      );
    },
    () => {
      const { yaml, agencies } = withRoster('co-quan.csv');
      const a = rng.int(0, agencies.length - 1);
      const [column, value] = rng.pick<[string, string]>([
        ['code', rng.pick(BAD_AGENCY_CODES.filter((c) => c.trim() !== '' && !c.includes(',')))],
        ['kind', rng.pick(['Department', 'sở', 'ubnd', 'xa'])],
        ['stage', rng.pick(['submitted', 'Returned', 'approved'])],
        ['email', rng.pick(BAD_EMAILS.filter((e) => !e.includes(',')))],
      ]);
      agencies[a]![column] = value;
      push(
        'roster-cell-invalid',
        { 'chien-dich.yaml': yaml, 'co-quan.csv': rosterCsv(agencies) },
        [`dòng ${a + 2}, cột ${column}`],
        `co-quan.csv dòng ${a + 2}: ${column} = ${preview(value)}`,
      );
    },
    () => {
      const { yaml, agencies } = withRoster('co-quan.csv');
      const a = rng.int(0, agencies.length - 1);
      const column = rng.pick(['code', 'name', 'kind']);
      agencies[a]![column] = '';
      push(
        'roster-cell-empty',
        { 'chien-dich.yaml': yaml, 'co-quan.csv': rosterCsv(agencies) },
        [`dòng ${a + 2}, cột ${column}`],
        `co-quan.csv dòng ${a + 2}: ô ${column} trống`,
      );
    },
    () => {
      const { yaml, agencies } = withRoster('co-quan.csv');
      agencies.push({ ...agencies[0]!, name: 'Cơ quan trùng mã' });
      push(
        'roster-duplicate-code',
        { 'chien-dich.yaml': yaml, 'co-quan.csv': rosterCsv(agencies) },
        ['trùng'],
        `co-quan.csv: mã ${String(agencies[0]!.code)} hai lần`,
      );
    },
    () => {
      const { yaml } = withRoster('co-quan.csv');
      push(
        'roster-header-only',
        { 'chien-dich.yaml': yaml, 'co-quan.csv': 'code,name,kind,email,stage,reason\n' },
        ['danh sách cơ quan'],
        'co-quan.csv chỉ có dòng tiêu đề',
      );
    },
    () => {
      const { yaml } = withRoster('co-quan.csv');
      push(
        'roster-empty-file',
        { 'chien-dich.yaml': yaml, 'co-quan.csv': '' },
        ['danh sách cơ quan'],
        'co-quan.csv rỗng',
      );
    },
    () => {
      const { yaml, agencies } = withRoster('co-quan.csv');
      push(
        'roster-unclosed-quote',
        { 'chien-dich.yaml': yaml, 'co-quan.csv': `${rosterCsv(agencies)}xa-99999,"UBND xã Bình Chánh,commune\n` },
        ['dòng', 'co-quan.csv'],
        'co-quan.csv: dấu ngoặc kép không đóng',
      );
    },
    () => {
      const { yaml } = withRoster('khong-co.csv');
      push('roster-missing-file', { 'chien-dich.yaml': yaml }, ['khong-co.csv'], 'tệp roster không có');
    },
    () => {
      const ext = rng.pick(['txt', 'xls', 'json', 'ods']);
      const { yaml, agencies } = withRoster(`co-quan.${ext}`);
      push(
        'roster-wrong-extension',
        { 'chien-dich.yaml': yaml, [`co-quan.${ext}`]: rosterCsv(agencies) },
        ['roster'],
        `roster là tệp .${ext}`,
      );
    },
    () => {
      const { yaml } = withRoster('co-quan.csv');
      push('roster-directory', { 'chien-dich.yaml': yaml, 'co-quan.csv': null }, ['co-quan.csv'], 'roster là thư mục');
    },
    () => {
      const { yaml } = withRoster('co-quan.xlsx');
      push(
        'roster-xlsx-corrupt',
        { 'chien-dich.yaml': yaml, 'co-quan.xlsx': Buffer.from(Array.from({ length: 500 }, () => rng.int(0, 255))) },
        ['co-quan.xlsx'],
        'co-quan.xlsx là byte ngẫu nhiên',
      );
    },
    () => {
      const { yaml, agencies } = withRoster('co-quan.csv');
      // Semicolon-separated rosters are read (Excel's CSV in a Vietnamese locale): broken ones still fail.
      push(
        'roster-semicolon',
        {
          'chien-dich.yaml': yaml,
          'co-quan.csv': rosterCsv(agencies)
            .replace(/,/g, ';')
            .replace(/^code;/, 'ma;'),
        },
        ['cột code'],
        'co-quan.csv phân cách bằng dấu chấm phẩy, thiếu cột code',
      );
    },
    () => {
      const { yaml, agencies } = withRoster('co-quan.csv');
      agencies[0]!.code = 'sở-tư-pháp';
      push(
        'roster-not-utf8',
        { 'chien-dich.yaml': yaml, 'co-quan.csv': Buffer.from(rosterCsv(agencies), 'latin1') },
        ['dòng 2, cột code'],
        'co-quan.csv lưu bằng mã Latin-1',
      );
    },
  ];
  for (let i = 0; i < rosterMutations.length * 3; i++) rosterMutations[i % rosterMutations.length]!();

  // Field problems in the campaign file itself.
  for (let i = 0; cases.length < count; i++) {
    const mutation =
      i < DEFINITION_MUTATIONS.length ? DEFINITION_MUTATIONS[i]! : pickByWeight(rng, DEFINITION_MUTATIONS);
    const definition = validDefinition(rng);
    const { expect, what } = mutation.apply(definition, rng);
    push(mutation.name, { 'chien-dich.yaml': yamlOf(definition) }, expect, what);
  }
  return cases;
}

function pickByWeight<T extends { weight?: number }>(rng: Rng, items: readonly T[]): T {
  const total = items.reduce((sum, m) => sum + (m.weight ?? 1), 0);
  let at = rng.next() * total;
  for (const item of items) {
    at -= item.weight ?? 1;
    if (at < 0) return item;
  }
  return items[items.length - 1]!;
}

/** A valid campaign file (YAML), and one with a roster file. */
export function validDefinitionFiles(seed: number): DefinitionCase['files'][] {
  const rng = new Rng(seed).fork('valid-definition');
  const inline = validDefinition(rng);
  const withRoster = validDefinition(rng);
  const agencies = withRoster.agencies as Json[];
  delete withRoster.agencies;
  withRoster.roster = './co-quan.csv';
  const csv = `code,name,kind,email,stage,reason\n${agencies.map((a) => ['code', 'name', 'kind', 'email', 'stage', 'reason'].map((c) => (/[",]/.test(String(a[c] ?? '')) ? `"${String(a[c])}"` : String(a[c] ?? ''))).join(',')).join('\n')}\n`;
  return [
    { 'chien-dich.yaml': YAML.stringify(inline) },
    { 'chien-dich.yaml': YAML.stringify(withRoster), 'co-quan.csv': csv },
  ];
}

// ── Admin script (argv) ─────────────────────────────────────────────────────────────────────

export interface CliContext {
  /** A campaign in the database, without a campaign workflow and without stored people. */
  campaignId: string;
  /** An agency of that campaign whose workflow runs, in stage "assigned". */
  agencyCode: string;
  reviewer: string;
  /** Names that must not act in any role (never the reviewer or the service center when they could act). */
  serviceCenter: string;
}

export interface CliCase {
  id: string;
  mutation: string;
  argv: string[];
  /** Files to write first, relative to the case's directory (`null`: a directory); `{dir}` in argv is replaced by it. */
  files?: Record<string, string | Buffer | null>;
  /** Run after all others: a bug may let it change the agency. */
  last?: boolean;
  what: string;
}

const COMMANDS: Record<string, string[]> = {
  campaign: ['launch', 'status', 'extend', 'remind', 'escalate', 'withdraw', 'cancel'],
  agency: ['submit', 'support', 'template', 'diff'],
  review: ['accept', 'return', 'consolidate', 'answer'],
  approver: ['approve', 'send-back'],
};
const JUNK_WORDS = [
  'campain',
  'campaigns',
  'CAMPAIGN',
  'Campaign',
  'chien-dich',
  'chiến-dịch',
  'launch',
  'submit',
  'start',
  'xóa',
  'run',
  '',
  ' ',
  '\u200bcampaign',
  'campaign\u200b',
  'ϲampaign',
  '🙂',
  'x'.repeat(5_000),
  '\u202ecampaign',
  'review!',
  'agency/submit',
  '0',
  '-',
  'null',
  'undefined',
  '%s%s%n',
];

/** Argument vectors the admin script must refuse (non-zero exit, Vietnamese message, nothing started). */
export function cliCases(
  seed: number,
  count: number,
  ctx: CliContext,
  samples: { listFiles: ListFileCase[]; definitions: DefinitionCase[] },
): CliCase[] {
  const rng = new Rng(seed).fork('cli');
  const cases: CliCase[] = [];
  const push = (mutation: string, argv: string[], what: string, files?: CliCase['files']) =>
    cases.push({ id: `cli#${cases.length + 1}`, mutation, argv, what, files });
  const c = ctx.campaignId;
  const a = ctx.agencyCode;
  const wrong = () =>
    rng.pick([
      'stp',
      'Sở Tư pháp',
      'Chủ tịch UBND tỉnh',
      'so_tttt',
      `${ctx.reviewer}\u200b`,
      'admin',
      'Trung tâm Phục vụ',
    ]);

  // Commands with every required part, run by someone who may not act or against an agency in the wrong stage.
  const templates: { path: string[]; args: string[]; options: [string, string | undefined][]; required: string[] }[] = [
    { path: ['campaign', 'status'], args: ['{missing}'], options: [], required: [] },
    {
      path: ['campaign', 'extend'],
      args: [c],
      options: [
        ['--agency', a],
        ['--deadline', '15/03/2099'],
        ['--reason', 'Cơ quan xin gia hạn'],
        ['--by', '{wrong}'],
      ],
      required: ['--deadline', '--reason'],
    },
    {
      path: ['campaign', 'escalate'],
      args: [c],
      options: [
        ['--agency', a],
        ['--reason', 'Không phối hợp'],
        ['--by', '{wrong}'],
      ],
      required: ['--agency', '--reason'],
    },
    {
      path: ['campaign', 'withdraw'],
      args: [c],
      options: [
        ['--agency', a],
        ['--reason', 'Đã sáp nhập'],
        ['--by', '{wrong}'],
      ],
      required: ['--agency', '--reason'],
    },
    {
      path: ['campaign', 'cancel'],
      args: [c],
      options: [
        ['--reason', 'Chỉ đạo mới'],
        ['--by', '{wrong}'],
      ],
      required: ['--reason'],
    },
    { path: ['campaign', 'remind'], args: ['{missing}'], options: [], required: [] },
    { path: ['agency', 'submit'], args: [c, a], options: [['--file', '{badList}']], required: ['--file'] },
    {
      path: ['agency', 'support'],
      args: [c, a],
      options: [
        ['--question', 'abc'],
        ['--by', 'stp'],
      ],
      required: ['--question'],
    },
    {
      path: ['agency', 'diff'],
      args: [c, a],
      options: [
        ['--from', '1'],
        ['--to', '2'],
      ],
      required: [],
    },
    {
      path: ['review', 'accept'],
      args: [c, a],
      options: [
        ['--note', 'Đạt'],
        ['--by', '{wrong}'],
      ],
      required: [],
    },
    {
      path: ['review', 'return'],
      args: [c, a],
      options: [
        ['--reason', 'Thiếu căn cứ'],
        ['--line', '1.002421=Thiếu'],
        ['--by', ctx.reviewer],
      ],
      required: [],
    },
    { path: ['review', 'consolidate'], args: [c], options: [['--by', '{wrong}']], required: [] },
    {
      path: ['review', 'answer'],
      args: [c, a],
      options: [
        ['--request', '7'],
        ['--answer', 'Có'],
        ['--by', ctx.reviewer],
      ],
      required: ['--request', '--answer'],
    },
    {
      path: ['approver', 'approve'],
      args: [c],
      options: [
        ['--decision', '125/QĐ-UBND'],
        ['--date', '13/03/2024'],
        ['--signer', 'Đặng Văn Minh'],
        ['--by', '{wrong}'],
      ],
      required: ['--decision', '--date', '--signer'],
    },
    {
      path: ['approver', 'send-back'],
      args: [c],
      options: [
        ['--reason', 'Thiếu UBND cấp xã'],
        ['--by', '{wrong}'],
      ],
      required: ['--reason'],
    },
    { path: ['campaign', 'launch'], args: ['{badYaml}'], options: [], required: [] },
  ];
  const files: Record<string, string | Buffer> = {};
  const badList = () => {
    const sample = rng.pick(samples.listFiles);
    files[sample.name] = sample.content;
    return `{dir}/${sample.name}`;
  };
  const badYaml = () => {
    const sample = rng.pick(
      samples.definitions.filter(
        (d) => Object.keys(d.files).length === 1 && typeof d.files['chien-dich.yaml'] === 'string',
      ),
    );
    const name = `${sample.id.replace('#', '-')}.yaml`;
    files[name] = sample.files['chien-dich.yaml'] as string;
    return `{dir}/${name}`;
  };
  const fill = (value: string) =>
    value === '{wrong}'
      ? wrong()
      : value === '{missing}'
        ? `khong-co-${rng.digits(6)}`
        : value === '{badList}'
          ? badList()
          : value === '{badYaml}'
            ? badYaml()
            : value;
  const build = (t: (typeof templates)[number]) => {
    const options = t.options.map(
      ([flag, value]) => [flag, value === undefined ? undefined : fill(value)] as [string, string | undefined],
    );
    return { args: t.args.map(fill), options };
  };
  const argvOf = (t: (typeof templates)[number], args: string[], options: [string, string | undefined][]) => [
    ...t.path,
    ...args,
    ...options.flatMap(([flag, value]) => (value === undefined ? [flag] : [flag, value])),
  ];
  const take = (what: string) => {
    const written = { ...files };
    for (const key of Object.keys(files)) delete files[key];
    return { files: Object.keys(written).length > 0 ? written : undefined, what };
  };

  const mutations: (() => void)[] = [
    // As is: refused by the workflow (role, stage), or nothing to act on.
    () => {
      const t = rng.pick(templates);
      const { args, options } = build(t);
      const argv = argvOf(t, args, options);
      const { files: f, what } = take('lệnh đủ tham số nhưng người/đối tượng không hợp lệ');
      push('refused-as-is', argv, what, f);
    },
    () => {
      const word = rng.pick(JUNK_WORDS);
      const rest = rng.sample(['status', c, '--by', 'x', a, 'launch'], rng.int(0, 3));
      push('unknown-command', [word, ...rest], `lệnh "${preview(word, 30)}" không có`);
    },
    () => {
      const group = rng.pick(Object.keys(COMMANDS));
      const word = rng.pick([
        'lauch',
        'stat',
        'reject',
        'submitt',
        'approved',
        'xoa',
        'STATUS',
        'Launch',
        '',
        'list',
        'delete',
        '\u200bstatus',
      ]);
      push('unknown-subcommand', [group, word, c], `lệnh con "${preview(word, 30)}" của ${group} không có`);
    },
    () => {
      const t = rng.pick(templates);
      const { args, options } = build(t);
      const flag = rng.pick([
        '--foo',
        '-x',
        '--reasons',
        '--agencies',
        '--dry-run',
        '--force',
        '--by=',
        '--Reason',
        '-r',
        '--file2',
        '--\u200breason',
      ]);
      const { files: f, what } = take(`tùy chọn ${preview(flag)} không có`);
      push('unknown-option', [...argvOf(t, args, options), flag], what, f);
    },
    () => {
      const t = rng.pick(templates.filter((x) => x.args.length > 0));
      const { args, options } = build(t);
      const { files: f, what } = take('thiếu đối số bắt buộc');
      push(
        'missing-argument',
        argvOf(
          t,
          args.slice(0, rng.int(0, args.length - 1)),
          options.filter(([flag]) => flag !== '--agency' || args.length > 1),
        ),
        what,
        f,
      );
    },
    () => {
      const t = rng.pick(templates.filter((x) => x.options.length > 0));
      const { args, options } = build(t);
      const [flag] = rng.pick(options);
      const { files: f, what } = take(`${flag} không có giá trị`);
      push(
        'option-without-value',
        [
          ...argvOf(
            t,
            args,
            options.filter(([o]) => o !== flag),
          ),
          flag,
        ],
        what,
        f,
      );
    },
    () => {
      const t = rng.pick(templates);
      const { args, options } = build(t);
      const extra = rng.pick(['thêm', 'Thiếu căn cứ', '1.002421', a, 'so-y-te']);
      const { files: f, what } = take(`thừa đối số "${extra}"`);
      push('excess-argument', [...t.path, ...args, extra, ...argvOf(t, [], options).slice(t.path.length)], what, f);
    },
    () => {
      const t = rng.pick(templates.filter((x) => x.required.length > 0));
      const drop = rng.pick(t.required);
      const { args, options } = build(t);
      const { files: f, what } = take(`bỏ ${drop}`);
      push(
        'required-option-dropped',
        argvOf(
          t,
          args,
          options.filter(([flag]) => flag !== drop),
        ),
        what,
        f,
      );
    },
    () => {
      const t = rng.pick(
        templates.filter((x) =>
          x.options.some(([flag]) =>
            [
              '--reason',
              '--question',
              '--answer',
              '--decision',
              '--signer',
              '--by',
              '--file',
              '--note',
              '--request',
            ].includes(flag),
          ),
        ),
      );
      const { args, options } = build(t);
      const textual = options.filter(([flag]) =>
        [
          '--reason',
          '--question',
          '--answer',
          '--decision',
          '--signer',
          '--by',
          '--file',
          '--note',
          '--request',
        ].includes(flag),
      );
      const [flag] = rng.pick(textual);
      const value = rng.pick(['', ' ', '   ', '\t']);
      const { files: f, what } = take(`${flag} ${preview(value)}`);
      push(
        'blank-option',
        argvOf(
          t,
          args,
          options.map(([o, v]) => [o, o === flag ? value : v]),
        ),
        what,
        f,
      );
    },
    () => {
      const t = rng.pick(templates.filter((x) => x.args[0] === c));
      const { args, options } = build(t);
      const value = rng.pick([
        'chiến-dịch-751',
        'a b',
        '751/UBND',
        '',
        ' ',
        '.x',
        'x\u200b',
        '751🙂',
        'x'.repeat(3_000) + ' y',
      ]);
      const { files: f, what } = take(`<campaignId> = ${preview(value)}`);
      push('campaign-id-invalid', argvOf(t, [value, ...args.slice(1)], options), what, f);
    },
    () => {
      const t = rng.pick(templates.filter((x) => x.args[0] === c));
      const { args, options } = build(t);
      const value = `khong-co-${rng.digits(6)}`;
      const { files: f, what } = take(`chiến dịch ${value} không có`);
      push('campaign-unknown', argvOf(t, [value, ...args.slice(1)], options), what, f);
    },
    () => {
      const t = rng.pick(templates.filter((x) => x.args[1] === a || x.options.some(([flag]) => flag === '--agency')));
      const { args, options } = build(t);
      const value = rng.pick([
        'so tu phap',
        'a/b',
        '',
        'x#1',
        '😀',
        'sở'.normalize('NFD'),
        `khong-co-${rng.digits(4)}`,
      ]);
      const { files: f, what } = take(`mã cơ quan = ${preview(value)}`);
      push(
        'agency-code-bad',
        argvOf(
          t,
          args.map((v) => (v === a ? value : v)),
          options.map(([o, v]) => [o, o === '--agency' ? value : v]),
        ),
        what,
        f,
      );
    },
    () => {
      const value = rng.pick([
        '31/02/2099',
        '2099-13-01',
        'mai',
        '01/01/2020',
        '99/99/9999',
        '15/03/2099 25:00',
        '15-03-2099',
        '2099-03-15T17:00:00',
        '2020-01-01T00:00:00+07:00',
        '',
      ]);
      push(
        'deadline-invalid',
        ['campaign', 'extend', c, '--agency', a, '--deadline', value, '--reason', 'Gia hạn', '--by', wrong()],
        `--deadline ${preview(value)}`,
      );
    },
    () => {
      const value = rng.pick(['approval', 'Submission', 'nop', '']);
      push(
        'kind-invalid',
        [
          'campaign',
          'extend',
          c,
          '--agency',
          a,
          '--deadline',
          '15/03/2099',
          '--reason',
          'Gia hạn',
          '--kind',
          value,
          '--by',
          wrong(),
        ],
        `--kind ${preview(value)}`,
      );
    },
    () => {
      push(
        'extend-agency-and-late',
        ['campaign', 'extend', c, '--agency', a, '--late', '--deadline', '15/03/2099', '--reason', 'Gia hạn'],
        'cả --agency và --late',
      );
    },
    () => {
      push(
        'extend-neither',
        ['campaign', 'extend', c, '--deadline', '15/03/2099', '--reason', 'Gia hạn'],
        'không có --agency hay --late',
      );
    },
    () => {
      push(
        'extend-kind-not-running',
        [
          'campaign',
          'extend',
          c,
          '--agency',
          a,
          '--deadline',
          '15/03/2099',
          '--reason',
          'Gia hạn',
          '--kind',
          'review',
          '--by',
          ctx.serviceCenter,
        ],
        '--kind review khi chưa nộp',
      );
    },
    () => {
      const value = rng.pick(['30/02/2024', 'hôm qua', '01/01/2099', '2024-13-01', '13-03-2024', '']);
      push(
        'date-invalid',
        [
          'approver',
          'approve',
          c,
          '--decision',
          '125/QĐ-UBND',
          '--date',
          value,
          '--signer',
          'Đặng Văn Minh',
          '--by',
          wrong(),
        ],
        `--date ${preview(value)}`,
      );
    },
    () => {
      const value = rng.pick([
        'abc',
        '1.00242=x',
        '1.002421:=x',
        '=x',
        '1.002421=',
        ':x=y',
        '1,002421=Thiếu',
        '１.００２４２１=Thiếu',
      ]);
      push(
        'line-invalid',
        ['review', 'return', c, a, '--reason', 'Thiếu', '--line', value, '--by', ctx.reviewer],
        `--line ${preview(value)}`,
      );
    },
    () => {
      const [from, to] = rng.pick<[string, string]>([
        ['0', '1'],
        ['abc', '2'],
        ['1.5', '2'],
        ['3', '2'],
        ['2', '2'],
        ['1', '-1'],
      ]);
      push('versions-invalid', ['agency', 'diff', c, a, '--from', from, '--to', to], `--from ${from} --to ${to}`);
    },
    () => {
      push(
        'reason-and-reasons-file',
        ['review', 'return', c, a, '--reason', 'Thiếu', '--reasons-file', '{dir}/ly-do.json', '--by', ctx.reviewer],
        'cả --reason và --reasons-file',
        {
          'ly-do.json': JSON.stringify({ overall: 'Thiếu' }),
        },
      );
    },
    () => {
      push(
        'return-without-reason',
        ['review', 'return', c, a, '--by', ctx.reviewer],
        'không có --reason hay --reasons-file',
      );
    },
    () => {
      const [name, content, what] = rng.pick<[string, string, string]>([
        ['ly-do.json', '{ "overall": "Thiếu", ', 'JSON sai cú pháp'],
        ['ly-do.json', JSON.stringify({ lines: [] }), 'thiếu overall'],
        ['ly-do.json', JSON.stringify({ overall: 'Thiếu', lines: [{ reason: 'x' }] }), 'dòng thiếu procedureCode'],
        ['ly-do.json', JSON.stringify({ overall: 'Thiếu', lines: 'x' }), 'lines không phải mảng'],
        ['ly-do.yaml', 'overall: [Thiếu\n', 'YAML sai cú pháp'],
        ['ly-do.txt', 'Thiếu căn cứ', 'đuôi .txt'],
        ['ly-do.json', '', 'tệp rỗng'],
      ]);
      push(
        'reasons-file-invalid',
        ['review', 'return', c, a, '--reasons-file', `{dir}/${name}`, '--by', ctx.reviewer],
        `--reasons-file: ${what}`,
        { [name]: content },
      );
    },
    () => {
      push(
        'reasons-file-missing',
        ['review', 'return', c, a, '--reasons-file', '{dir}/khong-co.json', '--by', ctx.reviewer],
        '--reasons-file không có',
      );
    },
    () => {
      const sample = rng.pick(samples.listFiles.filter((f) => !f.invisible));
      push(
        'submit-bad-file',
        ['agency', 'submit', c, a, '--file', `{dir}/${sample.name}`],
        `--file ${sample.id} (${sample.mutation}: ${sample.what})`,
        { [sample.name]: sample.content },
      );
    },
    () => {
      const value = rng.pick([
        '{dir}/khong-co.xlsx',
        '{dir}/danh-sach.pdf',
        '{dir}',
        '{dir}/danh-sach.xls',
        '{dir}/danh-sach',
      ]);
      push('submit-file-unreadable', ['agency', 'submit', c, a, '--file', value], `--file ${value}`);
    },
    () => {
      const sample = rng.pick(samples.definitions);
      push(
        'launch-bad-definition',
        ['campaign', 'launch', `{dir}/${sample.main}`],
        `${sample.id} (${sample.mutation}: ${sample.what})`,
        sample.files,
      );
    },
    () => {
      const value = rng.pick(['{dir}/khong-co.yaml', '{dir}/chien-dich.json', '{dir}/chien-dich.txt', '{dir}', '']);
      push('launch-file-unusable', ['campaign', 'launch', value], `<file> ${preview(value)}`);
    },
    () => {
      const value = rng.pick(['{dir}/mau.pdf', '', '   ', '{dir}/khong-co/mau.xlsx', '{dir}/co-san.xlsx', '{dir}/mau']);
      push('template-out-invalid', ['agency', 'template', '--out', value], `--out ${preview(value)}`, {
        'co-san.xlsx': 'đã có',
      });
    },
    () => {
      const pool = [
        '--by',
        '--reason',
        'x',
        c,
        a,
        '1.002421',
        '--agency',
        '--deadline',
        '15/03/2099',
        '--line',
        '=',
        '"',
        "'",
        '\u0000',
        '--',
        '-',
        '🙂',
        'launch',
        'status',
        'accept',
      ];
      const argv = [
        rng.pick(JUNK_WORDS.filter((w) => w.length < 100)),
        ...Array.from({ length: rng.int(0, 6) }, () => rng.pick(pool)),
      ];
      push('random-tokens', argv, `argv ngẫu nhiên bắt đầu bằng lệnh không có`);
    },
    () => {
      const group = rng.pick([[], ['campaign'], ['agency'], ['review'], ['approver'], ['help', 'xyz']]);
      push('incomplete', group, `chỉ có ${preview(group)}`);
    },
  ];
  // Every command as is once (refused by the workflow, or nothing to act on); every kind of bad
  // campaign file through `campaign launch` and of bad list file through `agency submit`; then the
  // mutations above at random.
  for (const t of templates) {
    const { args, options } = build(t);
    const { files: f, what } = take('lệnh đủ tham số nhưng người/đối tượng không hợp lệ');
    push('refused-as-is', argvOf(t, args, options), what, f);
  }
  const seen = new Set<string>();
  for (const sample of samples.definitions) {
    if (seen.has(sample.mutation)) continue;
    seen.add(sample.mutation);
    push(
      'launch-bad-definition',
      ['campaign', 'launch', `{dir}/${sample.main}`],
      `${sample.id} (${sample.mutation}: ${sample.what})`,
      sample.files,
    );
  }
  const submitFile = (sample: ListFileCase, last = false) =>
    cases.push({
      id: `cli#${cases.length + 1}`,
      mutation: 'submit-bad-file',
      argv: ['agency', 'submit', c, a, '--file', `{dir}/${sample.name}`],
      what: `--file ${sample.id} (${sample.mutation}: ${sample.what})`,
      files: { [sample.name]: sample.content },
      last,
    });
  // A file with an invisible name is read as a valid list (a bug): sent last, it cannot disturb the other cases.
  const invisible: ListFileCase[] = [];
  for (const sample of samples.listFiles) {
    if (seen.has(`${sample.format}:${sample.mutation}`)) continue;
    seen.add(`${sample.format}:${sample.mutation}`);
    if (sample.invisible) invisible.push(sample);
    else submitFile(sample);
  }
  for (let i = 0; cases.length < count; i++) (i < mutations.length ? mutations[i]! : rng.pick(mutations))();
  for (const sample of invisible) submitFile(sample, true);
  return cases;
}
