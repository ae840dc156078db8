import type { RosterEntry } from '../../campaign-files/campaign-definition';
import type { AgencyList } from '../../domain/agency-list';
import type { Stage } from '../../domain/stages';
import { sampleCampaign } from './sample-campaign';

// The scripted campaign of the fault suites: nine agencies, each with a fixed list of Updates, so
// that a run under faults can be compared whole (test/support/fault-snapshot.ts) with an
// undisturbed run.

export const REVIEWER = 'Sở Thông tin và Truyền thông';

export type Step =
  | { type: 'submit'; list: AgencyList }
  | { type: 'return'; overall: string; lines?: { procedureCode: string; reason: string }[] }
  | { type: 'accept'; note?: string }
  | { type: 'withdraw'; reason: string }
  | { type: 'escalate'; reason: string }
  | { type: 'ask'; question: string }
  | { type: 'answer'; answer: string };

export interface ScriptedAgency {
  entry: RosterEntry;
  steps: Step[];
  /** Stage once the campaign is approved. */
  final: Stage;
  /** Escalation kinds this agency must end with, each exactly once. */
  escalations: string[];
}

/** A list of `procedures` procedures; later versions add a document (what a return asks for). */
function list(seed: number, procedures: number, version: number): AgencyList {
  return {
    procedures: Array.from({ length: procedures }, (_, p) => ({
      code: `1.${String(1000 + seed * 10 + p).padStart(6, '0')}`,
      name: `Thủ tục hành chính ${seed}.${p + 1}`,
      field: 'Lĩnh vực thử nghiệm',
      documents: [
        {
          name: `Tờ khai đề nghị ${seed}.${p + 1}`,
          kind: 'thanh_phan_ho_so' as const,
          basis: 'Nghị định 107/2021/NĐ-CP',
        },
        { name: `Giấy phép ${seed}.${p + 1}`, kind: 'ket_qua' as const },
        ...(version > 1
          ? [{ name: `Văn bản bổ sung lần ${version - 1}`, kind: 'y_kien' as const, note: 'Bổ sung theo yêu cầu' }]
          : []),
      ],
    })),
  };
}

const agency = (
  code: string,
  name: string,
  kind: RosterEntry['kind'],
  extra: Partial<RosterEntry> = {},
): RosterEntry => ({
  code,
  name,
  kind,
  email: `${code}@example.gov.vn`,
  stage: 'assigned',
  ...extra,
});

/** The roster and each agency's Updates; deterministic, no clock-dependent content. */
export function scriptedAgencies(): ScriptedAgency[] {
  const back = (overall: string, procedureCode?: string): Step => ({
    type: 'return',
    overall,
    lines: procedureCode ? [{ procedureCode, reason: 'Thiếu giấy tờ kết quả' }] : [],
  });
  return [
    {
      // A re-review agency of letter 751: starts returned, one resubmission.
      entry: agency('so-tu-phap', 'Sở Tư pháp', 'department', {
        stage: 'returned',
        reason: 'Kết quả rà soát trước chưa đạt',
      }),
      steps: [
        { type: 'submit', list: list(1, 2, 1) },
        { type: 'accept', note: 'Đạt yêu cầu' },
      ],
      final: 'approved',
      escalations: [],
    },
    {
      entry: agency('so-y-te', 'Sở Y tế', 'department'),
      steps: [
        { type: 'submit', list: list(2, 1, 1) },
        back('Chưa đủ thành phần hồ sơ', '1.001020'),
        { type: 'submit', list: list(2, 1, 2) },
        { type: 'accept' },
      ],
      final: 'approved',
      escalations: [],
    },
    {
      // Two returns: perfunctory (đối phó), escalated once.
      entry: agency('so-noi-vu', 'Sở Nội vụ', 'department'),
      steps: [
        { type: 'submit', list: list(3, 2, 1) },
        back('Thiếu kết quả giải quyết TTHC'),
        { type: 'submit', list: list(3, 2, 2) },
        back('Vẫn chưa đạt', '1.001031'),
        { type: 'submit', list: list(3, 2, 3) },
        { type: 'accept' },
      ],
      final: 'approved',
      escalations: ['perfunctory'],
    },
    {
      // Three returns: the perfunctory escalation is still raised only once.
      entry: agency('ubnd-huyen-binh-son', 'UBND huyện Bình Sơn', 'district'),
      steps: [
        { type: 'submit', list: list(4, 1, 1) },
        back('Lần 1: thiếu giấy tờ'),
        { type: 'submit', list: list(4, 1, 2) },
        back('Lần 2: thiếu giấy tờ'),
        { type: 'submit', list: list(4, 1, 3) },
        back('Lần 3: thiếu giấy tờ'),
        { type: 'submit', list: list(4, 1, 4) },
        { type: 'accept' },
      ],
      final: 'approved',
      escalations: ['perfunctory'],
    },
    {
      // Reported by hand to the Office, then does its work.
      entry: agency('cong-an-tinh', 'Công an tỉnh', 'police'),
      steps: [
        { type: 'escalate', reason: 'Không phối hợp rà soát' },
        { type: 'submit', list: list(5, 2, 1) },
        { type: 'accept' },
      ],
      final: 'approved',
      escalations: ['manual'],
    },
    {
      entry: agency('ubnd-xa-binh-thanh', 'UBND xã Bình Thạnh', 'commune'),
      steps: [
        { type: 'submit', list: list(6, 1, 1) },
        back('Chưa đúng biểu mẫu'),
        { type: 'withdraw', reason: 'Sáp nhập đơn vị hành chính' },
      ],
      final: 'withdrawn',
      escalations: [],
    },
    {
      entry: agency('thanh-tra-tinh', 'Thanh tra tỉnh', 'department'),
      steps: [
        { type: 'ask', question: 'TTHC 1.001070 có phải số hóa ý kiến của cơ quan phối hợp không?' },
        { type: 'answer', answer: 'Có, nếu ý kiến là thành phần hồ sơ.' },
        { type: 'submit', list: list(7, 1, 1) },
        { type: 'accept' },
      ],
      final: 'approved',
      escalations: [],
    },
    {
      // Submits but is never reviewed: missing at consolidation, left open afterwards.
      entry: agency('ubnd-huyen-ly-son', 'UBND huyện Lý Sơn', 'district'),
      steps: [{ type: 'submit', list: list(8, 1, 1) }],
      final: 'submitted',
      escalations: ['missing_at_consolidation'],
    },
    {
      // Silent: reminded twice, overdue, then missing at consolidation (see SILENT below).
      entry: agency(SILENT, 'Sở Xây dựng', 'department'),
      steps: [],
      final: 'assigned',
      escalations: ['submission_overdue', 'missing_at_consolidation'],
    },
  ];
}

/**
 * The one agency that does nothing: its submission deadline is shortened (an extension by the
 * Service Center, through the server) so that its reminders and its overdue escalation fall due
 * while the fault suites disturb the run. Nothing else it has depends on when the script's Updates land.
 */
export const SILENT = 'so-xay-dung';
/** Monday 12/02/2024, end of day, Asia/Ho_Chi_Minh. */
export const SILENT_DEADLINE = '2024-02-12T23:59:59+07:00';

/**
 * When the silent agency's timers are due, worked out by hand on the "weekends-only" calendar with
 * reminders 2 and 1 working days before the deadline (08:00 on those days): Monday 12/02 minus one
 * working day is Friday 09/02, minus two is Thursday 08/02 (the weekend 10–11/02 is skipped).
 */
export const SILENT_TIMERS = [
  { what: 'reminder 2 working days before', at: '2024-02-08T08:00:00+07:00' },
  { what: 'reminder 1 working day before', at: '2024-02-09T08:00:00+07:00' },
  { what: 'submission overdue', at: SILENT_DEADLINE },
] as const;

/** Consolidation waits until every timer above has fired: Tuesday 13/02/2024 08:00. */
export const CONSOLIDATE_AT = '2024-02-13T08:00:00+07:00';

/**
 * A rehearsal (launched with `?drill=true`) of letter 751 on fixed dates: the campaign's own
 * deadlines and its review and resubmission periods lie far beyond the test, so that only the
 * silent agency's timers fire; every run is given the same instants.
 */
export function scriptedCampaign(agencies: ScriptedAgency[]) {
  const base = sampleCampaign({
    agencies: agencies.map((a) => a.entry),
    deadlines: { submission: '2024-04-26T23:59:59+07:00', approval: '2024-05-31T23:59:59+07:00' },
  });
  return {
    ...base,
    policy: { ...base.policy, reminderOffsets: [2, 1], resubmissionWorkingDays: 40, reviewWorkingDays: 40 },
  };
}
