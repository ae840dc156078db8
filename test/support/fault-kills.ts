import { setTimeout as sleep } from 'node:timers/promises';
import { SILENT_TIMERS } from './fault-campaign';
import { waitFor } from './fault-watch';
import { note, type Driver } from './fault-driver';
import { type LaunchedRun } from './fault-run';
import { type SmtpSink } from './smtp-sink';
import type { Supervisor } from './fault-supervisor';

// The kills of a worker-kill run: how many, aimed at what (an Update in flight, or a timer falling
// due), and the permits through which the kill loop hands the script's Updates out.

export const UPDATE_KILLS = 17;
/** Every SERVER_EVERY-th Update-aimed kill takes the dondoc server down too. */
const SERVER_EVERY = 4;
export const KILLS = UPDATE_KILLS + SILENT_TIMERS.length;
export const SEED = 751;
const DAY_MS = 86_400_000;
/** How long a kill waits for the Update it aims at to be sent. */
const IN_FLIGHT_WAIT_MS = 10_000;
/** How long a new worker may take to answer its first Update. */
const PROGRESS_MS = 180_000;
/**
 * A kill lands this long (at most, seeded-random) after the Update it aims at was sent. Updates are
 * answered sooner since a run records one gate marker: at 250 ms, only 9 kills in 20 found work under way.
 */
const AIM_MS = 100;
/** A timer-aimed kill lands this much campaign time before the timer is due… */
const TIMER_KILL_LEAD_DAYS = 0.05;
/** …and the worker stays down until this much after. */
const TIMER_KILL_LAG_DAYS = 0.05;
/** How long (real time) a timer's firing on the new worker may take to be recorded. */
const TIMER_FIRED_MS = 120_000;

export interface Kill {
  afterMs: number;
  /** What the kill aimed at: an Update in flight, or a timer falling due. */
  aim: string;
  /** Updates of the script sent and not yet answered when the worker died. */
  updatesInFlight: number;
  /** SMTP sessions open at the test's server (a delivery under way) when the worker died. */
  smtpSessions: number;
}

export const inFlight = (kill: Kill) => kill.updatesInFlight > 0 || kill.smtpSessions > 0;

/**
 * From a timer-aimed kill until that timer's firing is recorded, no Update-aimed kill lands: a second
 * kill while the new worker runs the reminder's activity would hold the reminder back by the
 * activity's timeout, and the timer's lateness measures the time its worker was down, nothing else.
 */
export class TimerWindow {
  private open: Promise<void> | undefined;
  /** Runs `work` with Update-aimed kills held back. */
  async hold(work: () => Promise<void>): Promise<void> {
    const running = work();
    this.open = running.catch(() => undefined);
    try {
      await running;
    } finally {
      this.open = undefined;
    }
  }
  /** Resolves once no timer-aimed kill is waiting for its timer. */
  async clear(): Promise<void> {
    while (this.open) await this.open;
  }
}

/**
 * The script's Updates wait for a permit; under faults the kill loop hands them out, so that it
 * knows when an Update goes out and can kill the worker while that Update is being handled.
 * Undisturbed, every Update has its permit at once.
 */
export class Permits {
  private given = 0;
  private taken = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(
    readonly total: number,
    private open = false,
  ) {}
  get released(): number {
    return this.open ? this.total : this.given;
  }
  release(n: number): void {
    this.given = Math.min(this.total, this.given + n);
    while (this.waiting.length > 0 && this.taken < this.given) {
      this.taken++;
      this.waiting.shift()!();
    }
  }
  openAll(): void {
    this.open = true;
    this.waiting.splice(0).forEach((wake) => wake());
  }
  /** Awaited by the script before each Update. */
  readonly take = async (): Promise<void> => {
    if (this.open) return;
    if (this.taken < this.given) {
      this.taken++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve)); // counted by release()
  };
}

/**
 * The Update-aimed kills. Each round: the new worker first answers an Update (the one the last kill
 * hit, retried, or a fresh one). Not sooner: a worker killed again and again before it has finished
 * its first tasks makes Temporal back off those workflow tasks exponentially
 * (history.workflowTaskRetryMaxInterval, up to 10 min), and the script would not move on. Then the
 * round lets the next Updates of the script go, waits until one is sent, and kills a seeded-random
 * moment (< AIM_MS) later, recording what was in flight: the worker, and every SERVER_EVERY-th
 * round the dondoc server with it (the request in flight is lost; the script retries it with the
 * same Idempotency-Key). The script's Updates are handed out evenly over the rounds, one at least
 * per round, and the rest only after the last kill: so every kill comes before the script's end.
 */
export async function updateKills(
  processes: Supervisor,
  random: () => number,
  driver: Driver,
  sink: SmtpSink,
  permits: Permits,
  started: number,
  timerWindow: TimerWindow,
): Promise<Kill[]> {
  const record: Kill[] = [];
  try {
    for (let i = 0; i < UPDATE_KILLS; i++) {
      await timerWindow.clear();
      const roundsAfter = UPDATE_KILLS - 1 - i;
      const spare = () => permits.total - permits.released - roundsAfter; // keep one per round to come
      const answered = driver.answered;
      const fresh = driver.inFlight === 0 && spare() >= 2;
      if (fresh) permits.release(1);
      if (fresh || driver.inFlight > 0)
        await waitFor(async () => driver.answered > answered, 'an Update answered', PROGRESS_MS, 10);
      const due = Math.floor(((i + 1) * permits.total) / UPDATE_KILLS) - permits.released;
      permits.release(Math.max(0, Math.min(Math.max(1, due), spare())));
      const until = Date.now() + IN_FLIGHT_WAIT_MS;
      while (driver.inFlight === 0 && Date.now() < until) await sleep(2);
      await sleep(Math.floor(random() * AIM_MS));
      await timerWindow.clear();
      const server = i % SERVER_EVERY === SERVER_EVERY - 1;
      const kill: Kill = {
        afterMs: Date.now() - started,
        aim: server ? 'update, server too' : 'update',
        updatesInFlight: driver.inFlight,
        smtpSessions: sink.openSessions,
      };
      await processes.kill({ server });
      record.push(kill);
      note(
        driver,
        `kill ${i + 1} (${kill.aim}; ${kill.updatesInFlight} updates in flight, ${kill.smtpSessions} SMTP sessions)`,
      );
    }
  } finally {
    permits.openAll();
  }
  return record;
}

/**
 * The timer-aimed kills: shortly before each of the silent agency's timers is due on the campaign
 * clock, the worker is killed (and the server with the last one), stays down until the timer is
 * past due, and comes back: the timer fires on a worker that was not there when it fell due. Until
 * `fired(i)` says that timer's firing is recorded, the timer window holds Update-aimed kills back.
 */
export async function timerKills(
  processes: Supervisor,
  run: LaunchedRun,
  started: number,
  timerWindow: TimerWindow,
  fired: (timer: number) => Promise<boolean>,
): Promise<Kill[]> {
  const record: Kill[] = [];
  for (const [i, timer] of SILENT_TIMERS.entries()) {
    const due = Date.parse(timer.at);
    await run.until(new Date(due - TIMER_KILL_LEAD_DAYS * DAY_MS).toISOString());
    const server = i === SILENT_TIMERS.length - 1;
    const kill: Kill = {
      afterMs: Date.now() - started,
      aim: `${timer.what}${server ? ', server too' : ''}`,
      updatesInFlight: run.driver.inFlight,
      smtpSessions: 0,
    };
    await timerWindow.hold(async () => {
      await processes.kill({ server }, () => run.until(new Date(due + TIMER_KILL_LAG_DAYS * DAY_MS).toISOString()));
      await waitFor(() => fired(i), `${timer.what} recorded`, TIMER_FIRED_MS);
    });
    record.push(kill);
    note(run.driver, `timer kill (${kill.aim})`);
  }
  return record;
}
