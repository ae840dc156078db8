import { SILENT } from '../support/fault-campaign';
import { expectScriptOutcome } from '../support/fault-outcome';
import { expectSameMail } from '../support/fault-mail';
import { killAllServerProcesses } from '../support/fault-server';
import { accessAttempts, expectSameRun } from '../support/fault-snapshot';
import { expectOnTime, LATE_DAYS } from '../support/fault-timers';
import { killAllWorkerProcesses } from '../support/fault-worker';
import { testDatabases } from '../support/test-env';
import { inFlight, KILLS, SEED, UPDATE_KILLS } from '../support/fault-kills';
import { runCampaign, settled } from '../support/fault-kill-run';

// The real path under SIGKILL: a scripted campaign goes through the dondoc server (HTTP, personal API
// tokens, the server's signed proofs, which the worker verifies) while the worker process is killed
// twenty times and the dondoc server process five of those times with it; each time new processes
// take over. Seventeen kills aim at the script's Updates (each waits for an Update sent and not yet
// answered, or an e-mail on the wire); three aim at timers: the campaign runs on a rehearsal's
// compressed clock, and the worker is down when each of the silent agency's reminders and its overdue
// escalation falls due. The run must leave exactly what an undisturbed run of the same script leaves:
// every table (the server's audit of who did what included) and every exported file
// (test/support/fault-snapshot.ts), every HTTP answer, every e-mail, message by message
// (test/support/fault-mail.ts); and every timer must have fired once, on time on the campaign clock
// (test/support/fault-timers.ts). An e-mail may be delivered again under the same Message-ID (a kill
// after the SMTP server accepted it and before the outbox recorded it: at-least-once, de-duplicated
// by the receiver), and a request may be audited again when it was retried: both are counted.
//
// SQLite by default: what is under test is Temporal's durable execution (Updates deduplicated by
// ID, local activities re-run on replay) together with our idempotency keys, not the database.
// (A database going away is database-outage.test.ts; PostgreSQL here: DONDOC_FAULTS_FULL=1.)

// One database by default (SQLite, see above): forty worker starts per database are what this
// suite costs, and the fault suites must stay within ~4 minutes on two cores. DONDOC_FAULTS_FULL=1
// runs every database of DONDOC_TEST_DATABASES, side by side (each run with its own database,
// task queue and worker process).
const KINDS = process.env.DONDOC_FAULTS_FULL === '1' ? testDatabases() : testDatabases().slice(0, 1);

describe('worker killed mid-campaign', () => {
  afterAll(async () => {
    await killAllWorkerProcesses(); // whatever a failed test left behind
    await killAllServerProcesses();
  });

  test(`${KILLS} SIGKILLs leave the same database, files and e-mail as an undisturbed run (${KINDS.join(', ')})`, async () => {
    const calm = await settled(KINDS.map((kind) => runCampaign(kind, false)));
    const chaos = await settled(KINDS.map((kind, i) => runCampaign(kind, true, SEED + 100 * i)));
    KINDS.forEach((kind, i) => {
      const [c, x] = [calm[i]!, chaos[i]!];
      console.log(
        `worker-kill (${kind}): undisturbed run ${c.seconds} s; with ${x.kills.length} kills ${x.seconds} s ` +
          `(Updates done at ${(x.updatesDoneMs / 1000).toFixed(1)} s; ${x.kills.filter(inFlight).length} kills with work in flight; ` +
          `kills at s/aim/updates/SMTP sessions in flight: ${x.kills.map((k) => `${(k.afterMs / 1000).toFixed(1)}/${k.aim}/${k.updatesInFlight}/${k.smtpSessions}`).join(' ')}; ` +
          `timers: ${JSON.stringify(x.timers)} (undisturbed: ${JSON.stringify(c.timers)}); ` +
          `requests audited again after a retry: ${accessAttempts(x.snapshot).retried}; ` +
          `e-mail: ${x.mail.raw} deliveries, ${x.mail.distinct} distinct (undisturbed: ${c.mail.raw}, ${c.mail.distinct}); ` +
          `${x.retries.length} update retries${x.retries.length ? `: ${[...new Set(x.retries.map((r) => r.error))].join(' | ')}` : ''})`,
      );
    });

    for (const [i, kind] of KINDS.entries()) {
      const [c, x] = [calm[i]!, chaos[i]!];
      expect({ kind, kills: x.kills.length }).toEqual({ kind, kills: KILLS });
      // At least half the Update-aimed kills hit an Update or a delivery under way, none after the last Update.
      const aimedAtUpdates = x.kills.filter((k) => k.aim.startsWith('update'));
      expect({ kind, inFlight: aimedAtUpdates.filter(inFlight).length >= UPDATE_KILLS / 2 }).toEqual({
        kind,
        inFlight: true,
      });
      expect({ kind, late: aimedAtUpdates.filter((k) => k.afterMs >= x.updatesDoneMs) }).toEqual({ kind, late: [] });
      expect({ kind, crashes: [...c.crashes, ...x.crashes] }).toEqual({ kind, crashes: [] }); // no process died on its own
      expect({ kind, failures: c.taskFailures }).toEqual({ kind, failures: {} });
      expect({ kind, failures: x.taskFailures }).toEqual({ kind, failures: {} }); // no non-determinism, no exception in workflow code
      const extend = { audit: { [SILENT]: ['extend'] } };
      expectScriptOutcome(c.snapshot, c.agencies, extend);
      expectScriptOutcome(x.snapshot, x.agencies, extend);
      // Every timer fired once, on time on the campaign clock, in both runs, though the worker was
      // down when it fell due…
      expectOnTime(c.timers, LATE_DAYS);
      expectOnTime(x.timers, LATE_DAYS);
      // …every HTTP answer the administrator, the reviewer, the approver and the agencies got is the same…
      expect(x.answers).toEqual(c.answers);
      expect(x.receipts).toEqual(c.receipts);
      expect(x.campaign).toEqual(c.campaign);
      // …so is every row of every table and every exported file…
      expectSameRun(x.snapshot, c.snapshot);
      // …and every recipient's mailbox, message by message.
      expectSameMail(x.mail, c.mail);
    }
  }, 1_800_000);
});
