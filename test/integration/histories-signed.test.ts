import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { eventually } from '../support/eventually';
import { historyMessages, saveHistory } from '../support/histories';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// A scenario made for recording (see histories.test.ts): an agency launched by the server and acted
// on by people through the API, so every Update carries the server's signed proof and the audit rows
// name the person (the 'audit-person' path). Saved as
// test/histories/agency-signed-proofs.binpb when DONDOC_RECORD_HISTORIES=1.

const kind = testDatabases()[0]!;

describe(`history of an agency acted on through the server (${kind})`, () => {
  const definition = sampleCampaign();
  const tokens: Record<string, string> = {};
  const as = (who: string) => apiAs(server.baseUrl, tokens[who]);
  const agencyPath = (action: string) => `/api/v1/campaigns/${definition.id}/agencies/so-tu-phap${action}`;

  const server = useServer(kind);
  beforeAll(async () => {
    const launch = await launchThroughApi(server, definition, {
      justice: 'stp@example.gov.vn',
      reviewer: 'stttt@example.gov.vn',
    });
    Object.assign(tokens, launch.tokens);
  });

  test('submitted, returned, resubmitted and accepted by named people', async () => {
    expect((await as('justice').post(agencyPath('/submissions'), { list: justiceDepartmentList })).status).toBe(200);
    const line = justiceDepartmentList.procedures[0]!;
    const returned = await as('reviewer').post(agencyPath('/return'), {
      reasons: { overall: 'Thiếu căn cứ', lines: [{ procedureCode: line.code, reason: 'Ghi rõ căn cứ pháp lý.' }] },
    });
    expect(returned.status).toBe(200);
    expect((await as('justice').post(agencyPath('/submissions'), { list: justiceDepartmentList })).status).toBe(200);
    expect((await as('reviewer').post(agencyPath('/accept'), {})).status).toBe(200);

    const db = server.harness.database.db;
    const workflowId = agencyWorkflowId(definition.id, 'so-tu-phap');
    const people = Object.fromEntries(
      (await db.person.findMany({ where: { email: { in: ['stp@example.gov.vn', 'stttt@example.gov.vn'] } } })).map(
        (p) => [p.email, p.id],
      ),
    );
    const audit = await eventually(async () => {
      const rows = await db.auditEvent.findMany({
        where: { assignment: { workflowId }, action: { in: ['submit', 'return', 'accept'] } },
        orderBy: { at: 'asc' },
      });
      expect(rows).toHaveLength(4);
      return rows;
    });
    expect(audit.map((row) => [row.action, row.personId])).toEqual([
      ['submit', people['stp@example.gov.vn']],
      ['return', people['stttt@example.gov.vn']],
      ['submit', people['stp@example.gov.vn']],
      ['accept', people['stttt@example.gov.vn']],
    ]);

    const history = await saveHistory(server.harness.client.workflow.getHandle(workflowId), 'agency-signed-proofs');
    expect(historyMessages(history)).toEqual(
      expect.arrayContaining(['update:submitList', 'update:returnList', 'update:acceptList']),
    );
  }, 120_000);
});
