import { redactCredentials } from '../shared/redact';
import { CampaignDefinitionError } from '../campaign-files/campaign-definition';
import { ListFileError } from '../list-files';

// Every failure leaves the admin script as one Vietnamese message on stderr and a non-zero exit
// code. The script speaks only HTTP to the dondoc server, so what it meets is the server's refusal
// (already written for people, ServerRefusal), its own checks of arguments and local files, or an
// unexpected error; Temporal and the database are the server's to explain.

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

/** A query found no worker to answer it within its deadline. */
export class WorkerNotAnsweringError extends CliError {}

/** Where the worker was looked for and how to start it (a read goes on without it). */
export function workerNotAnsweringNote(where: { taskQueue: string; temporalAddress: string }): string {
  return (
    `Worker của dondoc không trả lời (hàng đợi "${where.taskQueue}" trên ${where.temporalAddress}).\n` +
    `Cách sửa: chạy worker bằng "npm start" hoặc "npm run worker" với DONDOC_TASK_QUEUE=${where.taskQueue}, rồi thử lại.`
  );
}

/** The user-facing message of any error a command can end with. */
export function describeError(error: unknown): string {
  if (error instanceof CliError || error instanceof CampaignDefinitionError || error instanceof ListFileError)
    return redactCredentials(error.message);
  return redactCredentials(`Lỗi không mong đợi: ${error instanceof Error ? error.message : String(error)}`);
}
