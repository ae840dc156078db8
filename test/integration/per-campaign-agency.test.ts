import { createTransitionActivities, type AssignmentRecord } from '../../activities/transitions';
import { buildCampaignReport } from '../../reporting/build';
import { uniqueId } from '../support/harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { testDatabases } from '../support/test-env';
import { createCampaignRow } from '../support/campaign-row';

// Two campaigns assigning the same agency code: each keeps the name and e-mail it gave, so a later
// campaign cannot rename or re-address the agency in an earlier campaign's records and reports.

describe.each(testDatabases())('agencies per campaign on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database?.drop());

  async function campaignWith(name: string, email: string): Promise<string> {
    const campaignId = uniqueId('per-campaign');
    await createCampaignRow(database.db, campaignId);
    const record: AssignmentRecord = {
      workflowId: `campaign:${campaignId}:agency:so-tu-phap`,
      campaignId,
      assignmentId: `${campaignId}/so-tu-phap`,
      agency: { code: 'so-tu-phap', name, kind: 'department', email },
      stage: 'assigned',
      reviewer: 'Sở TTTT',
      submissionDeadline: '2024-03-04T23:59:59+07:00',
      at: '2024-02-07T08:00:00+07:00',
    };
    expect(await createTransitionActivities(database.db).recordAssignment(record)).toBe(true);
    return campaignId;
  }

  test('a second campaign reusing a code does not rename or re-address it in the first', async () => {
    const first = await campaignWith('Sở Tư pháp', 'stp@quangngai.gov.vn');
    const second = await campaignWith('<b>Cơ quan giả mạo</b>', 'ke-gian@example.com');

    const agencyOf = async (campaignId: string) =>
      (
        await database.db.assignment.findUniqueOrThrow({
          where: { id: `${campaignId}/so-tu-phap` },
          include: { agency: true },
        })
      ).agency;
    expect(await agencyOf(first)).toMatchObject({ name: 'Sở Tư pháp', email: 'stp@quangngai.gov.vn' });
    expect(await agencyOf(second)).toMatchObject({ name: '<b>Cơ quan giả mạo</b>', email: 'ke-gian@example.com' });

    const report = await buildCampaignReport({ db: database.db, campaignId: first });
    expect(report.agencies.map((a) => [a.code, a.name])).toEqual([['so-tu-phap', 'Sở Tư pháp']]);
  });
});
