import { isWeekend, localDay } from '../../domain/working-days';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// An official announcement through the HTTP API: only the Service Center records it; it becomes the
// next calendar version and reaches the running agencies of the campaigns the operator runs, with
// the server's signed actor proof (the campaign was launched through the server).

describe.each(testDatabases())('calendar announcements through the API (%s)', (kind) => {
  const definition = sampleCampaign({ calendar: 'vietnam' });
  const tokens: Record<string, string> = {};
  const as = (who: string) => apiAs(server.baseUrl, tokens[who]);

  const server = useServer(kind);
  beforeAll(async () => {
    const launch = await launchThroughApi(
      server,
      definition,
      { reviewer: 'stttt@example.gov.vn', operator: 'ttpv@example.gov.vn', health: 'syt@example.gov.vn' },
      'token',
    );
    Object.assign(tokens, launch.tokens);
  });

  test('the operator records a day off; the returned agency’s deadline moves; others are refused', async () => {
    const db = server.harness.database.db;
    const health = () =>
      db.assignment.findFirstOrThrow({ where: { campaignId: definition.id, agencyCode: 'so-y-te' } });
    const agency = `/api/v1/campaigns/${definition.id}/agencies/so-y-te`;
    expect((await as('health').post(`${agency}/submissions`, { list: justiceDepartmentList })).status).toBe(200);
    expect((await as('reviewer').post(`${agency}/return`, { reasons: { overall: 'Thiếu giấy tờ' } })).status).toBe(200);
    const before = await health();
    let day = localDay(new Date(Date.now() + 86_400_000));
    while (isWeekend(day)) day = localDay(new Date(Date.parse(`${day}T12:00:00+07:00`) + 86_400_000));

    const refused = await as('reviewer').post('/api/v1/calendar/announcements', { daysOff: [day], basis: 'x' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('Đơn vị điều hành');
    const weekend = await as('operator').post('/api/v1/calendar/announcements', {
      daysOff: ['2026-12-05'],
      basis: 'Thông báo 7/TB-BNV',
    });
    expect(weekend.status).toBe(400);
    expect(weekend.body.issues).toEqual([
      { field: 'daysOff', message: 'daysOff: 05/12/2026 là thứ Bảy hoặc Chủ nhật, vốn đã là ngày nghỉ.' },
    ]);
    const noBasis = await as('operator').post('/api/v1/calendar/announcements', { daysOff: [day] });
    expect(noBasis.status).toBe(400);
    expect(await db.calendarAnnouncement.count()).toBe(1); // the National Day 2026 row of the first migration

    const done = await as('operator').post<{
      announcement: { version: number };
      campaigns: { campaignId: string; from: number; to: number; complete: boolean; agencies: unknown[] }[];
    }>('/api/v1/calendar/announcements', { daysOff: [day], basis: 'Thông báo 8/TB-BNV' });
    expect(done.status).toBe(200);
    expect(done.body.announcement.version).toBe(3);
    expect(done.body.campaigns).toEqual([
      expect.objectContaining({ campaignId: definition.id, from: 2, to: 3, complete: true }),
    ]);
    const after = await health();
    expect(after.resubmissionDeadline!.getTime() - before.resubmissionDeadline!.getTime()).toBeGreaterThanOrEqual(
      86_400_000,
    );
    expect((await db.campaign.findUniqueOrThrow({ where: { id: definition.id } })).calendarVersion).toBe(3);
    const access = await db.accessEvent.findMany({ where: { action: 'changeCalendar' }, orderBy: { at: 'asc' } });
    expect(access.map((a) => `${a.outcome}:${a.campaignId ?? ''}`)).toEqual(['refused:', `done:${definition.id}`]);

    const listed = await as('reviewer').get<{ version: number; days: { day: string; source: string }[] }>(
      `/api/v1/calendar?year=${day.slice(0, 4)}`,
    );
    expect(listed.body.version).toBe(3);
    expect(listed.body.days).toContainEqual(expect.objectContaining({ day, source: 'announcement', version: 3 }));
  }, 90_000);
});
