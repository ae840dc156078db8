import type { Database } from '../prisma/database';
import { foldText } from '../domain/list-quality';
import { recordAccess, type Channel } from '../server/identity/audit';
import { DIRECTORY_FILE_LIMITS } from './file';
import type { DirectoryEntry, DirectoryLevel } from './entry';

// The directory in the system of record: read with search and filters, changed only by a named
// person (every change also an audit row naming them, with what it was before).

export interface DirectoryActor {
  personId: string;
  role: string;
  channel: Exclude<Channel, 'system'>;
  clientAddress?: string;
}

export interface DirectoryAgency extends DirectoryEntry {
  active: boolean;
  updatedAt: Date;
}

export interface DirectoryFilter {
  /** Words of the name, code, e-mail or identifier, without regard to case or diacritics. */
  q?: string;
  level?: DirectoryLevel;
  district?: string;
  /** Deactivated agencies too (the directory's page shows them; choosing for a campaign does not). */
  includeInactive?: boolean;
}

const toAgency = (row: {
  code: string;
  name: string;
  level: string;
  district: string;
  email: string | null;
  electronicId: string | null;
  active: boolean;
  updatedAt: Date;
}): DirectoryAgency => ({
  code: row.code,
  name: row.name,
  level: row.level as DirectoryLevel,
  district: row.district,
  email: row.email ?? undefined,
  electronicId: row.electronicId ?? undefined,
  active: row.active,
  updatedAt: row.updatedAt,
});

const LEVEL_ORDER: DirectoryLevel[] = ['department', 'police', 'district', 'commune', 'other'];

/** The directory in reading order (level, district, name), filtered; bounded by the import limit. */
export async function listDirectory(db: Database, filter: DirectoryFilter = {}): Promise<DirectoryAgency[]> {
  const rows = await db.directoryAgency.findMany({
    where: {
      ...(filter.includeInactive ? {} : { active: true }),
      ...(filter.level && { level: filter.level }),
      ...(filter.district && { district: filter.district }),
    },
    orderBy: [{ district: 'asc' }, { name: 'asc' }],
    take: DIRECTORY_FILE_LIMITS.maxRows * 2,
  });
  // Searched here, not in SQL: folded Vietnamese matches the same on SQLite and PostgreSQL.
  const words = filter.q ? foldText(filter.q).trim().split(' ').filter(Boolean) : [];
  return rows
    .map(toAgency)
    .filter((a) => {
      if (words.length === 0) return true;
      const haystack = foldText([a.code, a.name, a.district, a.email ?? '', a.electronicId ?? ''].join(' '));
      return words.every((word) => haystack.includes(word));
    })
    .sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
}

export async function findDirectoryAgency(db: Database, code: string): Promise<DirectoryAgency | undefined> {
  const row = await db.directoryAgency.findUnique({ where: { code } });
  return row ? toAgency(row) : undefined;
}

/** The districts named in the directory, for the filters and for choosing a district's communes. */
export async function directoryDistricts(db: Database): Promise<string[]> {
  const rows = await db.directoryAgency.findMany({
    where: { active: true, NOT: { district: '' } },
    select: { district: true },
    distinct: ['district'],
    orderBy: { district: 'asc' },
  });
  return rows.map((r) => r.district);
}

const columns = (entry: DirectoryEntry) => ({
  name: entry.name,
  level: entry.level,
  district: entry.district,
  email: entry.email ?? null,
  electronicId: entry.electronicId ?? null,
});

function audit(db: Database, actor: DirectoryActor, detail: Record<string, unknown>) {
  return recordAccess(db, {
    personId: actor.personId,
    role: actor.role,
    channel: actor.channel,
    action: 'manageDirectory',
    clientAddress: actor.clientAddress,
    outcome: 'done',
    detail,
  });
}

/** Adds the file's agencies and updates those already there (by code), in one transaction; others stay. */
export async function importDirectory(
  db: Database,
  entries: DirectoryEntry[],
  actor: DirectoryActor,
  file: string,
): Promise<{ created: number; updated: number }> {
  const existing = new Set(
    (
      await db.directoryAgency.findMany({ where: { code: { in: entries.map((e) => e.code) } }, select: { code: true } })
    ).map((r) => r.code),
  );
  await db.$transaction(
    async (tx) => {
      for (const entry of entries)
        await tx.directoryAgency.upsert({
          where: { code: entry.code },
          create: { code: entry.code, ...columns(entry), updatedBy: actor.personId },
          update: { ...columns(entry), active: true, updatedBy: actor.personId },
        });
    },
    { timeout: 120_000 },
  );
  const result = { created: entries.length - existing.size, updated: existing.size };
  await audit(db, actor, { operation: 'import', file, ...result });
  return result;
}

/** Adds one agency; false when the code is already taken. */
export async function addDirectoryAgency(db: Database, entry: DirectoryEntry, actor: DirectoryActor): Promise<boolean> {
  if (await db.directoryAgency.findUnique({ where: { code: entry.code }, select: { code: true } })) return false;
  await db.directoryAgency.create({ data: { code: entry.code, ...columns(entry), updatedBy: actor.personId } });
  await audit(db, actor, { operation: 'add', code: entry.code, after: entry });
  return true;
}

/** Changes one agency (its code stays); false when there is none. */
export async function changeDirectoryAgency(
  db: Database,
  entry: DirectoryEntry,
  actor: DirectoryActor,
): Promise<boolean> {
  const before = await findDirectoryAgency(db, entry.code);
  if (!before) return false;
  await db.directoryAgency.update({
    where: { code: entry.code },
    data: { ...columns(entry), updatedBy: actor.personId },
  });
  const was: DirectoryEntry = {
    code: before.code,
    name: before.name,
    level: before.level,
    district: before.district,
    email: before.email,
    electronicId: before.electronicId,
  };
  await audit(db, actor, { operation: 'change', code: entry.code, before: was, after: entry });
  return true;
}

/** Deactivates (no longer offered for new campaigns) or reactivates one agency; false when there is none. */
export async function setDirectoryAgencyActive(
  db: Database,
  code: string,
  active: boolean,
  actor: DirectoryActor,
): Promise<boolean> {
  const { count } = await db.directoryAgency.updateMany({
    where: { code },
    data: { active, updatedBy: actor.personId },
  });
  if (count === 0) return false;
  await audit(db, actor, { operation: active ? 'reactivate' : 'deactivate', code });
  return true;
}
