import fs from 'node:fs';
import path from 'node:path';
import {
  AGENCIES,
  campaignYaml,
  DAY,
  dayFromNow,
  OPERATOR_ROLE,
  SERVICE_CENTER,
  useCliWorld,
} from '../support/cli-world';
import { eventually } from '../support/eventually';
import { uniqueId } from '../support/harness';
import { justiceDepartmentList } from '../support/sample-lists';
import { testDatabases } from '../support/test-env';

// The admin script on the agencies whose deadline has passed: `campaign extend --late` and the
// reminders it leaves, on a campaign of its own whose deadline runs out during the test.

describe.each(testDatabases())('admin script: late agencies (npm run dondoc) on %s', (kind) => {
  const { harness, dir, cli, fails, ok } = useCliWorld(kind);

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
});
