import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatDate } from '../../domain/time';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { campaignStateQuery } from '../../workflows/campaign/messages';
import { localDay } from '../../domain/working-days';
import { REVIEWER } from '../support/cli-world';
import { useCliCampaign } from '../support/cli-campaign';
import { eventually } from '../support/eventually';
import { testDatabases } from '../support/test-env';

// The admin script closing a campaign: withdraw an agency, consolidate, send back, consolidate
// again, approve, and report.

describe.each(testDatabases())('admin script: one campaign (npm run dondoc) on %s', (kind) => {
  const { harness, campaignId, fails, ok, assignment } = useCliCampaign(kind, 'extended');

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
