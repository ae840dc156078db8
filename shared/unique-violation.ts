import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';

/**
 * A unique-key collision: the row an idempotent activity wanted to write is already there. Both
 * generated clients (SQLite, PostgreSQL) throw the runtime's one error class.
 */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof PrismaClientKnownRequestError && error.code === 'P2002';
}
