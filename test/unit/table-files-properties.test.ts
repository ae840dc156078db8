import fc from 'fast-check';
import { compileDeliverable, type TableDelivery } from '../../domain/deliverables';
import { checkTableUpload, readTableUpload, tableCsv, tableXlsx } from '../../deliverable-files';
import { generatedTable, type Json } from '../support/deliverable-arbitraries';
import { declaredTable } from '../support/table-files';

// Any valid delivery of any generated table, written out as the .xlsx its template becomes and as a
// .csv, reads back as the very delivery the checker accepted; a row key repeated in the file is
// refused on the file's row, naming the file's row it repeats.

/** Generated labels may repeat; a header row names each column once. */
const withUniqueLabels = (declaration: Json) => ({
  ...declaration,
  columns: (declaration.columns as Json[]).map((column, i) => ({
    ...column,
    label: `${String(column.label)} ${i + 1}`,
  })),
});

const accepted = generatedTable.chain((table) =>
  table.rows.map((rows) => {
    const declaration = declaredTable(withUniqueLabels(table.declaration));
    const check = compileDeliverable(declaration)({ rows });
    if (!check.ok) throw new Error(`generated rows refused: ${JSON.stringify(check.errors)}`);
    return { declaration, delivery: check.value as TableDelivery };
  }),
);

describe('written out and read back', () => {
  test('a valid delivery reads back equal from .xlsx and from .csv', async () => {
    await fc.assert(
      fc.asyncProperty(accepted, async ({ declaration, delivery }) => {
        for (const [format, bytes] of [
          ['xlsx', await tableXlsx(declaration, delivery)],
          ['csv', Buffer.from(tableCsv(declaration, delivery))],
        ] as const) {
          const upload = await readTableUpload(declaration, bytes, format);
          expect(upload).toEqual({
            ok: true,
            delivery,
            sourceRows: delivery.rows.map((_, i) => i + 2),
            ...(format === 'xlsx' && { sheet: 'Bảng thử' }),
          });
          const check = await checkTableUpload(declaration, bytes, format);
          expect(check).toEqual({ ok: true, problems: [], findings: [], delivery });
        }
      }),
      { numRuns: 60 },
    );
  });

  test('a row key repeated in the file is refused on the later row, naming the earlier one', async () => {
    await fc.assert(
      fc.asyncProperty(
        accepted.filter(({ delivery }) => delivery.rows.length >= 2),
        fc.nat(),
        async ({ declaration, delivery }, pick) => {
          const later = 1 + (pick % (delivery.rows.length - 1));
          const rows = delivery.rows.map((row, i) => (i === later ? { ...row, id: delivery.rows[0]!.id! } : row));
          const check = await checkTableUpload(declaration, Buffer.from(tableCsv(declaration, { rows })), 'csv');
          expect(check.ok).toBe(false);
          expect(check.problems).toEqual([
            {
              row: later + 2,
              column: declaration.columns[0]!.label,
              columnKey: 'id',
              message: expect.stringMatching(new RegExp(`^Dòng ${later + 2}: trùng với dòng 2 \\(cùng `)),
            },
          ]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
