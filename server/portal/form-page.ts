import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyReply } from 'fastify';
import { formatDateTime } from '../../domain/time';
import type { Database } from '../../prisma/database';
import { actionOfAuditRow } from '../../domain/audit-actions';
import { actionLabel } from '../../read-side/actions';
import { assignmentId } from '../../temporal/workflow-ids';
import { escapeHtml } from '../../shared/escape';
import type { z } from 'zod';
import { HttpError, invalidFields } from '../../shared/http-errors';

// A refused form comes back as the same page: every value the person typed kept, each problem
// beside its field in plain Vietnamese, and a refusal by the workflow (someone acted first) naming
// who acted last and when (dd/mm/yyyy HH:mm, campaign clock), linking back to the page. One path for
// every form of the portal.

export interface FormState {
  /** What the person sent, by field name. */
  values: Record<string, string>;
  /** Problems by field name, each in plain words. */
  errors: Record<string, string>;
  /** Problems of the form as a whole (a refusal by the workflow). */
  problems: string[];
  /** Where the summary's links point for a field: its element's id (the field's name otherwise). */
  anchors: Record<string, string>;
  /** After a conflict: the page's own address, to see it as it is now. */
  back?: string;
}

/** Field codes in messages written for the API ("reason-2: …", "(deadline)", "agencies[2].kind: …"). */
const LEADING_CODE = /^[a-z][\w-]*(?:\[\d+\]|\.[\w-]+)*:\s+/;
const BRACKETED_CODE = /\s*\((?:[a-z][\w-]*(?:\[\d+\]|\.[\w-]+)*)\)/g;

/** A message as people read it: the field codes written for the API taken out. */
export function plainMessage(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(LEADING_CODE, '').replace(BRACKETED_CODE, ''))
    .join('\n')
    .trim();
}

/** The state of a form that was not refused (every page's default). */
export function formState(values: Record<string, string> = {}, refusal?: Partial<FormState>): FormState {
  return { values, errors: {}, problems: [], anchors: {}, ...refusal };
}

/** What templates call: the kept value, the error beside a field, and the attributes tying them. */
export class FormView {
  constructor(readonly state: FormState = formState()) {}

  get refused(): boolean {
    return this.state.problems.length > 0 || Object.keys(this.state.errors).length > 0;
  }

  value(name: string, fallback = ''): string {
    return this.state.values[name] ?? fallback;
  }

  checked(name: string): boolean {
    const value = this.state.values[name];
    return value !== undefined && value !== '' && value !== 'off';
  }

  error(name: string): string | undefined {
    return this.state.errors[name];
  }

  /** ` aria-invalid="true" aria-describedby="…"` (raw) for an input, with its hint's id if any. */
  attrs(name: string, hintId?: string): string {
    const id = this.anchor(name);
    const described = [this.error(name) ? `${id}-error` : undefined, hintId].filter(Boolean).join(' ');
    return `${this.error(name) ? ' aria-invalid="true"' : ''}${described ? ` aria-describedby="${escapeHtml(described)}"` : ''}`;
  }

  /** The error beside the field (raw HTML, its text escaped), or nothing. */
  message(name: string): string {
    const error = this.error(name);
    return error ? `<p class="field-error" id="${escapeHtml(this.anchor(name))}-error">${escapeHtml(error)}</p>` : '';
  }

  anchor(name: string): string {
    return this.state.anchors[name] ?? name;
  }

  /** Every problem for the summary at the top, field problems linking to their field. */
  summary(): { text: string; href?: string }[] {
    return [
      ...this.state.problems.map((text) => ({ text })),
      // A hidden field's problem (an anchor of '') has nowhere to link to.
      ...Object.entries(this.state.errors).map(([name, text]) =>
        this.anchor(name) ? { text, href: `#${this.anchor(name)}` } : { text },
      ),
    ];
  }
}

/** A refusal the person can answer by changing the form, or undefined (403, 404, a fault: the error page). */
export function refusalOf(
  error: unknown,
): { status: number; errors: Record<string, string>; problems: string[] } | undefined {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause as { message?: string } | undefined;
    return { status: 409, errors: {}, problems: [plainMessage(cause?.message ?? error.message)] };
  }
  if (!(error instanceof HttpError) || ![400, 409, 413, 422].includes(error.statusCode) || error.code === 'csrf')
    return undefined;
  if (error.issues && error.issues.length > 0) {
    const errors: Record<string, string> = {};
    for (const issue of error.issues)
      errors[issue.field] = errors[issue.field]
        ? `${errors[issue.field]} ${plainMessage(issue.message)}`
        : plainMessage(issue.message);
    return { status: error.statusCode, errors, problems: [] };
  }
  return { status: error.statusCode, errors: {}, problems: [plainMessage(error.message)] };
}

/** "07/12/2026 10:15": an audit row's instant (recorded on the campaign's clock) as a conflict names it. */
export function conflictTime(at: Date | string): string {
  const [time, day] = formatDateTime(at).split(' ');
  return `${day} ${time}`;
}

/**
 * What a conflict says instead of the workflow's stage message: who took the newest action on the
 * agency's file (or on the campaign) and when, before this person's.
 */
export async function lastActionText(
  db: Database,
  scope: { campaignId: string; agencyCode?: string },
): Promise<string | undefined> {
  // The newest row of all: when the system changed the file last (a rule, a deadline), no person is
  // blamed and the workflow's own reason stands.
  const row = await db.auditEvent.findFirst({
    where: {
      campaignId: scope.campaignId,
      // The agency's file, or the campaign's own rows (consolidation, decisions), not any agency's.
      assignmentId: scope.agencyCode !== undefined ? assignmentId(scope.campaignId, scope.agencyCode) : null,
    },
    orderBy: { at: 'desc' },
    select: { personName: true, action: true, at: true },
  });
  return row?.personName
    ? `${row.personName} đã ${actionLabel(actionOfAuditRow(row.action))} lúc ${conflictTime(row.at)}, trước thao tác của bạn`
    : undefined;
}

export interface FormSubmission {
  db: Database;
  /** What the person sent, kept on the page shown again. */
  values: Record<string, string>;
  /** The page again, with the form's state and the refusal's status. */
  again: (form: FormView, status: number) => Promise<FastifyReply> | FastifyReply;
  /** Whose action a conflict names: the agency's file, or the campaign. */
  scope?: { campaignId: string; agencyCode?: string };
  /** Element ids of fields whose id is not their name. */
  anchors?: Record<string, string>;
  /** The page's address, linked from a conflict's message. */
  page?: string;
}

/**
 * Runs a form's action; a refusal the person can answer (bad input, the workflow refusing) shows the
 * page again with what they typed, the problems beside their fields, and for a conflict who acted
 * last and when. Anything else (not allowed, not found, a fault) goes to the error page.
 */
export async function submitForm(
  submission: FormSubmission,
  run: () => Promise<FastifyReply> | FastifyReply,
): Promise<FastifyReply> {
  try {
    return await run();
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    const conflict = error instanceof WorkflowUpdateFailedError;
    const last = conflict && submission.scope ? await lastActionText(submission.db, submission.scope) : undefined;
    // Someone acted first: who and when, in words, rather than the stage the workflow names.
    const problems = last
      ? [`Chưa thực hiện được vì ${last}. Hãy mở lại trang để xem trạng thái hiện tại rồi quyết định.`]
      : refusal.problems;
    const state = formState(submission.values, {
      errors: refusal.errors,
      problems,
      anchors: submission.anchors ?? {},
      ...(conflict && submission.page && { back: submission.page }),
    });
    return submission.again(new FormView(state), refusal.status);
  }
}

/** A form's fields read by a schema, or a 400 with each problem under its field's name. */
export function parseFields<T>(schema: z.ZodType<T>, values: unknown): T {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  throw invalidFields(
    parsed.error.issues.map((issue) => ({ field: String(issue.path[0] ?? 'form'), message: issue.message })),
  );
}
