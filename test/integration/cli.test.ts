import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { WorkflowNotFoundError } from '@temporalio/client';
import YAML from 'yaml';
import { runCli } from '../../admin/main';
import { formatDate } from '../../domain/time';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { localDay } from '../../domain/working-days';
import { launchCampaign } from '../../server/launch/launch-campaign';
import { loadCampaignDefinition } from '../../campaign-files/campaign-definition';
import { apiAs } from '../support/api-client';
import { personToken } from '../support/cli-people';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { uniqueId, type Harness } from '../support/harness';
import { startTestServer, type ServerHarness } from '../support/server-harness';
import { justiceDepartmentList } from '../support/sample-lists';
import { ENV_TEMPORAL_ADDRESS, required, testDatabases } from '../support/test-env';

// The admin script, run in-process as users run it (argv in, text and exit code out), signed in
// with a personal token as one of the campaign's people: every change goes through a real dondoc
// server (to the real dev server, a worker on the harness's task queue, and the test database).

/** Who runs a command unless the test says otherwise: the person whose job it is. */
type Who = 'admin' | 'operator' | 'reviewer' | 'approver' | 'justice' | 'health';
function whoFor(args: string[]): Who {
  if (args[0] === 'campaign' && args[1] === 'launch') return 'admin';
  if (args[0] === 'review') return 'reviewer';
  if (args[0] === 'approver') return 'approver';
  if (args[0] === 'agency') return args[3] === 'so-y-te' ? 'health' : 'justice';
  return 'operator';
}
const OPERATOR_ROLE = 'cán bộ Trung tâm Phục vụ - Kiểm soát TTHC (operator)';

const REVIEWER = 'Sở Thông tin và Truyền thông';
const APPROVER = 'Chủ tịch UBND tỉnh';
const SERVICE_CENTER = 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh';
const DAY = 86_400_000;
const ROOT = path.resolve(__dirname, '..', '..');

/** dd/mm/yyyy of the Vietnamese day `days` from now, and the instant that day ends. */
function dayFromNow(days: number): { text: string; endIso: string } {
  const day = localDay(new Date(Date.now() + days * DAY));
  return { text: formatDate(`${day}T12:00:00+07:00`), endIso: new Date(`${day}T23:59:59+07:00`).toISOString() };
}

function sink(isTTY = false): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  }) as Writable & { isTTY?: boolean };
  stream.isTTY = isTTY;
  return { stream, text: () => text };
}

interface Run {
  code: number;
  out: string;
  err: string;
}

function campaignYaml(
  id: string,
  agencies: Record<string, string | undefined>[],
  deadlines: { submission: string; approval: string },
): string {
  return YAML.stringify({
    id,
    directive: {
      number: '751/UBND-TTHC',
      date: '2024-02-07',
      title: 'Khẩn trương hoàn thành nhiệm vụ số hóa hồ sơ, giấy tờ TTHC',
    },
    deadlines,
    calendar: 'weekends-only',
    policy: { reminderOffsets: [3, 1], resubmissionWorkingDays: 5, reviewWorkingDays: 5, perfunctoryReturnCount: 3 },
    reviewer: { name: REVIEWER, email: 'so-tttt@dondoc.example' },
    approver: { name: APPROVER, email: 'chutich@dondoc.example' },
    serviceCenter: { name: SERVICE_CENTER, email: 'ttpv@dondoc.example' },
    agencies,
  });
}

const AGENCIES: Record<string, string | undefined>[] = [
  { code: 'so-tu-phap', name: 'Sở Tư pháp', kind: 'department', email: 'so-tu-phap@dondoc.example' },
  { code: 'so-y-te', name: 'Sở Y tế', kind: 'department' },
  { code: 'xa-21112', name: 'UBND xã Bình Châu, huyện Bình Sơn', kind: 'commune' },
];

describe.each(testDatabases())('admin script (npm run dondoc) on %s', (kind) => {
  let server: ServerHarness;
  let harness: Harness;
  const tokens = {} as Record<Who, string>;
  let dir: string;
  let campaignId: string;
  let campaignFile: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    harness = server.harness;
    await harness.startWorker();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-cli-'));
    campaignId = uniqueId('cli');
    const db = harness.database.db;
    // The campaign file names most of them; launching grants them their roles.
    tokens.admin = await personToken(db, { email: 'quantri@dondoc.example', name: 'Quản trị hệ thống' }, [
      { role: 'admin' },
    ]);
    tokens.operator = await personToken(db, { email: 'ttpv@dondoc.example', name: 'Cán bộ TTPV' });
    tokens.reviewer = await personToken(db, { email: 'so-tttt@dondoc.example', name: 'Cán bộ Sở TTTT' });
    tokens.approver = await personToken(db, { email: 'chutich@dondoc.example', name: 'Văn thư UBND tỉnh' });
    tokens.justice = await personToken(db, { email: 'so-tu-phap@dondoc.example', name: 'Nguyễn Văn A (Sở Tư pháp)' });
    // Sở Y tế has no e-mail in the file: its member is granted by hand.
    tokens.health = await personToken(db, { email: 'syt@dondoc.example', name: 'Trần Thị B (Sở Y tế)' }, [
      { role: 'agency', campaignId, agencyCode: 'so-y-te' },
    ]);
    campaignFile = path.join(dir, 'chien-dich.yaml');
    fs.writeFileSync(
      campaignFile,
      campaignYaml(campaignId, AGENCIES, {
        submission: `${localDay(new Date(Date.now() + 30 * DAY))}T23:59:59+07:00`,
        approval: `${localDay(new Date(Date.now() + 40 * DAY))}T23:59:59+07:00`,
      }),
    );
  });

  afterAll(async () => {
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function env(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      HOME: process.env.HOME,
      TEMPORAL_ADDRESS: required(ENV_TEMPORAL_ADDRESS),
      DONDOC_TASK_QUEUE: harness.taskQueue,
      DATABASE_URL: harness.database.url,
      DONDOC_LOG_LEVEL: 'error',
      DONDOC_SERVER_URL: server.baseUrl,
      DONDOC_CREDENTIALS_FILE: path.join(dir, 'no-credentials.json'),
      ...overrides,
    };
  }

  interface CliOptions {
    env?: Record<string, string>;
    tty?: boolean;
    /** Who is signed in; by default the person whose job the command is. */
    as?: Who;
  }

  async function cli(args: string[], options: CliOptions = {}): Promise<Run> {
    const stdout = sink();
    const stderr = sink(options.tty);
    const code = await runCli(args, {
      stdout: stdout.stream,
      stderr: stderr.stream,
      env: env({ DONDOC_API_TOKEN: tokens[options.as ?? whoFor(args)], ...options.env }),
    });
    return { code, out: stdout.text(), err: stderr.text() };
  }

  /** Runs a command that must fail: non-zero exit, nothing on stdout, the fragment on stderr. */
  async function fails(args: string[], fragment: string, options?: CliOptions): Promise<string> {
    const run = await cli(args, options);
    expect({ args, err: run.err }).toEqual({ args, err: expect.stringContaining(fragment) });
    expect(run.code).not.toBe(0);
    expect(run.out).toBe('');
    return run.err;
  }

  async function ok(args: string[], options?: CliOptions): Promise<Run> {
    const run = await cli(args, options);
    expect({ args, code: run.code, err: run.err }).toEqual({
      args,
      code: 0,
      err: options?.tty ? expect.any(String) : '',
    });
    return run;
  }

  const assignment = (code: string) =>
    harness.database.db.assignment.findUniqueOrThrow({
      where: { campaignId_agencyCode: { campaignId, agencyCode: code } },
    });

  test('launch from a YAML file, twice: the second run starts nothing new', async () => {
    const first = await ok(['campaign', 'launch', campaignFile]);
    expect(first.out).toContain(`Chiến dịch ${campaignId} — 751/UBND-TTHC`);
    expect(first.out).toContain('Workflow chiến dịch: đã khởi chạy.');
    expect(first.out).toContain('Đã giao nhiệm vụ cho 3 cơ quan mới; 0 cơ quan đã chạy từ trước (tổng 3).');
    expect(first.out).toContain(
      `Người thẩm định: ${REVIEWER}; người phê duyệt: ${APPROVER}; đơn vị điều hành: ${SERVICE_CENTER}.`,
    );

    const second = await ok(['campaign', 'launch', campaignFile]);
    expect(second.out).toContain('Không có gì mới được khởi chạy: chiến dịch và cả 3 cơ quan đều đã chạy từ trước.');

    await eventually(async () => expect(await harness.database.db.assignment.count({ where: { campaignId } })).toBe(3));
  });

  test('launch refuses a bad file with the field named, and starts nothing', async () => {
    const badId = uniqueId('bad');
    const bad = path.join(dir, 'sai.yaml');
    fs.writeFileSync(
      bad,
      campaignYaml(badId, [{ code: 'so-xay-dung', name: 'Sở Xây dựng', kind: 'ministry' }], {
        submission: '2024-03-04',
        approval: '2024-03-14T23:59:59+07:00',
      }),
    );
    const err = await fails(['campaign', 'launch', bad], `Tệp chiến dịch ${bad} không hợp lệ`);
    expect(err).toContain('deadlines.submission: Hạn nộp (deadlines.submission) phải là thời điểm có múi giờ');
    expect(err).toContain(
      'agencies[1].kind: Loại cơ quan (kind) không hợp lệ. Cách sửa: ghi một trong: department, police, district, commune, other.',
    );
    expect(await harness.database.db.campaign.findUnique({ where: { id: badId } })).toBeNull();
    await expect(harness.client.workflow.getHandle(campaignWorkflowId(badId)).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );

    await fails(['campaign', 'launch', path.join(dir, 'khong-co.yaml')], 'Không tìm thấy tệp chiến dịch');
    await fails(
      ['campaign', 'launch', path.join(dir, 'chien-dich.json')],
      '<file>: tệp chiến dịch phải là tệp YAML (.yaml hoặc .yml)',
    );
    await fails(['campaign', 'launch'], 'Thiếu đối số bắt buộc <file>.');

    // Relaunching with another reviewer would disagree with the running workflows.
    const changed = path.join(dir, 'doi-nguoi.yaml');
    fs.writeFileSync(changed, fs.readFileSync(campaignFile, 'utf8').replace(`name: ${REVIEWER}`, 'name: Sở Nội vụ'));
    const refused = await fails(['campaign', 'launch', changed], `reviewer.name: "${REVIEWER}" → "Sở Nội vụ"`);
    expect(refused).toContain('không khởi chạy lại');
    expect(
      (
        (await harness.database.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).definition as {
          reviewer: { name: string };
        }
      ).reviewer.name,
    ).toBe(REVIEWER);
  });

  test('submit from the template, return with reasons, resubmit, diff, accept, status', async () => {
    const template = path.join(dir, 'so-tu-phap.xlsx');
    expect((await ok(['agency', 'template', '--out', template])).out).toContain(`Đã ghi tệp mẫu ${template}`);
    expect(fs.existsSync(template)).toBe(true);

    const submitted = await ok(['agency', 'submit', campaignId, 'so-tu-phap', '--file', template]);
    expect(submitted.out).toContain(
      'Sở Tư pháp (so-tu-phap) đã nộp danh sách: phiên bản 1, trạng thái "Đã nộp"; 1 TTHC, 2 giấy tờ (từ tệp so-tu-phap.xlsx).',
    );

    const returned = await ok([
      'review',
      'return',
      campaignId,
      'so-tu-phap',
      '--reason',
      'Chưa đủ TTHC của Sở',
      '--line',
      '1.001612:Phiếu lý lịch tư pháp=Ghi rõ Phiếu số 1 hay số 2',
    ]);
    expect(returned.out).toContain(
      'Đã trả lại danh sách phiên bản 1 của Sở Tư pháp (so-tu-phap) (lần trả thứ 1, 1 dòng có lý do riêng). Hạn nộp lại:',
    );
    const decision = await harness.database.db.reviewDecision.findFirstOrThrow({
      where: { assignment: { campaignId, agencyCode: 'so-tu-phap' } },
    });
    expect(decision).toMatchObject({ decision: 'returned', reviewer: REVIEWER });
    expect(decision.reasons).toEqual({
      overall: 'Chưa đủ TTHC của Sở',
      lines: [
        { procedureCode: '1.001612', documentName: 'Phiếu lý lịch tư pháp', reason: 'Ghi rõ Phiếu số 1 hay số 2' },
      ],
    });

    const list = path.join(dir, 'so-tu-phap.json');
    fs.writeFileSync(list, JSON.stringify(justiceDepartmentList));
    const resubmitted = await ok(['agency', 'submit', campaignId, 'so-tu-phap', '--file', list]);
    expect(resubmitted.out).toContain('phiên bản 2, trạng thái "Đã nộp lại"; 2 TTHC, 3 giấy tờ');
    const v2 = await harness.database.db.submission.findFirstOrThrow({
      where: { assignment: { campaignId, agencyCode: 'so-tu-phap' }, version: 2 },
    });
    expect(v2).toMatchObject({ source: 'json', submittedBy: 'Nguyễn Văn A (Sở Tư pháp)' });

    const diff = await ok(['agency', 'diff', campaignId, 'so-tu-phap']);
    expect(diff.out).toContain('So sánh danh sách của Sở Tư pháp (so-tu-phap): phiên bản 1 (');
    expect(diff.out).toContain('→ phiên bản 2 (');
    expect(diff.out).toContain('So với lần nộp trước:');
    expect(diff.out).toContain('+ 1.002421 Đăng ký hành nghề công chứng — "Ý kiến của Hội công chứng viên tỉnh"');
    const first = await ok(['agency', 'diff', campaignId, 'so-tu-phap', '--to', '1']);
    expect(first.out).toContain('Lần nộp đầu tiên: 1 TTHC, 2 giấy tờ cần số hóa.');

    const accepted = await ok(['review', 'accept', campaignId, 'so-tu-phap', '--note', 'Đạt yêu cầu']);
    expect(accepted.out).toContain(
      'Đã chấp nhận danh sách phiên bản 2 của Sở Tư pháp (so-tu-phap) (trạng thái: Đã chấp nhận).',
    );
    expect(await assignment('so-tu-phap')).toMatchObject({ stage: 'accepted', currentVersion: 2, returnCount: 1 });

    const status = await ok(['campaign', 'status', campaignId, '--agencies']);
    expect(status.out).toContain('Giai đoạn: Đang thu thập, thẩm định danh sách');
    expect(status.out).toMatch(/Hạn nộp: \d{2}\/\d{2}\/\d{4}; hạn phê duyệt: \d{2}\/\d{2}\/\d{4}/);
    expect(status.out).toContain('Số cơ quan theo trạng thái (3 cơ quan):');
    expect(status.out).toMatch(/ Đã giao +2\n/);
    expect(status.out).toMatch(/ Đã chấp nhận +1\n/);
    expect(status.out).toMatch(/ Bị trả lại +0\n/);
    expect(status.out).toContain('Quá hạn: 0');
    expect(status.out).toMatch(/so-tu-phap +Sở Tư pháp: Đã chấp nhận \(phiên bản 2\); Hoàn thành đúng hạn\n/);
    expect(status.out).toMatch(
      /so-y-te +Sở Y tế: Đã giao; hạn nộp \d{2}\/\d{2}\/\d{4}; (Còn hạn|Sắp đến hạn) \(còn \d+ ngày làm việc\)\n/,
    );
    expect(status.out).toMatch(/Tình trạng hạn: (Còn hạn|Sắp đến hạn) 2, Hoàn thành đúng hạn 1\n/);
  });

  test('support request and answer, extension, reminder schedule, escalation', async () => {
    const asked = await ok([
      'agency',
      'support',
      campaignId,
      'so-y-te',
      '--question',
      'TTHC 1.012345 có phải số hóa giấy chứng nhận hành nghề không?',
    ]);
    expect(asked.out).toContain(`Đã gửi yêu cầu hỗ trợ của Sở Y tế (so-y-te): mã ${campaignId}/so-y-te#support-1.`);
    const answered = await ok([
      'review',
      'answer',
      campaignId,
      'so-y-te',
      '--request',
      '1',
      '--answer',
      'Có, đó là kết quả giải quyết TTHC còn hiệu lực.',
    ]);
    expect(answered.out).toContain(`Đã trả lời yêu cầu hỗ trợ ${campaignId}/so-y-te#support-1 của Sở Y tế (so-y-te).`);
    expect(
      await harness.database.db.supportRequest.findUniqueOrThrow({ where: { id: `${campaignId}/so-y-te#support-1` } }),
    ).toMatchObject({ answeredBy: REVIEWER });

    // A request the commune made on paper, recorded by the Service Center, then refused: nothing moves.
    const commune = `/api/v1/campaigns/${campaignId}/agencies/xa-21112/extension-requests`;
    const limits = await apiAs(server.baseUrl, tokens.operator).get<{ latestAllowed: string }>(commune);
    const before = (await assignment('xa-21112')).submissionDeadline.toISOString();
    const recorded = await ok([
      'extension',
      'request',
      campaignId,
      'xa-21112',
      '--deadline',
      localDay(new Date(limits.body.latestAllowed)),
      '--reason',
      'Công văn 15/UBND ngày 02/12/2026: chờ kiện toàn cán bộ',
    ]);
    expect(recorded.out).toMatch(/^Đã ghi đề nghị gia hạn .+ của .*xa-21112.*: .*đang chờ.*; hạn trả lời /m);
    await fails(['extension', 'answer', campaignId, 'xa-21112', '--grant', '--refuse'], '--grant hoặc --refuse');
    const refusedExtension = await ok([
      'extension',
      'answer',
      campaignId,
      'xa-21112',
      '--refuse',
      '--reason',
      'Thời hạn đã công bố từ đầu chiến dịch',
    ]);
    expect(refusedExtension.out).toContain('Đã không chấp thuận đề nghị gia hạn');
    expect(refusedExtension.out).toContain('thời hạn giữ nguyên');
    expect((await assignment('xa-21112')).submissionDeadline.toISOString()).toBe(before);
    await fails(
      ['extension', 'answer', campaignId, 'xa-21112', '--refuse', '--reason', 'x'],
      'không có đề nghị gia hạn nào đang chờ',
    );

    const later = dayFromNow(45);
    const extended = await ok([
      'campaign',
      'extend',
      campaignId,
      '--agency',
      'so-y-te',
      'xa-21112',
      '--deadline',
      later.text,
      '--reason',
      'Cơ quan xin gia hạn',
    ]);
    expect(extended.out).toContain(`✓ Sở Y tế (so-y-te): hạn nộp mới hết ngày ${later.text}`);
    expect(extended.out).toContain('Đã gia hạn cho 2/2 cơ quan.');
    expect((await assignment('so-y-te')).submissionDeadline.toISOString()).toBe(later.endIso);
    const audit = await harness.database.db.auditEvent.findFirstOrThrow({
      where: { assignment: { campaignId, agencyCode: 'xa-21112' }, action: 'extend' },
    });
    expect(audit).toMatchObject({
      actor: SERVICE_CENTER,
      payload: expect.objectContaining({ reason: 'Cơ quan xin gia hạn' }),
    });

    const reminders = await ok(['campaign', 'remind', campaignId, '--schedule']);
    expect(reminders.out).toContain('Lịch nhắc tự động: 08:00 các ngày trước mỗi hạn 3 và 1 ngày làm việc');
    expect(reminders.out).toContain(
      'Sở Tư pháp (so-tu-phap): Đã chấp nhận — không có hạn đang chạy, không có nhắc việc.',
    );
    expect(reminders.out).toMatch(
      new RegExp(
        `Sở Y tế \\(so-y-te\\): hạn nộp hết ngày ${later.text.replace(/\//g, '\\/')}; sẽ nhắc lúc 08:00 \\d{2}/\\d{2}/\\d{4}, 08:00 \\d{2}/\\d{2}/\\d{4} — chưa có email người nhận`,
      ),
    );

    // Remind now: nobody here can be reminded (accepted, or no e-mail), so nothing is sent to anyone.
    const noMail = await fails(
      ['campaign', 'remind', campaignId, '--agency', 'so-y-te', 'so-tu-phap'],
      'Không gửi nhắc việc cho cơ quan nào, vì:',
    );
    expect(noMail).toContain('Sở Y tế (so-y-te): cơ quan không có email, nên không gửi được nhắc việc.');
    expect(noMail).toContain(
      'Sở Tư pháp (so-tu-phap): trạng thái "Đã chấp nhận" không có hạn nào đang chạy, không có gì để nhắc.',
    );
    const nobody = await fails(
      ['campaign', 'remind', campaignId, '--pending'],
      'không cơ quan nào trong nhóm đã chọn nhắc được',
    );
    expect(nobody).toContain('– bỏ qua UBND xã Bình Châu, huyện Bình Sơn (xa-21112): cơ quan không có email');
    expect(
      await harness.database.db.auditEvent.count({ where: { assignment: { campaignId }, action: 'remind' } }),
    ).toBe(0);

    const escalated = await ok([
      'campaign',
      'escalate',
      campaignId,
      '--agency',
      'xa-21112',
      '--reason',
      'Không phản hồi các lần đôn đốc',
    ]);
    expect(escalated.out).toContain('Đã ghi nhận báo cáo vi phạm của UBND xã Bình Châu, huyện Bình Sơn (xa-21112)');
    await eventually(async () =>
      expect(await harness.database.db.escalation.findMany({ where: { campaignId, kind: 'manual' } })).toEqual([
        expect.objectContaining({ evidence: expect.objectContaining({ by: SERVICE_CENTER }) }),
      ]),
    );
  });

  test('every command rejects bad input with a Vietnamese message and a non-zero exit code', async () => {
    const c = campaignId;
    // Usage errors.
    await fails(['campaign', 'extnd'], 'Không có lệnh "extnd". Có phải ý bạn là extend?');
    await fails(['review', 'accept', c], 'Thiếu đối số bắt buộc <agencyCode>.');
    await fails(
      ['review', 'accept', c, 'so-y-te', '--notes', 'x'],
      'Không có tùy chọn --notes. Có phải ý bạn là --note?',
    );
    await fails(['review', 'return', c, 'so-y-te', 'Thiếu', 'căn cứ'], 'Thừa đối số');
    // Reads go through the server too: an unknown campaign is "no such campaign" for an administrator,
    // and a refusal for a person with no role in it (which says nothing of whether it exists).
    await fails(['campaign', 'status', 'khong-co'], 'Không có chiến dịch khong-co.', { as: 'admin' });
    await fails(['campaign', 'status', 'khong-co'], 'Bạn không có quyền này', { as: 'operator' });
    // An agency member is told which campaign-wide roles read it, not their own role as a way in.
    const wide = await fails(['campaign', 'status', c], `Bạn không có quyền này: cần vai trò`, { as: 'health' });
    expect(wide).toContain('(reviewer)');
    expect(wide).not.toContain('(agency)');
    await fails(['campaign', 'status', 'mã có dấu'], '<campaignId>: mã chiến dịch chỉ gồm chữ không dấu');

    // campaign extend
    await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', '--deadline', '31/02/2030', '--reason', 'x'],
      '--deadline: "31/02/2030" không phải thời hạn hợp lệ',
    );
    await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', '--deadline', '01/01/2020', '--reason', 'x'],
      '--deadline: thời hạn mới (01/01/2020) phải ở sau thời điểm hiện tại',
    );
    await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', '--deadline', '01/01/2099'],
      '--reason: thiếu; hãy ghi --reason',
    );
    await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', '--late', '--deadline', '01/01/2099', '--reason', 'x'],
      'cần đúng một trong hai: --agency <mã…> (các cơ quan đã nêu) hoặc --late',
    );
    await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', 'so-khong-co', '--deadline', '01/01/2099', '--reason', 'x'],
      `Không tìm thấy cơ quan so-khong-co trong chiến dịch ${c}.`,
    );
    const kindErr = await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', 'so-tu-phap', '--deadline', '01/01/2099', '--reason', 'x'],
      'Không gia hạn cho cơ quan nào, vì:',
    );
    expect(kindErr).toContain(
      'Sở Tư pháp (so-tu-phap): không có thời hạn nào đang chạy ở trạng thái "Đã chấp nhận"; hãy nêu --kind.',
    );
    await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', '--kind', 'review', '--deadline', '01/01/2099', '--reason', 'x'],
      'Sở Y tế (so-y-te): chưa có hạn thẩm định để gia hạn.',
    );
    await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', '--kind', 'later', '--deadline', '01/01/2099', '--reason', 'x'],
      '--kind: phải là submission (hạn nộp), resubmission (hạn nộp lại) hoặc review (hạn thẩm định)',
    );
    const notOperator = await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', '--deadline', '01/01/2099', '--reason', 'x'],
      `Bạn không có quyền này: cần vai trò ${OPERATOR_ROLE} trong chiến dịch ${c}.`,
      { as: 'reviewer' },
    );
    expect(notOperator).not.toContain('ttpv@');
    expect(notOperator).not.toContain(SERVICE_CENTER);
    expect((await assignment('so-y-te')).submissionDeadline.toISOString()).toBe(dayFromNow(45).endIso); // nothing moved

    // campaign remind, escalate, withdraw, cancel
    await fails(['campaign', 'remind', c, '--agency', 'so-khong-co'], 'Không tìm thấy cơ quan so-khong-co');
    await fails(
      ['campaign', 'remind', c],
      'cần đúng một trong ba: --agency <mã…> (các cơ quan đã nêu), --late (mọi cơ quan đang quá hạn) hoặc --pending',
    );
    await fails(['campaign', 'remind', c, '--late', '--pending'], 'cần đúng một trong ba');
    await fails(
      ['campaign', 'remind', c, '--schedule', '--late'],
      '--schedule chỉ xem lịch nhắc (có thể kèm --agency)',
    );
    await fails(['campaign', 'escalate', c, '--reason', 'x'], '--agency: thiếu mã cơ quan; ví dụ --agency so-tu-phap');
    await fails(['campaign', 'escalate', c, '--agency', 'so-y-te'], '--reason: thiếu; hãy ghi --reason');
    await fails(
      ['campaign', 'escalate', c, '--agency', 'so-y-te', '--reason', 'x'],
      `Bạn không có quyền này: cần vai trò ${OPERATOR_ROLE}`,
      { as: 'health' },
    );
    await fails(
      ['campaign', 'withdraw', c, '--agency', 'so-khong-co', '--reason', 'x'],
      `Không tìm thấy cơ quan so-khong-co trong chiến dịch ${c}.`,
    );
    await fails(
      ['campaign', 'withdraw', c, '--agency', 'so-y-te', '--reason', 'x'],
      `Bạn không có quyền này: cần vai trò ${OPERATOR_ROLE}`,
      { as: 'reviewer' },
    );
    await fails(['campaign', 'cancel', c], '--reason: thiếu; hãy ghi --reason');
    await fails(['campaign', 'cancel', c, '--reason', 'x'], `Bạn không có quyền này: cần vai trò ${OPERATOR_ROLE}`, {
      as: 'approver',
    });
    await fails(
      ['campaign', 'extend', c, '--agency', 'so-y-te', '--deadline', '01/01/2099', '--reason', 'x', '--by', REVIEWER],
      'Không có tùy chọn --by.',
    );

    // agency submit, support, template, diff
    await fails(['agency', 'submit', c, 'so-y-te'], '--file: thiếu; hãy ghi --file "so-tu-phap.xlsx"');
    const badList = path.join(dir, 'sai.json');
    fs.writeFileSync(
      badList,
      JSON.stringify({
        procedures: [{ code: '1.0001', name: 'Cấp giấy phép', documents: [{ name: 'Đơn đề nghị', kind: 'ket_qua' }] }],
      }),
    );
    await fails(
      ['agency', 'submit', c, 'so-y-te', '--file', badList],
      'Không đọc được danh sách giấy tờ từ tệp "sai.json" (1 lỗi)',
    );
    await fails(
      ['agency', 'submit', c, 'so-y-te', '--file', path.join(dir, 'danh-sach.txt')],
      'tệp phải có đuôi .xlsx, .csv hoặc .json',
    );
    // An agency member learns nothing of other agencies, not even whether they exist.
    await fails(
      ['agency', 'submit', c, 'so-khong-co', '--file', path.join(dir, 'so-tu-phap.json')],
      `Bạn không có quyền này: cần vai trò cán bộ của cơ quan được giao (agency) của cơ quan so-khong-co`,
    );
    await fails(
      ['agency', 'submit', c, 'so-khong-co', '--file', path.join(dir, 'so-tu-phap.json')],
      `Không tìm thấy cơ quan so-khong-co trong chiến dịch ${c}.`,
      { as: 'admin' },
    );
    await fails(
      ['agency', 'submit', c, 'so-tu-phap', '--file', path.join(dir, 'so-tu-phap.json')],
      'Không thể nộp danh sách khi hồ sơ đang ở trạng thái "Đã chấp nhận"',
    );
    await fails(['agency', 'support', c, 'so-y-te'], '--question: thiếu');
    await fails(['agency', 'support', c, 'so-y-te', '--question', 'Hỏi'], 'question: Câu hỏi quá ngắn');
    await fails(
      ['agency', 'template', '--out', path.join(dir, 'mau.ods')],
      '--out: tệp mẫu phải có đuôi .xlsx (khuyên dùng) hoặc .csv',
    );
    await fails(
      ['agency', 'template', '--out', path.join(dir, 'so-tu-phap.xlsx')],
      'đã có. Cách sửa: chọn tên khác, hoặc thêm --force để ghi đè.',
    );
    await fails(['agency', 'diff', c, 'so-y-te'], 'Sở Y tế (so-y-te) chưa nộp danh sách nào');
    await fails(['agency', 'diff', c, 'so-tu-phap', '--from', '5'], '--from: phải nhỏ hơn phiên bản 2 (--to).');
    await fails(
      ['agency', 'diff', c, 'so-tu-phap', '--to', '7'],
      '--to: Sở Tư pháp (so-tu-phap) không có phiên bản 7; các phiên bản đã nộp: 1, 2.',
    );
    await fails(['agency', 'diff', c, 'so-tu-phap', '--from', 'một'], '--from: phải là số nguyên dương');

    // review accept, return, consolidate, answer
    await fails(
      ['review', 'accept', c, 'so-y-te'],
      'Không thể chấp nhận danh sách khi hồ sơ đang ở trạng thái "Đã giao"',
    );
    const notReviewer = await fails(
      ['review', 'accept', c, 'so-tu-phap'],
      'Bạn không có quyền này: cần vai trò cơ quan thẩm định (reviewer)',
      { as: 'justice' },
    );
    expect(notReviewer).not.toContain(REVIEWER);
    // An agency member acts for their own agency only.
    await fails(
      ['agency', 'support', c, 'so-tu-phap', '--question', 'Sở Y tế hỏi thay cho Sở Tư pháp được không?'],
      'cần vai trò cán bộ của cơ quan được giao (agency) của cơ quan so-tu-phap',
      { as: 'health' },
    );
    await fails(
      ['review', 'return', c, 'so-y-te'],
      'cần đúng một trong hai: --reason "<lý do chung>" hoặc --reasons-file',
    );
    const reasonsFile = path.join(dir, 'ly-do.yaml');
    fs.writeFileSync(reasonsFile, 'lines:\n  - procedureCode: "1.001612"\n    reason: Thiếu căn cứ\n');
    await fails(
      ['review', 'return', c, 'so-y-te', '--reason', 'x', '--reasons-file', reasonsFile],
      'cần đúng một trong hai',
    );
    await fails(
      ['review', 'return', c, 'so-y-te', '--reasons-file', reasonsFile],
      `--reasons-file: tệp ${reasonsFile} không hợp lệ:\n  - overall: Thiếu lý do trả lại (overall).`,
    );
    await fails(
      ['review', 'return', c, 'so-y-te', '--reason', 'x', '--line', 'Thiếu căn cứ'],
      '--line (giá trị thứ 1): "Thiếu căn cứ" phải có dạng <mã TTHC>[:<tên giấy tờ>]=<lý do>',
    );
    await fails(
      ['review', 'return', c, 'so-y-te', '--reason', 'x', '--line', '1.0001=Sai mã'],
      'mã TTHC "1.0001" không đúng dạng',
    );
    await fails(
      ['review', 'return', c, 'so-y-te', '--reason', 'Chưa đạt'],
      'Không thể trả lại danh sách khi hồ sơ đang ở trạng thái "Đã giao"',
    );
    await fails(['review', 'consolidate', c], 'Bạn không có quyền này: cần vai trò cơ quan thẩm định (reviewer)', {
      as: 'operator',
    });
    await fails(
      ['review', 'answer', c, 'so-y-te', '--request', '9', '--answer', 'Có'],
      `Không có yêu cầu hỗ trợ ${c}/so-y-te#support-9.`,
    );
    await fails(['review', 'answer', c, 'so-y-te', '--request', '1', '--answer', 'Lần nữa'], 'đã được trả lời');
    await fails(['review', 'answer', c, 'so-y-te', '--request', '1'], '--answer: thiếu');

    // approver approve, send-back
    await fails(
      ['approver', 'approve', c, '--decision', '125/QĐ-UBND', '--date', '32/13/2024', '--signer', 'Đặng Văn Minh'],
      '--date: "32/13/2024" không phải ngày hợp lệ',
    );
    await fails(
      ['approver', 'approve', c, '--decision', '125/QĐ-UBND', '--date', '01/01/2099', '--signer', 'Đặng Văn Minh'],
      '--date: ngày quyết định không được sau hôm nay',
    );
    await fails(['approver', 'approve', c, '--date', '2024-03-14'], '--decision: thiếu');
    await fails(
      ['approver', 'approve', c, '--decision', '125/QĐ-UBND', '--date', '14/03/2024', '--signer', 'Đặng Văn Minh'],
      'Không thể phê duyệt danh mục khi chiến dịch đang ở giai đoạn "Đang thu thập, thẩm định danh sách"',
    );
    const notApprover = await fails(
      ['approver', 'approve', c, '--decision', '125/QĐ-UBND', '--date', '14/03/2024', '--signer', 'Đặng Văn Minh'],
      'Bạn không có quyền này: cần vai trò người phê duyệt (approver)',
      { as: 'reviewer' },
    );
    expect(notApprover).not.toContain(APPROVER);
    await fails(['approver', 'send-back', c], '--reason: thiếu');
    await fails(
      ['approver', 'send-back', c, '--reason', 'Thiếu cấp xã'],
      'Không thể trả lại danh mục tổng hợp khi chiến dịch đang ở giai đoạn "Đang thu thập, thẩm định danh sách"',
    );

    // Environment: no dondoc server, no Temporal at the address, a bad DATABASE_URL.
    const port = await freePort();
    await fails(['campaign', 'status', c], `Không kết nối được máy chủ dondoc tại http://127.0.0.1:${port}`, {
      env: { DONDOC_SERVER_URL: `http://127.0.0.1:${port}` },
    });
    // The admin script opens neither Temporal nor the database: their settings do not matter to it.
    const elsewhere = { TEMPORAL_ADDRESS: `127.0.0.1:${port}`, DATABASE_URL: 'mysql://localhost/dondoc' };
    expect((await ok(['campaign', 'status', c], { env: elsewhere })).out).toContain(`Chiến dịch ${c}`);
    await fails(['review', 'accept', c, 'so-tu-phap'], 'Không thể chấp nhận danh sách khi hồ sơ đang ở trạng thái', {
      env: elsewhere,
    });
  });

  test('without a worker: status falls back to the database, changes are refused before anything is sent', async () => {
    const idleId = uniqueId('idle');
    const file = path.join(dir, 'khong-worker.yaml');
    fs.writeFileSync(
      file,
      campaignYaml(idleId, AGENCIES.slice(0, 1), {
        submission: new Date(Date.now() + 30 * DAY).toISOString(),
        approval: new Date(Date.now() + 40 * DAY).toISOString(),
      }),
    );
    // Launched on a task queue no worker polls (as a stopped worker would leave it).
    const idle = { DONDOC_TASK_QUEUE: uniqueId('no-worker') };
    await launchCampaign({
      client: harness.client,
      db: harness.database.db,
      taskQueue: idle.DONDOC_TASK_QUEUE,
      definition: await loadCampaignDefinition(file),
    });

    const status = await cli(['campaign', 'status', idleId], { env: idle });
    expect(status.code).toBe(0);
    expect(status.err).toContain('Lưu ý: Worker của dondoc không trả lời');
    expect(status.out).toContain('Giai đoạn: running (worker không trả lời; số liệu dưới đây lấy từ cơ sở dữ liệu)');
    const err = await fails(
      ['campaign', 'cancel', idleId, '--reason', 'Thử'],
      `Worker của dondoc không trả lời (hàng đợi "${idle.DONDOC_TASK_QUEUE}"`,
    );
    expect(err).toContain('Chưa có thay đổi nào được gửi.');
    // Its agency was never run, so the database has no row for it yet: say so, not "unknown agency".
    await fails(
      ['review', 'accept', idleId, 'so-tu-phap'],
      `Cơ quan so-tu-phap có trong định nghĩa chiến dịch ${idleId} nhưng chưa có trong cơ sở dữ liệu`,
    );
    await harness.client.workflow.getHandle(campaignWorkflowId(idleId)).terminate('test cleanup');
  });

  test('withdraw, consolidate, send back, consolidate again, approve', async () => {
    const withdrawn = await ok([
      'campaign',
      'withdraw',
      campaignId,
      '--agency',
      'xa-21112',
      '--reason',
      'Không có TTHC thuộc phạm vi',
    ]);
    expect(withdrawn.out).toContain(
      `Đã rút UBND xã Bình Châu, huyện Bình Sơn (xa-21112) khỏi chiến dịch ${campaignId} (trạng thái: Đã rút khỏi chiến dịch).`,
    );
    await harness.client.workflow.getHandle((await assignment('xa-21112')).workflowId).result(); // a withdrawn agency's workflow ends
    await fails(
      ['campaign', 'withdraw', campaignId, '--agency', 'xa-21112', '--reason', 'Lần nữa'],
      'Không thể rút cơ quan khỏi chiến dịch: hồ sơ của UBND xã Bình Châu, huyện Bình Sơn (xa-21112) đã kết thúc ở trạng thái "Đã rút khỏi chiến dịch".',
    );

    const consolidated = await ok(['review', 'consolidate', campaignId]);
    expect(consolidated.out).toContain('Đã tổng hợp danh mục lần 1: 2 TTHC, 3 giấy tờ từ 1 cơ quan.');
    // Sở Y tế has no accepted list, but its own deadline still runs: it is not reported missing.
    expect(consolidated.out).not.toContain('Chưa có danh sách được chấp nhận');
    await fails(
      ['review', 'consolidate', campaignId],
      'Không thể tổng hợp danh mục khi chiến dịch đang ở giai đoạn "Đã tổng hợp, chờ phê duyệt"',
    );

    const sentBack = await ok(['approver', 'send-back', campaignId, '--reason', 'Thiếu danh sách của Sở Y tế']);
    expect(sentBack.out).toContain(
      `Đã trả lại danh mục tổng hợp cho ${REVIEWER}; chiến dịch trở lại giai đoạn "Đang thu thập, thẩm định danh sách".`,
    );
    expect((await ok(['review', 'consolidate', campaignId])).out).toContain('Đã tổng hợp danh mục lần 2');

    const today = localDay(new Date());
    const approved = await ok([
      'approver',
      'approve',
      campaignId,
      '--decision',
      '125/QĐ-UBND',
      '--date',
      today,
      '--signer',
      'Đặng Văn Minh',
    ]);
    expect(approved.out).toContain(
      `theo Quyết định số 125/QĐ-UBND ngày ${formatDate(`${today}T12:00:00+07:00`)} (người ký: Đặng Văn Minh); 1 cơ quan chuyển sang "Đã phê duyệt".`,
    );
    await harness.client.workflow.getHandle(campaignWorkflowId(campaignId)).result(); // an approved campaign's workflow ends
    await eventually(async () => expect((await assignment('so-tu-phap')).stage).toBe('approved'));
    const campaign = await harness.database.db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(campaign).toMatchObject({
      status: 'approved',
      decisionNumber: '125/QĐ-UBND',
      decisionSigner: 'Đặng Văn Minh',
    });

    const status = await ok(['campaign', 'status', campaignId]);
    expect(status.out).toContain('Giai đoạn: Đã phê duyệt');
    expect(status.out).toContain('Quyết định phê duyệt số 125/QĐ-UBND');
    await fails(
      ['campaign', 'cancel', campaignId, '--reason', 'Muộn rồi'],
      `Không thể hủy chiến dịch: chiến dịch ${campaignId} đã kết thúc (Đã phê duyệt).`,
    );

    // The report, now and on a daily schedule.
    const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-cli-reports-'));
    const report = await ok(['report', 'run', campaignId, '--out', reports]);
    expect(report.out).toContain(`Đã lập báo cáo tiến độ chiến dịch ${campaignId}: 3 cơ quan, 1 đã được chấp nhận`);
    const html = report.out
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.endsWith('.html'))!;
    expect(fs.readFileSync(html, 'utf8')).toContain('Báo cáo tiến độ');
    expect((await ok(['report', 'schedule', campaignId, '--out', reports])).out).toContain(
      `Đã tạo lịch report:${campaignId}`,
    );
    expect(
      (await ok(['report', 'schedule', campaignId, '--out', reports, '--email', 'vpub@example.gov.vn'])).out,
    ).toContain(`Đã cập nhật lịch report:${campaignId}`);
    await fails(
      ['report', 'schedule', campaignId, '--email', 'khong-phai-email'],
      'địa chỉ thư (--email) không hợp lệ',
    );
    await fails(['report', 'run', 'khong-co-chien-dich'], 'Không có chiến dịch khong-co-chien-dich', { as: 'admin' });
    fs.rmSync(reports, { recursive: true, force: true });
  });

  test('extend --late picks the agencies whose deadline has passed', async () => {
    const lateId = uniqueId('late');
    const file = path.join(dir, 'tre-han.yaml');
    const soon = new Date(Date.now() + 4_000).toISOString();
    fs.writeFileSync(
      file,
      campaignYaml(lateId, AGENCIES.slice(0, 2), {
        submission: soon,
        approval: new Date(Date.now() + 5 * DAY).toISOString(),
      }),
    );
    await ok(['campaign', 'launch', file]);
    await eventually(
      async () =>
        expect(
          await harness.database.db.escalation.count({ where: { campaignId: lateId, kind: 'submission_overdue' } }),
        ).toBe(2),
      30_000,
    );

    const status = await ok(['campaign', 'status', lateId, '--agencies']);
    expect(status.out).toContain('Quá hạn: 2');
    expect(status.out).toContain('Sở Y tế: Đã giao; hạn nộp');
    expect(status.out).toContain('— QUÁ HẠN');

    // Remind now, to every late agency: the one with an e-mail is reminded, the other named as skipped.
    await fails(
      ['campaign', 'remind', lateId, '--agency', 'so-tu-phap'],
      `Bạn không có quyền này: cần vai trò ${OPERATOR_ROLE} trong chiến dịch ${lateId}.`,
      { as: 'reviewer' },
    );
    const reminded = await cli(['campaign', 'remind', lateId, '--late', '--note', 'Đề nghị gửi trong ngày hôm nay.']);
    expect(reminded.code).toBe(0);
    // The deadline is a few seconds after launch: "hết ngày …" when that falls at 23:59 or midnight in Hà Nội.
    expect(reminded.out).toMatch(
      /✓ Sở Tư pháp \(so-tu-phap\): đã nhắc cơ quan — hạn nộp (\d{2}:\d{2} ngày|hết ngày) \d{2}\/\d{2}\/\d{4}, (đã quá hạn|quá hạn \d+ ngày làm việc)\./,
    );
    expect(reminded.out).toContain('Đã gửi nhắc việc cho 1/1 cơ quan.');
    expect(reminded.err).toContain('– bỏ qua Sở Y tế (so-y-te): cơ quan không có email, nên không gửi được nhắc việc.');
    const sent = await eventually(async () => {
      const rows = await harness.database.db.notification.findMany({
        where: { campaignId: lateId, kind: 'reminder', idempotencyKey: { contains: ':remind:' } },
      });
      expect(rows).toHaveLength(1);
      return rows[0]!;
    });
    expect(sent.body).toContain('Lời nhắn: Đề nghị gửi trong ngày hôm nay.');
    expect(sent.subject).toContain('Quá hạn: đã quá hạn');
    expect(
      await harness.database.db.auditEvent.findFirstOrThrow({
        where: { assignment: { campaignId: lateId, agencyCode: 'so-tu-phap' }, action: 'remind' },
      }),
    ).toMatchObject({
      actor: SERVICE_CENTER,
      payload: expect.objectContaining({ note: 'Đề nghị gửi trong ngày hôm nay.', kind: 'submission' }),
    });

    const later = dayFromNow(10);
    const extended = await ok([
      'campaign',
      'extend',
      lateId,
      '--late',
      '--deadline',
      later.text,
      '--reason',
      'Gia hạn chung cho các cơ quan trễ hạn',
    ]);
    expect(extended.out).toContain(`✓ Sở Tư pháp (so-tu-phap): hạn nộp mới hết ngày ${later.text}`);
    expect(extended.out).toContain(`✓ Sở Y tế (so-y-te): hạn nộp mới hết ngày ${later.text}`);
    expect(extended.out).toContain('Đã gia hạn cho 2/2 cơ quan.');
    const again = await ok(['campaign', 'extend', lateId, '--late', '--deadline', later.text, '--reason', 'Lần nữa']);
    expect(again.out).toContain(`Không có cơ quan nào đang quá hạn trong chiến dịch ${lateId}: không gia hạn gì.`);

    // The reminder that went out before the deadline, from the outbox (the test's SMTP server takes it).
    const reminders = await eventually(async () => {
      const run = await ok(['campaign', 'remind', lateId, '--agency', 'so-tu-phap', '--schedule']);
      expect(run.out).toContain('Lần nhắc gần nhất:');
      return run;
    });
    expect(reminders.out).toContain(`Sở Tư pháp (so-tu-phap): hạn nộp hết ngày ${later.text}; sẽ nhắc lúc`);
    expect(reminders.out).toMatch(/Lần nhắc gần nhất: [^\n]+ \((đã gửi|đang chờ gửi)\)\./);

    // A return whose reasons come from a file, with one more line from the command line.
    const list = path.join(dir, 'tre-han.json');
    fs.writeFileSync(list, JSON.stringify(justiceDepartmentList));
    await ok(['agency', 'submit', lateId, 'so-tu-phap', '--file', list]);
    const reasons = path.join(dir, 'ly-do-tra-lai.json');
    fs.writeFileSync(
      reasons,
      JSON.stringify({
        overall: 'Chưa đạt yêu cầu',
        lines: [{ procedureCode: '1.002421', reason: 'Thiếu căn cứ pháp lý' }],
      }),
    );
    await fails(
      ['review', 'return', lateId, 'so-tu-phap', '--reasons-file', reasons, '--line', '1.000001=Không có'],
      '--line: mã TTHC 1.000001 không có trong danh sách (phiên bản 1 của Sở Tư pháp (so-tu-phap)',
    );
    const returned = await ok([
      'review',
      'return',
      lateId,
      'so-tu-phap',
      '--reasons-file',
      reasons,
      '--line',
      '1.001612.000.00.00.H48:Phiếu lý lịch tư pháp số 1=Ghi rõ mẫu phiếu',
    ]);
    expect(returned.out).toContain('(lần trả thứ 1, 2 dòng có lý do riêng)');
    const decision = await harness.database.db.reviewDecision.findFirstOrThrow({
      where: { assignment: { campaignId: lateId, agencyCode: 'so-tu-phap' } },
    });
    expect(decision.reasons).toEqual({
      overall: 'Chưa đạt yêu cầu',
      lines: [
        { procedureCode: '1.002421', reason: 'Thiếu căn cứ pháp lý' },
        {
          procedureCode: '1.001612.000.00.00.H48',
          documentName: 'Phiếu lý lịch tư pháp số 1',
          reason: 'Ghi rõ mẫu phiếu',
        },
      ],
    });
  }, 90_000);

  test('a roster over 20 agencies is launched by the server, which the command says', async () => {
    const bigId = uniqueId('big');
    const file = path.join(dir, 'lon.yaml');
    const roster = Array.from({ length: 25 }, (_, i) => ({
      code: `xa-${21000 + i}`,
      name: `UBND xã số ${i + 1}`,
      kind: 'commune',
    }));
    fs.writeFileSync(
      file,
      campaignYaml(bigId, roster, {
        submission: new Date(Date.now() + 30 * DAY).toISOString(),
        approval: new Date(Date.now() + 40 * DAY).toISOString(),
      }),
    );
    const run = await ok(['campaign', 'launch', file], { tty: true });
    expect(run.err).toContain('Đang giao nhiệm vụ cho 25 cơ quan trên máy chủ dondoc');
    expect(run.out).toContain('Đã giao nhiệm vụ cho 25 cơ quan mới');
  });
});

test('npm run dondoc -- --help works as a real process', async () => {
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'admin/main.ts', '--help'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: undefined },
  });
  expect(stdout).toContain('Cách dùng: dondoc <lệnh> [tùy chọn]');
  for (const group of ['campaign', 'agency', 'review', 'approver']) expect(stdout).toContain(group);
  const launch = await run(process.execPath, ['--import', 'tsx', 'admin/main.ts', 'campaign', 'launch', '--help'], {
    cwd: ROOT,
  });
  expect(launch.stdout).toContain('Cách dùng: dondoc campaign launch [tùy chọn] <file>');
  const failed = await run(process.execPath, ['--import', 'tsx', 'admin/main.ts', 'campaign', 'launch'], {
    cwd: ROOT,
  }).catch((error: { code: number; stderr: string }) => error);
  expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('Thiếu đối số bắt buộc <file>.') });
}, 180_000); // three cold tsx starts: over 10 s each on a loaded 2-core machine
