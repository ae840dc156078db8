import type { ReportRound } from './rounds-section';
import type { ActionEntry, PersonActionCount } from '../read-side/actions';
import type { EscalationKind } from '../domain/escalations';
import type { Lateness } from '../domain/lateness';
import type { AgencyKind } from '../domain/agency-kinds';
import type { Stage } from '../domain/stages';
import type { DeadlineSection } from './deadline-section';
import type { DeadlineStatus, DeadlineStatusClass } from '../domain/deadline-status';
import type { ExtensionSection } from './extension-section';
import type { DeliverableSection } from './deliverable-section';

// The report as data: what every renderer (HTML, Markdown, CSV, JSON) draws from. Instants are ISO
// strings so the model is its own JSON; renderers turn them into dd/mm/yyyy (Asia/Ho_Chi_Minh).

export { AGENCY_KIND_LABELS, type AgencyKind } from '../domain/agency-kinds';

export type { LatenessBasis } from '../domain/lateness';

export interface EscalationEntry {
  id: string;
  kind: EscalationKind | string;
  label: string;
  /** Who is held responsible: the agency, the reviewer or the approver. */
  target: string;
  open: boolean;
  raisedAt: string;
  resolvedAt: string | null;
  deadline: string | null;
  /** What the Service Center did about it, and who (null while nobody has handled it). */
  handled: { at: string; personName: string; note: string } | null;
}

export interface AgencyRow {
  code: string;
  name: string;
  /** The kind as stored, folded into the five known kinds ('other' for anything else). */
  kind: AgencyKind;
  kindLabel: string;
  /** The stage as stored (normally a Stage). */
  stage: Stage | string;
  stageLabel: string;
  stageReason: string | null;
  workflowId: string;
  deadlines: { submission: string; resubmission: string | null; review: string | null };
  /** The agency's own lateness; null for a withdrawn agency. */
  lateness: Lateness | null;
  /**
   * The colour status (còn hạn / sắp đến hạn / quá hạn / hoàn thành đúng hạn / hoàn thành trễ hạn) at
   * the report's instant, from domain/deadline-status.ts; null for a withdrawn agency.
   */
  deadlineStatus: DeadlineStatus | null;
  /** Late by the one rule (domain/lateness.ts isLate): exactly deadlineStatus "quá hạn". */
  late: boolean;
  /** Returns in all, a re-review the letter launched "returned" included. */
  returnCount: number;
  /** Returns the reviewer made in this campaign: what the perfunctory rule counts. */
  campaignReturns: number;
  currentVersion: number;
  overdue: boolean;
  lastSubmittedAt: string | null;
  escalations: EscalationEntry[];
}

export interface AttentionRow {
  code: string;
  name: string;
  kindLabel: string;
  stageLabel: string;
  late: boolean;
  perfunctory: boolean;
  daysLate: number | null;
  returnCount: number;
  /** Vietnamese sentences: what was missed, how many times the list was returned. */
  reasons: string[];
  /** Who answers for it: "Cơ quan được giao", or the campaign's reviewer when only the review is late. */
  responsible: string;
}

export interface DeadlineStatusTotal {
  status: DeadlineStatusClass;
  label: string;
  count: number;
}

export interface StageTotal {
  stage: Stage | string;
  label: string;
  count: number;
}

export interface KindTotal {
  kind: AgencyKind;
  label: string;
  total: number;
  byStage: Record<string, number>;
}

export interface ProgressPoint {
  /** Local day YYYY-MM-DD. */
  day: string;
  /** Agencies that had submitted at least once by the end of the day. */
  submitted: number;
  /** Agencies whose list had been accepted by the end of the day. */
  accepted: number;
}

export interface LatenessBucket {
  label: string;
  count: number;
}

export interface EscalationTotal {
  kind: string;
  label: string;
  open: number;
  resolved: number;
  /** Handled by the Service Center (open or resolved). */
  handled: number;
}

export interface TemporalCheck {
  query: string;
  /** Workflows Temporal visibility counts for the campaign (agency workflows only). */
  workflowCount: number;
  /** Assignments whose workflow visibility does not list (capped sample, then the count). */
  missingInTemporal: string[];
  missingCount: number;
  /** Workflows listed that no assignment row knows. */
  unknownToDatabase: number;
  /** Stage search attribute differs from the database (visibility lags a little). */
  stageMismatches: { workflowId: string; database: string; temporal: string }[];
  stageMismatchCount: number;
  ok: boolean;
}

export interface CampaignReport {
  schemaVersion: 1;
  generatedAt: string;
  /** The instant the report speaks for: lateness of pending lists and progress run up to it. */
  at: string;
  /** Local day (Asia/Ho_Chi_Minh) of `at`, YYYY-MM-DD. */
  reportDay: string;
  campaign: {
    id: string;
    directiveNumber: string;
    directiveDate: string;
    title: string;
    submissionDeadline: string;
    approvalDeadline: string | null;
    status: string;
    consolidatedAt: string | null;
    approvedAt: string | null;
    decisionNumber: string | null;
  };
  summary: {
    agencies: number;
    // Every figure below except late/perfunctory/openEscalations is a sum of the stage counts.
    /** Submitted or resubmitted, waiting for the reviewer. */
    inReview: number;
    /** Accepted, consolidated or approved. */
    accepted: number;
    /** Still to submit: assigned or returned. */
    pending: number;
    withdrawn: number;
    late: number;
    perfunctory: number;
    openEscalations: number;
    /** Agencies per colour status (withdrawn agencies have none), every class listed. */
    byDeadlineStatus: DeadlineStatusTotal[];
  };
  stages: StageTotal[];
  kinds: KindTotal[];
  attention: AttentionRow[];
  agencies: AgencyRow[];
  progress: ProgressPoint[];
  lateness: LatenessBucket[];
  escalations: EscalationTotal[];
  perfunctoryReturnCount: number;
  /** Suspended deadlines. */
  deadlines: DeadlineSection;
  /** Extension requests per agency that asked, and what came of them. */
  extensions: ExtensionSection;
  /** The consolidation rounds so far: the first catalogue and its supplements, each with its decision. */
  rounds: ReportRound[];
  /** A campaign that declares its deliverable: indicator totals and who has not delivered which part. */
  deliverable?: DeliverableSection;
  /** Set when the report was taken while the approval was still reaching the agencies. */
  partial?: { unrecordedApprovals: number };
  /** Who did what (the workflows' audit rows): every action counted. */
  actionTotal: number;
  /** The people who acted, counted per person and action, with their role and channel. */
  actionCounts: PersonActionCount[];
  /** The newest actions, oldest first. */
  actions: ActionEntry[];
  temporal?: TemporalCheck;
}
