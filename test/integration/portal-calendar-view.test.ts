import { calendarView } from '../../server/portal/calendar-view';
import { uniqueId } from '../support/harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { testDatabases } from '../support/test-env';

// What the Service Center's dashboard and the agency's page say about the calendar a campaign's
// deadlines count on: its version, a newer one not applied yet, and the official days off.

describe.each(testDatabases())('the calendar shown in the portal (%s)', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => database?.drop());

  async function campaign(calendarVersion: number, definition: { calendar?: string } = {}) {
    const id = uniqueId('calendar-view');
    await database.db.campaign.create({
      data: {
        id,
        directiveNumber: '751/UBND-TTHC',
        directiveDate: new Date('2026-08-20T00:00:00+07:00'),
        title: 'Rà soát, lập danh sách giấy tờ cần số hóa',
        submissionDeadline: new Date('2026-09-15T23:59:59+07:00'),
        approvalDeadline: new Date('2026-09-30T23:59:59+07:00'),
        reviewer: 'so-tttt',
        calendarVersion,
        definition,
      },
    });
    return id;
  }

  test('on version 2, the second National Day 2026 day off is shown as official, with its basis', async () => {
    const view = await calendarView(database.db, await campaign(2));
    expect(view).toMatchObject({ version: 2, weekendsOnly: false, newer: undefined });
    expect(view.official).toEqual([expect.stringMatching(/^01\/09\/2026 nghỉ \(.+\)$/)]);
    expect(view.computedOff).toBeGreaterThanOrEqual(1); // 02/09 by the law
  });

  test('on version 1, the newer stored version is named and no day is official yet', async () => {
    const view = await calendarView(database.db, await campaign(1));
    expect(view).toMatchObject({ version: 1, newer: 2, official: [] });
  });

  test('a drill counting weekends only says so', async () => {
    const view = await calendarView(database.db, await campaign(1, { calendar: 'weekends-only' }));
    expect(view).toMatchObject({ version: 1, weekendsOnly: true });
  });
});
