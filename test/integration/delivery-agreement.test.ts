import fc from 'fast-check';
import { compileDeliverable, deliverableDeclarationSchema } from '../../domain/deliverables';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { generatedTable, type Json } from '../support/deliverable-arbitraries';
import { sampleCampaign } from '../support/sample-campaign';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// Generated deliveries of a generated table declaration, valid and broken, sent through the server
// and straight to the agency workflow with a valid proof: the server, the workflow and the checker
// always agree, and a refused delivery stores nothing.

// One declaration per run, generated with a fixed seed so a failure can be replayed.
const table = fc.sample(
  generatedTable.filter((t) => t.columns.length >= 4),
  { numRuns: 1, seed: 20261207 },
)[0]!;
const declaration = deliverableDeclarationSchema.parse(table.declaration);
const check = compileDeliverable(declaration);

/** Valid rows, or valid rows with one cell broken. */
const deliveries = table.rows.chain((rows) =>
  fc.oneof(
    fc.constant(rows),
    fc
      .record({
        row: fc.nat({ max: rows.length - 1 }),
        column: fc
          .nat({ max: table.columns.length - 1 })
          .chain((c) => fc.tuple(fc.constant(c), table.columns[c]!.broken)),
      })
      .map(({ row, column: [c, broken] }) =>
        rows.map((r, i) => (i === row ? { ...r, [table.columns[c]!.column.key as string]: broken } : r)),
      ),
  ),
);

describe.each(testDatabases())('server and workflow agree on every delivery (%s)', (kind) => {
  const definition = sampleCampaign({ deliverable: declaration });
  const id = definition.id;
  const tokens: Record<string, string> = {};
  const server = useServer(kind);
  const submissions = () => server.harness.database.db.submission.count({ where: { assignment: { campaignId: id } } });

  beforeAll(async () => {
    const launch = await launchThroughApi(server, definition, {
      health: 'syt@example.gov.vn',
      reviewer: 'stttt@example.gov.vn',
    });
    Object.assign(tokens, launch.tokens);
  });

  /** Sent straight to the workflow of so-tu-phap, signed as the server would (the harness's client): accepted or not. */
  const straight = (rows: Json[]): Promise<boolean> =>
    server.harness.client.workflow
      .getHandle(agencyWorkflowId(id, 'so-tu-phap'))
      .executeUpdate('submitDelivery', { args: [{ delivery: { rows }, source: 'json' }] })
      .then(
        () => true,
        () => false,
      );

  /** Returned by the reviewer, so the agency may deliver again. */
  const giveBack = async (agencyCode: string) =>
    expect(
      (
        await apiAs(server.baseUrl, tokens.reviewer).post(`/api/v1/campaigns/${id}/agencies/${agencyCode}/return`, {
          reasons: { overall: 'Gửi lại để thử tiếp.' },
        })
      ).status,
    ).toBe(200);

  test('valid deliveries are taken by both, broken ones refused by both, and nothing is stored on refusal', async () => {
    const seen = { taken: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(deliveries, async (rows) => {
        const expected = check({ rows }).ok;
        seen[expected ? 'taken' : 'refused']++;
        const before = await submissions();
        const answer = await apiAs(server.baseUrl, tokens.health).post(
          `/api/v1/campaigns/${id}/agencies/so-y-te/deliveries`,
          { delivery: { rows } },
        );
        const direct = await straight(rows);
        expect([answer.status === 200, direct]).toEqual([expected, expected]);
        expect(await submissions()).toBe(before + (expected ? 2 : 0));
        if (expected) {
          await giveBack('so-y-te');
          await giveBack('so-tu-phap');
        }
      }),
      { numRuns: 12, seed: 7 },
    );
    // Both sides of the property were tried.
    expect(seen.taken).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
});
