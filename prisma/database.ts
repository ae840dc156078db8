import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { Prisma } from '../generated/prisma-sqlite/client';
import { PrismaClient as SqliteClient } from '../generated/prisma-sqlite/client';
import { PrismaClient as PostgresClient } from '../generated/prisma-postgresql/client';
import { providerOf, sqliteFilePath, type Provider } from './migration-db';
import { ensurePrivateDatabaseFile, tightenDatabaseFiles } from '../shared/private-files';

interface TransactionOptions {
  maxWait?: number;
  timeout?: number;
}

/**
 * Every interactive transaction's bounds unless it names its own. Prisma's defaults (2 s to get a
 * connection, 5 s to finish) refuse a grant or a sign-in outright on a busy server whose pool is
 * briefly taken; waiting longer is what a person would want, and the bounds still end a stuck one.
 */
const TRANSACTION_BOUNDS: Required<TransactionOptions> = { maxWait: 10_000, timeout: 30_000 };

/**
 * A model's operations by name. Left out: the generated type-level metadata (a symbol key) and the
 * generic groupings, whose conditional types the compiler cannot match across the two clients;
 * the groupings the code runs are written out below.
 */
type Operations<Delegate> = {
  [K in keyof Delegate as K extends 'groupBy' | 'aggregate' ? never : K extends string ? K : never]: Delegate[K];
};
interface AssignmentDelegate extends Operations<SqliteClient['assignment']> {
  groupBy(args: {
    by: ['stage'];
    where: Prisma.AssignmentWhereInput;
    _count: { _all: true };
  }): Prisma.PrismaPromise<{ stage: string; _count: { _all: number } }[]>;
}
interface SubmissionDelegate extends Operations<SqliteClient['submission']> {
  groupBy(args: {
    by: ['assignmentId'];
    where: Prisma.SubmissionWhereInput;
    _max: { submittedAt: true };
  }): Prisma.PrismaPromise<{ assignmentId: string; _max: { submittedAt: Date | null } }[]>;
}
/** Rows counted per agency (the progress curve) or per person (who did what) and action, first and last time. */
interface AuditEventDelegate extends Operations<SqliteClient['auditEvent']> {
  groupBy<Key extends 'assignmentId' | 'personId'>(args: {
    by: [Key, 'action'];
    where: Prisma.AuditEventWhereInput;
    _count: { _all: true };
    _min: { at: true };
    _max: { at: true };
  }): Prisma.PrismaPromise<
    ({ [K in Key]: string | null } & {
      action: string;
      _count: { _all: number };
      _min: { at: Date | null };
      _max: { at: Date | null };
    })[]
  >;
}
interface AccessEventDelegate extends Operations<SqliteClient['accessEvent']> {
  groupBy(args: {
    by: ['personId', 'action', 'role', 'channel'];
    where: Prisma.AccessEventWhereInput;
    _count: { _all: true };
    _min: { at: true };
    _max: { at: true };
  }): Prisma.PrismaPromise<
    {
      personId: string | null;
      action: string;
      role: string | null;
      channel: string;
      _count: { _all: number };
      _min: { at: Date | null };
      _max: { at: Date | null };
    }[]
  >;
}
type ModelKey = Uncapitalize<Prisma.ModelName>;
type OtherDelegates = {
  [M in Exclude<ModelKey, 'assignment' | 'submission' | 'auditEvent' | 'accessEvent'>]: Operations<SqliteClient[M]>;
};

/**
 * What a transaction sees, as both generated clients offer it: they come from the same models, so
 * their delegates and raw queries agree (the compiler checks it where `openDatabase` assigns each
 * client to `Database`, without a cast).
 */
export interface DatabaseTransaction
  extends OtherDelegates, Pick<SqliteClient, '$queryRaw' | '$executeRaw' | '$queryRawUnsafe' | '$executeRawUnsafe'> {
  assignment: AssignmentDelegate;
  submission: SubmissionDelegate;
  auditEvent: AuditEventDelegate;
  accessEvent: AccessEventDelegate;
}

/**
 * The system of record. The clients' transactions differ only in the isolation levels they
 * accept, which this interface leaves out (see `inOneSnapshot`).
 */
export interface Database extends DatabaseTransaction, Pick<SqliteClient, '$disconnect'> {
  /** The database behind the client, from the URL it was opened with. */
  readonly provider: Provider;
  /** The DATABASE_URL it was opened with (a second connection, e.g. in a worker thread, opens the same). */
  readonly url: string;
  $transaction<P extends Prisma.PrismaPromise<unknown>[]>(
    writes: [...P],
    options?: TransactionOptions,
  ): Promise<{ [K in keyof P]: Awaited<P[K]> }>;
  $transaction<R>(work: (tx: DatabaseTransaction) => Promise<R>, options?: TransactionOptions): Promise<R>;
}

/** Opens the system of record from a DATABASE_URL: `file:` for the embedded SQLite default, `postgresql://` for production. */
export async function openDatabase(databaseUrl: string): Promise<Database> {
  const provider = providerOf(databaseUrl);
  if (provider === 'postgresql') {
    const client: Database = Object.assign(
      new PostgresClient({
        adapter: new PrismaPg({ connectionString: databaseUrl }),
        transactionOptions: TRANSACTION_BOUNDS,
      }),
      { provider, url: databaseUrl },
    );
    return client;
  }
  const file = sqliteFilePath(databaseUrl);
  // Created 0600 in a 0700 folder: SQLite gives its side files (WAL, shared memory) the file's mode.
  ensurePrivateDatabaseFile(file);
  // The worker, the admin script and the reporting job share the file: wait on locks instead of failing.
  const client: Database = Object.assign(
    new SqliteClient({
      adapter: new PrismaBetterSqlite3({ url: file, timeout: 15_000 }),
      transactionOptions: TRANSACTION_BOUNDS,
    }),
    { provider, url: databaseUrl },
  );
  await applySqlitePragmas(client);
  tightenDatabaseFiles(file);
  return client;
}

/**
 * Runs `work` in one transaction whose statements all read the same snapshot. PostgreSQL's
 * default (READ COMMITTED) gives each statement its own, so the transaction asks for REPEATABLE
 * READ before its first query; a SQLite transaction already is one snapshot (WAL readers do not
 * block the workers' writes).
 */
export function inOneSnapshot<R>(
  db: Database,
  work: (tx: DatabaseTransaction) => Promise<R>,
  options?: TransactionOptions,
): Promise<R> {
  return db.$transaction(async (tx) => {
    if (db.provider === 'postgresql') await tx.$executeRawUnsafe('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    return work(tx);
  }, options);
}

/**
 * dondoc's SQLite pragmas, chosen rather than inherited. WAL lets readers (the report, the admin
 * script) run beside the worker's writes. `synchronous = FULL` syncs the WAL at every commit: a
 * commit here is the record of an activity Temporal then counts as done, and Temporal does not run a
 * done activity again, so a commit lost to a power cut or an OS crash would be a record lost for good
 * (an assignment, a decision, an audit row). NORMAL would be safe against a crashed or killed process
 * but not against that. Left alone, better-sqlite3 (built with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1) gave
 * FULL to the process that first switched the file to WAL and NORMAL to every later one.
 * The Temporal dev server's own file is another matter (launcher/dev-server.ts).
 */
async function applySqlitePragmas(db: Database): Promise<void> {
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$executeRawUnsafe('PRAGMA synchronous = FULL');
}
