import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Database } from '../../prisma/database';
import { logger } from '../../shared/logger';
import { mapLimit } from '../../shared/map-limit';
import { formatDate } from '../../domain/time';
import { agencyWorkflowId } from '../../domain/agency-input';
import { campaignWorkflowId } from '../../domain/campaign-input';
import { approveUpdate, campaignStateQuery, consolidateUpdate, PHASE_LABELS } from '../../workflows/campaign/messages';
import { CampaignClock, type ClockSpec } from '../../domain/clock';
import { acceptListUpdate, remindNowUpdate, returnListUpdate, submitListUpdate } from '../../workflows/agency/messages';
import { STAGE_LABELS, STAGES, type Stage } from '../../domain/stages';
import type { CampaignDefinition } from '../../domain/campaign-definition';
import { loadCampaignDefinition } from '../campaign-definition';
import { launchCampaign } from '../../server/launch-campaign';
import { runReport } from '../../reporting/run-report';
import { demoList, planFor, reviewerReturns } from './plans';

// The demo behind `npm start`: letter 751 with its 206 agencies on a compressed clock. Simulated
// agencies submit, get returned, resubmit, run late or stay silent; Sở TTTT reviews and consolidates;
// the Chairman approves. Everything goes through the real workflows, so the Web UI shows it all.

export const DEMO_FILE = path.resolve(__dirname, '../../campaigns/751-UBND-TTHC-2024.yaml');
const LETTER_DAY = Date.parse('2024-02-07T00:00:00+07:00'); // campaign days count from local midnight
const DEMO_START = '2024-02-07T08:00:00+07:00';
const DAY_MS = 86_400_000;
const REMIND_DAY = 20; // 27/02/2024: the Service Center reminds every agency that has sent nothing
const CONSOLIDATE_DAY = 30; // 08/03/2024
const APPROVE_DAY = 35; // 13/03/2024
const TICK_MS = 500;

export interface DemoOptions {
  client: Client;
  db: Database;
  taskQueue: string;
  dataDir: string;
  secondsPerDay: number;
  uiUrl?: string;
  /** Where a newcomer signs in: the server, and the development mailbox when the demo catches the mail. */
  links?: { portal: string; mailbox?: string };
  say: (line: string) => void;
  /** Resolves when the demo should stop (Ctrl-C). */
  stopped: Promise<void>;
}

/** The clock survives restarts, so a second `npm start` continues the same campaign day. */
function demoClock(dataDir: string, secondsPerDay: number): Required<ClockSpec> {
  const file = path.join(dataDir, 'demo-clock.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as Required<ClockSpec>;
  const spec = {
    secondsPerDay,
    simulatedStart: new Date(DEMO_START).toISOString(),
    realStart: new Date().toISOString(),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(spec, null, 2));
  return spec;
}

export async function runCampaignDemo(options: DemoOptions): Promise<void> {
  const { client, db, taskQueue, say } = options;
  const loaded = await loadCampaignDefinition(DEMO_FILE);
  const definition = { ...loaded, id: `${loaded.id}-demo` };
  const spec = demoClock(options.dataDir, options.secondsPerDay);
  const clock = new CampaignClock(spec);
  say(
    `Chiến dịch ${definition.directive.number} (${definition.agencies.length} cơ quan), thời gian rút gọn: 1 ngày = ${spec.secondsPerDay} giây.`,
  );
  const launched = await launchCampaign({ client, db, taskQueue, definition, clock: spec });
  say(
    `Đã khởi tạo ${launched.agenciesStarted} workflow cơ quan mới; ${launched.agenciesAlreadyRunning} đã chạy từ trước.`,
  );
  if (options.uiUrl) {
    say(
      `Theo dõi trên Temporal Web UI: ${options.uiUrl}/namespaces/default/workflows?query=${encodeURIComponent(`Campaign="${definition.id}"`)}`,
    );
  }

  if (options.links) for (const line of signInHelp(definition, options.links)) say(line);

  const campaign = client.workflow.getHandle(campaignWorkflowId(definition.id));
  const firstSeen = new Map<string, number>(); // workflowId:stage:version → campaign day it was first seen
  let lastDay = -1;
  let reminded = false;

  // Updates and queries need the worker: once Ctrl-C stops it, nothing in flight would ever answer.
  const unlessStopped = <T>(work: Promise<T>): Promise<T | undefined> =>
    Promise.race([work, options.stopped.then(() => undefined)]);

  for (;;) {
    const finished = await unlessStopped(tick());
    if (finished !== false) return;
    await unlessStopped(new Promise((resolve) => setTimeout(resolve, TICK_MS)));
  }

  /** One round of the simulation; true once the campaign is over. */
  async function tick(): Promise<boolean> {
    const now = clock.now();
    const day = Math.floor((now - LETTER_DAY) / DAY_MS);
    const assignments = await db.assignment.findMany({
      where: { campaignId: definition.id },
      select: {
        agencyCode: true,
        workflowId: true,
        stage: true,
        currentVersion: true,
        agency: { select: { kind: true } },
      },
    });
    const actions: (() => Promise<unknown>)[] = [];
    for (const a of assignments) {
      const plan = planFor(a.agencyCode);
      const key = `${a.workflowId}:${a.stage}:${a.currentVersion}`;
      if (!firstSeen.has(key)) firstSeen.set(key, day);
      const since = day - firstSeen.get(key)!;
      const handle = client.workflow.getHandle(agencyWorkflowId(definition.id, a.agencyCode));
      const stage = a.stage as Stage;
      if (
        (stage === 'assigned' && day >= plan.submitDay) ||
        (stage === 'returned' && a.currentVersion > 0 && since >= 2) ||
        (stage === 'returned' && a.currentVersion === 0 && day >= plan.submitDay)
      ) {
        actions.push(() =>
          handle.executeUpdate(submitListUpdate, {
            args: [{ by: a.agencyCode, list: demoList(a.agency.kind, a.currentVersion + 1) }],
          }),
        );
      } else if ((stage === 'submitted' || stage === 'resubmitted') && since >= 1) {
        actions.push(() =>
          reviewerReturns(plan, a.currentVersion)
            ? handle.executeUpdate(returnListUpdate, {
                args: [
                  {
                    by: definition.reviewer.name,
                    reasons: {
                      overall: 'Danh sách chưa đủ TTHC thuộc thẩm quyền; bổ sung theo Điều 4 Thông tư 01/2023/TT-VPCP.',
                    },
                  },
                ],
              })
            : handle.executeUpdate(acceptListUpdate, { args: [{ by: definition.reviewer.name }] }),
        );
      }
    }
    if (day === REMIND_DAY && !reminded) {
      reminded = true;
      const silent = assignments.filter((a) => a.stage === 'assigned' && day < planFor(a.agencyCode).submitDay); // not submitting this round
      say(`Trung tâm Phục vụ nhắc ngay ${silent.length} cơ quan chưa gửi danh sách.`);
      for (const a of silent) {
        const handle = client.workflow.getHandle(agencyWorkflowId(definition.id, a.agencyCode));
        actions.push(() =>
          handle.executeUpdate(remindNowUpdate, {
            args: [{ by: definition.serviceCenter.name, note: 'Đề nghị gửi danh sách trước hạn 05/3/2024.' }],
          }),
        );
      }
    }
    const state = await campaign.query(campaignStateQuery);
    if (state.phase === 'collecting' && day >= CONSOLIDATE_DAY)
      actions.push(() => campaign.executeUpdate(consolidateUpdate, { args: [{ by: definition.reviewer.name }] }));
    if (state.phase === 'consolidated' && day >= APPROVE_DAY) {
      actions.push(() =>
        campaign.executeUpdate(approveUpdate, {
          args: [
            {
              by: definition.approver.name,
              decisionNumber: '512/QĐ-UBND',
              decisionDate: '2024-03-13',
              signer: 'Đặng Văn Minh',
            },
          ],
        }),
      );
    }
    await runAll(actions, 16);

    if (day !== lastDay) {
      lastDay = day;
      const counts = new Map<string, number>();
      for (const a of assignments) counts.set(a.stage, (counts.get(a.stage) ?? 0) + 1);
      const escalations = await db.escalation.count({ where: { campaignId: definition.id } });
      const summary = STAGES.filter((stage) => counts.has(stage))
        .map((stage) => `${STAGE_LABELS[stage]} ${counts.get(stage)}`)
        .join(', ');
      say(
        `${formatDate(new Date(now))} — ${summary}; ${escalations} cảnh báo. Chiến dịch: ${PHASE_LABELS[state.phase]}.`,
      );
    }
    if (state.phase === 'approved' || state.phase === 'cancelled') {
      if (state.consolidation) say(`Danh mục tổng hợp: ${state.consolidation.files.xlsx}`);
      say(`Chiến dịch kết thúc: ${PHASE_LABELS[state.phase]}.`);
      // The report as of the campaign's own date, as the Office would read it that morning.
      const report = await runReport({
        db,
        campaignId: definition.id,
        at: new Date(clock.now()),
        temporal: { client },
      });
      say(`Báo cáo tiến độ (mở bằng trình duyệt): ${path.resolve(report.files.html)}`);
      return true;
    }
    return false;
  }
}

/** How to sign in as each demo role: the portal, the mailbox, and the people's addresses. */
export function signInHelp(
  definition: Pick<CampaignDefinition, 'reviewer' | 'approver' | 'serviceCenter' | 'agencies'>,
  links: { portal: string; mailbox?: string },
): string[] {
  const person = (label: string, who: { name: string; email?: string }) =>
    who.email ? [`  ${label}: ${who.email} (${who.name})`] : [];
  const agencies = definition.agencies.filter((a) => a.email);
  return [
    `Cổng dondoc: ${links.portal}/sign-in — đăng nhập bằng email của một vai trò dưới đây.`,
    ...(links.mailbox ? [`Hộp thư thử nghiệm (mở liên kết đăng nhập trong thư): ${links.mailbox}`] : []),
    ...person('Thẩm định', definition.reviewer),
    ...person('Phê duyệt', definition.approver),
    ...person('Trung tâm Phục vụ', definition.serviceCenter),
    ...agencies.slice(0, 3).flatMap((a) => person('Cơ quan', a)),
    ...(agencies.length > 3
      ? [`  … và ${agencies.length - 3} cơ quan khác (email trong ${path.basename(DEMO_FILE)}).`]
      : []),
  ];
}

/** Runs the actions a few at a time; a race with a concurrent change is only logged. */
async function runAll(actions: (() => Promise<unknown>)[], concurrency: number): Promise<void> {
  await mapLimit(actions, concurrency, (action) =>
    action().catch((error: unknown) => logger.debug({ err: error }, 'demo action skipped')),
  );
}
