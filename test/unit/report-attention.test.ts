import { attentionList } from '../../reporting/attention';
import type { EscalationEntry } from '../../reporting/model';
import { agencyRow } from '../support/report-model';

// Who is reported to the Chairman: late (the one rule, computed per row: test/unit/lateness.test.ts)
// or perfunctory (perfunctory escalation, or returned at least N times); with reasons and who answers.

const REVIEWER = 'Sở Thẩm định Mẫu';

const escalation = (kind: string, open: boolean, target = 'agency'): EscalationEntry => ({
  id: `${kind}-${open}`,
  kind,
  label: kind,
  target,
  open,
  raisedAt: '2024-03-04T17:00:00.000Z',
  resolvedAt: open ? null : '2024-03-06T07:00:00.000Z',
  deadline: '2024-03-04T16:59:59.000Z',
  handled: null,
});
const onTime = { basis: 'submission' as const, deadline: '2024-03-04T16:59:59.000Z', daysLate: 0, ongoing: false };

test('late and perfunctory agencies, most serious first, with reasons and who answers for it', () => {
  const rows = [
    agencyRow({ code: 'ok', stage: 'accepted', lateness: onTime }),
    agencyRow({
      code: 'resolved',
      stage: 'submitted',
      lateness: { ...onTime, daysLate: 2 },
      escalations: [escalation('submission_overdue', false)],
    }),
    agencyRow({
      code: 'open-escalation',
      lateness: { ...onTime, daysLate: 3, ongoing: true },
      escalations: [escalation('submission_overdue', true)],
      late: true,
    }),
    agencyRow({
      code: 'flag',
      stage: 'returned',
      overdue: true,
      late: true,
      lateness: { ...onTime, daysLate: 0, ongoing: true },
    }),
    agencyRow({ code: 'owed', late: true, lateness: { ...onTime, daysLate: 5, ongoing: true } }),
    agencyRow({
      code: 'review',
      stage: 'submitted',
      overdue: true,
      late: true,
      lateness: onTime,
      escalations: [escalation('review_overdue', true, 'reviewer')],
    }),
    agencyRow({ code: 'twice', stage: 'accepted', returnCount: 2, campaignReturns: 2, lateness: onTime }),
    // Launched "returned" (a re-review) and returned once in the campaign: not perfunctory.
    agencyRow({ code: 're-review', stage: 'accepted', returnCount: 2, campaignReturns: 1, lateness: onTime }),
    agencyRow({
      code: 'escalated',
      stage: 'accepted',
      returnCount: 1,
      lateness: onTime,
      escalations: [escalation('perfunctory', true)],
    }),
    agencyRow({ code: 'withdrawn', stage: 'withdrawn', lateness: null, overdue: false }),
  ];
  const list = attentionList(rows, 2, REVIEWER);
  expect(list.map((a) => a.code)).toEqual(['owed', 'open-escalation', 'twice', 'escalated', 'flag', 'review']);
  const by = (code: string) => list.find((a) => a.code === code)!;
  expect(by('owed')).toMatchObject({
    late: true,
    perfunctory: false,
    daysLate: 5,
    reasons: ['Chưa nộp danh sách, quá hạn 5 ngày làm việc (hạn 04/03/2024)'],
    responsible: 'Cơ quan được giao',
  });
  expect(by('open-escalation').reasons).toEqual(['submission_overdue (hạn 04/03/2024)']);
  expect(by('review')).toMatchObject({ late: true, responsible: REVIEWER });
  expect(by('twice')).toMatchObject({
    late: false,
    perfunctory: true,
    reasons: ['Thực hiện mang tính đối phó: danh sách bị trả lại 2 lần trong chiến dịch này'],
  });
  expect(by('escalated')).toMatchObject({ perfunctory: true });
});

test('the threshold comes from the policy', () => {
  const rows = [agencyRow({ code: 'twice', stage: 'accepted', returnCount: 2, campaignReturns: 2, lateness: onTime })];
  expect(attentionList(rows, 3, REVIEWER)).toEqual([]);
});
