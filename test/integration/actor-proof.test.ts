import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Role } from '../../domain/access';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { acceptListUpdate, agencyStateQuery, submitListUpdate, withdrawUpdate } from '../../workflows/agency/messages';
import { approveUpdate } from '../../workflows/campaign/messages';
import { agencyWorkflow } from '../../workflows';
import { issueApiToken } from '../../server/identity/api-tokens';
import { grantRole } from '../../server/identity/people';
import { loadSigner, type Signer } from '../../server/identity/proof';
import { apiAs } from '../support/api-client';
import { eventually } from '../support/eventually';
import type { RunningWorker } from '../support/harness';
import { sampleCampaign } from '../support/sample-campaign';
import { justiceDepartmentList } from '../support/sample-lists';
import { useServer } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// Going around the server does not work: an Update sent straight to Temporal (as
// `temporal workflow update execute` would) without the server's signed proof of the actor, with a
// forged, tampered or expired one, or with a genuine one copied from another request (another
// agency, campaign, Update, Update ID or argument), is refused by the workflow's validator with its
// reason and changes nothing. The keys come from the worker's deployment, never from a start input.

const SERVICE_CENTER = 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh';

async function refusal(attempt: Promise<unknown>): Promise<string> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  return String((error as WorkflowUpdateFailedError).cause?.message);
}

describe.each(testDatabases())('actor proof checked by the workflows (%s)', (kind) => {
  let worker: RunningWorker;
  let signer: Signer;
  const definition = sampleCampaign();
  const id = definition.id;
  const workflowOf = (code: string) => agencyWorkflowId(id, code);
  const raw = () => server.harness.rawClient.workflow;
  const sign = (
    update: string,
    updateId: string,
    argument: object,
    options: { role?: Role; workflowId?: string; campaignId?: string; at?: Date; by?: Signer } = {},
  ) =>
    (options.by ?? signer).sign(
      {
        personId: 'person_x',
        personName: 'Nguyễn Văn X',
        role: options.role ?? 'operator',
        campaignId: options.campaignId ?? id,
        workflowId: options.workflowId ?? workflowOf('so-y-te'),
        update,
        updateId,
      },
      argument,
      options.at ?? new Date(),
    );
  const WITHDRAW = { by: SERVICE_CENTER, reason: 'Thử' };
  const withdraw = (proof: unknown, updateId = crypto.randomUUID(), argument: object = WITHDRAW) =>
    raw()
      .getHandle(workflowOf('so-y-te'))
      .executeUpdate(withdrawUpdate, { updateId, args: [{ ...argument, proof } as never] });
  const stage = async (code = 'so-y-te') => (await raw().getHandle(workflowOf(code)).query(agencyStateQuery)).stage;

  // The worker is restarted by a test (key rotation): the file starts its own.
  const server = useServer(kind, { worker: false });
  beforeAll(async () => {
    worker = await server.harness.startWorker();
    signer = server.harness.signer;
    const db = server.harness.database.db;
    await grantRole(db, { email: 'admin@example.gov.vn', role: 'admin' }, 'test');
    const admin = await db.person.findUniqueOrThrow({ where: { email: 'admin@example.gov.vn' } });
    const adminToken = (await issueApiToken(db, admin.id, { label: 't', days: 1, channel: 'token' })).token;
    expect((await apiAs(server.baseUrl, adminToken).post('/api/v1/campaigns', definition)).status).toBe(200);
    await eventually(async () => expect(await stage()).toBe('assigned'));
  });

  async function expectRefused(attempt: Promise<unknown>, why: RegExp) {
    expect(await refusal(attempt)).toMatch(why);
    expect(await stage()).toBe('assigned');
  }

  test('no proof, a forged, tampered or expired proof: refused with its reason, nothing changed', async () => {
    await expectRefused(withdraw(undefined), /thiếu xác nhận người thực hiện/);

    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-forger-'));
    const forger = loadSigner(otherDir, { generate: true });
    const forgedId = crypto.randomUUID();
    await expectRefused(withdraw(sign('withdraw', forgedId, WITHDRAW, { by: forger }), forgedId), /chữ ký/);
    fs.rmSync(otherDir, { recursive: true, force: true });

    const tamperedId = crypto.randomUUID();
    const genuine = sign('submitList', tamperedId, WITHDRAW, { role: 'agency' });
    const tampered = { ...genuine, claims: { ...genuine.claims, role: 'operator', update: 'withdraw' } };
    await expectRefused(withdraw(tampered, tamperedId), /chữ ký/);

    const lateId = crypto.randomUUID();
    await expectRefused(
      withdraw(sign('withdraw', lateId, WITHDRAW, { at: new Date(Date.now() - 10 * 60_000) }), lateId),
      /hết hạn/,
    );
    const wrongRole = crypto.randomUUID();
    await expectRefused(
      withdraw(sign('withdraw', wrongRole, WITHDRAW, { role: 'agency' }), wrongRole),
      /Không có quyền: cán bộ của cơ quan được giao không được rút cơ quan khỏi chiến dịch/,
    );

    const db = server.harness.database.db;
    expect(await db.auditEvent.count({ where: { assignmentId: `${id}/so-y-te`, action: 'withdraw' } })).toBe(0);
  });

  test('a genuine proof copied from another request is useless: other Update ID, Update, argument, agency or campaign', async () => {
    const updateId = crypto.randomUUID();
    const proof = sign('withdraw', updateId, WITHDRAW);
    await expectRefused(withdraw(proof), /một lần gửi khác/);
    await expectRefused(
      withdraw(proof, updateId, { ...WITHDRAW, reason: 'Lý do của kẻ khác' }),
      /nội dung yêu cầu khác/,
    );
    const forAnotherUpdate = sign('escalate', updateId, WITHDRAW);
    await expectRefused(withdraw(forAnotherUpdate, updateId), /một thao tác khác/);
    const forAnotherCampaign = sign('withdraw', updateId, WITHDRAW, { campaignId: 'chien-dich-khac' });
    await expectRefused(withdraw(forAnotherCampaign, updateId), /chiến dịch khác/);

    // The reviewer's acceptance of one submitted agency, sent with its Update ID to another one.
    const submitted = ['so-tu-phap', 'ubnd-huyen-binh-son'];
    for (const code of submitted)
      await server.harness.client.workflow
        .getHandle(workflowOf(code))
        .executeUpdate(submitListUpdate, { args: [{ list: justiceDepartmentList }] });
    const acceptId = crypto.randomUUID();
    const accept = { by: 'Sở Thông tin và Truyền thông' };
    const acceptProof = sign('acceptList', acceptId, accept, {
      role: 'reviewer',
      workflowId: workflowOf(submitted[0]),
    });
    const copied = raw()
      .getHandle(workflowOf(submitted[1]))
      .executeUpdate(acceptListUpdate, { updateId: acceptId, args: [{ ...accept, proof: acceptProof } as never] });
    expect(await refusal(copied)).toMatch(/hồ sơ khác/);
    expect(await stage(submitted[1])).toMatch(/submitted|resubmitted/);
    const db = server.harness.database.db;
    expect(await db.auditEvent.count({ where: { campaignId: id, action: 'acceptList' } })).toBe(0);
  });

  test('the campaign workflow refuses an approval without the server’s proof, for that reason', async () => {
    const handle = raw().getHandle(campaignWorkflowId(id));
    const approval = { by: 'Chủ tịch UBND tỉnh', decisionNumber: '1/QĐ-UBND', decisionDate: '2024-03-13', signer: 'A' };
    expect(await refusal(handle.executeUpdate(approveUpdate, { args: [approval] }))).toMatch(
      /thiếu xác nhận người thực hiện/,
    );
    // A proof made for an agency's workflow does not open the campaign's.
    const updateId = crypto.randomUUID();
    const proof = sign('approve', updateId, approval, { role: 'approver' });
    expect(
      await refusal(handle.executeUpdate(approveUpdate, { updateId, args: [{ ...approval, proof } as never] })),
    ).toMatch(/hồ sơ khác/);
  });

  test('keys in a start input are not trusted: a workflow started around the server with its own key acts on nothing', async () => {
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-forger-'));
    const forger = loadSigner(otherDir, { generate: true });
    fs.rmSync(otherDir, { recursive: true, force: true });
    const started = (await raw().getHandle(workflowOf('so-y-te')).fetchHistory()).events![0]!
      .workflowExecutionStartedEventAttributes!.input!.payloads![0]!.data!;
    const copied = JSON.parse(Buffer.from(started).toString('utf8'));
    const fakeId = workflowOf('co-quan-gia');
    await raw().start(agencyWorkflow, {
      workflowId: fakeId,
      taskQueue: server.harness.taskQueue,
      args: [{ ...copied, agency: { ...copied.agency, code: 'co-quan-gia' }, trustedKeys: forger.trustedKeys() }],
    });
    const updateId = crypto.randomUUID();
    const proof = sign('withdraw', updateId, WITHDRAW, { by: forger, workflowId: fakeId });
    const error = await raw()
      .getHandle(fakeId)
      .executeUpdate(withdrawUpdate, { updateId, args: [{ ...WITHDRAW, proof } as never] })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    // Refused by the validator for its key, unless the run already ended: the workers refused to
    // record anything for a run dondoc did not start (workflow-runs.test.ts).
    if (error instanceof WorkflowUpdateFailedError) expect(String(error.cause?.message)).toMatch(/chữ ký/);
    else expect(String(error)).toMatch(/Update failed|completed|not found/i);
    const db = server.harness.database.db;
    expect(await db.agency.count({ where: { campaignId: id, code: 'co-quan-gia' } })).toBe(0);
    expect(await db.auditEvent.count({ where: { assignmentId: `${id}/co-quan-gia` } })).toBe(0);
    await raw()
      .getHandle(fakeId)
      .terminate('test')
      .catch(() => undefined);
  });

  test('rotation: a key added to the folder the workers trust is accepted after their restart', async () => {
    const keysDir = server.config.server.signingKeysDir;
    const newKey = crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    const onlyNewDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-new-key-'));
    fs.writeFileSync(path.join(onlyNewDir, 'dondoc-2.pem'), newKey);
    const onlyNew = loadSigner(onlyNewDir, { generate: false });
    fs.rmSync(onlyNewDir, { recursive: true, force: true });
    const before = crypto.randomUUID();
    expect(await refusal(withdraw(sign('withdraw', before, WITHDRAW, { by: onlyNew }), before))).toMatch(/chữ ký/);

    fs.writeFileSync(path.join(keysDir, 'dondoc-2.pem'), newKey);
    await worker.stop();
    worker = await server.harness.startWorker();
    const updateId = crypto.randomUUID();
    const receipt = await withdraw(sign('withdraw', updateId, WITHDRAW, { by: onlyNew }), updateId);
    expect(receipt.stage).toBe('withdrawn');
  });
});
