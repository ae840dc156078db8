import { isWeekend, localDay } from '../../domain/working-days';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { eventually } from '../support/eventually';
import { sampleCampaign } from '../support/sample-campaign';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// A client's Idempotency-Key names its Update only inside the person's own namespace: an agency
// member who sends the ID the server will later derive for its agency's calendar change
// (`calendar:<campaign>:<agency>:v3`) cannot make that change be taken for done and never applied.

describe.each(testDatabases())('client idempotency keys (%s)', (kind) => {
  const definition = sampleCampaign({ calendar: 'vietnam' });
  const id = definition.id;
  const tokens: Record<string, string> = {};
  const as = (who: string) => apiAs(server.baseUrl, tokens[who]);

  const server = useServer(kind);
  beforeAll(async () => {
    const launch = await launchThroughApi(
      server,
      definition,
      { operator: 'ttpv@example.gov.vn', health: 'syt@example.gov.vn' },
      'token',
    );
    Object.assign(tokens, launch.tokens);
  });

  test('a key equal to a server-derived Update ID does not stop the calendar change reaching the agency', async () => {
    const db = server.harness.database.db;
    const stolen = `calendar:${id}:so-y-te:v3`;
    const support = await as('health').post(
      `/api/v1/campaigns/${id}/agencies/so-y-te/support`,
      { question: 'Giấy tờ nào cần số hóa?' },
      { 'idempotency-key': stolen },
    );
    expect(support.status).toBe(200);
    const person = await db.person.findUniqueOrThrow({ where: { email: 'syt@example.gov.vn' } });
    const audit = await db.accessEvent.findFirstOrThrow({ where: { action: 'support', outcome: 'done' } });
    expect(audit.updateId).toMatch(new RegExp(`^client:${person.id}:support:[0-9a-f]{32}$`));
    // The same key again is the same Update: applied once.
    const again = await as('health').post(
      `/api/v1/campaigns/${id}/agencies/so-y-te/support`,
      { question: 'Giấy tờ nào cần số hóa?' },
      { 'idempotency-key': stolen },
    );
    expect(again.status).toBe(200);
    await eventually(async () =>
      expect(await db.supportRequest.count({ where: { assignmentId: `${id}/so-y-te` } })).toBe(1),
    );

    let day = localDay(new Date(Date.now() + 86_400_000));
    while (isWeekend(day)) day = localDay(new Date(Date.parse(`${day}T12:00:00+07:00`) + 86_400_000));
    const announced = await as('operator').post<{ announcement: { version: number } }>(
      '/api/v1/calendar/announcements',
      { daysOff: [day], basis: 'Thông báo 8/TB-BNV' },
    );
    expect(announced.status).toBe(200);
    expect(announced.body.announcement.version).toBe(3);
    // The agency's own workflow recorded the change: it was applied, not answered from the support request.
    await eventually(async () =>
      expect(
        await db.auditEvent.count({ where: { campaignId: id, assignmentId: `${id}/so-y-te`, action: 'calendar' } }),
      ).toBe(1),
    );
  }, 90_000);
});
