import fc from 'fast-check';
import {
  compileDeliverable,
  deliverableDeclarationSchema,
  type DeliverableDeclaration,
} from '../../domain/deliverables';
import { formatPath } from '../../domain/list-fields';
import { generatedForm, generatedTable, type GeneratedForm, type Json } from '../support/deliverable-arbitraries';

// Generated declarations and deliveries: a declaration the generator builds is accepted at launch; a
// valid delivery is always accepted; one broken value is always refused with a message placed on
// that row and column (or field, or indicator); a broken declaration is refused at its path.

const declare = (raw: Json): DeliverableDeclaration => {
  const parsed = deliverableDeclarationSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('\n'));
  return parsed.data;
};
const runs = { numRuns: 150 };

describe('tables', () => {
  test('a valid delivery is always accepted, the same each time, its input untouched', () => {
    fc.assert(
      fc.property(
        generatedTable.chain((t) => fc.tuple(fc.constant(t), t.rows)),
        ([table, rows]) => {
          const sent = structuredClone(rows);
          const check = compileDeliverable(declare(table.declaration));
          const result = check({ rows });
          expect(result.errors).toEqual([]);
          expect(result.ok).toBe(true);
          expect((result.value as { rows: unknown[] }).rows).toHaveLength(rows.length);
          expect(check({ rows })).toEqual(result);
          expect(compileDeliverable(declare(table.declaration))({ rows })).toEqual(result);
          expect(rows).toEqual(sent);
        },
      ),
      runs,
    );
  });

  test('one broken cell is always refused, on its row and column, with the fix', () => {
    const cases = generatedTable.chain((t) =>
      fc.tuple(fc.constant(t), t.rows).chain(([table, rows]) =>
        fc.record({
          table: fc.constant(table),
          rows: fc.constant(rows),
          row: fc.nat({ max: rows.length - 1 }),
          column: fc
            .nat({ max: table.columns.length - 1 })
            .chain((c) => fc.tuple(fc.constant(c), table.columns[c]!.broken)),
        }),
      ),
    );
    fc.assert(
      fc.property(cases, ({ table, rows, row, column: [c, broken] }) => {
        const { key, label } = table.columns[c]!.column as { key: string; label: string };
        rows[row] = { ...rows[row], [key]: broken };
        const result = compileDeliverable(declare(table.declaration))({ rows });
        expect(result.ok).toBe(false);
        const here = result.errors.filter((e) => e.at.row === row + 1 && e.at.column === key);
        expect(here).toHaveLength(1);
        expect(here[0]!.message).toMatch(new RegExp(`^Dòng ${row + 1}, cột "${label}": .+ Cách sửa: .+\\.$`));
        expect(result.value).toBeUndefined();
      }),
      runs,
    );
  });

  test('a row key given twice is refused on the later row', () => {
    const cases = generatedTable.chain((t) =>
      fc
        .tuple(
          fc.constant(t),
          t.rows.filter((rows) => rows.length >= 2),
        )
        .chain(([table, rows]) =>
          fc.record({
            table: fc.constant(table),
            rows: fc.constant(rows),
            pair: fc.uniqueArray(fc.nat({ max: rows.length - 1 }), { minLength: 2, maxLength: 2 }),
          }),
        ),
    );
    fc.assert(
      fc.property(cases, ({ table, rows, pair }) => {
        const [first, later] = [Math.min(...pair), Math.max(...pair)];
        rows[later] = { ...rows[later], id: rows[first]!.id };
        const result = compileDeliverable(declare(table.declaration))({ rows });
        expect(result.ok).toBe(false);
        expect(result.errors).toContainEqual(
          expect.objectContaining({
            at: { row: later + 1, column: 'id' },
            message: expect.stringContaining(`trùng với dòng ${first + 1}`),
          }),
        );
      }),
      runs,
    );
  });
});

describe('forms', () => {
  const delivery = (form: GeneratedForm) =>
    fc.tuple(fc.tuple(...form.fields.map((f) => f.valid)), form.indicators.values).map(([values, indicators]) => ({
      fields: {
        ...Object.fromEntries(form.fields.map((f, i) => [f.key, values[i]])),
        'chi-tieu': indicators,
      } as Record<string, unknown>,
    }));

  test('a valid delivery is always accepted', () => {
    fc.assert(
      fc.property(
        generatedForm.chain((form) => fc.tuple(fc.constant(form), delivery(form))),
        ([form, given]) => {
          const result = compileDeliverable(declare(form.declaration))(given);
          expect(result.errors).toEqual([]);
          expect(result.ok).toBe(true);
        },
      ),
      runs,
    );
  });

  test('one broken field is always refused, at that field, with the fix', () => {
    const cases = generatedForm.chain((form) =>
      fc.record({
        form: fc.constant(form),
        given: delivery(form),
        field: fc
          .nat({ max: form.fields.length - 1 })
          .chain((i) => fc.tuple(fc.constant(form.fields[i]!.key), form.fields[i]!.broken)),
      }),
    );
    fc.assert(
      fc.property(cases, ({ form, given, field: [key, broken] }) => {
        given.fields[key] = broken;
        const result = compileDeliverable(declare(form.declaration))(given);
        expect(result.ok).toBe(false);
        const here = result.errors.filter((e) => e.at.field === key);
        expect(here.length).toBeGreaterThan(0);
        for (const error of here)
          expect(error.message).toMatch(/^Mục "[^"]+", "[^"]+"(, tệp [^:]+)?: .+ Cách sửa: .+\.$/);
      }),
      runs,
    );
  });

  test('a total that is not the sum of its parts is refused at the total, in that column', () => {
    const cases = generatedForm.chain((form) =>
      fc.record({
        form: fc.constant(form),
        given: delivery(form),
        column: fc.constantFrom(...form.indicators.columnKeys),
        delta: fc.integer({ min: 1, max: 5 }),
        down: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(cases, ({ form, given, column, delta, down }) => {
        const table = given.fields['chi-tieu'] as Record<string, Record<string, number>>;
        const total = form.indicators.codes[0]!;
        const now = table[total]![column]!;
        table[total]![column] = down && now >= delta ? now - delta : now + delta;
        const result = compileDeliverable(declare(form.declaration))(given);
        expect(result.ok).toBe(false);
        expect(result.errors).toEqual([
          expect.objectContaining({
            at: { section: 'so-lieu', field: 'chi-tieu', indicator: total, column },
            message: expect.stringMatching(/phải bằng tổng .+ Cách sửa: /),
          }),
        ]);
      }),
      runs,
    );
  });
});

describe('declarations', () => {
  type Mutation = { name: string; apply: (d: Json) => string | undefined };
  const columnsOf = (d: Json) => d.columns as Json[];
  const fieldsOf = (d: Json) => (d.sections as Json[])[0]!.fields as Json[];
  const tableMutations: Mutation[] = [
    { name: 'unknown type', apply: (d) => ((columnsOf(d)[0]!.type = 'tien-te'), 'columns[1].type') },
    { name: 'empty label', apply: (d) => ((columnsOf(d)[0]!.label = '  '), 'columns[1].label') },
    { name: 'key with spaces', apply: (d) => ((columnsOf(d)[0]!.key = 'mã dòng'), 'columns[1].key') },
    { name: 'row key naming no column', apply: (d) => ((d.rowKey = ['khong-co']), 'rowKey[1]') },
    { name: 'unknown rule set', apply: (d) => ((d.rules = ['tinh-thue']), 'rules[1]') },
    { name: 'rule set without its columns', apply: (d) => ((d.rules = ['digitization-list']), 'rules[1]') },
    {
      name: 'key given twice',
      apply: (d) => {
        const columns = columnsOf(d);
        if (columns.length < 2) return undefined;
        columns[columns.length - 1]!.key = 'id';
        return `columns[${columns.length}].key`;
      },
    },
    { name: 'min above max', apply: (d) => ((columnsOf(d)[0]!.max = 0), (columnsOf(d)[0]!.min = 1), 'columns[1].max') },
    {
      name: 'pattern that can run for ever',
      apply: (d) => (
        columnsOf(d).push({ key: 'ma', label: 'Mã', type: 'text', pattern: '(a+)+b', patternHint: 'dạng aab' }),
        `columns[${columnsOf(d).length}].pattern`
      ),
    },
    {
      name: 'choice without options',
      apply: (d) => (
        columnsOf(d).push({ key: 'lc', label: 'Loại', type: 'choice', options: [] }),
        `columns[${columnsOf(d).length}].options`
      ),
    },
    { name: 'too many rows', apply: (d) => ((d.maxRows = 1_000_000), 'maxRows') },
    { name: 'unknown kind', apply: (d) => ((d.kind = 'report'), 'kind') },
    { name: 'misspelt field', apply: (d) => ((columnsOf(d)[0]!.requried = true), 'columns[1]') },
    { name: 'misspelt top field', apply: (d) => ((d.rowkey = ['id']), '(toàn bộ)') },
  ];
  const formMutations: Mutation[] = [
    {
      name: 'sum of an indicator not declared',
      apply: (d) => {
        const sections = d.sections as Json[];
        const field = (sections.at(-1)!.fields as Json[])[0]!;
        (field.checks as Json[]).push({ rule: 'sum', total: 'HS01', parts: ['HS02', 'HS99'] });
        return `sections[${sections.length}].fields[1].checks[2]`;
      },
    },
    {
      name: 'file type not accepted',
      apply: (d) => {
        const sections = d.sections as Json[];
        (sections.at(-1)!.fields as Json[])[1]!.accept = ['exe'];
        return `sections[${sections.length}].fields[2].accept[1]`;
      },
    },
    {
      name: 'field key used twice',
      apply: (d) => (fieldsOf(d).push({ ...fieldsOf(d)[0]! }), `sections[1].fields[${fieldsOf(d).length}].key`),
    },
    { name: 'section without fields', apply: (d) => (((d.sections as Json[])[0]!.fields = []), 'sections[1].fields') },
  ];

  const refusedAt = (declaration: Json, path: string) => {
    const parsed = deliverableDeclarationSchema.safeParse(declaration);
    expect(parsed.success).toBe(false);
    const issues = parsed.error!.issues.filter((issue) => formatPath(issue.path) === path);
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) expect(issue.message).toMatch(/Cách sửa: .+/);
  };

  test('every generated declaration is accepted at launch', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          generatedTable.map((t) => t.declaration),
          generatedForm.map((f) => f.declaration),
        ),
        (raw) => {
          expect(deliverableDeclarationSchema.safeParse(raw).error?.issues ?? []).toEqual([]);
        },
      ),
      runs,
    );
  });

  test('a table declaration with one mistake is refused at its path', () => {
    fc.assert(
      fc.property(generatedTable, fc.constantFrom(...tableMutations), (table, mutation) => {
        const declaration = structuredClone(table.declaration);
        const path = mutation.apply(declaration);
        fc.pre(path !== undefined);
        refusedAt(declaration, path!);
      }),
      runs,
    );
  });

  test('a form declaration with one mistake is refused at its path', () => {
    fc.assert(
      fc.property(generatedForm, fc.constantFrom(...formMutations), (form, mutation) => {
        const declaration = structuredClone(form.declaration);
        refusedAt(declaration, mutation.apply(declaration)!);
      }),
      runs,
    );
  });
});
