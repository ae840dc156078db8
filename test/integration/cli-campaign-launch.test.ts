import fs from 'node:fs';
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { APPROVER, campaignYaml, REVIEWER, SERVICE_CENTER, useCliWorld } from '../support/cli-world';
import { eventually } from '../support/eventually';
import { uniqueId } from '../support/harness';
import { testDatabases } from '../support/test-env';

// The admin script launching one campaign from its YAML file: twice (the second run starts nothing),
// and a bad or changed file refused with the field named.

describe.each(testDatabases())('admin script: one campaign (npm run dondoc) on %s', (kind) => {
  const { harness, dir, campaignId, campaignFile, fails, ok } = useCliWorld(kind);

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
});
