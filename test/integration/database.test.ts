import { inOneSnapshot, openDatabase, type Database } from '../../prisma/database';
import { uniqueId } from '../support/harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { testDatabases } from '../support/test-env';

// Both generated clients behind one interface: the provider is known from the URL, and a snapshot
// read does not see a row another connection commits while it runs.

describe.each(testDatabases())('the database on %s', (kind) => {
  let database: TestDatabase;
  let other: Database;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    other = await openDatabase(database.url);
  });
  afterAll(async () => {
    await other?.$disconnect();
    await database?.drop();
  });

  const campaign = (id: string) => ({
    id,
    directiveNumber: '12/KH-UBND',
    directiveDate: new Date('2024-02-07T00:00:00+07:00'),
    title: 'Số hóa',
    submissionDeadline: new Date('2024-03-04T23:59:59+07:00'),
  });

  it('knows its provider', () => {
    expect(database.db.provider).toBe(kind);
    expect(other.provider).toBe(kind);
  });

  it('reads one snapshot for every statement of inOneSnapshot', async () => {
    const prefix = uniqueId('snap');
    await database.db.campaign.create({ data: campaign(`${prefix}-1`) });
    const inCampaigns = { where: { id: { startsWith: prefix } } };
    const seen = await inOneSnapshot(database.db, async (tx) => {
      const before = await tx.campaign.count(inCampaigns);
      await other.campaign.create({ data: campaign(`${prefix}-2`) });
      const after = await tx.campaign.count(inCampaigns);
      return { before, after };
    });
    expect(seen).toEqual({ before: 1, after: 1 });
    expect(await database.db.campaign.count(inCampaigns)).toBe(2);
  });
});
