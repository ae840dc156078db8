import { loadCampaignDeliverable } from '../../read-side/campaign-deliverable';
import { readCampaignRow } from '../../read-side/campaign-rows';
import { campaignDeclaration } from '../../read-side/delivery-review';
import { equipmentCampaign, monthlyReportCampaign } from '../support/declared-campaigns';
import { uniqueId } from '../support/harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { testDatabases } from '../support/test-env';

// The campaign's declared deliverable is compiled once and kept while the campaign's row is
// unchanged: pages and deliveries read a timestamp, not the stored definition with every agency. A
// changed definition (a re-launch) is read again; a campaign of Article 4 lists declares nothing.

describe.each(testDatabases())('the stored definition and compiled declaration of a campaign on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database?.drop());

  const createCampaign = (id: string, definition: unknown) =>
    database.db.campaign.create({
      data: {
        id,
        directiveNumber: '1/TEST',
        directiveDate: new Date('2026-12-01T00:00:00+07:00'),
        title: 'Kiểm thử',
        submissionDeadline: new Date('2026-12-25T23:59:59+07:00'),
        definition: definition as object,
      },
    });

  test('kept while the row is unchanged, read again once the definition changes', async () => {
    const id = uniqueId('declared-cache');
    const report = await monthlyReportCampaign();
    const equipment = await equipmentCampaign();
    await createCampaign(id, { deliverable: report.declaration });

    const first = await loadCampaignDeliverable(database.db, id);
    expect(first?.declaration.title).toBe(report.declaration.title);
    expect(await loadCampaignDeliverable(database.db, id)).toBe(first); // the same compiled checker

    await database.db.campaign.update({
      where: { id },
      data: { definition: { deliverable: equipment.declaration } as object, updatedAt: new Date(Date.now() + 1000) },
    });
    const changed = await loadCampaignDeliverable(database.db, id);
    expect(changed).not.toBe(first);
    expect(changed?.declaration.kind).toBe('table');
    expect((await campaignDeclaration(database.db, id))?.title).toBe(equipment.declaration.title);
  });

  test("the row's other columns are always read afresh, its definition only when the row changed", async () => {
    const id = uniqueId('row-cache');
    await createCampaign(id, { marker: 'first' });
    expect((await readCampaignRow(database.db, id))?.definition).toEqual({ marker: 'first' });
    await database.db.campaign.update({
      where: { id },
      data: { status: 'consolidated', definition: { marker: 'second' }, updatedAt: new Date(Date.now() + 2000) },
    });
    expect(await readCampaignRow(database.db, id)).toMatchObject({
      status: 'consolidated',
      definition: { marker: 'second' },
    });
    expect(await readCampaignRow(database.db, uniqueId('none'))).toBeNull();
  });

  test('nothing for a campaign of Article 4 lists or one that does not exist', async () => {
    const id = uniqueId('list-cache');
    await createCampaign(id, {});
    expect(await loadCampaignDeliverable(database.db, id)).toBeUndefined();
    expect(await campaignDeclaration(database.db, uniqueId('none'))).toBeUndefined();
  });
});
