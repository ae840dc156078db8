import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { campaignClockOf } from '../domain/clock';
import { TERMINAL_STAGES, type Stage } from '../domain/stages';
import type { Database } from '../prisma/database';
import { mapLimit } from '../shared/map-limit';
import { reminderPlanQuery } from '../workflows/agency/messages';
import { loadCampaignRow } from './campaign-roles';
import { notFound } from '../shared/http-errors';
import { queryWorkflow } from './query-workflow';

// The automatic reminders of a campaign's agencies: when each will be reminded next, as its
// workflow plans them (the reminderPlan query answers with the workflow's own timer plan), and the
// last reminder sent, from the outbox.

const CONCURRENCY = 8;

const instant = z.string();
export const reminderScheduleSchema = z.object({
  campaignId: z.string(),
  /** Campaign time at the request (a rehearsal's compressed clock): what "already due" is judged by. */
  now: instant,
  /** The reminder policy as launched; absent when the stored definition cannot be read. */
  policy: z.object({ reminderOffsets: z.array(z.number()), calendar: z.string() }).optional(),
  reviewer: z.object({ name: z.string().optional(), email: z.string().optional() }),
  agencies: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      stage: z.string(),
      email: z.string().optional(),
      /** The workflow's plan; absent for a finished agency. */
      plan: z
        .object({
          deadline: z.object({ kind: z.string(), at: instant }).optional(),
          audience: z.enum(['agency', 'reviewer']).optional(),
          reminders: z.array(z.object({ offset: z.number(), at: instant })),
        })
        .optional(),
      lastReminder: z.object({ at: instant, status: z.string(), lastError: z.string().optional() }).optional(),
      /** Why the agency's workflow gave no plan this time; the other agencies are answered all the same. */
      unanswered: z.string().optional(),
    }),
  ),
});
export type ReminderSchedule = z.infer<typeof reminderScheduleSchema>;

const storedDefinition = z.object({
  calendar: z.string(),
  policy: z.object({ reminderOffsets: z.array(z.number()) }),
  reviewer: z.object({ name: z.string().optional(), email: z.string().optional() }).optional(),
});

export async function reminderSchedule(
  deps: { db: Database; client: Client; temporalAddress: string },
  campaignId: string,
  codes: string[] | undefined,
  /** The server's real now; the campaign's clock turns it, and the outbox's stamps, into campaign time. */
  realNow: Date,
): Promise<ReminderSchedule> {
  const { db, client } = deps;
  const row = await loadCampaignRow(db, campaignId);
  const clock = campaignClockOf(row.definition);
  const campaignTime = (real: Date) => new Date(clock.at(real.getTime())).toISOString();
  const definition = storedDefinition.safeParse(row.definition ?? {}).data;
  const unique = codes && [...new Set(codes)];
  const found = await db.assignment.findMany({
    where: { campaignId, ...(unique && { agencyCode: { in: unique } }) },
    include: { agency: true },
    orderBy: { agencyCode: 'asc' },
  });
  const missing = unique?.filter((code) => !found.some((a) => a.agencyCode === code)) ?? [];
  if (missing.length > 0)
    throw notFound(
      `Không tìm thấy cơ quan ${missing.join(', ')} trong chiến dịch ${campaignId}. Cách sửa: dùng đúng mã cơ quan (trường code trong tệp chiến dịch).`,
    );
  // In the order asked for, else by code.
  const targets = unique ? unique.map((code) => found.find((a) => a.agencyCode === code)!) : found;
  const reminders = await db.notification.findMany({
    where: {
      campaignId,
      kind: { in: ['reminder', 'review_reminder'] },
      assignmentId: { in: targets.map((a) => a.id) },
    },
    orderBy: { createdAt: 'desc' },
  });
  // A finished agency has no plan; asking its workflow would only replay it.
  // One agency that does not answer is named in the answer; it never holds up the others.
  const plans = await mapLimit(targets, CONCURRENCY, async (a) => {
    if (TERMINAL_STAGES.includes(a.stage as Stage)) return undefined;
    const asked = await queryWorkflow({ client, db }, a.workflowId, reminderPlanQuery);
    if ('answer' in asked) return asked.answer;
    if ('notFound' in asked)
      return { unanswered: `Không tìm thấy hồ sơ của cơ quan ${a.agencyCode} trên máy chủ Temporal.` };
    if ('failed' in asked)
      return { unanswered: `Hồ sơ của cơ quan ${a.agencyCode} không trả lời được: ${asked.failed}` };
    const queue = asked.noWorker.taskQueue ? `hàng đợi "${asked.noWorker.taskQueue}" trên ` : '';
    return {
      unanswered: `Worker của dondoc không trả lời cho cơ quan ${a.agencyCode} (${queue}${deps.temporalAddress}). Cách sửa: chạy worker bằng "npm start" hoặc "npm run worker", rồi thử lại.`,
    };
  });
  return {
    campaignId,
    now: campaignTime(realNow),
    policy: definition && { reminderOffsets: definition.policy.reminderOffsets, calendar: definition.calendar },
    reviewer: { name: definition?.reviewer?.name, email: definition?.reviewer?.email },
    agencies: targets.map((a, i) => {
      const last = reminders.find((n) => n.assignmentId === a.id);
      const answer = plans[i];
      const plan = answer && 'unanswered' in answer ? undefined : answer;
      return {
        code: a.agencyCode,
        name: a.agency.name,
        stage: a.stage,
        email: a.agency.email ?? undefined,
        plan: plan && { deadline: plan.deadline, audience: plan.audience, reminders: plan.reminders },
        unanswered: answer && 'unanswered' in answer ? answer.unanswered : undefined,
        lastReminder: last && {
          at: campaignTime(last.createdAt),
          status: last.status,
          lastError: last.lastError ?? undefined,
        },
      };
    }),
  };
}
