import type { Session } from './context';
import { CliError, describeError } from './errors';
import { mapLimit } from '../shared/map-limit';
import { agencyLabel, type AgencyAssignment } from './lookup';

/** Agencies a command queries or updates at once. */
export const CONCURRENCY = 8;

/**
 * Sends one Update per agency and prints a line for each. The first agency goes alone: a request
 * every workflow would refuse (a role the person lacks, …) is refused once, and then nothing has changed
 * anywhere. After that, a failure for one agency does not stop the others; it is reported, and the
 * command exits non-zero.
 */
export async function updateEach<R>(
  session: Session,
  targets: readonly AgencyAssignment[],
  what: { refused: string; done: (count: number, total: number) => string },
  send: (assignment: AgencyAssignment, index: number) => Promise<R>,
  report: (assignment: AgencyAssignment, index: number, result: R) => void,
): Promise<void> {
  const [first, ...rest] = targets;
  if (!first) return;
  try {
    report(first, 0, await send(first, 0));
  } catch (error) {
    throw new CliError(`${what.refused}: ${agencyLabel(first)}: ${describeError(error)}`);
  }
  let failed = 0;
  await mapLimit(rest, CONCURRENCY, async (assignment, index) => {
    try {
      report(assignment, index + 1, await send(assignment, index + 1));
    } catch (error) {
      failed++;
      session.warn(`✗ ${agencyLabel(assignment)}: ${describeError(error)}`);
    }
  });
  session.out(what.done(targets.length - failed, targets.length));
  if (failed > 0) session.exitCode = 1;
}
