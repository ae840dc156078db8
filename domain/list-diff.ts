import type { AgencyList } from './agency-list';
import { DOCUMENT_KIND_SHORT_LABELS, nationalCode, normalizeName } from './list-fields';

// What changed between two submissions of one agency, for the reviewer's notification. Pure.
// A line is one document, keyed by (national procedure code, normalized document name), so a
// switch from 1.002421 to 1.002421.000.00.00.H48 or a change of case/spacing is not a remove+add.

type Procedure = AgencyList['procedures'][number];
type ListDocument = Procedure['documents'][number];

export type DiffField = 'code' | 'procedureName' | 'field' | 'level' | 'name' | 'kind' | 'basis' | 'note';

export interface FieldChange {
  field: DiffField;
  before?: string;
  after?: string;
}

export interface DiffDocument {
  /** The procedure code as written in the list the line comes from. */
  code: string;
  nationalCode: string;
  procedureName: string;
  document: ListDocument;
}

export interface DiffChange {
  code: string;
  nationalCode: string;
  procedureName: string;
  /** The document's name (as now written); absent when the procedure's own fields changed. */
  document?: string;
  changes: FieldChange[];
}

export interface ListDiff {
  /** True when there was no previous submission: every line is `added`. */
  first: boolean;
  added: DiffDocument[];
  removed: DiffDocument[];
  changed: DiffChange[];
  summary: {
    added: number;
    removed: number;
    /** Documents whose kind, basis, note or written name changed. */
    changed: number;
    unchanged: number;
    proceduresAdded: number;
    proceduresRemoved: number;
    /** Procedures whose code form, name, field or level changed. */
    proceduresChanged: number;
  };
}

interface IndexedProcedure {
  procedure: Procedure;
  documents: Map<string, ListDocument>;
}

/** Procedures by national code, documents by normalized name; a repeated key keeps the first. */
function index(list: AgencyList | undefined): Map<string, IndexedProcedure> {
  const result = new Map<string, IndexedProcedure>();
  for (const procedure of list?.procedures ?? []) {
    const key = nationalCode(procedure.code);
    let entry = result.get(key);
    if (!entry) {
      entry = { procedure, documents: new Map() };
      result.set(key, entry);
    }
    for (const document of procedure.documents ?? []) {
      const name = normalizeName(document.name);
      if (!entry.documents.has(name)) entry.documents.set(name, document);
    }
  }
  return result;
}

/** Values compared as written, but blind to NFC/whitespace differences and to '' versus absent. */
function clean(value: string | undefined): string | undefined {
  const text = value?.normalize('NFC').replace(/\s+/g, ' ').trim();
  return text ? text : undefined;
}

function compare(
  changes: FieldChange[],
  field: DiffField,
  before: string | undefined,
  after: string | undefined,
): void {
  const b = clean(before);
  const a = clean(after);
  if (b !== a) changes.push({ field, ...(b !== undefined && { before: b }), ...(a !== undefined && { after: a }) });
}

export function diffLists(previous: AgencyList | undefined, next: AgencyList): ListDiff {
  const before = index(previous);
  const after = index(next);
  const diff: ListDiff = {
    first: previous === undefined,
    added: [],
    removed: [],
    changed: [],
    summary: {
      added: 0,
      removed: 0,
      changed: 0,
      unchanged: 0,
      proceduresAdded: 0,
      proceduresRemoved: 0,
      proceduresChanged: 0,
    },
  };

  for (const [key, now] of after) {
    const line = { code: now.procedure.code, nationalCode: key, procedureName: now.procedure.name };
    const was = before.get(key);
    if (!was) {
      diff.summary.proceduresAdded++;
      for (const document of now.documents.values()) diff.added.push({ ...line, document });
      continue;
    }
    const procedureChanges: FieldChange[] = [];
    compare(procedureChanges, 'code', was.procedure.code, now.procedure.code);
    compare(procedureChanges, 'procedureName', was.procedure.name, now.procedure.name);
    compare(procedureChanges, 'field', was.procedure.field, now.procedure.field);
    compare(procedureChanges, 'level', was.procedure.level, now.procedure.level);
    if (procedureChanges.length > 0) {
      diff.summary.proceduresChanged++;
      diff.changed.push({ ...line, changes: procedureChanges });
    }
    for (const [name, document] of now.documents) {
      const old = was.documents.get(name);
      if (!old) {
        diff.added.push({ ...line, document });
        continue;
      }
      const changes: FieldChange[] = [];
      compare(changes, 'name', old.name, document.name);
      compare(changes, 'kind', old.kind, document.kind);
      compare(changes, 'basis', old.basis, document.basis);
      compare(changes, 'note', old.note, document.note);
      if (changes.length > 0) diff.changed.push({ ...line, document: document.name, changes });
      else diff.summary.unchanged++;
    }
    for (const [name, document] of was.documents) {
      if (!now.documents.has(name))
        diff.removed.push({ code: was.procedure.code, nationalCode: key, procedureName: was.procedure.name, document });
    }
  }
  for (const [key, was] of before) {
    if (after.has(key)) continue;
    diff.summary.proceduresRemoved++;
    for (const document of was.documents.values()) {
      diff.removed.push({ code: was.procedure.code, nationalCode: key, procedureName: was.procedure.name, document });
    }
  }

  diff.summary.added = diff.added.length;
  diff.summary.removed = diff.removed.length;
  diff.summary.changed = diff.changed.filter((line) => line.document !== undefined).length;
  return diff;
}

const FIELD_LABELS: Record<DiffField, string> = {
  code: 'mã TTHC',
  procedureName: 'tên TTHC',
  field: 'lĩnh vực',
  level: 'cơ quan/cấp thực hiện',
  name: 'tên giấy tờ',
  kind: 'loại',
  basis: 'căn cứ',
  note: 'ghi chú',
};

function show(field: DiffField, value: string | undefined): string {
  if (value === undefined) return '(trống)';
  if (field === 'kind') return DOCUMENT_KIND_SHORT_LABELS[value as keyof typeof DOCUMENT_KIND_SHORT_LABELS] ?? value;
  return `"${value}"`;
}

function describeDocument(document: ListDocument): string {
  const parts = [DOCUMENT_KIND_SHORT_LABELS[document.kind] ?? String(document.kind)];
  if (clean(document.basis)) parts.push(`căn cứ: ${clean(document.basis)}`);
  if (clean(document.note)) parts.push(`ghi chú: ${clean(document.note)}`);
  return `"${clean(document.name)}" (${parts.join('; ')})`;
}

export interface FormatDiffOptions {
  /** Detail lines shown at most; the rest is counted. Default 100. */
  maxLines?: number;
}

/** The diff as Vietnamese text for the reviewer's notification (plain text, one change a line). */
export function formatDiff(diff: ListDiff, options: FormatDiffOptions = {}): string {
  const maxLines = options.maxLines ?? 100;
  const { summary } = diff;
  const head: string[] = [];
  if (diff.first) {
    const procedures = new Set(diff.added.map((line) => line.nationalCode)).size;
    head.push(`Lần nộp đầu tiên: ${procedures} TTHC, ${summary.added} giấy tờ cần số hóa.`);
  } else if (diff.added.length + diff.removed.length + diff.changed.length === 0) {
    return `Không có thay đổi so với lần nộp trước (${summary.unchanged} giấy tờ giữ nguyên).`;
  } else {
    const counts = [`thêm ${summary.added}`, `bỏ ${summary.removed}`, `sửa ${summary.changed}`].join(', ');
    const procedures = [
      summary.proceduresAdded && `${summary.proceduresAdded} TTHC mới`,
      summary.proceduresRemoved && `${summary.proceduresRemoved} TTHC bị bỏ`,
      summary.proceduresChanged && `${summary.proceduresChanged} TTHC sửa thông tin`,
    ].filter(Boolean);
    head.push(
      `So với lần nộp trước: ${counts} giấy tờ, giữ nguyên ${summary.unchanged}` +
        (procedures.length > 0 ? `; ${procedures.join(', ')}.` : '.'),
    );
  }

  const lines: string[] = [];
  const section = (title: string, entries: string[]) => {
    if (entries.length === 0) return;
    lines.push(`${title} (${entries.length}):`, ...entries);
  };
  const procedure = (line: { code: string; procedureName: string }) => `${line.code} ${clean(line.procedureName)}`;
  section(
    diff.first ? 'Giấy tờ' : 'Thêm',
    diff.added.map((line) => `+ ${procedure(line)} — ${describeDocument(line.document)}`),
  );
  section(
    'Bỏ',
    diff.removed.map((line) => `- ${procedure(line)} — ${describeDocument(line.document)}`),
  );
  section(
    'Sửa',
    diff.changed.map((line) => {
      const changes = line.changes.map(
        (change) =>
          `${FIELD_LABELS[change.field]}: ${show(change.field, change.before)} → ${show(change.field, change.after)}`,
      );
      return `~ ${procedure(line)}${line.document !== undefined ? ` — "${clean(line.document)}"` : ''}: ${changes.join('; ')}`;
    }),
  );

  if (lines.length > maxLines) {
    const hidden = lines.length - maxLines;
    lines.length = maxLines;
    lines.push(`… và ${hidden} dòng khác.`);
  }
  return [...head, ...lines].join('\n');
}
