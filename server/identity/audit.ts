import type { Database } from '../../prisma/database';
import { newId } from './secrets';

// The server's own trail: every action taken or refused through it, with the real person, their
// role, the channel and the client address. Workflow transitions keep their own rows (AuditEvent).

export type Channel = 'web' | 'token' | 'cli' | 'system';

export interface AccessRecord {
  personId?: string;
  role?: string;
  channel: Channel;
  action: string;
  campaignId?: string;
  agencyCode?: string;
  updateId?: string;
  clientAddress?: string;
  outcome: 'done' | 'refused' | 'failed';
  detail?: Record<string, unknown>;
}

const observers = new Set<(record: AccessRecord) => void>();

/** Called with every access recorded (the server's metrics count them); returns the unsubscribe. */
export function observeAccess(observer: (record: AccessRecord) => void): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export async function recordAccess(db: Database, record: AccessRecord, at: Date = new Date()): Promise<void> {
  await db.accessEvent.create({
    data: {
      id: newId('access'),
      at,
      ...record,
      detail: record.detail === undefined ? undefined : JSON.parse(JSON.stringify(record.detail)),
    },
  });
  for (const observer of observers) observer(record);
}
