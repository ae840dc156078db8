import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fc } from '@fast-check/jest';
import { campaignDefinitionSchema, type CampaignDefinition } from '../../campaign-files/campaign-definition';
import { runCli } from '../../admin/main';
import { launchCampaign } from '../../server/launch/launch-campaign';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { campaignStateQuery } from '../../workflows/campaign/messages';
import { requestSupportUpdate, submitListUpdate } from '../../workflows/agency/messages';
import { expectNoProblems, foreignLines, isVietnamese, missingNames, shortError } from './bad-input-checks';
import { signedInAs, type CliCase, type CliWorld } from './bad-inputs/cli-commands';
import { csvExamples, jsonExamples } from './bad-inputs/list-file-examples';
import { badCsv, badJson } from './bad-inputs/list-files';
import { preview } from './bad-inputs/values';
import { personToken } from './cli-people';
import { setUpLater, uniqueId } from './harness';
import { justiceDepartmentList } from './sample-lists';
import { startServerOn } from './server-harness';
import { textSink } from './text-sink';
import { ENV_TEMPORAL_ADDRESS, required, type TestDatabaseKind } from './test-env';
import { SERVICE_CENTER, useUpdateTargets, type Target } from './update-targets';

// The admin script's bad-input world: a launched campaign (one agency with a submitted list and an
// open support request), a dondoc server, and people signed in to it; `refused` runs one bad
// command in its own directory and checks its refusal; what the world held before any case ran is
// kept to show that nothing was started, stored or changed.

export function useBadCliWorld(kind: TestDatabaseKind) {
  const { harness, snapshot, changesOf } = useUpdateTargets(kind);
  let world: CliWorld | undefined;
  let agencies: Target[] | undefined;
  let before: { tables: Record<string, number>; campaign: string; startedAt: string } | undefined;
  let server: Awaited<ReturnType<typeof startServerOn>>;
  const tokens: Record<ReturnType<typeof signedInAs>, string> = { admin: '', agency: '', outsider: '' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bad-cli-'));
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const tableCounts = async () => {
    const db = harness.database.db;
    return {
      campaigns: await db.campaign.count(),
      agencies: await db.agency.count(),
      assignments: await db.assignment.count(),
      submissions: await db.submission.count(),
      decisions: await db.reviewDecision.count(),
      escalations: await db.escalation.count(),
      notifications: await db.notification.count(),
      audit: await db.auditEvent.count(),
      supportRequests: await db.supportRequest.count(),
      catalogue: await db.catalogueEntry.count(),
    };
  };
  const campaignState = async () =>
    JSON.stringify(
      await harness.client.workflow.getHandle(campaignWorkflowId(world!.campaignId)).query(campaignStateQuery),
    );

  beforeAll(async () => {
    const people = {
      reviewer: 'Sở Thông tin và Truyền thông',
      approver: 'Chủ tịch UBND tỉnh',
      serviceCenter: SERVICE_CENTER,
    };
    const raw = {
      id: uniqueId('bad-cli'),
      directive: {
        number: '751/UBND-TTHC',
        date: new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10),
        title: 'Rà soát, lập danh sách giấy tờ cần số hóa',
      },
      deadlines: {
        submission: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        approval: new Date(Date.now() + 40 * 86_400_000).toISOString(),
      },
      reviewer: { name: people.reviewer, email: 'so-tttt@dondoc.example' },
      approver: { name: people.approver },
      serviceCenter: { name: people.serviceCenter, email: 'ttpv@dondoc.example' },
      agencies: [
        { code: 'so-tu-phap', name: 'Sở Tư pháp', kind: 'department', email: 'stp@dondoc.example' },
        { code: 'so-y-te', name: 'Sở Y tế', kind: 'department', email: 'syt@dondoc.example' },
      ],
    };
    const parsed = campaignDefinitionSchema.parse(raw);
    await launchCampaign({
      client: harness.client,
      db: harness.database.db,
      taskQueue: harness.taskQueue,
      definition: { ...parsed, agencies: parsed.agencies! } as CampaignDefinition,
    });
    const submitted = harness.client.workflow.getHandle(agencyWorkflowId(raw.id, 'so-tu-phap'));
    await submitted.executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    await submitted.executeUpdate(requestSupportUpdate, {
      args: [{ question: 'TTHC 1.002421 có phải số hóa ý kiến của Hội công chứng viên không?' }],
    });
    agencies = [
      await snapshot(agencyWorkflowId(raw.id, 'so-tu-phap'), (r) => r.submissions === 1 && r.supportRequests === 1),
      await snapshot(agencyWorkflowId(raw.id, 'so-y-te'), (r) => r.notifications === 1),
    ];
    const goodList = { name: 'danh-sach-dung.json', content: Buffer.from(JSON.stringify(justiceDepartmentList)) };
    const badLists = [...csvExamples(), ...jsonExamples(), ...fc.sample(fc.oneof(badCsv, badJson), 40)].filter(
      (c) => c.content.length < 2_000_000,
    );
    world = { campaignId: raw.id, submitted: 'so-tu-phap', people, goodList, badLists };
    // Every change goes through a dondoc server, as a signed-in person: the agency's own member,
    // a member of the other agency (who holds no campaign-wide role), or an administrator.
    server = await startServerOn(harness);
    const db = harness.database.db;
    tokens.agency = await personToken(db, { email: 'stp@dondoc.example', name: 'Sở Tư pháp' });
    tokens.outsider = await personToken(db, { email: 'syt@dondoc.example', name: 'Sở Y tế' });
    tokens.admin = await personToken(db, { email: 'quantri@dondoc.example', name: 'Quản trị' }, [{ role: 'admin' }]);
    before = { tables: await tableCounts(), campaign: await campaignState(), startedAt: new Date().toISOString() };
  }, 120_000);

  const env = (argv: string[], mutation?: string) => ({
    HOME: process.env.HOME,
    TEMPORAL_ADDRESS: required(ENV_TEMPORAL_ADDRESS),
    DONDOC_TASK_QUEUE: harness.taskQueue,
    DATABASE_URL: harness.database.url,
    DONDOC_LOG_LEVEL: 'error',
    DONDOC_SERVER_URL: server.baseUrl,
    DONDOC_API_TOKEN: tokens[signedInAs(argv, mutation)],
  });
  let cases = 0;
  async function refused(c: CliCase): Promise<void> {
    cases++;
    const caseDir = path.join(dir, String(cases));
    fs.mkdirSync(caseDir, { recursive: true });
    for (const [name, content] of Object.entries(c.files ?? {})) {
      if (content === null) fs.mkdirSync(path.join(caseDir, name), { recursive: true });
      else fs.writeFileSync(path.join(caseDir, name), content);
    }
    const argv = c.argv.map((arg) => arg.replaceAll('{dir}', caseDir));
    const [stdout, stderr] = [textSink(), textSink()];
    const outcome = await runCli(argv, {
      stdout: stdout.stream,
      stderr: stderr.stream,
      env: env(argv, c.mutation),
    }).then(
      (code) => ({ code }),
      (error: unknown) => ({ error }),
    );
    const context = `${c.mutation}: ${preview(argv, 300)} (${c.what})`;
    if ('error' in outcome) return expectNoProblems([`runCli threw: ${shortError(outcome.error)}`], context);
    const err = stderr.text();
    if (outcome.code === 0) return expectNoProblems([`exit code 0: ${preview(stdout.text(), 300)}`], context);
    const at = err.indexOf('Lỗi:');
    const foreign = at < 0 ? [] : foreignLines(err.slice(at)).filter((line) => !line.startsWith('Xem hướng dẫn:'));
    expectNoProblems(
      [
        ...(stdout.text() !== '' ? [`wrote to stdout while failing: ${preview(stdout.text(), 200)}`] : []),
        ...(at < 0 || !isVietnamese(err) || foreign.length > 0
          ? [`stderr not a Vietnamese error: ${preview(foreign[0] ?? err, 300)}`]
          : []),
        ...(/Lỗi không mong đợi/.test(err) ? [`unexpected internal error: ${preview(err, 300)}`] : []),
        ...(/\n\s+at .+\(.+:\d+:\d+\)/.test(err) ? [`stack trace: ${preview(err, 300)}`] : []),
        ...missingNames(err, c.expect, c.expectAny),
      ],
      context,
    );
  }

  return {
    harness,
    world: setUpLater('the launched campaign', () => world),
    agencies: setUpLater('the agencies', () => agencies),
    before: setUpLater('the state before', () => before),
    tableCounts,
    campaignState,
    changesOf,
    refused,
    casesRun: () => cases,
  };
}
