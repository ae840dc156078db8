import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { agencyWorkflowId } from '../../domain/agency-input';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { acceptListUpdate, agencyStateQuery, withdrawUpdate } from '../../workflows/agency/messages';
import { approveUpdate } from '../../workflows/campaign/messages';
import { issueApiToken } from '../../server/identity/api-tokens';
import { grantRole } from '../../server/identity/people';
import { loadSigner, type Signer } from '../../server/proof';
import { apiAs } from '../support/api-client';
import { eventually } from '../support/eventually';
import type { RunningWorker } from '../support/harness';
import { sampleCampaign } from '../support/sample-campaign';
import { startTestServer, type ServerHarness } from '../support/server-harness';
import { testDatabases } from '../support/test-env';

// Going around the server does not work: an Update sent straight to Temporal (as
// `temporal workflow update execute` would) without the server's signed proof of the actor, with
// a forged, tampered, expired or misdirected one, is refused by the workflow's validator and
// changes nothing. Adding a signing key keeps running workflows working (rotation).

const SERVICE_CENTER = 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh';

describe.each(testDatabases())('actor proof checked by the workflows (%s)', (kind) => {
  let server: ServerHarness;
  let worker: RunningWorker;
  let signer: Signer;
  let adminToken: string;
  const definition = sampleCampaign();
  const id = definition.id;
  const workflowId = agencyWorkflowId(id, 'so-y-te');
  const claims = (update: string, updateId: string, role: 'operator' | 'agency' = 'operator') => ({
    personId: 'person_x',
    personName: 'Nguyễn Văn X',
    role,
    campaignId: id,
    agencyCode: role === 'agency' ? 'so-y-te' : undefined,
    update,
    updateId,
  });
  const withdraw = (proof: unknown, updateId = crypto.randomUUID()) =>
    server.harness.client.workflow
      .getHandle(workflowId)
      .executeUpdate(withdrawUpdate, { updateId, args: [{ by: SERVICE_CENTER, reason: 'Thử', proof } as never] });
  const stage = async () => (await server.harness.client.workflow.getHandle(workflowId).query(agencyStateQuery)).stage;

  beforeAll(async () => {
    server = await startTestServer(kind);
    worker = await server.harness.startWorker();
    signer = loadSigner(server.config.server.signingKeysDir, { generate: false });
    const db = server.harness.database.db;
    await grantRole(db, { email: 'admin@example.gov.vn', role: 'admin' }, 'test');
    const admin = await db.person.findUniqueOrThrow({ where: { email: 'admin@example.gov.vn' } });
    adminToken = (await issueApiToken(db, admin.id, { label: 't', days: 1, channel: 'token' })).token;
    expect((await apiAs(server.baseUrl, adminToken).post('/api/v1/campaigns', definition)).status).toBe(200);
    await eventually(async () => expect(await stage()).toBe('assigned'));
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
  });

  async function expectRefused(attempt: Promise<unknown>, why: RegExp) {
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(String((error as WorkflowUpdateFailedError).cause?.message)).toMatch(why);
    expect(await stage()).toBe('assigned');
  }

  test('no proof, a forged, tampered, expired or misdirected proof: refused, nothing changed', async () => {
    await expectRefused(withdraw(undefined), /thiếu xác nhận người thực hiện/);

    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-forger-'));
    const forger = loadSigner(otherDir, { generate: true });
    const forgedId = crypto.randomUUID();
    await expectRefused(withdraw(forger.sign(claims('withdraw', forgedId), new Date()), forgedId), /chữ ký/);
    fs.rmSync(otherDir, { recursive: true, force: true });

    const tamperedId = crypto.randomUUID();
    const genuine = signer.sign(claims('submitList', tamperedId, 'agency'), new Date());
    const tampered = { ...genuine, claims: { ...genuine.claims, role: 'operator', update: 'withdraw' } };
    await expectRefused(withdraw(tampered, tamperedId), /chữ ký/);

    const lateId = crypto.randomUUID();
    await expectRefused(
      withdraw(signer.sign(claims('withdraw', lateId), new Date(Date.now() - 10 * 60_000)), lateId),
      /hết hạn/,
    );

    // A genuine proof for another Update ID (replayed) or another Update is refused.
    const replayed = signer.sign(claims('withdraw', crypto.randomUUID()), new Date());
    await expectRefused(withdraw(replayed), /thao tác khác/);
    const wrongRole = crypto.randomUUID();
    await expectRefused(
      withdraw(signer.sign(claims('withdraw', wrongRole, 'agency'), new Date()), wrongRole),
      /vai trò agency/,
    );

    const db = server.harness.database.db;
    expect(await db.auditEvent.count({ where: { assignmentId: `${id}/so-y-te`, action: 'withdraw' } })).toBe(0);
  });

  test('the campaign workflow refuses an approval without the server’s proof', async () => {
    const handle = server.harness.client.workflow.getHandle(campaignWorkflowId(id));
    const error = await handle
      .executeUpdate(approveUpdate, {
        args: [{ by: 'Chủ tịch UBND tỉnh', decisionNumber: '1/QĐ-UBND', decisionDate: '2024-03-13', signer: 'A' }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const accepted = await server.harness.client.workflow
      .getHandle(agencyWorkflowId(id, 'so-tu-phap'))
      .executeUpdate(acceptListUpdate, { args: [{ by: 'Sở Thông tin và Truyền thông' }] })
      .catch((e: unknown) => e);
    expect(accepted).toBeInstanceOf(WorkflowUpdateFailedError);
  });

  test('rotation: with a second key added, running workflows still accept the server (old key’s signature)', async () => {
    fs.writeFileSync(
      path.join(server.config.server.signingKeysDir, 'dondoc-2.pem'),
      crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const rotated = loadSigner(server.config.server.signingKeysDir, { generate: false });
    expect(Object.keys(rotated.trustedKeys())).toHaveLength(2);
    const updateId = crypto.randomUUID();
    const receipt = await withdraw(rotated.sign(claims('withdraw', updateId), new Date()), updateId);
    expect(receipt.stage).toBe('withdrawn');
  });
});
