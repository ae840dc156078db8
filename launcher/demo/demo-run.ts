import path from 'node:path';
import { logger } from '../../shared/logger';
import { formatDate } from '../../domain/time';
import { PHASE_LABELS, type CampaignPhase } from '../../workflows/campaign/messages';
import type { CampaignClock } from '../../domain/clock';
import { STAGE_LABELS, STAGES, type Stage } from '../../domain/stages';
import type { CampaignDefinition } from '../../domain/campaign-definition';
import { runReport } from '../../reporting/run-report';
import type { DemoCall, DemoPeople } from './demo-people';
import { demoList, planFor, reviewerReturns } from './plans';
import { CallsInFlight } from './calls-in-flight';
import type { DemoOptions } from './run-demo';

// The demo's campaign once launched: rounds of the agencies' and the reviewer's work on the
// campaign's clock, the Service Center's reminder, and the two decisions apart from the rounds.

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

/** What the Service Center reads each round: the campaign status API. */
interface StatusAnswer {
  campaign: { phase?: CampaignPhase; consolidation?: { files: { xlsx: string } } };
  counts: { escalations: number };
  agencies: { code: string; kind: string; stage: Stage; version: number }[];
}

type StatusAgency = StatusAnswer['agencies'][number];

/** One person's next call: `who` keeps one call at a time per person and agency. */
interface DemoAction {
  who: string;
  act: () => Promise<unknown>;
}

/** Who plays the launched campaign, and on which clock. */
export interface DemoCast {
  options: DemoOptions;
  definition: CampaignDefinition;
  serviceCenter: DemoCall;
  people: DemoPeople;
  clock: CampaignClock;
}

export class DemoRun {
  private readonly firstSeen = new Map<string, number>(); // agency:stage:version → campaign day it was first seen
  private readonly strangers = new Set<string>(); // agencies of the campaign the demo's file does not name
  private lastDay = -1;
  private reminded = false;
  private stopping = false;
  private deciding = false; // a decision is on its way: the agencies' rounds wait for it
  private readonly busy = new CallsInFlight(8);
  private readonly route: string;
  /** Campaign days count from local midnight of the letter's day. */
  private readonly letterDay: number;

  constructor(private readonly cast: DemoCast) {
    this.route = `/api/v1/campaigns/${encodeURIComponent(cast.definition.id)}`;
    this.letterDay = Date.parse(`${cast.definition.directive.date}T00:00:00+07:00`);
  }

  /** Rounds until the campaign is over (or Ctrl-C), the decisions running beside them. */
  async play(): Promise<void> {
    const decisions = this.unlessStopped(this.decide()).catch((error: unknown) => {
      logger.warn({ err: error }, 'demo decisions stopped');
    });
    try {
      for (;;) {
        const finished = await this.unlessStopped(this.tick());
        if (finished !== false) return;
        await this.untilCampaign(this.cast.clock.now() + ROUND_MS);
      }
    } finally {
      // The decisions are made by then (the campaign ended) or given up (Ctrl-C).
      this.stopping = true;
      void decisions;
    }
  }

  // Updates and queries need the worker: once Ctrl-C stops it, nothing in flight would ever answer.
  private unlessStopped<T>(work: Promise<T>): Promise<T | undefined> {
    return Promise.race([work, this.cast.options.stopped.then(() => undefined)]);
  }

  // Everyone waits on the campaign's clock: a busy machine delays their calls, never their calendar.
  private dayAt(day: number): number {
    return this.letterDay + day * DAY_MS;
  }

  private untilCampaign(instant: number) {
    return this.unlessStopped(new Promise((resolve) => setTimeout(resolve, this.cast.clock.realDelayUntil(instant))));
  }

  private async phaseNow() {
    return (await this.cast.serviceCenter<StatusAnswer>('GET', this.route)).campaign.phase;
  }

  /**
   * The reviewer consolidates on 08/03 and the Chairman approves on 13/03, each on the campaign's
   * clock and apart from the agencies' rounds, which wait while a decision is on its way, so that a
   * busy machine never holds a decision back behind them. How long the consolidation took on the
   * campaign's clock tells how busy the machine is: when approving on 13/03 could land after the
   * deadline, the Chairman approves that much earlier.
   */
  private async decide(): Promise<void> {
    const { clock, people, definition } = this.cast;
    await this.untilCampaign(this.dayAt(CONSOLIDATE_DAY) + OFFICE_HOUR_MS);
    const started = clock.now();
    if ((await this.phaseNow()) === 'collecting')
      await this.decision(people.reviewer, 'consolidate', {}, 'consolidated');
    const took = clock.now() - started;
    const deadline = Date.parse(definition.deadlines.approval);
    await this.untilCampaign(
      Math.min(this.dayAt(APPROVE_DAY) + OFFICE_HOUR_MS, deadline - APPROVAL_MARGIN_MS - 2 * took),
    );
    if ((await this.phaseNow()) === 'consolidated')
      await this.decision(
        people.approver,
        'approve',
        { decisionNumber: '512/QĐ-UBND', decisionDate: '2024-03-13', signer: 'Đặng Văn Minh' },
        'approved',
      );
  }

  private async decision(who: DemoCall, what: string, body: object, wanted: CampaignPhase): Promise<void> {
    this.deciding = true;
    try {
      // Retried (the same Idempotency-Key: applied once) until the campaign shows the decision.
      for (let tries = 0; !this.stopping; tries++) {
        const done = await who('POST', `${this.route}/${what}`, {
          body,
          idempotencyKey: `demo:${what}:${this.cast.definition.id}`,
        })
          .then(() => true)
          .catch((error: unknown) => (logger.debug({ err: error, what }, 'demo decision retried'), false));
        if (done || (await this.phaseNow()) === wanted) return;
        await this.untilCampaign(this.cast.clock.now() + ROUND_MS);
      }
    } finally {
      this.deciding = false;
    }
  }

  /** One round of the agencies' work; true once the campaign is over. */
  private async tick(): Promise<boolean> {
    const now = this.cast.clock.now();
    const day = Math.floor((now - this.letterDay) / DAY_MS);
    const status = await this.cast.serviceCenter<StatusAnswer>('GET', this.route);
    const phase = status.campaign.phase;
    // Lists are collected until the consolidation; nobody acts while a decision is on its way.
    const collecting = phase === 'collecting' && !this.deciding;
    const actions = collecting ? [...this.agencyActions(status, day), ...this.reminders(status, day)] : [];
    // Each person goes at their own pace: a slow call holds back its own next step, not everyone's.
    for (const { who, act } of actions) this.busy.start(who, act);
    this.sayDay(status, day, now);
    if (phase === 'approved' || phase === 'cancelled') {
      await this.finish(status, phase);
      return true;
    }
    return false;
  }

  private agencyActions(status: StatusAnswer, day: number): DemoAction[] {
    return status.agencies.flatMap((a) => {
      if (!this.knows(a)) return [];
      const action = this.nextStep(a, day);
      return action ? [action] : [];
    });
  }

  /** An agency the demo's file does not name has nobody to act for it: said once, then left alone. */
  private knows(a: StatusAgency): boolean {
    if (this.cast.people.knows(a.code)) return true;
    if (!this.strangers.has(a.code)) {
      this.strangers.add(a.code);
      logger.warn({ agency: a.code, campaignId: this.cast.definition.id }, 'demo agency not in the campaign file');
      this.cast.options.say(
        `Cơ quan ${a.code} có trong chiến dịch nhưng không có trong tệp của bản demo: không ai thao tác thay cơ quan này.`,
      );
    }
    return false;
  }

  /** The agency's next step of its story, or the reviewer's on its list, when it is due. */
  private nextStep(a: StatusAgency, day: number): DemoAction | undefined {
    const { people } = this.cast;
    const plan = planFor(a.code);
    const key = `${a.code}:${a.stage}:${a.version}`;
    if (!this.firstSeen.has(key)) this.firstSeen.set(key, day);
    const since = day - this.firstSeen.get(key)!;
    const agencyRoute = `${this.route}/agencies/${encodeURIComponent(a.code)}`;
    // One Idempotency-Key per step of the story: a step retried after a restart is applied once.
    const step = (what: string, version: number) => `demo:${what}:${a.code}:v${version}`;
    if (
      (a.stage === 'assigned' && day >= plan.submitDay) ||
      (a.stage === 'returned' && a.version > 0 && since >= 2) ||
      (a.stage === 'returned' && a.version === 0 && day >= plan.submitDay)
    ) {
      const version = a.version + 1;
      return {
        who: a.code,
        act: () =>
          people.agency(a.code)('POST', `${agencyRoute}/submissions`, {
            body: { list: demoList(a.kind, version) },
            idempotencyKey: step('submit', version),
          }),
      };
    }
    if ((a.stage === 'submitted' || a.stage === 'resubmitted') && since >= 1) {
      return {
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
      };
    }
    return undefined;
  }

  /** On its day, or the first round after it when a slow round stepped over it (before consolidation). */
  private reminders(status: StatusAnswer, day: number): DemoAction[] {
    if (day < REMIND_DAY || day >= CONSOLIDATE_DAY || this.reminded) return [];
    this.reminded = true;
    const silent = status.agencies.filter((a) => a.stage === 'assigned' && day < planFor(a.code).submitDay); // not submitting this round
    this.cast.options.say(`Trung tâm Phục vụ nhắc ngay ${silent.length} cơ quan chưa gửi danh sách.`);
    return silent.map((a) => ({
      who: `remind:${a.code}`,
      act: () =>
        this.cast.serviceCenter('POST', `${this.route}/agencies/${encodeURIComponent(a.code)}/remind`, {
          body: { note: 'Đề nghị gửi danh sách trước hạn 05/3/2024.' },
          // One reminder per agency: after a restart the same key is answered, not sent again.
          idempotencyKey: `demo:remind:${a.code}`,
        }),
    }));
  }

  /** Once a campaign day: how many agencies are at each stage. */
  private sayDay(status: StatusAnswer, day: number, now: number): void {
    // Nothing to show until the agencies' first rows are written.
    if (day === this.lastDay || status.agencies.length === 0) return;
    this.lastDay = day;
    const counts = new Map<string, number>();
    for (const a of status.agencies) counts.set(a.stage, (counts.get(a.stage) ?? 0) + 1);
    const summary = STAGES.filter((stage) => counts.has(stage))
      .map((stage) => `${STAGE_LABELS[stage]} ${counts.get(stage)}`)
      .join(', ');
    const phase = status.campaign.phase;
    this.cast.options.say(
      `${formatDate(new Date(now))} — ${summary}; ${status.counts.escalations} cảnh báo.${phase ? ` Chiến dịch: ${PHASE_LABELS[phase]}.` : ''}`,
    );
  }

  /** The campaign over: its consolidated list and the closing report. */
  private async finish(status: StatusAnswer, phase: CampaignPhase): Promise<void> {
    const { options, definition, clock } = this.cast;
    if (status.campaign.consolidation) options.say(`Danh mục tổng hợp: ${status.campaign.consolidation.files.xlsx}`);
    options.say(`Chiến dịch kết thúc: ${PHASE_LABELS[phase]}.`);
    // The report as of the campaign's own date, as the Office would read it that morning.
    const report = await runReport({
      db: options.db,
      campaignId: definition.id,
      at: new Date(clock.now()),
      baseDir: options.reportsDir,
      approvalWaitMs: REPORT_APPROVAL_WAIT_MS,
      temporal: { client: options.client },
    });
    options.say(`Báo cáo tiến độ (mở bằng trình duyệt): ${path.resolve(report.files.html)}`);
  }
}
