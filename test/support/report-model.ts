import type { ExtensionRequest } from '../../domain/extension-requests';
import type { AgencyRow, CampaignReport } from '../../reporting/model';

// A small report model for the renderer tests: no database, hostile strings where people type.

export const HOSTILE = '<script>alert(1)</script>';
export const HOSTILE_REASON = '<img src=x onerror="alert(2)"> | *đậm* [link](javascript:alert(3))';

export function agencyRow(overrides: Partial<AgencyRow> = {}): AgencyRow {
  return {
    code: '000.00.12.H48',
    name: 'Sở Tư pháp',
    kind: 'department',
    kindLabel: 'Sở, ban, ngành',
    stage: 'assigned',
    stageLabel: 'Đã giao',
    stageReason: null,
    workflowId: 'campaign:c:agency:000.00.12.H48',
    deadlines: { submission: '2024-03-04T16:59:59.000Z', resubmission: null, review: null },
    lateness: { basis: 'submission', deadline: '2024-03-04T16:59:59.000Z', daysLate: 0, ongoing: true },
    returnCount: 0,
    campaignReturns: 0,
    currentVersion: 0,
    overdue: false,
    deadlineStatus: {
      status: 'on_track',
      label: 'Còn hạn',
      deadline: { kind: 'submission', at: '2024-03-04T16:59:59.000Z' },
      owner: 'agency',
      workingDaysLeft: 5,
      workingDaysOverdue: 0,
    },
    late: false,
    lastSubmittedAt: null,
    escalations: [],
    ...overrides,
  };
}

function extensionRequest(overrides: Partial<ExtensionRequest> = {}): ExtensionRequest {
  return {
    id: 'r',
    kind: 'submission',
    currentDeadline: '2024-03-04T16:59:59.000Z',
    requestedDeadline: '2024-03-07T16:59:59.000Z',
    workingDays: 3,
    reason: 'Chờ số liệu của các phòng',
    requestedBy: 'Nguyễn Văn An',
    requestedAs: 'agency',
    requestedAt: '2024-02-29T02:00:00.000Z',
    answerDeadline: '2024-03-04T16:59:59.000Z',
    status: 'pending',
    ...overrides,
  };
}

export function sampleReport(): CampaignReport {
  const hostile = agencyRow({
    code: '000.00.99.H48',
    name: `${HOSTILE} UBND xã "A" & B`,
    kind: 'commune',
    kindLabel: 'UBND cấp xã',
    stageReason: HOSTILE_REASON,
    overdue: true,
    late: true,
    deadlineStatus: {
      status: 'overdue',
      label: 'Quá hạn',
      deadline: { kind: 'submission', at: '2024-03-04T16:59:59.000Z' },
      owner: 'agency',
      workingDaysOverdue: 3,
    },
    lateness: { basis: 'submission', deadline: '2024-03-04T16:59:59.000Z', daysLate: 3, ongoing: true },
    escalations: [
      {
        id: 'escalation-1',
        kind: 'submission_overdue',
        label: 'Quá hạn nộp danh sách',
        target: 'agency',
        open: true,
        raisedAt: '2024-03-04T17:00:00.000Z',
        resolvedAt: null,
        deadline: '2024-03-04T16:59:59.000Z',
        handled: null,
      },
    ],
  });
  const formula = agencyRow({
    code: '000.00.98.H48',
    name: '=1+2 UBND xã Nghĩa Hà',
    kind: 'commune',
    kindLabel: 'UBND cấp xã',
    stage: 'accepted',
    stageLabel: 'Đã chấp nhận',
    lastSubmittedAt: '2024-02-16T02:00:00.000Z',
    currentVersion: 1,
    lateness: { basis: 'submission', deadline: '2024-02-08T16:59:59.000Z', daysLate: 1, ongoing: false },
    deadlineStatus: { status: 'done_late', label: 'Hoàn thành trễ hạn', workingDaysOverdue: 1 },
  });
  const plain = agencyRow();
  return {
    schemaVersion: 1,
    generatedAt: '2024-03-07T00:30:05.000Z',
    at: '2024-03-07T00:30:00.000Z',
    reportDay: '2024-03-07',
    campaign: {
      id: 'demo-751',
      directiveNumber: '751/UBND-TTHC',
      directiveDate: '2024-02-06T17:00:00.000Z',
      title: 'Rà soát, lập danh sách giấy tờ cần số hóa',
      submissionDeadline: '2024-03-04T16:59:59.000Z',
      approvalDeadline: '2024-03-14T16:59:59.000Z',
      status: 'running',
      consolidatedAt: null,
      approvedAt: null,
      decisionNumber: null,
    },
    summary: {
      agencies: 3,
      inReview: 0,
      accepted: 1,
      pending: 2,
      withdrawn: 0,
      late: 1,
      perfunctory: 0,
      openEscalations: 1,
      byDeadlineStatus: [
        { status: 'on_track', label: 'Còn hạn', count: 1 },
        { status: 'due_soon', label: 'Sắp đến hạn', count: 0 },
        { status: 'overdue', label: 'Quá hạn', count: 1 },
        { status: 'done_on_time', label: 'Hoàn thành đúng hạn', count: 0 },
        { status: 'done_late', label: 'Hoàn thành trễ hạn', count: 1 },
        { status: 'suspended', label: 'Tạm dừng tính hạn', count: 0 },
      ],
    },
    stages: [
      { stage: 'assigned', label: 'Đã giao', count: 2 },
      { stage: 'accepted', label: 'Đã chấp nhận', count: 1 },
    ],
    kinds: [
      { kind: 'department', label: 'Sở, ban, ngành', total: 1, byStage: { assigned: 1 } },
      { kind: 'commune', label: 'UBND cấp xã', total: 2, byStage: { assigned: 1, accepted: 1 } },
    ],
    attention: [
      {
        code: hostile.code,
        name: hostile.name,
        kindLabel: hostile.kindLabel,
        stageLabel: hostile.stageLabel,
        late: true,
        perfunctory: false,
        daysLate: 3,
        returnCount: 0,
        reasons: [`Quá hạn nộp danh sách ${HOSTILE_REASON}`],
        responsible: 'Cơ quan được giao',
      },
    ],
    agencies: [plain, hostile, formula],
    progress: [
      { day: '2024-02-15', submitted: 0, accepted: 0 },
      { day: '2024-02-16', submitted: 1, accepted: 0 },
      { day: '2024-02-17', submitted: 1, accepted: 1 },
    ],
    lateness: [
      { label: 'Không trễ hạn', count: 1 },
      { label: '1–2 ngày', count: 1 },
      { label: '3–5 ngày', count: 1 },
    ],
    escalations: [{ kind: 'submission_overdue', label: 'Quá hạn nộp danh sách', open: 1, resolved: 0, handled: 0 }],
    perfunctoryReturnCount: 2,
    rounds: [],
    deadlines: { calendar: { version: 1 }, suspended: [] },
    extensions: {
      agencies: [
        {
          code: hostile.code,
          name: hostile.name,
          tally: { requested: 2, granted: 1, refused: 1, pending: 0, workingDaysGranted: 3 },
          requests: [
            extensionRequest({
              id: 'r1',
              reason: HOSTILE_REASON,
              status: 'granted',
              decidedBy: 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh',
              decidedAt: '2024-03-01T02:00:00.000Z',
              grantedDeadline: '2024-03-07T16:59:59.000Z',
            }),
            extensionRequest({
              id: 'r2',
              currentDeadline: '2024-03-07T16:59:59.000Z',
              requestedDeadline: '2024-03-12T16:59:59.000Z',
              requestedAt: '2024-03-06T02:00:00.000Z',
              status: 'refused',
              decidedBy: 'Trung tâm Phục vụ - Kiểm soát TTHC tỉnh',
              decidedAt: '2024-03-06T08:00:00.000Z',
              answer: 'Đã gia hạn một lần',
            }),
          ],
        },
      ],
      total: { requested: 2, granted: 1, refused: 1, pending: 0, workingDaysGranted: 3 },
    },
    actionTotal: 1,
    actionCounts: [
      {
        personId: 'person_1',
        personName: 'Lê Văn Thẩm',
        email: 'le.van.tham@example.gov.vn',
        roleLabel: 'cơ quan thẩm định',
        channelLabel: 'trình duyệt',
        action: 'acceptList',
        actionLabel: 'chấp nhận danh sách',
        count: 1,
        first: '2024-02-16T02:00:00.000Z',
        last: '2024-02-16T02:00:00.000Z',
      },
    ],
    actions: [
      {
        at: '2024-02-16T02:00:00.000Z',
        personId: 'person_1',
        personName: 'Lê Văn Thẩm',
        email: 'le.van.tham@example.gov.vn',
        role: 'reviewer',
        roleLabel: 'cơ quan thẩm định',
        channel: 'web',
        channelLabel: 'trình duyệt',
        action: 'acceptList',
        actionLabel: 'chấp nhận danh sách',
        agencyCode: 'xa-binh-chau',
      },
    ],
  };
}
