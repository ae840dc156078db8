import { z } from 'zod';
import type { Database } from '../prisma/database';
import { assignmentId } from '../temporal/workflow-ids';
import {
  agencyListSchema,
  DOCUMENT_KIND_LABELS,
  nationalCode,
  normalizeName,
  type AgencyList,
} from '../domain/agency-list';
import { diffLists, type ListDiff } from '../domain/list-diff';
import type { ListFinding } from '../domain/list-quality';
import { STAGE_LABELS, type Stage } from '../domain/stages';
import type { ReturnReasons } from '../workflows/agency/messages';
import { notFound } from '../shared/http-errors';

// One agency's list as the reviewer reads it: the current version line by line (each line marked
// added or changed against the previous version), its quality notes, the diff, and what the
// previous return asked for.

export type LineChange = 'added' | 'changed' | 'unchanged';

export interface ReviewLine {
  /** Position in the version (from 0): the form names a line by it, checked against `version`. */
  index: number;
  procedureCode: string;
  procedureName: string;
  documentName: string;
  kindLabel: string;
  basis?: string;
  note?: string;
  change: LineChange;
  /** The reason the previous return gave for this line, if any. */
  previousReason?: string;
}

export interface ListForReview {
  campaignId: string;
  agency: { code: string; name: string };
  stage: Stage;
  stageLabel: string;
  reviewDeadline: Date | null;
  version: number;
  submission: { version: number; submittedAt: Date; submittedBy: string; source: string } | null;
  lines: ReviewLine[];
  findings: ListFinding[];
  diff: ListDiff | null;
  previousReturn: (ReturnReasons & { decidedAt: Date }) | null;
  openSupportRequests: { id: string; question: string; askedBy: string; askedAt: Date }[];
}

/** A line's identity across versions: national procedure code and normalized document name. */
const storedFindingsSchema = z.array(
  z.object({ path: z.string(), code: z.string(), message: z.string(), related: z.string().optional() }),
);

/** The findings stored with a submission (JSON), read back with their shape checked; none when unreadable. */
function storedFindings(value: unknown): ListFinding[] {
  const parsed = storedFindingsSchema.safeParse(value ?? []);
  return parsed.success
    ? parsed.data.map((finding) => ({ ...finding, code: finding.code as ListFinding['code'] }))
    : [];
}

const lineKey = (procedureCode: string, documentName = '') =>
  `${nationalCode(procedureCode)}|${normalizeName(documentName)}`;

/** Every document of a list as one line, in the order written. */
function linesOf(list: AgencyList): Omit<ReviewLine, 'change' | 'previousReason'>[] {
  return list.procedures
    .flatMap((procedure) =>
      procedure.documents.map((document) => ({
        procedureCode: procedure.code,
        procedureName: procedure.name,
        documentName: document.name,
        kindLabel: DOCUMENT_KIND_LABELS[document.kind],
        basis: document.basis,
        note: document.note,
      })),
    )
    .map((line, index) => ({ index, ...line }));
}

export async function listForReview(db: Database, campaignId: string, agencyCode: string): Promise<ListForReview> {
  const id = assignmentId(campaignId, agencyCode);
  const row = await db.assignment.findUnique({ where: { id }, include: { agency: true } });
  if (!row) throw notFound(`Chiến dịch ${campaignId} không có cơ quan ${agencyCode}.`);
  const [latest, decisions, support] = await Promise.all([
    db.submission.findMany({ where: { assignmentId: id }, orderBy: { version: 'desc' }, take: 2 }),
    db.reviewDecision.findMany({
      where: { assignmentId: id, decision: 'returned' },
      orderBy: { decidedAt: 'desc' },
      take: 1,
    }),
    db.supportRequest.findMany({ where: { assignmentId: id, answeredAt: null }, orderBy: { askedAt: 'asc' } }),
  ]);
  const [current, previous] = latest;
  // A campaign that declares another deliverable keeps deliveries, not lists (read by deliveryForReview).
  const list = current ? agencyListSchema.safeParse(current.content).data : undefined;
  const before = previous ? agencyListSchema.safeParse(previous.content).data : undefined;
  const diff = list ? diffLists(before, list) : null;
  const added = new Set(diff?.added.map((d) => lineKey(d.code, d.document.name)));
  const changed = new Set(diff?.changed.filter((c) => c.document).map((c) => lineKey(c.code, c.document)));
  const lastReturn = decisions[0];
  const reasons = (lastReturn?.reasons ?? null) as ReturnReasons | null;
  const previousReasons = new Map(
    (reasons?.lines ?? []).map((l) => [lineKey(l.procedureCode, l.documentName), l.reason]),
  );
  const lines: ReviewLine[] = list
    ? linesOf(list).map((line) => {
        const key = lineKey(line.procedureCode, line.documentName);
        return {
          ...line,
          change: !before ? 'unchanged' : added.has(key) ? 'added' : changed.has(key) ? 'changed' : 'unchanged',
          previousReason: previousReasons.get(key),
        };
      })
    : [];
  return {
    campaignId,
    agency: { code: row.agencyCode, name: row.agency.name },
    stage: row.stage as Stage,
    stageLabel: STAGE_LABELS[row.stage as Stage] ?? row.stage,
    reviewDeadline: row.reviewDeadline,
    version: row.currentVersion,
    submission: current
      ? {
          version: current.version,
          submittedAt: current.submittedAt,
          submittedBy: current.submittedBy,
          source: current.source,
        }
      : null,
    lines,
    findings: storedFindings(current?.findings),
    diff: before ? diff : null,
    previousReturn:
      reasons && lastReturn ? { ...reasons, lines: reasons.lines ?? [], decidedAt: lastReturn.decidedAt } : null,
    openSupportRequests: support.map((s) => ({
      id: s.id,
      question: s.question,
      askedBy: s.askedBy,
      askedAt: s.askedAt,
    })),
  };
}

/**
 * The return the reviewer chose on the lines of the version they read: the lines picked by index,
 * each with its reason. A version that has changed since, or a picked line without a reason, is
 * refused with the field named.
 */
export function returnFromLines(
  view: Pick<ListForReview, 'version' | 'lines'>,
  form: { version: number; overall: string; picked: { index: number; reason: string }[] },
): { ok: true; reasons: ReturnReasons } | { ok: false; field: string; message: string } {
  if (form.version !== view.version)
    return {
      ok: false,
      field: 'version',
      message: `Cơ quan đã nộp phiên bản ${view.version} sau khi bạn mở phiên bản ${form.version}. Hãy tải lại trang và xem lại.`,
    };
  const lines: ReturnReasons['lines'] = [];
  for (const pick of form.picked) {
    const line = view.lines[pick.index];
    if (!line)
      return { ok: false, field: `lines[${pick.index + 1}]`, message: 'Dòng đã chọn không có trong danh sách.' };
    if (!pick.reason.trim())
      return {
        ok: false,
        field: `reason-${pick.index}`,
        message: `Dòng ${pick.index + 1} (${line.documentName}) được chọn trả lại nhưng chưa có lý do: hãy ghi lý do cho dòng này.`,
      };
    lines.push({ procedureCode: line.procedureCode, documentName: line.documentName, reason: pick.reason.trim() });
  }
  return { ok: true, reasons: { overall: form.overall, lines } };
}
