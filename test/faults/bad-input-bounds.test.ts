import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { UpdatePayloadTooLargeError } from '../../domain/payload-limits';
import { deliverUpdate, executeCheckedUpdate } from '../../server/workflow-updates';
import { temporalConnectionInterceptors } from '../../shared/temporal-retry';
import {
  acceptListUpdate,
  agencyStateQuery,
  requestSupportUpdate,
  submitListUpdate,
} from '../../workflows/agency/messages';
import { launchThroughApi } from '../support/api-campaign';
import { apiAs } from '../support/api-client';
import { isVietnamese } from '../support/bad-input-checks';
import { eventually } from '../support/eventually';
import { type RunningWorker } from '../support/harness';
import { sampleCampaign } from '../support/sample-campaign';
import { startTestServer, type ServerHarness } from '../support/server-harness';
import { ENV_TEMPORAL_ADDRESS, required, testDatabases } from '../support/test-env';

// The size bounds at every door: an Update sent straight to Temporal past the server's pre-send check
// is refused by the workflow's own validator; the API refuses a field past its bound with 413 naming
// it; a list with thousands of findings is recorded with the first ones and a count; a message over
// Temporal's own limit is refused for good, at once, in Vietnamese. Nothing is recorded by a refusal.

const ROOT = path.join(__dirname, '..', '..');

/** A list with one finding per document: each is marked "shown only" (chỉ xuất trình). */
function listWithFindings(documents: number) {
  return {
    procedures: [
      {
        code: '1.001612.000.00.00.H48',
        name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
        documents: Array.from({ length: documents }, (_, d) => ({
          name: `Giấy tờ tùy thân số ${d + 1} (chỉ xuất trình)`,
          kind: 'thanh_phan_ho_so' as const,
        })),
      },
    ],
  };
}

async function updatesIn(handle: WorkflowHandle) {
  const events = (await handle.fetchHistory()).events ?? [];
  return {
    accepted: events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length,
    failedTasks: events.filter((e) => e.workflowTaskFailedEventAttributes).length,
  };
}

async function refusal(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal, but the Update was accepted');
}

const failureMessage = (error: Error) =>
  error instanceof WorkflowUpdateFailedError ? (error.cause?.message ?? '') : error.message;

describe.each(testDatabases())('size bounds (%s)', (kind) => {
  let server: ServerHarness;
  let worker: RunningWorker;
  const definition = sampleCampaign();
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer(kind);
    worker = await server.harness.startWorker();
    const launch = await launchThroughApi(server, definition, { reviewer: 'stttt@example.gov.vn' });
    Object.assign(tokens, launch.tokens);
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
  });

  /** An agency of its own, started directly (no actor proof), assigned and quiet. */
  async function quietAgency(overrides: Parameters<ServerHarness['harness']['startAgency']>[0] = {}) {
    const { workflowId } = await server.harness.startAgency(overrides);
    const handle = server.harness.client.workflow.getHandle(workflowId);
    await eventually(async () => expect((await handle.query(agencyStateQuery)).stage).toBe('assigned'));
    return handle;
  }

  test('an Update sent straight to Temporal past the bounds is refused by the workflow’s validator', async () => {
    const handle = await quietAgency();
    // A text past its bound (5,000 characters), named with the fix.
    const longNote = await refusal(handle.executeUpdate(acceptListUpdate, { args: [{ note: 'x'.repeat(6_000) }] }));
    expect(longNote).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(failureMessage(longNote)).toMatch(/note: Ghi chú \(note\) dài quá 5\.000 ký tự\. Cách sửa: rút gọn/);
    // A payload past 1 MiB, even in a field the schema would drop, is refused before its fields are read.
    const padded = await refusal(
      handle.executeUpdate(requestSupportUpdate, {
        args: [{ by: 'Sở Tư pháp', question: 'Giấy tờ nào cần số hóa?', pad: 'x'.repeat(1_200_000) } as never],
      }),
    );
    // The size counts the server's proof too.
    expect(failureMessage(padded)).toMatch(/^Dữ liệu gửi có 1\.17\d KB, vượt giới hạn 1\.024 KB/);
    expect(isVietnamese(failureMessage(padded))).toBe(true);
    expect(await updatesIn(handle)).toEqual({ accepted: 0, failedTasks: 0 });
    expect((await handle.query(agencyStateQuery)).supportRequests).toEqual([]);
  });

  test('an API request with a field past its bound is refused with 413 naming the field, and nothing is sent', async () => {
    const code = 'so-tu-phap';
    const answer = await apiAs(server.baseUrl, tokens.reviewer).post<{
      error: string;
      message: string;
      issues: { field: string; message: string }[];
    }>(`/api/v1/campaigns/${definition.id}/agencies/${code}/return`, {
      reasons: {
        overall: 'Bổ sung giấy tờ.',
        lines: [{ procedureCode: '1.002421', documentName: 'Giấy tờ '.repeat(250), reason: 'Thiếu' }],
      },
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error).toBe('payload_too_large');
    expect(answer.body.issues.map((issue) => issue.field)).toEqual(['reasons.lines[1].documentName']);
    expect(answer.body.message).toMatch(
      /reasons\.lines\[1\]\.documentName: Tên giấy tờ của dòng bị trả lại dài quá 1\.000 ký tự\. Cách sửa/,
    );
    const handle = server.harness.client.workflow.getHandle(agencyWorkflowId(definition.id, code));
    expect((await updatesIn(handle)).accepted).toBe(0);
  });

  test('a list with more findings than the workflow records: the first ones, then a count', async () => {
    const handle = await quietAgency();
    const receipt = await handle.executeUpdate(submitListUpdate, {
      args: [{ list: listWithFindings(180) }],
    });
    expect(receipt.findings).toHaveLength(101);
    expect(receipt.findings![0]).toMatch(/chỉ xuất trình|xuất trình/i);
    expect(receipt.findings![100]).toBe('… và 80 lưu ý khác không liệt kê ở đây; mở danh sách để xem đủ.');
    const db = server.harness.database.db;
    const assignment = await db.assignment.findUniqueOrThrow({ where: { workflowId: handle.workflowId } });
    const stored = await eventually(async () => {
      const row = await db.submission.findFirstOrThrow({ where: { assignmentId: assignment.id } });
      return row.findings as { code: string }[];
    });
    expect(stored).toHaveLength(101);
    expect(stored.at(-1)).toMatchObject({ code: 'findings_not_listed' });
  });

  test('a message over Temporal’s own size limit is refused at once and for good, in Vietnamese', async () => {
    // dondoc's connection options (the library's retries, less oversized messages), the pre-send check bypassed.
    const connection = await Connection.connect({
      address: required(ENV_TEMPORAL_ADDRESS),
      interceptors: temporalConnectionInterceptors(),
    });
    try {
      const handle = new Client({ connection }).workflow.getHandle((await quietAgency()).workflowId);
      const oversized = { by: 'Sở Tư pháp', question: 'Giấy tờ nào cần số hóa?', pad: 'x'.repeat(5_000_000) };
      const started = Date.now();
      const error = await refusal(deliverUpdate(handle, requestSupportUpdate, oversized as never));
      // Not retried: the library alone would retry RESOURCE_EXHAUSTED for about 40 s.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(error).toBeInstanceOf(UpdatePayloadTooLargeError);
      expect(error.message).toMatch(/^Dữ liệu gửi \(requestSupport\) vượt giới hạn kích thước của máy chủ Temporal/);
      expect(error.message).toContain('gửi lại cũng không được');
      expect(await updatesIn(handle)).toEqual({ accepted: 0, failedTasks: 0 });
      expect((await handle.query(agencyStateQuery)).stage).toBe('assigned');
    } finally {
      await connection.close();
    }
  });

  test('scripts that send Updates themselves check the payload first; nothing outside the server sends one unchecked', async () => {
    const handle = await quietAgency();
    const error = await refusal(executeCheckedUpdate(handle, requestSupportUpdate, { question: 'x'.repeat(6_000) }));
    expect(error).toBeInstanceOf(UpdatePayloadTooLargeError);
    expect(error.message).toMatch(/question: dài 6\.000 ký tự, tối đa 5\.000/);
    expect((await updatesIn(handle)).accepted).toBe(0);
    // The demo and the admin script reach Temporal only through the checked senders.
    const sources = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((entry) =>
          entry.isDirectory()
            ? sources(path.join(dir, entry.name))
            : entry.name.endsWith('.ts')
              ? [path.join(dir, entry.name)]
              : [],
        );
    const unchecked = ['launcher', 'admin', 'ops']
      .flatMap((dir) => sources(path.join(ROOT, dir)))
      .filter((file) => /\.(executeUpdate|startUpdate|executeUpdateWithStart)\(/.test(fs.readFileSync(file, 'utf8')));
    expect(unchecked.map((file) => path.relative(ROOT, file))).toEqual([]);
  });
});
