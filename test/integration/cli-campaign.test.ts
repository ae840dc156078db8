import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { formatDate } from '../../domain/time';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { campaignStateQuery } from '../../workflows/campaign/messages';
import { localDay } from '../../domain/working-days';
import { apiAs } from '../support/api-client';
import {
  APPROVER,
  campaignYaml,
  dayFromNow,
  OPERATOR_ROLE,
  REVIEWER,
  SERVICE_CENTER,
  useCliWorld,
} from '../support/cli-world';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { uniqueId } from '../support/harness';
import { justiceDepartmentList } from '../support/sample-lists';
import { testDatabases } from '../support/test-env';

// The admin script through one campaign's life, in order: launch, submit and review, support,
// extensions and reminders, every command's refusals of bad input, then withdraw, consolidate,
// send back and approve. Over 400 lines for a reason: each step runs on the states the earlier ones
// leave (an accepted list with two versions, an answered request, a running campaign), so the
// steps share one campaign and one file.

describe.each(testDatabases())('admin script: one campaign (npm run dondoc) on %s', (kind) => {
  const { server, harness, tokens, dir, campaignId, campaignFile, fails, ok, assignment } = useCliWorld(kind);

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
    const again = await ok(['review', 'consolidate', campaignId]);
    expect(again.out).toContain('Đã tổng hợp danh mục lần 2');
    expect(again.out).toContain(
      `Các cơ quan đang được báo; xem tiến độ: npm run dondoc -- campaign status ${campaignId}`,
    );

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
    // Sở Y tế is still within its own deadline: the approved campaign stays open for a supplementary round.
    expect(
      await harness.client.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignStateQuery),
    ).toMatchObject({ phase: 'approved', openRound: 2 });
    await eventually(async () => expect((await assignment('so-tu-phap')).stage).toBe('approved'));
    const campaign = await harness.database.db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(campaign).toMatchObject({
      status: 'approved',
      decisionNumber: '125/QĐ-UBND',
      decisionSigner: 'Đặng Văn Minh',
    });

    // The approval answered before the agencies were told; the status says how far that went.
    await eventually(async () =>
      expect((await ok(['campaign', 'status', campaignId])).out).toContain(
        'Đã báo việc phê duyệt danh mục cho 1 cơ quan.',
      ),
    );
    const status = await ok(['campaign', 'status', campaignId]);
    expect(status.out).toContain('Giai đoạn: Đã phê duyệt');
    expect(status.out).toContain('Quyết định phê duyệt số 125/QĐ-UBND');
    await fails(
      ['campaign', 'cancel', campaignId, '--reason', 'Muộn rồi'],
      'Không thể hủy chiến dịch: danh mục đã được phê duyệt theo Quyết định số 125/QĐ-UBND.',
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
});
