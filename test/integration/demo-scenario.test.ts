import fs from 'node:fs';
import type { WorkflowUpdateFailedError } from '@temporalio/client';
import os from 'node:os';
import path from 'node:path';
import { demoDefinition, runCampaignDemo } from '../../launcher/demo/run-demo';
import { planFor, type Behaviour } from '../../launcher/demo/plans';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { remindNowUpdate } from '../../workflows/agency/messages';
import { uniqueId } from '../support/harness';
import { useServer } from '../support/server-harness';
import { apiAs } from '../support/api-client';
import { issueApiToken } from '../../server/identity/api-tokens';
import { testDatabases } from '../support/test-env';

// The demo behind `npm start`, on a few of letter 751's agencies and a fast clock: the Service
// Center launches through the server, and every simulated person (agencies, reviewer, Chairman)
// acts through the API with a token of their own. The workflows trust only the server's keys, so an
// Update sent straight to Temporal is refused, and every action is audited under its own person.

jest.setTimeout(180_000);

describe.each(testDatabases())('the demo acts through the server as its people (%s)', (kind) => {
  const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-demo-reports-'));

  const server = useServer(kind, { env: { DONDOC_DEMO_SECONDS_PER_DAY: '0.7' } });
  afterAll(async () => {
    fs.rmSync(reportsDir, { recursive: true, force: true });
  });

  test('the scenario runs to the Chairman’s approval with each action by its own person', async () => {
    const letter = await demoDefinition();
    const wanted: Behaviour[] = ['on-time', 'on-time', 'returned-once', 'perfunctory', 'late', 'silent'];
    const agencies = wanted.map((behaviour, index) => {
      const found = letter.agencies.filter((a) => planFor(a.code).behaviour === behaviour)[index === 1 ? 1 : 0];
      if (!found) throw new Error(`no demo agency behaves ${behaviour}`);
      return found;
    });
    const definition = { ...letter, id: uniqueId('demo'), agencies };
    const lines: string[] = [];
    // An agency the demo's file does not name turns up in the campaign once it is launched.
    let stranger: Promise<unknown> | undefined;
    const addStranger = async () => {
      const db = server.harness.database.db;
      await db.agency.create({
        data: { campaignId: definition.id, code: 'xa-ngoai-tep', name: 'UBND xã Ngoài Tệp', kind: 'commune' },
      });
      await db.assignment.create({
        data: {
          id: `${definition.id}:xa-ngoai-tep`,
          campaignId: definition.id,
          agencyCode: 'xa-ngoai-tep',
          workflowId: `${definition.id}:xa-ngoai-tep`,
          stage: 'assigned',
          submissionDeadline: new Date(definition.deadlines.submission),
        },
      });
    };
    await runCampaignDemo({
      client: server.harness.client,
      db: server.harness.database.db,
      server: server.baseUrl,
      definition,
      reportsDir,
      say: (line) => {
        lines.push(line);
        if (line.startsWith('Trung tâm Phục vụ đã khởi chạy')) stranger = addStranger();
      },
      stopped: new Promise(() => undefined),
    });
    await stranger;
    const output = lines.join('\n');
    // Logged once, not fatal: the story goes on to the approval.
    expect(
      output.match(/Cơ quan xa-ngoai-tep có trong chiến dịch nhưng không có trong tệp của bản demo/g),
    ).toHaveLength(1);
    // The people act on the campaign's clock: the approval lands before its deadline, however busy the machine.
    const decided = await server.harness.database.db.campaign.findUniqueOrThrow({ where: { id: definition.id } });
    expect(decided.status).toBe('approved');
    expect(decided.approvedAt!.getTime()).toBeLessThanOrEqual(Date.parse(definition.deadlines.approval));
    // The closing report, taken once every agency recorded the approval, says who did what.
    const report = fs.readFileSync(output.match(/Báo cáo tiến độ \(mở bằng trình duyệt\): (.+\.html)/)![1]!, 'utf8');
    expect(report).not.toContain('Số liệu chưa đầy đủ');
    const whoDidWhat = report.slice(report.indexOf('6. Ai đã làm gì'));
    expect(whoDidWhat).toContain(`<td>${definition.approver.name}</td><td>${definition.approver.email}</td>`);
    expect(whoDidWhat).toMatch(/<td>phê duyệt danh mục<\/td><td>1<\/td><td>\d\d:\d\d ngày 1[0-5]\/03\/2024<\/td>/);
    expect(output).toContain('Trung tâm Phục vụ đã khởi chạy qua máy chủ dondoc: 6 workflow cơ quan mới');
    expect(output).toContain('Trung tâm Phục vụ nhắc ngay');
    expect(output).toContain('Chiến dịch kết thúc: Đã phê duyệt.');
    expect(output).toMatch(/Danh mục tổng hợp: .+\.xlsx/);
    expect(output).toMatch(/Báo cáo tiến độ \(mở bằng trình duyệt\): .+bao-cao-tien-do\.html/);

    const db = server.harness.database.db;
    const tokenFor = async (personId: string) =>
      (await issueApiToken(db, personId, { label: 'test', days: 1, channel: 'token' })).token;
    const personOf = async (email: string) => (await db.person.findUniqueOrThrow({ where: { email } })).id;
    const done = await db.accessEvent.findMany({ where: { campaignId: definition.id, outcome: 'done' } });
    const by = (action: string) => [...new Set(done.filter((e) => e.action === action).map((e) => e.personId))];
    // Each agency's submissions by that agency's own member, through a token; none refused or failed.
    const submitted = done.filter((e) => e.action === 'submit');
    expect(submitted.length).toBeGreaterThanOrEqual(5);
    for (const event of submitted) {
      const agency = agencies.find((a) => a.code === event.agencyCode)!;
      expect(event).toMatchObject({ personId: await personOf(agency.email!), role: 'agency', channel: 'token' });
    }
    expect(by('launch')).toEqual([await personOf(definition.serviceCenter.email!)]);
    expect(by('remind')).toEqual([await personOf(definition.serviceCenter.email!)]);
    expect(by('returnList')).toEqual([await personOf(definition.reviewer.email!)]);
    expect(by('acceptList')).toEqual([await personOf(definition.reviewer.email!)]);
    expect(by('consolidate')).toEqual([await personOf(definition.reviewer.email!)]);
    expect(by('approve')).toEqual([await personOf(definition.approver.email!)]);

    // The workflows' own audit rows name the person the verified proof named, not only the role.
    const justice = agencies[2]!; // returned once: submitted, returned, resubmitted, accepted
    const rows = await db.auditEvent.findMany({
      where: { campaignId: definition.id, assignment: { agencyCode: justice.code } },
      orderBy: { at: 'asc' },
    });
    const member = await db.person.findUniqueOrThrow({ where: { email: justice.email! } });
    const reviewer = await db.person.findUniqueOrThrow({ where: { email: definition.reviewer.email! } });
    const named = (action: string) =>
      rows.filter((r) => r.action === action).map((r) => ({ personId: r.personId, personName: r.personName }));
    expect(named('submit')).toEqual([
      { personId: member.id, personName: member.name },
      { personId: member.id, personName: member.name },
    ]);
    expect(named('return')).toEqual([{ personId: reviewer.id, personName: reviewer.name }]);
    expect(named('accept')).toEqual([{ personId: reviewer.id, personName: reviewer.name }]);
    expect(rows.find((r) => r.action === 'assign')).toMatchObject({ actor: 'system', personId: null });
    // The campaign's own row (each agency also records the approval it was told of).
    const approved = await db.auditEvent.findFirstOrThrow({
      where: { campaignId: definition.id, action: 'approve', assignmentId: null },
    });
    expect(approved.personId).toBe(await personOf(definition.approver.email!));
    // The agency's status shows them: who did what, by role and by person.
    const status = await apiAs(server.baseUrl, await tokenFor(member.id)).get<{
      history: { action: string; actor: string; personName: string | null }[];
    }>(`/api/v1/campaigns/${definition.id}/agencies/${justice.code}`);
    expect(status.body.history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'submit', actor: member.name, personName: member.name }),
        expect.objectContaining({ action: 'return', actor: definition.reviewer.name, personName: reviewer.name }),
      ]),
    );

    // The workflows were launched with the server's keys: an Update without its proof is refused.
    const silent = agencies.at(-1)!;
    const refused = await server.harness.rawClient.workflow
      .getHandle(agencyWorkflowId(definition.id, silent.code))
      .executeUpdate(remindNowUpdate, { args: [{}] })
      .then(
        () => undefined,
        (error: unknown) => error as WorkflowUpdateFailedError,
      );
    expect(String(refused?.cause?.message)).toMatch(/thiếu xác nhận người thực hiện/);
    // The keys the workflows trust are the worker's: no start input carries one.
    const started = (await server.harness.client.workflow.getHandle(campaignWorkflowId(definition.id)).fetchHistory())
      .events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!.data!;
    expect(JSON.parse(Buffer.from(started).toString('utf8'))).not.toHaveProperty('trustedKeys');
  });
});
