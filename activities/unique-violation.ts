import { Prisma } from '../generated/prisma-sqlite/client';

/** A unique-key collision: the row an idempotent activity wanted to write is already there. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
