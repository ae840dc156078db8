import fc from 'fast-check';
import { parseKind } from '../../../list-files';
import {
  anyValidList,
  badProcedureCode,
  blank,
  clone,
  displayPath,
  invisibleOnly,
  national,
  notObject,
  notText,
  preview,
  provincial,
  validList,
  type Json,
  type ListDraft,
  type Path,
} from './values';

// A valid list with one documented-invalid change (sometimes two or three, in different
// procedures), and the paths its error must name. For an Update payload and for a .json file
// (which also accepts kind labels and a bare array of procedures).

export type ListTarget = 'update' | 'json';

export interface MutatedList {
  mutation: string;
  list: unknown;
  /** Display paths (`procedures[2].code`) the error must name; '' is the list itself. */
  paths: string[];
  /** Found by checkList (duplicates), reported under the list's own path. */
  check: boolean;
  what: string;
}

interface Applied {
  paths: Path[];
  what: string;
  check?: boolean;
}

/** One kind of damage: a value to draw, and where to put it. `p`/`d` pick a procedure and a document. */
interface Mutation<V = unknown> {
  name: string;
  value: fc.Arbitrary<V>;
  apply(list: Json, value: V, p: number, d: number): Applied;
  weight?: number;
  only?: ListTarget;
  /** Its problem stays inside one procedure: combinable with others. */
  local?: boolean;
  needs?: 'procedures' | 'documents';
}

const procs = (list: Json) => list.procedures as Json[];
const docs = (procedure: Json) => procedure.documents as Json[];
const pick = <T>(items: T[], i: number): [number, T] => [i % items.length, items[i % items.length]!];
const procedureAt = (list: Json, p: number) => pick(procs(list), p);
function documentAt(list: Json, p: number, d: number): [number, number, Json] {
  const [pi, procedure] = procedureAt(list, p);
  const [di, document] = pick(docs(procedure), d);
  return [pi, di, document];
}

const set = (owner: Json, key: string, value: unknown, path: Path): Applied => {
  if (value === undefined) delete owner[key];
  else owner[key] = value;
  return {
    paths: [path],
    what: value === undefined ? `bỏ ${displayPath(path)}` : `${displayPath(path)} = ${preview(value, 80)}`,
  };
};
const DROP = fc.constant(undefined);

/** Mutations of a procedure field (`code`, `name`, …) or a document field (`name`, `kind`, …). */
function field(
  level: 'procedure' | 'document',
  key: string,
  value: fc.Arbitrary<unknown>,
  name: string,
  extra: Partial<Mutation> = {},
): Mutation {
  return {
    name,
    value,
    local: true,
    ...extra,
    apply(list, v, p, d) {
      if (level === 'procedure') {
        const [pi, procedure] = procedureAt(list, p);
        return set(procedure, key, v, ['procedures', pi, key]);
      }
      const [pi, di, document] = documentAt(list, p, d);
      return set(document, key, v, ['procedures', pi, 'documents', di, key]);
    },
  };
}

const BAD_UPDATE_KINDS = [
  'ket qua',
  'Kết quả',
  'KET_QUA',
  'ket_qua ',
  ' y_kien',
  'ketqua',
  'y-kien',
  'other',
  '\u202ey_kien',
  'Kết quả'.normalize('NFD'),
  'ket_quа',
  'ｋｅｔ＿ｑｕａ',
  'constructor',
  '__proto__',
  'toString',
  'thanh_phan_ho_so,ket_qua',
];
/** Kinds no label, code or folding of the documented ones matches. */
export const badLabelKind = fc
  .oneof(
    fc.constantFrom(
      'ketqua',
      'other',
      'khác',
      'Kết quả khác',
      'Bản sao',
      'ket_quа',
      'ｋｅｔ＿ｑｕａ',
      '🙂',
      '12',
      'y_kien_x',
      'constructor',
    ),
    fc.string({ minLength: 1, maxLength: 16 }),
  )
  .filter((kind) => !/[\r\n]/.test(kind) && kind.trim() !== '' && parseKind(kind) === undefined);

const inPrototype = (owner: Json, key: string) => {
  // An own key named "__proto__" (as JSON.parse makes it): the value is not the object's own.
  const value = owner[key];
  delete owner[key];
  Object.defineProperty(owner, '__proto__', {
    value: { [key]: value },
    enumerable: true,
    configurable: true,
    writable: true,
  });
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each mutation draws its own kind of value
const MUTATIONS: Mutation<any>[] = [
  {
    name: 'list-wrapped',
    value: fc.constantFrom('list', 'danhSach', 'data'),
    apply: (list, key: string) => {
      const inner = { ...list };
      delete list.procedures;
      list[key] = inner;
      return { paths: [['procedures']], what: `{ ${key}: { procedures } }` };
    },
  },
  {
    name: 'procedures-in-prototype',
    value: fc.constant(0),
    apply: (list) => (
      inPrototype(list, 'procedures'),
      { paths: [['procedures']], what: 'procedures nằm trong khóa "__proto__"' }
    ),
  },
  {
    name: 'procedures-bad',
    value: fc.oneof(DROP, fc.constantFrom(null, {}, 'TTHC', 5, true, [])),
    apply: (list, v) => set(list, 'procedures', v, ['procedures']),
  },
  {
    name: 'procedures-nested',
    value: fc.constant(0),
    apply: (list) => (
      (list.procedures = [list.procedures]),
      { paths: [['procedures', 0]], what: 'procedures = [[…]]' }
    ),
  },
  {
    name: 'procedure-not-object',
    value: notObject,
    local: true,
    apply: (list, v, p) => {
      const [pi] = procedureAt(list, p);
      procs(list)[pi] = v as Json;
      return { paths: [['procedures', pi]], what: `procedures[${pi + 1}] = ${preview(v, 80)}` };
    },
  },
  field('procedure', 'code', fc.oneof(DROP, blank, notText, badProcedureCode), 'code-bad', { weight: 6 }),
  field('procedure', 'name', fc.oneof(DROP, blank, notText), 'procedure-name-bad', { weight: 2 }),
  field('procedure', 'name', invisibleOnly, 'procedure-name-invisible-only'),
  field('procedure', 'field', notText, 'field-wrong-type'),
  field('procedure', 'level', notText, 'level-wrong-type'),
  field('procedure', 'documents', fc.oneof(DROP, fc.constantFrom(null, {}, 'Tờ khai', 3, true, [])), 'documents-bad', {
    weight: 2,
  }),
  {
    name: 'documents-nested',
    value: fc.integer({ min: 2, max: 1_000 }),
    local: true,
    apply: (list, depth: number, p) => {
      const [pi, procedure] = procedureAt(list, p);
      let v: unknown = docs(procedure)[0];
      for (let i = 0; i < depth; i++) v = [v];
      procedure.documents = v;
      return {
        paths: [['procedures', pi, 'documents', 0]],
        what: `procedures[${pi + 1}].documents lồng ${depth} cấp mảng`,
      };
    },
  },
  {
    name: 'documents-on-list',
    value: fc.constant(0),
    apply: (list, _v, p) => {
      const [pi, procedure] = procedureAt(list, p);
      list.documents = procedure.documents;
      delete procedure.documents;
      return {
        paths: [['procedures', pi, 'documents']],
        what: `documents của procedures[${pi + 1}] đặt ở cấp danh sách`,
      };
    },
  },
  {
    name: 'document-not-object',
    value: notObject,
    local: true,
    apply: (list, v, p, d) => {
      const [pi, di] = documentAt(list, p, d);
      docs(procs(list)[pi]!)[di] = v as Json;
      return {
        paths: [['procedures', pi, 'documents', di]],
        what: `procedures[${pi + 1}].documents[${di + 1}] = ${preview(v, 80)}`,
      };
    },
  },
  field('document', 'name', fc.oneof(DROP, blank, notText), 'document-name-bad', { weight: 2 }),
  field('document', 'name', invisibleOnly, 'document-name-invisible-only'),
  field(
    'document',
    'kind',
    fc.oneof(
      DROP,
      blank,
      notText,
      fc.constantFrom(...BAD_UPDATE_KINDS),
      fc.integer({ min: 5_000, max: 30_000 }).map((n) => 'ket_qua'.repeat(n)),
    ),
    'kind-bad',
    { weight: 4, only: 'update' },
  ),
  field('document', 'kind', fc.oneof(DROP, blank, notText, badLabelKind), 'kind-bad', { weight: 4, only: 'json' }),
  {
    name: 'kind-misspelt-key',
    value: fc.constantFrom('kinds', 'Kind', 'loai', 'type', 'kind '),
    apply: (list, key: string, p, d) => {
      const [pi, di, document] = documentAt(list, p, d);
      document[key] = document.kind;
      delete document.kind;
      return { paths: [['procedures', pi, 'documents', di, 'kind']], what: `khóa "${key}" thay cho "kind"` };
    },
  },
  {
    name: 'kind-in-prototype',
    value: fc.constant(0),
    apply: (list, _v, p, d) => {
      const [pi, di, document] = documentAt(list, p, d);
      inPrototype(document, 'kind');
      return { paths: [['procedures', pi, 'documents', di, 'kind']], what: 'kind nằm trong khóa "__proto__"' };
    },
  },
  field('document', 'basis', notText, 'basis-wrong-type'),
  field('document', 'note', notText, 'note-wrong-type'),
  {
    name: 'code-duplicate',
    weight: 3,
    needs: 'procedures',
    value: fc.tuple(fc.nat(), fc.constantFrom('same', 'national', 'provincial', 'other-province', 'spaced')),
    apply(list, [i, form]: [number, string], p) {
      const at = 1 + (p % (procs(list).length - 1));
      const first = String(procs(list)[i % at]!.code);
      const value = {
        same: first,
        national: national(first),
        provincial: provincial(first),
        'other-province': provincial(first, 'H01'),
        spaced: ` ${first} `,
      }[form]!;
      procs(list)[at]!.code = value;
      return {
        paths: [['procedures', at, 'code']],
        what: `procedures[${at + 1}].code = ${preview(value)} trùng procedures[${(i % at) + 1}].code`,
      };
    },
  },
  {
    name: 'document-duplicate',
    weight: 3,
    needs: 'documents',
    value: fc.tuple(fc.nat(), fc.constantFrom('same', 'upper', 'lower', 'nfd', 'double-space', 'padded', 'zero-width')),
    apply(list, [e, form]: [number, string], p, d) {
      const candidates = procs(list)
        .map((procedure, i) => [i, procedure] as const)
        .filter(([, q]) => docs(q).length >= 2);
      const [pi, procedure] = candidates[p % candidates.length]!;
      const di = 1 + (d % (docs(procedure).length - 1));
      const ei = e % di;
      const first = String(docs(procedure)[ei]!.name);
      const value = {
        same: first,
        upper: first.toUpperCase(),
        lower: first.toLowerCase(),
        nfd: first.normalize('NFD'),
        'double-space': first.replace(' ', '  '),
        padded: `  ${first}\t`,
        'zero-width': first.replace(' ', ' \u200b'),
      }[form]!;
      docs(procedure)[di]!.name = value;
      return {
        paths: [['procedures', pi, 'documents', di, 'name']],
        check: true,
        what: `procedures[${pi + 1}].documents[${di + 1}].name = ${preview(value)} trùng giấy tờ thứ ${ei + 1}`,
      };
    },
  },
];

const baseFor = (m: Mutation): fc.Arbitrary<ListDraft> =>
  m.needs === 'procedures'
    ? validList({ procedures: [2, 4] })
    : m.needs === 'documents'
      ? validList({ documents: [2, 4] })
      : anyValidList;

function single(m: Mutation): fc.Arbitrary<MutatedList> {
  return fc.tuple(baseFor(m), m.value, fc.nat(), fc.nat()).map(([base, value, p, d]) => {
    const list = clone(base) as unknown as Json;
    const applied = m.apply(list, value, p, d);
    return {
      mutation: `${m.name}`,
      list,
      paths: applied.paths.map(displayPath),
      check: applied.check ?? false,
      what: applied.what,
    };
  });
}

/** Two or three problems, each in its own procedure: each must be named. */
function several(target: ListTarget): fc.Arbitrary<MutatedList> {
  const local = MUTATIONS.filter((m) => m.local && (!m.only || m.only === target));
  return fc
    .shuffledSubarray(local, { minLength: 2, maxLength: 3 })
    .chain((chosen) =>
      fc.tuple(
        fc.constant(chosen),
        fc.tuple(...chosen.map((m) => m.value)),
        validList({ procedures: [3, 4] }),
        fc.nat(),
      ),
    )
    .map(([chosen, values, base, d]) => {
      const list = clone(base) as unknown as Json;
      const paths: string[] = [];
      const whats: string[] = [];
      chosen.forEach((m, k) => {
        const alone = { procedures: [procs(list)[k]] };
        const applied = m.apply(alone, values[k], 0, d);
        procs(list)[k] = procs(alone)[0]!;
        for (const path of applied.paths) paths.push(displayPath(['procedures', k, ...path.slice(2)]));
        whats.push(applied.what.replaceAll('procedures[1]', `procedures[${k + 1}]`));
      });
      return {
        mutation: `several:${chosen.map((m) => m.name).join('+')}`,
        list,
        paths,
        check: false,
        what: whats.join('; '),
      };
    });
}

/** A bad list for an Update payload or a .json file. */
export function mutatedList(target: ListTarget): fc.Arbitrary<MutatedList> {
  const mutations = MUTATIONS.filter((m) => !m.only || m.only === target);
  return fc.oneof(...mutations.map((m) => ({ arbitrary: single(m), weight: m.weight ?? 1 })), {
    arbitrary: several(target),
    weight: 3,
  });
}
