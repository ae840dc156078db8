import { ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  isOversizedMessage,
  isTransient,
  isWorkflowTaskFailing,
  retryTransient,
} from '../../server/temporal/transient';
import { oversizedRefusal } from '../../server/workflow-updates';

// Which Temporal errors mean "not now" (retry the same Update ID) and which mean "no", and what
// the server tells the person when the message itself is too large.

function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

const taskFailing = new ServiceError('Failed to send update', {
  cause: grpcError(9, 'Workflow Task in failed state.'),
});
const unavailable = new ServiceError('Failed to connect', { cause: grpcError(14, 'No connection established') });
const otherPrecondition = new ServiceError('Failed', { cause: grpcError(9, 'Namespace is not active') });
const refused = new WorkflowUpdateFailedError(
  'Workflow Update failed',
  ApplicationFailure.nonRetryable('Chỉ Trung tâm mới được nhắc việc'),
);

describe('transient Temporal errors', () => {
  test('a workflow task failing after a worker crash and an unreachable server are transient; a refusal is not', () => {
    expect(isWorkflowTaskFailing(taskFailing)).toBe(true);
    expect(isTransient(taskFailing)).toBe(true);
    expect(isTransient(unavailable)).toBe(true);
    expect(isWorkflowTaskFailing(otherPrecondition)).toBe(false);
    expect(isTransient(otherPrecondition)).toBe(false);
    expect(isTransient(refused)).toBe(false);
    expect(isTransient(new Error('boom'))).toBe(false);
  });

  test('retryTransient retries "not now" until it passes, and gives up on "no" at once', async () => {
    let calls = 0;
    const result = await retryTransient(
      async () => {
        calls += 1;
        if (calls < 3) throw taskFailing;
        return 'ok';
      },
      { timeoutMs: 5_000, intervalMs: 1 },
    );
    expect({ result, calls }).toEqual({ result: 'ok', calls: 3 });

    calls = 0;
    await expect(
      retryTransient(
        async () => {
          calls += 1;
          throw refused;
        },
        { timeoutMs: 5_000, intervalMs: 1 },
      ),
    ).rejects.toBe(refused);
    expect(calls).toBe(1);

    await expect(
      retryTransient(async () => Promise.reject(taskFailing), { timeoutMs: 20, intervalMs: 5 }),
    ).rejects.toBe(taskFailing);
  });
});

describe('oversized messages', () => {
  const oversized = [
    new ServiceError('Failed to send update', {
      cause: grpcError(8, 'grpc: received message larger than max (4194394 vs. 4194304)'),
    }),
    new ServiceError('Failed', { cause: grpcError(8, 'Trying to send message larger than max (5242880 vs. 4194304)') }),
    grpcError(8, 'BlobSizeLimitError: Blob data size exceeds limit.'),
  ];
  const rateLimited = new ServiceError('Failed', { cause: grpcError(8, 'namespace rate limit exceeded') });

  test('RESOURCE_EXHAUSTED for a message over the size limit is permanent, not retried', async () => {
    for (const error of oversized) {
      expect(isOversizedMessage(error)).toBe(true);
      expect(isTransient(error)).toBe(false);
    }
    let calls = 0;
    await expect(
      retryTransient(
        async () => {
          calls++;
          throw oversized[0];
        },
        { timeoutMs: 5_000, intervalMs: 10 },
      ),
    ).rejects.toBe(oversized[0]);
    expect(calls).toBe(1);
  });

  test('RESOURCE_EXHAUSTED from rate limiting stays transient', () => {
    expect(isOversizedMessage(rateLimited)).toBe(false);
    expect(isTransient(rateLimited)).toBe(true);
  });

  test('the server says in Vietnamese that nothing was applied, and the fix', () => {
    expect(oversizedRefusal('submitList').message).toMatch(
      /^Dữ liệu gửi \(submitList\) vượt giới hạn kích thước .*chưa có thay đổi nào được áp dụng.*Cách sửa: chia danh sách/,
    );
  });
});
