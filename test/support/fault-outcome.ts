import { rowsWhere, type RunSnapshot } from './fault-snapshot';
import { type ScriptedAgency, type Step } from './fault-campaign';

// What a run of the scripted campaign must end with: each agency's audit trail and rows as its
// script says, whatever faults it ran under.

const AUDITED: Partial<Record<Step['type'], string>> = {
  submit: 'submit',
  return: 'return',
  accept: 'accept',
  withdraw: 'withdraw',
};

/** Audited actions that are not stage transitions (keyed apart, not by transition sequence), by step. */
const BESIDE_TRANSITIONS: Record<string, Step['type']> = {
  escalate: 'escalate',
  support_request: 'ask',
  support_answer: 'answer',
};

/** The audit trail an agency must end with: its transitions in order, each once. */
function expectedAudit(a: ScriptedAgency, extra: string[] = []): string[] {
  const steps = a.steps.flatMap((step) => (AUDITED[step.type] ? [AUDITED[step.type]!] : []));
  return ['assign', ...steps, ...extra, ...(a.final === 'approved' ? ['consolidate', 'approve'] : [])];
}

/**
 * What every run must end with, whatever the faults: the script's own expectations. `extra` adds
 * what a test did beside the script (an extension, the escalation it led to), per agency code.
 */
export function expectScriptOutcome(
  snapshot: RunSnapshot,
  agencies: ScriptedAgency[],
  extra: { escalations?: Record<string, string[]>; audit?: Record<string, string[]> } = {},
): void {
  expect(snapshot.tables.Campaign).toEqual([
    expect.objectContaining({ status: 'approved', decisionNumber: '512/QĐ-UBND', decisionSigner: 'Đặng Văn Minh' }),
  ]);
  expect(snapshot.tables.Assignment!.map((row) => row.agencyCode).sort()).toEqual(
    agencies.map((a) => a.entry.code).sort(),
  );
  const version = (id: unknown) => Number(/#v(\d+)/.exec(String(id))?.[1]);
  const seq = (key: unknown) => Number(String(key).slice(String(key).lastIndexOf(':') + 1));
  for (const a of agencies) {
    const code = a.entry.code;
    const assignmentId = `<campaign>/${code}`;
    const of = (table: string) => rowsWhere(snapshot, table, 'assignmentId', assignmentId);
    expect({
      code,
      stage: rowsWhere(snapshot, 'Assignment', 'id', assignmentId)[0]?.stage,
      submissions: of('Submission')
        .map((row) => row.version as number)
        .sort((x, y) => x - y),
      decisions: of('ReviewDecision')
        .sort((x, y) => version(x.submissionId) - version(y.submissionId))
        .map((row) => row.decision),
      escalations: of('Escalation')
        .map((row) => row.kind)
        .sort(),
      audit: of('AuditEvent')
        .filter((row) => !(String(row.action) in BESIDE_TRANSITIONS))
        .sort((x, y) => seq(x.idempotencyKey) - seq(y.idempotencyKey))
        .map((row) => row.action),
      besides: of('AuditEvent')
        .map((row) => String(row.action))
        .filter((action) => action in BESIDE_TRANSITIONS)
        .sort(),
    }).toEqual({
      code,
      stage: a.final,
      submissions: a.steps.filter((s) => s.type === 'submit').map((_, i) => i + 1),
      decisions: a.steps.flatMap((s) => (s.type === 'return' ? ['returned'] : s.type === 'accept' ? ['accepted'] : [])),
      escalations: [...a.escalations, ...(extra.escalations?.[code] ?? [])].sort(),
      audit: expectedAudit(a, extra.audit?.[code]),
      besides: a.steps
        .flatMap((step) => Object.entries(BESIDE_TRANSITIONS).filter(([, type]) => type === step.type))
        .map(([action]) => action)
        .sort(),
    });
  }
  // Nothing left half done in the outbox: every row delivered (or, without SMTP, skipped).
  expect(snapshot.tables.Notification!.filter((row) => row.status !== 'sent' && row.status !== 'skipped')).toEqual([]);
}
