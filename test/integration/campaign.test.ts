import path from 'node:path';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { launchCampaign } from '../../server/launch/launch-campaign';
import { catalogueXlsx } from '../../read-side/catalogue-view';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import type { AgencyList } from '../../domain/agency-list';
import { campaignWorkflowId } from '../../domain/campaign-input';
import {
  approveUpdate,
  campaignStateQuery,
  consolidateUpdate,
  sendBackUpdate,
} from '../../workflows/campaign/messages';
import { acceptListUpdate, agencyStateQuery, submitListUpdate } from '../../workflows/agency/messages';
import { eventually, stillAfterSettling } from '../support/eventually';
import { useHarness } from '../support/harness';
import { consolidationFiles } from '../support/consolidation-files';
import { recordHistory } from '../support/histories';
import { sampleCampaign } from '../support/sample-campaign';
import { testDatabases } from '../support/test-env';

// A whole campaign on the real server: launch (idempotent), consolidation, approval.

const justice: AgencyList = {
  procedures: [
    {
      code: '1.001612.000.00.00.H48',
      name: 'Cấp Phiếu lý lịch tư pháp',
      documents: [
        { name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', kind: 'thanh_phan_ho_so' },
        { name: 'Phiếu lý lịch tư pháp', kind: 'ket_qua' },
      ],
    },
  ],
};
const health: AgencyList = {
  procedures: [
    // The same procedure and document as Sở Tư pháp (national vs provincial code, other spacing).
    {
      code: '1.001612',
      name: 'Cấp Phiếu lý lịch tư pháp',
      documents: [{ name: 'Tờ khai  yêu cầu cấp phiếu lý lịch tư pháp', kind: 'thanh_phan_ho_so' }],
    },
    {
      code: '1.002421',
      name: 'Cấp giấy phép hoạt động khám bệnh, chữa bệnh',
      documents: [{ name: 'Giấy phép hoạt động', kind: 'ket_qua' }],
    },
  ],
};

describe.each(testDatabases())('campaign on %s', (kind) => {
  const harness = useHarness(kind);

  const launch = (definition: ReturnType<typeof sampleCampaign>) =>
    launchCampaign({ client: harness.client, db: harness.database.db, taskQueue: harness.taskQueue, definition });

  test('launching twice starts nothing twice; added agencies start alone', async () => {
    const definition = sampleCampaign();
    expect(await launch(definition)).toMatchObject({
      campaignStarted: true,
      agenciesStarted: 3,
      agenciesAlreadyRunning: 0,
    });
    expect(await launch(definition)).toMatchObject({
      campaignStarted: false,
      agenciesStarted: 0,
      agenciesAlreadyRunning: 3,
    });
    const grown = {
      ...definition,
      agencies: [
        ...definition.agencies,
        { code: 'cong-an-tinh', name: 'Công an tỉnh', kind: 'police' as const, stage: 'assigned' as const },
      ],
    };
    expect(await launch(grown)).toMatchObject({
      campaignStarted: false,
      agenciesStarted: 1,
      agenciesAlreadyRunning: 3,
    });
    await eventually(async () =>
      expect(await harness.database.db.assignment.count({ where: { campaignId: definition.id } })).toBe(4),
    );
    const justiceState = await harness.client.workflow
      .getHandle(agencyWorkflowId(definition.id, 'so-tu-phap'))
      .query(agencyStateQuery);
    expect(justiceState).toMatchObject({ stage: 'returned', stageReason: 'Kết quả rà soát trước chưa đạt' });
  });

  test('consolidation merges accepted lists, escalates the missing; approval approves every agency', async () => {
    const definition = sampleCampaign();
    await launch(definition);
    const agency = (code: string) => harness.client.workflow.getHandle(agencyWorkflowId(definition.id, code));
    const campaign = harness.client.workflow.getHandle(campaignWorkflowId(definition.id));
    for (const [code, list] of [
      ['so-tu-phap', justice],
      ['so-y-te', health],
    ] as const) {
      await agency(code).executeUpdate(submitListUpdate, { args: [{ list }] });
      await agency(code).executeUpdate(acceptListUpdate, { args: [{}] });
    }

    const early = await campaign
      .executeUpdate(approveUpdate, {
        args: [{ decisionNumber: '1/QĐ', decisionDate: '2024-03-14', signer: 'x' }],
      })
      .catch((e: unknown) => e);
    expect(String((early as WorkflowUpdateFailedError).cause?.message)).toContain(
      'Không thể phê duyệt danh mục khi chiến dịch đang ở giai đoạn "Đang thu thập, thẩm định danh sách"',
    );

    const summary = await campaign.executeUpdate(consolidateUpdate, { args: [{}] });
    expect(summary).toMatchObject({
      round: 1,
      agencies: 2,
      procedures: 2,
      entries: 3,
      // UBND huyện Bình Sơn has not submitted, but its own deadline still runs: it is not missing.
      missing: [],
    });
    const entries = await harness.database.db.catalogueEntry.findMany({
      where: { campaignId: definition.id },
      orderBy: [{ procedureCode: 'asc' }, { documentKey: 'asc' }],
    });
    expect(entries.map((e) => [e.procedureCode, e.documentName, e.agencyCodes])).toEqual([
      ['1.001612', 'Phiếu lý lịch tư pháp', ['so-tu-phap']],
      ['1.001612', 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', ['so-tu-phap', 'so-y-te']],
      ['1.002421', 'Giấy phép hoạt động', ['so-y-te']],
    ]);
    // The annex: one line per agency and paper under the agency's name; the summary counts agencies.
    // The Update answers before the files are written: they arrive afterwards, in the campaign's state.
    expect(summary.files).toEqual({ xlsx: '', csv: '' });
    const files = await consolidationFiles(harness.client, definition.id, 1);
    expect(path.basename(path.dirname(files.xlsx))).toBe('lan-1');
    const workbook = await new ExcelJS.Workbook().xlsx.readFile(files.xlsx);
    const cells = (sheet: string, from: number, columns: number[]) =>
      Array.from({ length: workbook.getWorksheet(sheet)!.rowCount - from + 1 }, (_, i) =>
        columns.map(
          (c) =>
            workbook
              .getWorksheet(sheet)!
              .getRow(from + i)
              .getCell(c).value,
        ),
      );
    expect(cells('Phụ lục', 8, [1, 6])).toEqual([
      ['STT', 'Tên giấy tờ, tài liệu cần số hóa'],
      ['1. Sở Tư pháp (2 giấy tờ)', null],
      [1, 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp'],
      [2, 'Phiếu lý lịch tư pháp'],
      ['2. Sở Y tế (2 giấy tờ)', null],
      [3, 'Tờ khai yêu cầu cấp phiếu lý lịch tư pháp'],
      [4, 'Giấy phép hoạt động'],
    ]);
    expect(cells('Tổng hợp theo giấy tờ', 9, [4, 6])).toEqual([
      ['Phiếu lý lịch tư pháp', 1],
      ['Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', 2],
      ['Giấy phép hoạt động', 1],
    ]);
    expect(fs.readFileSync(files.csv, 'utf8')).toContain('so-y-te,Sở Y tế,1.002421');
    const missing = await harness.database.db.escalation.findMany({
      where: { campaignId: definition.id, kind: 'missing_at_consolidation' },
    });
    expect(missing).toEqual([]);
    await eventually(async () => expect((await agency('so-y-te').query(agencyStateQuery)).stage).toBe('consolidated'));

    await campaign.executeUpdate(sendBackUpdate, { args: [{ reasons: 'Bổ sung UBND huyện Bình Sơn' }] });
    expect((await campaign.query(campaignStateQuery)).phase).toBe('collecting');
    const again = await campaign.executeUpdate(consolidateUpdate, { args: [{}] });
    expect(again).toMatchObject({ round: 2, agencies: 2, entries: 3 });

    expect(
      await campaign.executeUpdate(approveUpdate, {
        args: [{ decisionNumber: '512/QĐ-UBND', decisionDate: '2024-03-14', signer: 'Đặng Văn Minh' }],
      }),
    ).toEqual({ approved: 2 });
    await agency('so-tu-phap').result();
    await agency('so-y-te').result();
    // UBND huyện Bình Sơn is still within its own deadline: the campaign stays open for round 2.
    expect(await campaign.query(campaignStateQuery)).toMatchObject({ phase: 'approved', openRound: 2 });
    await recordHistory(agency('so-tu-phap'), 'agency-consolidated-approved');
    await recordHistory(campaign, 'campaign-send-back-approve');
    // Launching the finished campaign again restarts nothing that has completed.
    expect(await launch(definition)).toMatchObject({
      campaignStarted: false,
      agenciesStarted: 0,
      agenciesAlreadyRunning: 3,
    });
    const record = await harness.database.db.campaign.findUniqueOrThrow({ where: { id: definition.id } });
    expect(record).toMatchObject({
      status: 'approved',
      decisionNumber: '512/QĐ-UBND',
      decisionSigner: 'Đặng Văn Minh',
    });
    // The approver's download is now the decision's annex.
    const annex = new ExcelJS.Workbook();
    await annex.xlsx.load((await catalogueXlsx(harness.database.db, definition.id)) as unknown as ArrayBuffer);
    expect(annex.getWorksheet('Phụ lục')!.getCell('A6').value).toBe(
      '(Ban hành kèm theo Quyết định số 512/QĐ-UBND ngày 14/03/2024 của Chủ tịch UBND tỉnh)',
    );
    // The approved round's exported files too: written again with the decision line, the same lines.
    const againFiles = await consolidationFiles(harness.client, definition.id, 2);
    expect(againFiles.xlsx).toContain('lan-2');
    const exported = await new ExcelJS.Workbook().xlsx.readFile(againFiles.xlsx);
    expect(exported.getWorksheet('Phụ lục')!.getCell('A6').value).toBe(
      '(Ban hành kèm theo Quyết định số 512/QĐ-UBND ngày 14/03/2024 của Chủ tịch UBND tỉnh)',
    );
    expect(exported.getWorksheet('Phụ lục')!.rowCount).toBe(annex.getWorksheet('Phụ lục')!.rowCount);
    expect(fs.readFileSync(againFiles.csv, 'utf8')).toContain('so-tu-phap');
    // The round sent back stays the draft it was.
    const sentBack = await new ExcelJS.Workbook().xlsx.readFile(files.xlsx);
    expect(String(sentBack.getWorksheet('Phụ lục')!.getCell('A6').value)).toMatch(/^\(Dự thảo tổng hợp ngày/);
    expect(
      (await harness.database.db.assignment.findMany({ where: { campaignId: definition.id } }))
        .map((a) => [a.agencyCode, a.stage])
        .sort(),
    ).toEqual([
      ['so-tu-phap', 'approved'],
      ['so-y-te', 'approved'],
      ['ubnd-huyen-binh-son', 'assigned'],
    ]);
    await recordHistory(campaign, 'campaign-files-after-answer');
  });

  test('the campaign consolidates on its own once every agency is accepted', async () => {
    const definition = sampleCampaign({
      agencies: [{ code: 'thanh-tra-tinh', name: 'Thanh tra tỉnh', kind: 'department', stage: 'assigned' }],
    });
    // A compressed clock makes the campaign's periodic check come round within seconds.
    await launchCampaign({
      client: harness.client,
      db: harness.database.db,
      taskQueue: harness.taskQueue,
      definition,
      clock: { secondsPerDay: 20, simulatedStart: new Date().toISOString(), realStart: new Date().toISOString() },
    });
    const agency = harness.client.workflow.getHandle(agencyWorkflowId(definition.id, 'thanh-tra-tinh'));
    await agency.executeUpdate(submitListUpdate, { args: [{ list: justice }] });
    await agency.executeUpdate(acceptListUpdate, { args: [{}] });
    const campaign = harness.client.workflow.getHandle(campaignWorkflowId(definition.id));
    await eventually(
      async () =>
        expect(await campaign.query(campaignStateQuery)).toMatchObject({
          phase: 'consolidated',
          consolidation: { by: 'system', agencies: 1 },
        }),
      30_000,
    );
  });

  test('a missed approval deadline escalates once', async () => {
    // Deadlines a few seconds ahead: the launch refuses a submission deadline already past, so
    // they leave room for a slow launch; the check is on the escalation's own deadline.
    const soon = new Date(Date.now() + 6_000).toISOString();
    const definition = sampleCampaign({
      deadlines: { submission: new Date(Date.now() + 4_000).toISOString(), approval: soon },
    });
    await launch(definition);
    const approvalEscalations = () =>
      harness.database.db.escalation.findMany({ where: { campaignId: definition.id, kind: 'approval_overdue' } });
    await eventually(async () =>
      expect(await approvalEscalations()).toEqual([
        expect.objectContaining({ target: 'reviewer', deadline: new Date(soon) }),
      ]),
    );
    const [raised] = await approvalEscalations();
    expect(raised!.raisedAt.getTime()).toBeGreaterThanOrEqual(Date.parse(soon));
    await stillAfterSettling(async () => {
      expect(await approvalEscalations()).toHaveLength(1);
      expect(
        (await harness.client.workflow.getHandle(campaignWorkflowId(definition.id)).query(campaignStateQuery))
          .escalations,
      ).toEqual(['approval_overdue']);
    });
  });
});
