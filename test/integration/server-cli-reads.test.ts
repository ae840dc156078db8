import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// The reads the admin script makes through the server (campaign status, an agency's submissions,
// the reminder schedule, the report's files) and the calendar apply it sends: each person reads what
// their role and agency allow, and a refusal leaks nothing of what it guards.

describe.each(testDatabases())('admin-script reads through the API (%s)', (kind) => {
  const definition = sampleCampaign();
  const campaign = `/api/v1/campaigns/${definition.id}`;
  const tokens: Record<string, string> = {};
  const as = (who: string) => apiAs(server.baseUrl, tokens[who]);

  const server = useServer(kind);
  beforeAll(async () => {
    const launch = await launchThroughApi(server, definition, {
      reviewer: 'stttt@example.gov.vn',
      approver: 'chutich@example.gov.vn',
      operator: 'ttpv@example.gov.vn',
      justice: 'stp@example.gov.vn',
      health: 'syt@example.gov.vn',
    });
    Object.assign(tokens, launch.tokens);
    const submitted = await as('justice').post(`${campaign}/agencies/so-tu-phap/submissions`, {
      list: justiceDepartmentList,
    });
    expect(submitted.status).toBe(200);
  });

  test('campaign status: the campaign-wide roles read it; an agency member is refused and sees nothing', async () => {
    for (const who of ['operator', 'reviewer', 'approver']) {
      const read = await as(who).get<{
        campaign: { id: string };
        total: number;
        state?: { phase: string };
        agencies: { code: string; name: string }[];
      }>(`${campaign}/status`);
      expect(read.status).toBe(200);
      expect(read.body.campaign.id).toBe(definition.id);
      expect(read.body.total).toBe(definition.agencies.length);
      expect(read.body.state?.phase).toBe('collecting');
      expect(read.body.agencies.map((a) => a.code)).toEqual(definition.agencies.map((a) => a.code).sort());
    }
    const refused = await as('health').get(`${campaign}/status`);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('Bạn không có quyền này');
    expect(JSON.stringify(refused.body)).not.toContain('Sở Tư pháp');
    expect(JSON.stringify(refused.body)).not.toContain('so-tu-phap');
    expect((await apiAs(server.baseUrl, undefined).get(`${campaign}/status`)).status).toBe(401);
    // Another campaign's status, for someone with no role in it: refused, the same as a campaign that does not exist.
    const other = await as('operator').get('/api/v1/campaigns/khong-co/status');
    expect(other.status).toBe(403);
    const unknown = await as('admin').get('/api/v1/campaigns/khong-co/status');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('Không có chiến dịch khong-co');
  });

  test("an agency's submissions (agency diff): its own member reads them; another agency's member is refused", async () => {
    const own = await as('justice').get<{ submissions: { version: number; content: unknown }[] }>(
      `${campaign}/agencies/so-tu-phap`,
    );
    expect(own.status).toBe(200);
    expect(own.body.submissions.map((s) => s.version)).toEqual([1]);
    expect((await as('reviewer').get(`${campaign}/agencies/so-tu-phap`)).status).toBe(200);
    const refused = await as('health').get(`${campaign}/agencies/so-tu-phap`);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('của cơ quan so-tu-phap');
    expect(JSON.stringify(refused.body)).not.toContain(justiceDepartmentList.procedures[0]!.name);
    expect(refused.body).not.toHaveProperty('submissions');
  });

  test('reminder schedule: the operator reads it, for some agencies or all; an agency member is refused', async () => {
    const all = await as('operator').get<{ agencies: { code: string; plan?: { reminders: unknown[] } }[] }>(
      `${campaign}/reminder-schedule`,
    );
    expect(all.status).toBe(200);
    expect(all.body.agencies.map((a) => a.code)).toEqual(definition.agencies.map((a) => a.code).sort());
    const some = await as('operator').get<{ agencies: { code: string; plan?: unknown }[] }>(
      `${campaign}/reminder-schedule?agencies=so-y-te`,
    );
    expect(some.body.agencies).toEqual([expect.objectContaining({ code: 'so-y-te', plan: expect.any(Object) })]);
    const unknown = await as('operator').get(`${campaign}/reminder-schedule?agencies=so-y-te,so-khong-co`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('Không tìm thấy cơ quan so-khong-co');
    const bad = await as('operator').get(`${campaign}/reminder-schedule?agencies=so-y-te,`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('agencies');
    const refused = await as('health').get(`${campaign}/reminder-schedule?agencies=so-y-te`);
    expect(refused.status).toBe(403);
    expect(refused.body).not.toHaveProperty('agencies');
  });

  test("report files: the report's roles get every format; an agency member is refused", async () => {
    const files = await as('operator').get<{
      reportDay: string;
      summary: { agencies: number };
      files: Record<string, string>;
    }>(`${campaign}/report/files`);
    expect(files.status).toBe(200);
    expect(files.body.summary.agencies).toBe(definition.agencies.length);
    expect(Object.keys(files.body.files).sort()).toEqual(['attentionCsv', 'csv', 'html', 'json', 'markdown']);
    expect(files.body.files.html).toContain('Báo cáo tiến độ');
    expect((await as('approver').get(`${campaign}/report/files`)).status).toBe(200);
    const refused = await as('justice').get(`${campaign}/report/files`);
    expect(refused.status).toBe(403);
    expect(refused.body).not.toHaveProperty('files');
  });

  test('calendar apply: the operator sends it; a reviewer or an agency member is refused and nothing is sent', async () => {
    const db = server.harness.database.db;
    const before = await db.accessEvent.count({ where: { action: 'changeCalendar', outcome: 'done' } });
    for (const who of ['reviewer', 'health']) {
      const refused = await as(who).post('/api/v1/calendar/apply', { campaignId: definition.id });
      expect(refused.status).toBe(403);
      expect(refused.body.message).toContain('cán bộ Trung tâm Phục vụ - Kiểm soát TTHC (operator)');
      expect(refused.body).not.toHaveProperty('campaigns');
    }
    const noRole = await as('reviewer').post('/api/v1/calendar/apply', {});
    expect(noRole.status).toBe(403);
    expect(noRole.body.message).toContain('Đơn vị điều hành');
    const bad = await as('operator').post('/api/v1/calendar/apply', { campaignId: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('campaignId');
    // The sample campaign keeps weekends only: it is on no Vietnamese calendar version to bring forward.
    const applied = await as('operator').post<{ campaigns: unknown[] }>('/api/v1/calendar/apply', {
      campaignId: definition.id,
    });
    expect(applied.status).toBe(200);
    expect(applied.body.campaigns).toEqual([]);
    expect((await as('operator').post('/api/v1/calendar/apply', {})).status).toBe(200);
    expect(await db.accessEvent.count({ where: { action: 'changeCalendar', outcome: 'done' } })).toBe(before);
    const refusals = await db.accessEvent.count({ where: { action: 'changeCalendar', outcome: 'refused' } });
    expect(refusals).toBe(3);
  });

  test('lookups before an action are checked for that action: own agency only, nothing read when refused', async () => {
    const submit = await as('health').get<{ agencies: { agencyCode: string; stage: string }[] }>(
      `${campaign}/lookup?for=submit&agencies=so-y-te`,
    );
    expect(submit.status).toBe(200);
    expect(submit.body.agencies).toEqual([expect.objectContaining({ agencyCode: 'so-y-te', stage: 'assigned' })]);
    const other = await as('health').get(`${campaign}/lookup?for=submit&agencies=so-tu-phap`);
    expect(other.status).toBe(403);
    expect(other.body.message).toContain('của cơ quan so-tu-phap');
    expect(other.body).not.toHaveProperty('agencies');
    // Campaign-wide: an agency member is refused; an unknown agency is "not found" only to those allowed.
    expect((await as('health').get(`${campaign}/lookup?for=extendDeadline&open=true`)).status).toBe(403);
    expect((await as('reviewer').get(`${campaign}/lookup?for=extendDeadline&open=true`)).status).toBe(403);
    const open = await as('operator').get<{ agencies: { agencyCode: string; late: boolean }[] }>(
      `${campaign}/lookup?for=extendDeadline&open=true`,
    );
    expect(open.status).toBe(200);
    expect(open.body.agencies.every((a) => a.late === false)).toBe(true);
    const unknown = await as('operator').get(`${campaign}/lookup?for=remind&agencies=so-y-te,so-khong-co`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('Không tìm thấy cơ quan so-khong-co');
    // The workflows' own state, for the same checks.
    const state = await as('justice').get<{ stage: string; version: number }>(
      `${campaign}/agencies/so-tu-phap/workflow-state?for=support`,
    );
    expect(state.status).toBe(200);
    expect(state.body.version).toBe(1);
    expect(['submitted', 'resubmitted']).toContain(state.body.stage);
    expect((await as('health').get(`${campaign}/agencies/so-tu-phap/workflow-state?for=support`)).status).toBe(403);
    expect((await as('reviewer').get(`${campaign}/workflow-state?for=consolidate`)).body).toMatchObject({
      phase: 'collecting',
    });
    expect((await as('operator').get(`${campaign}/workflow-state?for=consolidate`)).status).toBe(403);
  });

  test('the new routes are in the OpenAPI document', async () => {
    const document = (await as('operator').get<{ paths: Record<string, unknown> }>('/api/v1/openapi.json')).body;
    for (const route of [
      '/api/v1/campaigns/{campaignId}/status',
      '/api/v1/campaigns/{campaignId}/reminder-schedule',
      '/api/v1/campaigns/{campaignId}/report/files',
      '/api/v1/calendar/apply',
      '/api/v1/campaigns/{campaignId}/lookup',
      '/api/v1/campaigns/{campaignId}/workflow-state',
      '/api/v1/campaigns/{campaignId}/agencies/{agencyCode}/workflow-state',
    ])
      expect(document.paths).toHaveProperty([route]);
  });
});
