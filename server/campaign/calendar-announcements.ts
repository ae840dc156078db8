import { registeredHandle } from '../../read-side/query-workflow';
import type { Client } from '@temporalio/client';
import type { ActorProof } from '../../domain/actor-proof';
import {
  announcementProblems,
  changeBetween,
  latestVersion,
  type Announcement,
  type CalendarChange,
} from '../../domain/calendar/announcements';
import { z } from 'zod';
import { campaignCalendar } from '../../domain/calendar/vietnam';
import { agencyWorkflowId } from '../../temporal/workflow-ids';
import { TERMINAL_STAGES } from '../../domain/stages';
import type { Database } from '../../prisma/database';
import { mapLimit } from '../../shared/map-limit';
import { executeCheckedUpdate } from '../workflow-updates';
import { changeCalendarUpdate, type CalendarChangeReceipt } from '../../workflows/agency/calendar-messages';
import { loadAnnouncementRows } from '../../read-side/calendar-version';

// The stored announcements (the calendar's versions after the law's) and their propagation: each
// running campaign on an older version gets, in every running agency, one changeCalendar Update
// with the days whose status differs, and moves to the latest version once all of them took it.

/** The stored announcements, oldest first (one reader, shared with the report). */
/** What a propagation reads from a launched campaign's stored definition. */
const storedDefinition = z.object({
  serviceCenter: z.object({ name: z.string().min(1) }).optional(),
  calendar: z.string().optional(),
});

export const loadAnnouncements = (db: Database): Promise<Announcement[]> => loadAnnouncementRows(db);

export class AnnouncementRefusedError extends Error {
  constructor(readonly problems: string[]) {
    super(`Không ghi thông báo lịch làm việc; chưa có gì thay đổi:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AnnouncementRefusedError';
  }
}

export interface NewAnnouncement extends CalendarChange {
  basis: string;
  corrects?: number;
  note?: string;
  recordedBy: string;
}

/**
 * Stores an announcement as the next version, checked first (AnnouncementRefusedError names every
 * problem). Two operators at once: the version is the primary key, so the second one is retried on
 * the version after.
 */
export async function recordAnnouncement(db: Database, announcement: NewAnnouncement): Promise<Announcement> {
  for (let attempt = 0; ; attempt++) {
    const existing = await loadAnnouncements(db);
    const problems = announcementProblems(announcement, existing);
    if (problems.length > 0) throw new AnnouncementRefusedError(problems);
    const version = latestVersion(existing) + 1;
    try {
      const row = await db.calendarAnnouncement.create({
        data: {
          version,
          basis: announcement.basis,
          daysOff: [...announcement.daysOff].sort(),
          workingDays: [...announcement.workingDays].sort(),
          corrects: announcement.corrects ?? null,
          note: announcement.note ?? null,
          recordedBy: announcement.recordedBy,
        },
      });
      return { ...announcement, version: row.version, recordedAt: row.recordedAt };
    } catch (error) {
      if (attempt >= 3 || (error as { code?: string }).code !== 'P2002') throw error;
    }
  }
}

export interface AgencyOutcome {
  agencyCode: string;
  agencyName: string;
  receipt?: CalendarChangeReceipt;
  error?: Error;
}

export interface CampaignPropagation {
  campaignId: string;
  from: number;
  to: number;
  change: CalendarChange;
  agencies: AgencyOutcome[];
  /** Every running agency took the change: the campaign is on the new version. */
  complete: boolean;
}

export interface PropagateOptions {
  client: Client;
  db: Database;
  /** Only these campaigns (by default every campaign that uses the Vietnamese calendar). */
  campaignIds?: string[];
  /** The actor proof for one Update, signed for its workflow, Update ID and argument. */
  proofFor?: (
    target: { campaignId: string; workflowId: string; updateId: string },
    argument: unknown,
  ) => ActorProof | undefined;
  concurrency?: number;
}

/** Brings every running campaign (of those asked) to the latest calendar version. */
export async function propagateCalendar(options: PropagateOptions): Promise<CampaignPropagation[]> {
  const { client, db } = options;
  const all = await loadAnnouncements(db);
  const to = latestVersion(all);
  const campaigns = await db.campaign.findMany({
    where: { calendarVersion: { lt: to }, ...(options.campaignIds && { id: { in: options.campaignIds } }) },
    orderBy: { id: 'asc' },
  });
  const results: CampaignPropagation[] = [];
  for (const campaign of campaigns) {
    const definition = storedDefinition.safeParse(campaign.definition ?? {}).data;
    // Only launched campaigns (their file names the Service Center) on the Vietnamese calendar.
    const serviceCenter = definition?.serviceCenter?.name;
    if (!serviceCenter || definition?.calendar === 'weekends-only') continue;
    // The years the launch computed the calendar for: the directive's through the approval deadline's.
    const law = campaignCalendar(undefined, [
      campaign.directiveDate,
      campaign.approvalDeadline ?? campaign.submissionDeadline,
    ]);
    const change = changeBetween(law, all, campaign.calendarVersion, to);
    const targets = await db.assignment.findMany({
      where: { campaignId: campaign.id, stage: { notIn: [...TERMINAL_STAGES] } },
      include: { agency: true },
      orderBy: { agencyCode: 'asc' },
    });
    const empty = change.daysOff.length + change.workingDays.length === 0;
    const agencies = empty
      ? []
      : await mapLimit(targets, options.concurrency ?? 8, async (a): Promise<AgencyOutcome> => {
          const updateId = `calendar:${campaign.id}:${a.agencyCode}:v${to}`;
          const workflowId = agencyWorkflowId(campaign.id, a.agencyCode);
          const argument = {
            version: to,
            ...change,
            basis: describeBasis(all, campaign.calendarVersion, to),
          };
          const proof = options.proofFor?.({ campaignId: campaign.id, workflowId, updateId }, argument);
          try {
            const receipt = await executeCheckedUpdate(
              await registeredHandle({ client, db }, workflowId),
              changeCalendarUpdate,
              { ...argument, ...(proof && { proof }) },
              updateId,
            );
            return { agencyCode: a.agencyCode, agencyName: a.agency.name, receipt };
          } catch (error) {
            return { agencyCode: a.agencyCode, agencyName: a.agency.name, error: error as Error };
          }
        });
    const complete = agencies.every((a) => a.receipt);
    if (complete) await db.campaign.update({ where: { id: campaign.id }, data: { calendarVersion: to } });
    results.push({ campaignId: campaign.id, from: campaign.calendarVersion, to, change, agencies, complete });
  }
  return results;
}

/** The legal bases of the versions after `from` up to `to`, as the workflows record them. */
function describeBasis(all: readonly Announcement[], from: number, to: number): string {
  return all
    .filter((a) => a.version > from && a.version <= to)
    .map((a) => a.basis)
    .join('; ');
}
