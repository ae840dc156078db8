import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ACTIONS, ROLES, UPDATE_ACTIONS, type Role, type UpdateName } from '../../domain/access';
import type { ActorProof } from '../../domain/actor-proof';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { campaignWorkflowId } from '../../domain/campaign-input';
import type { CampaignDefinition } from '../../domain/campaign-definition';
import { launchCampaign } from '../../server/launch/launch-campaign';
import { loadSigner, type Signer } from '../../server/identity/proof';
import * as agencyDefinitions from '../../workflows/agency/definitions';
import * as campaignDefinitions from '../../workflows/campaign/definitions';
import { agencyStateQuery } from '../../workflows/agency/messages';
import { eventually } from '../support/eventually';
import { useHarness } from '../support/harness';
import { sampleCampaign } from '../support/sample-campaign';
import { testDatabases } from '../support/test-env';

// Every Update of every workflow, read from the one list of Updates (domain/access.ts), refuses a
// request without the server's valid proof for exactly that request, each case with its own reason,
// and records nothing: no proof, another key, tampered claims, expired, another Update ID, another
// Update name, another agency, another campaign, other arguments, each role the action does not allow.

const agencyUpdates = Object.values(agencyDefinitions) as { type?: string; name: string }[];
const campaignUpdates = Object.values(campaignDefinitions) as { type?: string; name: string }[];
const CAMPAIGN_UPDATES = new Set(
  campaignUpdates.filter((definition) => definition.type === 'update').map((definition) => definition.name),
);

interface Case {
  name: string;
  why: RegExp;
  /** The argument and its proof, for an Update `update` on `workflowId`, whose allowed role is `role`. */
  make(request: { update: string; workflowId: string; role: Role; other: string }): { argument: object };
}

describe.each(testDatabases())('the proof check of every Update (%s)', (kind) => {
  let signer: Signer;
  let forger: Signer;
  const definition = sampleCampaign() as CampaignDefinition;
  const id = definition.id;
  const ARG = { by: 'Người thử', reason: 'Thử', note: 'Thử' };
  const sign = (
    request: { update: string; workflowId: string; role: Role },
    updateId: string,
    changes: { campaignId?: string; at?: Date; by?: Signer; argument?: object } = {},
  ): ActorProof =>
    (changes.by ?? signer).sign(
      {
        personId: 'person_x',
        personName: 'Nguyễn Văn X',
        role: request.role,
        campaignId: changes.campaignId ?? id,
        workflowId: request.workflowId,
        update: request.update,
        updateId,
      },
      changes.argument ?? ARG,
      changes.at ?? new Date(),
    );

  const cases = (updateId: string, update: UpdateName): Case[] => [
    { name: 'no proof', why: /thiếu xác nhận người thực hiện/, make: () => ({ argument: ARG }) },
    {
      name: 'another key',
      why: /chữ ký không đúng/,
      make: (r) => ({ argument: { ...ARG, proof: sign(r, updateId, { by: forger }) } }),
    },
    {
      name: 'tampered claims',
      why: /chữ ký không đúng/,
      make: (r) => {
        const proof = sign({ ...r, role: r.role === 'agency' ? 'reviewer' : 'agency' }, updateId);
        return { argument: { ...ARG, proof: { ...proof, claims: { ...proof.claims, role: r.role } } } };
      },
    },
    {
      name: 'expired',
      why: /hết hạn/,
      make: (r) => ({ argument: { ...ARG, proof: sign(r, updateId, { at: new Date(Date.now() - 6 * 60_000) }) } }),
    },
    {
      name: 'another Update ID',
      why: /một lần gửi khác/,
      make: (r) => ({ argument: { ...ARG, proof: sign(r, crypto.randomUUID()) } }),
    },
    {
      name: 'another Update',
      why: /một thao tác khác/,
      make: (r) => ({ argument: { ...ARG, proof: sign({ ...r, update: r.other }, updateId) } }),
    },
    {
      name: 'another agency',
      why: /hồ sơ khác/,
      make: (r) => ({
        argument: {
          ...ARG,
          proof: sign(
            { ...r, workflowId: agencyWorkflowId(id, r.workflowId.endsWith('so-y-te') ? 'so-tu-phap' : 'so-y-te') },
            updateId,
          ),
        },
      }),
    },
    {
      name: 'another campaign',
      why: /chiến dịch khác/,
      make: (r) => ({ argument: { ...ARG, proof: sign(r, updateId, { campaignId: `${id}-khac` }) } }),
    },
    {
      name: 'other arguments',
      why: /nội dung yêu cầu khác/,
      make: (r) => ({ argument: { ...ARG, proof: sign(r, updateId, { argument: { ...ARG, reason: 'Khác' } }) } }),
    },
    // Every role the action does not allow, each on its own: one role let through is a failure.
    ...ROLES.filter((role) => !(ACTIONS[UPDATE_ACTIONS[update]] as readonly Role[]).includes(role)).map(
      (role): Case => ({
        name: `the role ${role}, which the action does not allow`,
        why: /Không có quyền: .+ không được /,
        make: (r) => ({ argument: { ...ARG, proof: sign({ ...r, role }, updateId) } }),
      }),
    ),
  ];

  const harness = useHarness(kind);
  beforeAll(async () => {
    signer = harness.signer;
    const forgerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-forger-'));
    forger = loadSigner(forgerDir, { generate: true });
    fs.rmSync(forgerDir, { recursive: true, force: true });
    await launchCampaign({ client: harness.client, db: harness.database.db, taskQueue: harness.taskQueue, definition });
    await eventually(async () =>
      expect(
        (await harness.rawClient.workflow.getHandle(agencyWorkflowId(id, 'so-y-te')).query(agencyStateQuery)).stage,
      ).toBe('assigned'),
    );
  });

  const updates = Object.keys(UPDATE_ACTIONS) as UpdateName[];
  test.each(updates)(
    '%s: every request without its own valid proof is refused with its reason, nothing recorded',
    async (update) => {
      const workflowId = CAMPAIGN_UPDATES.has(update) ? campaignWorkflowId(id) : agencyWorkflowId(id, 'so-y-te');
      const role = ACTIONS[UPDATE_ACTIONS[update]][0] as Role;
      const other = updates.find((name) => name !== update)!;
      const handle = harness.rawClient.workflow.getHandle(workflowId);
      const acceptedBefore = (await handle.fetchHistory()).events!.filter(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes,
      ).length;
      for (const c of cases(crypto.randomUUID(), update)) {
        const updateId = crypto.randomUUID();
        const { argument } = cases(updateId, update)
          .find((x) => x.name === c.name)!
          .make({ update, workflowId, role, other });
        const error = await handle.executeUpdate(update, { updateId, args: [argument] }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
        expect([c.name, String((error as WorkflowUpdateFailedError).cause?.message)]).toEqual([
          c.name,
          expect.stringMatching(c.why),
        ]);
      }
      const acceptedAfter = (await handle.fetchHistory()).events!.filter(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes,
      ).length;
      expect(acceptedAfter).toBe(acceptedBefore);
    },
  );

  test('the list of Updates is the workflows’ own: every Update a workflow declares has a rule, and no more', () => {
    const declared = [...agencyUpdates, ...campaignUpdates].filter((d) => d.type === 'update').map((d) => d.name);
    expect([...new Set(declared)].sort()).toEqual([...updates].sort());
  });
});
