import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Database } from '../../prisma/database';
import { logger } from '../../shared/logger';
import { formatDate } from '../../domain/time';
import { PHASE_LABELS, type CampaignPhase } from '../../workflows/campaign/messages';
import { CampaignClock, type ClockSpec } from '../../domain/clock';
import { STAGE_LABELS, STAGES, type Stage } from '../../domain/stages';
import type { CampaignDefinition } from '../../domain/campaign-definition';
import { loadCampaignDefinition } from '../../campaign-files/campaign-definition';
import { runReport } from '../../reporting/run-report';
import { demoPeople, serviceCenterCall, type DemoCall } from './demo-people';
import { demoList, planFor, reviewerReturns } from './plans';

// The demo behind `npm start`: letter 751 with its 206 agencies on a compressed clock. Simulated
// agencies submit, get returned, resubmit, run late or stay silent; Sở TTTT reviews and consolidates;
// the Chairman approves. Every one of them acts through the dondoc server as themselves (a personal
// API token each), so the server checks their role and the workflows verify the server's signed
// proof of who acts, as for real people; the Web UI shows it all.

const DEMO_FILE = path.resolve(__dirname, '../../campaigns/751-UBND-TTHC-2024.yaml');
const DAY_MS = 86_400_000;
const REMIND_DAY = 20; // 27/02/2024: the Service Center reminds every agency that has sent nothing
const CONSOLIDATE_DAY = 30; // 08/03/2024
const APPROVE_DAY = 35; // 13/03/2024
/** The people look again every eighth of a campaign day (half a second at four seconds a day). */
const ROUND_MS = DAY_MS / 8;
/** Office hours start at 08:00: the reviewer and the Chairman act then on their day. */
const OFFICE_HOUR_MS = 8 * 3_600_000;
/** Campaign days the Chairman keeps between the approval and its deadline, beyond how slow the machine is. */
const APPROVAL_MARGIN_MS = DAY_MS;
/** How long the closing report waits for every agency to record the approval. */
const REPORT_APPROVAL_WAIT_MS = 120_000;

export interface DemoOptions {
  client: Client;
  db: Database;
  /** The dondoc server's own address (the demo's people call its API there). */
  server: string;
  /** The campaign to play (letter 751 by default, as `<id>-demo`). */
  definition?: CampaignDefinition;
  /** Where the closing report is written (`reports/` by default). */
  reportsDir?: string;
  uiUrl?: string;
  /** Where a newcomer signs in: the server, and the development mailbox when the demo catches the mail. */
  links?: { portal: string; mailbox?: string };
  say: (line: string) => void;
  /** Resolves when the demo should stop (Ctrl-C). */
  stopped: Promise<void>;
}

/** What the Service Center reads each round: the campaign status API. */
interface StatusAnswer {
  campaign: { phase?: CampaignPhase; consolidation?: { files: { xlsx: string } } };
  counts: { escalations: number };
  agencies: { code: string; kind: string; stage: Stage; version: number }[];
}

interface LaunchAnswer {
  agenciesStarted: number;
  agenciesAlreadyRunning: number;
  clock: Required<ClockSpec>;
}

export async function demoDefinition(): Promise<CampaignDefinition> {
  const loaded = await loadCampaignDefinition(DEMO_FILE);
  return { ...loaded, id: `${loaded.id}-demo` };
}

export async function runCampaignDemo(options: DemoOptions): Promise<void> {
  const { db, say } = options;
  const definition = options.definition ?? (await demoDefinition());
  const route = `/api/v1/campaigns/${encodeURIComponent(definition.id)}`;
  // The Service Center launches as a rehearsal on a compressed clock that starts on the letter's
  // day; the server keeps that clock with the campaign, so a second `npm start` continues it.
  const serviceCenter = await serviceCenterCall(db, definition, options.server);
  const launched = await serviceCenter<LaunchAnswer>('POST', '/api/v1/campaigns?drill=true', { body: definition });
  const clock = new CampaignClock(launched.clock);
  const letterDay = Date.parse(`${definition.directive.date}T00:00:00+07:00`); // campaign days count from local midnight
  say(
    `Chiến dịch ${definition.directive.number} (${definition.agencies.length} cơ quan), thời gian rút gọn: 1 ngày = ${launched.clock.secondsPerDay} giây.`,
  );
  say(
    `Trung tâm Phục vụ đã khởi chạy qua máy chủ dondoc: ${launched.agenciesStarted} workflow cơ quan mới; ${launched.agenciesAlreadyRunning} đã chạy từ trước.`,
  );
  if (options.uiUrl) {
    say(
      `Theo dõi trên Temporal Web UI: ${options.uiUrl}/namespaces/default/workflows?query=${encodeURIComponent(`Campaign="${definition.id}"`)}`,
    );
  }
  if (options.links) for (const line of signInHelp(definition, options.links)) say(line);
  const people = await demoPeople(db, definition, options.server);
  say(
    `Mỗi người trong bản demo (${definition.agencies.length} cơ quan, thẩm định, phê duyệt, Trung tâm Phục vụ) thao tác qua API bằng mã API của chính mình.`,
  );

  const firstSeen = new Map<string, number>(); // agency:stage:version → campaign day it was first seen
  const strangers = new Set<string>(); // agencies of the campaign the demo's file does not name
  let lastDay = -1;
  let reminded = false;
  let stopping = false;
  let deciding = false; // a decision is on its way: the agencies' rounds wait for it
  const busy = new CallsInFlight(8);

  // Updates and queries need the worker: once Ctrl-C stops it, nothing in flight would ever answer.
  const unlessStopped = <T>(work: Promise<T>): Promise<T | undefined> =>
    Promise.race([work, options.stopped.then(() => undefined)]);
  // Everyone waits on the campaign's clock: a busy machine delays their calls, never their calendar.
  const dayAt = (day: number) => letterDay + day * DAY_MS;
  const untilCampaign = (instant: number) =>
    unlessStopped(new Promise((resolve) => setTimeout(resolve, clock.realDelayUntil(instant))));
  const phaseNow = async () => (await serviceCenter<StatusAnswer>('GET', route)).campaign.phase;

  const decisions = unlessStopped(decide()).catch((error: unknown) => {
    logger.warn({ err: error }, 'demo decisions stopped');
  });
  try {
    for (;;) {
      const finished = await unlessStopped(tick());
      if (finished !== false) return;
      await untilCampaign(clock.now() + ROUND_MS);
    }
  } finally {
    // The decisions are made by then (the campaign ended) or given up (Ctrl-C).
    stopping = true;
    void decisions;
  }

  /**
   * The reviewer consolidates on 08/03 and the Chairman approves on 13/03, each on the campaign's
   * clock and apart from the agencies' rounds, which wait while a decision is on its way, so that a
   * busy machine never holds a decision back behind them. How long the consolidation took on the
   * campaign's clock tells how busy the machine is: when approving on 13/03 could land after the
   * deadline, the Chairman approves that much earlier.
   */
  async function decide(): Promise<void> {
    const decision = async (who: DemoCall, what: string, body: object, wanted: CampaignPhase) => {
      deciding = true;
      try {
        // Retried (the same Idempotency-Key: applied once) until the campaign shows the decision.
        for (let tries = 0; !stopping; tries++) {
          const done = await who('POST', `${route}/${what}`, { body, idempotencyKey: `demo:${what}:${definition.id}` })
            .then(() => true)
            .catch((error: unknown) => (logger.debug({ err: error, what }, 'demo decision retried'), false));
          if (done || (await phaseNow()) === wanted) return;
          await untilCampaign(clock.now() + ROUND_MS);
        }
      } finally {
        deciding = false;
      }
    };
    await untilCampaign(dayAt(CONSOLIDATE_DAY) + OFFICE_HOUR_MS);
    const started = clock.now();
    if ((await phaseNow()) === 'collecting') await decision(people.reviewer, 'consolidate', {}, 'consolidated');
    const took = clock.now() - started;
    const deadline = Date.parse(definition.deadlines.approval);
    await untilCampaign(Math.min(dayAt(APPROVE_DAY) + OFFICE_HOUR_MS, deadline - APPROVAL_MARGIN_MS - 2 * took));
    if ((await phaseNow()) === 'consolidated')
      await decision(
        people.approver,
        'approve',
        { decisionNumber: '512/QĐ-UBND', decisionDate: '2024-03-13', signer: 'Đặng Văn Minh' },
        'approved',
      );
  }

  /** One round of the agencies' work; true once the campaign is over. */
  async function tick(): Promise<boolean> {
    const now = clock.now();
    const day = Math.floor((now - letterDay) / DAY_MS);
    const status = await serviceCenter<StatusAnswer>('GET', route);
    const phase = status.campaign.phase;
    const actions: { who: string; act: () => Promise<unknown> }[] = [];
    // Lists are collected until the consolidation; nobody acts while a decision is on its way.
    const collecting = phase === 'collecting' && !deciding;
    for (const a of collecting ? status.agencies : []) {
      if (!people.knows(a.code)) {
        // An agency the demo's file does not name has nobody to act for it: said once, then left alone.
        if (!strangers.has(a.code)) {
          strangers.add(a.code);
          logger.warn({ agency: a.code, campaignId: definition.id }, 'demo agency not in the campaign file');
          say(
            `Cơ quan ${a.code} có trong chiến dịch nhưng không có trong tệp của bản demo: không ai thao tác thay cơ quan này.`,
          );
        }
        continue;
      }
      const plan = planFor(a.code);
      const key = `${a.code}:${a.stage}:${a.version}`;
      if (!firstSeen.has(key)) firstSeen.set(key, day);
      const since = day - firstSeen.get(key)!;
      const agencyRoute = `${route}/agencies/${encodeURIComponent(a.code)}`;
      // One Idempotency-Key per step of the story: a step retried after a restart is applied once.
      const step = (what: string, version: number) => `demo:${what}:${a.code}:v${version}`;
      if (
        (a.stage === 'assigned' && day >= plan.submitDay) ||
        (a.stage === 'returned' && a.version > 0 && since >= 2) ||
        (a.stage === 'returned' && a.version === 0 && day >= plan.submitDay)
      ) {
        const version = a.version + 1;
        actions.push({
          who: a.code,
          act: () =>
            people.agency(a.code)('POST', `${agencyRoute}/submissions`, {
              body: { list: demoList(a.kind, version) },
              idempotencyKey: step('submit', version),
            }),
        });
      } else if ((a.stage === 'submitted' || a.stage === 'resubmitted') && since >= 1) {
        actions.push({
          who: a.code,
          act: () =>
            reviewerReturns(plan, a.version)
              ? people.reviewer('POST', `${agencyRoute}/return`, {
                  body: {
                    reasons: {
                      overall: 'Danh sách chưa đủ TTHC thuộc thẩm quyền; bổ sung theo Điều 4 Thông tư 01/2023/TT-VPCP.',
                    },
                  },
                  idempotencyKey: step('return', a.version),
                })
              : people.reviewer('POST', `${agencyRoute}/accept`, {
                  body: {},
                  idempotencyKey: step('accept', a.version),
                }),
        });
      }
    }
    // On its day, or the first round after it when a slow round stepped over it (before consolidation).
    if (collecting && day >= REMIND_DAY && day < CONSOLIDATE_DAY && !reminded) {
      reminded = true;
      const silent = status.agencies.filter((a) => a.stage === 'assigned' && day < planFor(a.code).submitDay); // not submitting this round
      say(`Trung tâm Phục vụ nhắc ngay ${silent.length} cơ quan chưa gửi danh sách.`);
      for (const a of silent)
        actions.push({
          who: `remind:${a.code}`,
          act: () =>
            serviceCenter('POST', `${route}/agencies/${encodeURIComponent(a.code)}/remind`, {
              body: { note: 'Đề nghị gửi danh sách trước hạn 05/3/2024.' },
              // One reminder per agency: after a restart the same key is answered, not sent again.
              idempotencyKey: `demo:remind:${a.code}`,
            }),
        });
    }
    // Each person goes at their own pace: a slow call holds back its own next step, not everyone's.
    for (const { who, act } of actions) busy.start(who, act);

    // Nothing to show until the agencies' first rows are written.
    if (day !== lastDay && status.agencies.length > 0) {
      lastDay = day;
      const counts = new Map<string, number>();
      for (const a of status.agencies) counts.set(a.stage, (counts.get(a.stage) ?? 0) + 1);
      const summary = STAGES.filter((stage) => counts.has(stage))
        .map((stage) => `${STAGE_LABELS[stage]} ${counts.get(stage)}`)
        .join(', ');
      say(
        `${formatDate(new Date(now))} — ${summary}; ${status.counts.escalations} cảnh báo.${phase ? ` Chiến dịch: ${PHASE_LABELS[phase]}.` : ''}`,
      );
    }
    if (phase === 'approved' || phase === 'cancelled') {
      if (status.campaign.consolidation) say(`Danh mục tổng hợp: ${status.campaign.consolidation.files.xlsx}`);
      say(`Chiến dịch kết thúc: ${PHASE_LABELS[phase]}.`);
      // The report as of the campaign's own date, as the Office would read it that morning.
      const report = await runReport({
        db,
        campaignId: definition.id,
        at: new Date(clock.now()),
        baseDir: options.reportsDir,
        approvalWaitMs: REPORT_APPROVAL_WAIT_MS,
        temporal: { client: options.client },
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

/**
 * The people's calls in flight: one at a time per person and agency, a few at once in all. A race
 * with a concurrent change is only logged (the next round sees the new stage).
 */
class CallsInFlight {
  private readonly running = new Set<string>();
  private readonly queue: (() => void)[] = [];
  private active = 0;

  constructor(private readonly limit: number) {}

  start(who: string, act: () => Promise<unknown>): void {
    if (this.running.has(who)) return;
    this.running.add(who);
    void this.slot()
      .then(act)
      .catch((error: unknown) => logger.debug({ err: error, who }, 'demo action skipped'))
      .finally(() => {
        this.running.delete(who);
        this.active--;
        this.queue.shift()?.();
      });
  }

  private slot(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.queue.push(() => {
        this.active++;
        resolve();
      }),
    );
  }
}
