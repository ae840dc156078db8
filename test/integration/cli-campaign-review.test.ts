import fs from 'node:fs';
import path from 'node:path';
import { localDay } from '../../domain/working-days';
import { apiAs } from '../support/api-client';
import { dayFromNow, REVIEWER, SERVICE_CENTER } from '../support/cli-world';
import { useCliCampaign } from '../support/cli-campaign';
import { eventually } from '../support/eventually';
import { justiceDepartmentList } from '../support/sample-lists';
import { testDatabases } from '../support/test-env';

// The admin script on a launched campaign: an agency's list submitted, returned with reasons,
// resubmitted and accepted; then support, extensions, reminders and escalation.

describe.each(testDatabases())('admin script: one campaign (npm run dondoc) on %s', (kind) => {
  const { server, harness, tokens, dir, campaignId, fails, ok, assignment } = useCliCampaign(kind, 'launched');

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
});
