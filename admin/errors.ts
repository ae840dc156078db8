import {
  NamespaceNotFoundError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { Config } from '../shared/config';
import { redactCredentials } from '../shared/redact';
import { CampaignDefinitionError } from '../campaign-files/campaign-definition';
import { ListFileError } from '../list-files';
import { LaunchRefusedError } from '../server/launch/launch-campaign';
import { isOversizedMessage, isWorkflowTaskFailing } from '../server/temporal/transient';

// Every failure leaves the admin script as one Vietnamese message on stderr and a non-zero exit
// code. Messages already written for people (validators, file readers) pass through unchanged.

/** A failure whose message is meant for the user as it is. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

function grpcCode(error: unknown): number | undefined {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  return typeof cause?.code === 'number' ? cause.code : undefined;
}

export function connectionFailure(config: Config, error: unknown): CliError {
  const detail = error instanceof Error ? error.message : String(error);
  return new CliError(
    `Không kết nối được máy chủ Temporal tại ${config.temporal.address} (${detail}).\n` +
      `Cách sửa: khởi động Temporal và worker bằng "npm start" (máy này), hoặc đặt TEMPORAL_ADDRESS ` +
      `(và TEMPORAL_NAMESPACE, TEMPORAL_API_KEY/TEMPORAL_TLS nếu cần) trỏ tới máy chủ Temporal đang chạy.`,
  );
}

/** True for the errors that mean "no Temporal server answers at the address". */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof ServiceError && grpcCode(error) === GRPC_UNAVAILABLE) return true;
  return error instanceof Error && /Failed to connect before the deadline/.test(error.message);
}

/** The database cannot be reached (checked after the Temporal errors, whose causes may say the same). */
function isDatabaseConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && /^(P1\d{3}|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|28P01|3D000)$/.test(code)) return true;
  return (
    error instanceof Error &&
    /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|password authentication failed|database .* does not exist|Can't reach database/i.test(
      error.message,
    )
  );
}

export function databaseFailure(error: unknown): CliError {
  // Prisma's message quotes the calling code first; its last line is the cause.
  const lines = (error instanceof Error ? error.message : String(error)).split('\n').map((line) => line.trim());
  const detail =
    lines
      .filter(Boolean)
      .at(-1)
      ?.replace(/[.\s]+$/, '') ?? '';
  return new CliError(
    `Không kết nối được cơ sở dữ liệu (DATABASE_URL): ${detail}.\n` +
      'Cách sửa: kiểm tra máy chủ PostgreSQL đang chạy và DATABASE_URL (máy, cổng, người dùng, mật khẩu, tên cơ sở dữ liệu).',
  );
}

/** A query found no worker to answer it within its deadline. */
export class WorkerNotAnsweringError extends CliError {}

/** `taskQueue`: where the workflow actually runs, when known (it may differ from DONDOC_TASK_QUEUE). */
export function workerNotAnswering(config: Config, taskQueue = config.taskQueue): CliError {
  return new WorkerNotAnsweringError(
    `${workerNotAnsweringNote({ taskQueue, temporalAddress: config.temporal.address })} Chưa có thay đổi nào được gửi.`,
  );
}

/** Where the worker was looked for and how to start it (a read goes on without it). */
export function workerNotAnsweringNote(where: { taskQueue: string; temporalAddress: string }): string {
  return (
    `Worker của dondoc không trả lời (hàng đợi "${where.taskQueue}" trên ${where.temporalAddress}).\n` +
    `Cách sửa: chạy worker bằng "npm start" hoặc "npm run worker" với DONDOC_TASK_QUEUE=${where.taskQueue}, rồi thử lại.`
  );
}

/**
 * The server would not take an Update for a while. After a worker crash ("Workflow Task in failed
 * state") the request was refused before the workflow saw it; otherwise its answer was lost.
 */
export function notAcceptedYet(config: Config, workflowId: string | undefined, error: unknown): CliError {
  const which = workflowId ? `workflow ${workflowId}` : 'workflow';
  if (isWorkflowTaskFailing(error)) {
    return new CliError(
      `${which[0]!.toUpperCase()}${which.slice(1)} đang được khôi phục sau sự cố của worker, nên máy chủ Temporal tạm thời chưa nhận thao tác này. Chưa có thay đổi nào được áp dụng.\n` +
        `Cách sửa: kiểm tra worker đang chạy ("npm start" hoặc "npm run worker", hàng đợi "${config.taskQueue}"), rồi thử lại sau ít phút.`,
    );
  }
  return new CliError(
    `Máy chủ Temporal tại ${config.temporal.address} chưa trả lời thao tác trên ${which} (${error instanceof Error ? error.message : String(error)}).\n` +
      'Thao tác có thể chưa được áp dụng. Cách sửa: xem lại bằng "campaign status --agencies" rồi thử lại nếu cần.',
  );
}

/** The user-facing message of any error a command can end with. */
export function describeError(error: unknown, config: Config | undefined): string {
  return redactCredentials(describeUnredacted(error, config));
}

function describeUnredacted(error: unknown, config: Config | undefined): string {
  if (
    error instanceof CliError ||
    error instanceof CampaignDefinitionError ||
    error instanceof ListFileError ||
    error instanceof LaunchRefusedError
  )
    return error.message;
  if (error instanceof WorkflowUpdateFailedError) return error.cause?.message ?? error.message;
  if (error instanceof WorkflowNotFoundError) {
    return /already completed/i.test(error.message)
      ? `Workflow ${error.workflowId} đã kết thúc: không còn nhận thao tác nào.`
      : `Không tìm thấy workflow ${error.workflowId} trên máy chủ Temporal.`;
  }
  if (error instanceof NamespaceNotFoundError) {
    return `Máy chủ Temporal không có namespace "${error.namespace}". Cách sửa: đặt TEMPORAL_NAMESPACE đúng namespace của dondoc.`;
  }
  if (config && isConnectionError(error)) return connectionFailure(config, error).message;
  if (isOversizedMessage(error))
    return 'Dữ liệu gửi đi vượt giới hạn kích thước của máy chủ Temporal (2 MB mỗi thông điệp), nên không được nhận; chưa có thay đổi nào được áp dụng. Cách sửa: chia danh sách thành nhiều tệp nhỏ hơn, hoặc rút gọn các ô văn bản dài.';
  if (config && isWorkflowTaskFailing(error)) return notAcceptedYet(config, undefined, error).message;
  if (config && error instanceof ServiceError && grpcCode(error) === GRPC_DEADLINE_EXCEEDED)
    return workerNotAnswering(config).message;
  const code = (error as { code?: unknown })?.code;
  if (code === 'P2021' || code === 'P2022') {
    return 'Cơ sở dữ liệu chưa có bảng của dondoc (chưa áp dụng migration). Cách sửa: chạy "npm run db:migrate" với cùng DATABASE_URL.';
  }
  if (isDatabaseConnectionError(error)) return databaseFailure(error).message;
  const cause = (error as { cause?: { code?: unknown; details?: unknown } })?.cause;
  const detail =
    error instanceof ServiceError && cause?.details ? ` (mã gRPC ${String(cause.code)}: ${String(cause.details)})` : '';
  return `Lỗi không mong đợi: ${error instanceof Error ? error.message : String(error)}${detail}`;
}
