// Who may do what: the roles people hold and the one rule that maps each action to the roles that
// may take it. The server checks it before acting; the workflows check the server's signed proof.

export const ROLES = ['agency', 'reviewer', 'approver', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  agency: 'cán bộ của cơ quan được giao (agency)',
  reviewer: 'cơ quan thẩm định (reviewer)',
  approver: 'người phê duyệt (approver)',
  operator: 'cán bộ Trung tâm Phục vụ - Kiểm soát TTHC (operator)',
  admin: 'quản trị hệ thống (admin)',
};

/** A grant as the rule sees it: empty campaign = every campaign (admin), empty agency = not agency-bound. */
export interface Grant {
  role: Role;
  campaignId: string;
  agencyCode: string;
}

export const ACTIONS = {
  launch: ['operator'],
  status: ['agency', 'reviewer', 'approver', 'operator'],
  submit: ['agency'],
  support: ['agency'],
  answerSupport: ['reviewer', 'operator'],
  returnList: ['reviewer'],
  acceptList: ['reviewer'],
  consolidate: ['reviewer'],
  extendDeadline: ['operator'],
  /** An agency member asks; the Service Center records a request made on paper. */
  requestExtension: ['operator', 'agency'],
  answerExtension: ['operator'],
  remind: ['operator'],
  withdraw: ['operator'],
  escalate: ['operator'],
  approve: ['approver'],
  sendBack: ['approver'],
  report: ['reviewer', 'approver', 'operator'],
  suspendDeadline: ['operator'],
  resumeDeadline: ['operator'],
  changeCalendar: ['operator'],
  cancel: ['operator'],
  scheduleReport: ['operator'],
  manageUsers: ['operator'],
} as const satisfies Record<string, readonly Role[]>;
export type Action = keyof typeof ACTIONS;

/** What each action is called in the report and `campaign status` (who did what). */
export const ACTION_LABELS: Record<Action, string> = {
  launch: 'khởi chạy chiến dịch',
  status: 'xem tình trạng',
  submit: 'nộp danh sách',
  support: 'đề nghị hỗ trợ',
  answerSupport: 'trả lời đề nghị hỗ trợ',
  returnList: 'trả lại danh sách',
  acceptList: 'chấp nhận danh sách',
  consolidate: 'tổng hợp danh mục',
  extendDeadline: 'gia hạn',
  requestExtension: 'xin gia hạn',
  answerExtension: 'trả lời đề nghị gia hạn',
  remind: 'nhắc việc',
  withdraw: 'rút khỏi chiến dịch',
  escalate: 'báo cáo vi phạm',
  approve: 'phê duyệt',
  sendBack: 'trả lại danh mục tổng hợp',
  report: 'xem báo cáo',
  suspendDeadline: 'tạm dừng thời hạn',
  resumeDeadline: 'tính lại thời hạn',
  changeCalendar: 'đổi lịch làm việc',
  cancel: 'hủy chiến dịch',
  scheduleReport: 'đặt lịch báo cáo',
  manageUsers: 'quản lý quyền',
};

/** How a request reached the server, as the audit records it. */
export const CHANNEL_LABELS: Record<string, string> = {
  web: 'trình duyệt',
  token: 'mã API',
  cli: 'công cụ quản trị',
  system: 'hệ thống',
};

/** The action each workflow Update stands for: the roles its actor proof must name. */
export const UPDATE_ACTIONS: Record<string, Action> = {
  submitList: 'submit',
  requestSupport: 'support',
  answerSupport: 'answerSupport',
  returnList: 'returnList',
  acceptList: 'acceptList',
  extendDeadline: 'extendDeadline',
  requestExtension: 'requestExtension',
  answerExtension: 'answerExtension',
  remindNow: 'remind',
  withdraw: 'withdraw',
  escalate: 'escalate',
  consolidate: 'consolidate',
  approve: 'approve',
  sendBack: 'sendBack',
  suspendDeadline: 'suspendDeadline',
  resumeDeadline: 'resumeDeadline',
  changeCalendar: 'changeCalendar',
  cancelCampaign: 'cancel',
};

export interface Scope {
  campaignId: string;
  /** The agency acted on or read; absent for campaign-wide actions. */
  agencyCode?: string;
}

function covers(grant: Grant, role: Role, scope: Scope): boolean {
  if (grant.role !== role || grant.campaignId !== scope.campaignId) return false;
  // An agency member acts only for their own agency, and never campaign-wide.
  if (role === 'agency') return scope.agencyCode !== undefined && grant.agencyCode === scope.agencyCode;
  return true;
}

/** The role under which `grants` allow `action` on `scope`, or undefined. Administrators may do everything. */
export function roleFor(grants: readonly Grant[], action: Action, scope: Scope): Role | undefined {
  if (grants.some((grant) => grant.role === 'admin')) return 'admin';
  const allowed: readonly Role[] = ACTIONS[action];
  return allowed.find((role) => grants.some((grant) => covers(grant, role, scope)));
}

/** The agencies a person acts for in a campaign (what an agency member may see of it). */
export function agenciesOf(grants: readonly Grant[], campaignId: string): string[] {
  return grants.filter((g) => g.role === 'agency' && g.campaignId === campaignId).map((g) => g.agencyCode);
}

/** What a refusal says: the roles needed, never who holds them. */
export function refusalMessage(action: Action, scope: Scope): string {
  // Campaign-wide, an agency member's role never suffices, so it is not named as a way in.
  const roles = (ACTIONS[action] as readonly Role[])
    .filter((role) => role !== 'agency' || scope.agencyCode !== undefined)
    .map((role) => ROLE_LABELS[role])
    .join(' hoặc ');
  const where =
    scope.agencyCode !== undefined && (ACTIONS[action] as readonly Role[]).includes('agency')
      ? ` của cơ quan ${scope.agencyCode}`
      : '';
  return `Bạn không có quyền này: cần vai trò ${roles}${where} trong chiến dịch ${scope.campaignId}.`;
}
