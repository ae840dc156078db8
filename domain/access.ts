// Who may do what: the roles people hold and the one rule that maps each action to the roles that
// may take it. The server checks it before acting; the workflows check the server's signed proof.

export const ROLES = ['agency', 'reviewer', 'approver', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Each role as people read it (pages, e-mails, reports): no codes. */
export const ROLE_LABELS: Record<Role, string> = {
  agency: 'cán bộ của cơ quan được giao',
  reviewer: 'cơ quan thẩm định',
  approver: 'người phê duyệt',
  operator: 'cán bộ Trung tâm Phục vụ - Kiểm soát TTHC',
  admin: 'quản trị hệ thống',
};

/** A role with the code people type in the admin script and the API ("người phê duyệt (approver)"). */
export function roleWithCode(role: Role): string {
  return `${ROLE_LABELS[role]} (${role})`;
}

/**
 * A grant as the rule sees it: empty campaign = every campaign (an administrator, or the province's
 * Service Center: an operator of every campaign, launched or not), empty agency = not agency-bound.
 */
export interface Grant {
  role: Role;
  campaignId: string;
  agencyCode: string;
}

/** One action as the access rule knows it: who may take it, what it is called, and its Update if any. */
interface ActionDeclaration {
  roles: readonly Role[];
  /** What the action is called wherever people read it: refusals, the report, the portal, the admin script. */
  label: string;
  /** The workflow Update that carries it (workflows/agency/actions.ts, workflows/campaign/actions.ts serve it). */
  update?: string;
  /** It brings a list into collection: refused once collection is closed for the agency (domain/collection.ts). */
  collects?: true;
}

/** Every action, declared once; the tables below are derived from it. */
export const ACTION_DECLARATIONS = {
  launch: { roles: ['operator'], label: 'khởi chạy chiến dịch' },
  status: { roles: ['agency', 'reviewer', 'approver', 'operator'], label: 'xem tình trạng' },
  submit: { roles: ['agency'], label: 'nộp danh sách', update: 'submitList', collects: true },
  /** A delivery of the campaign's declared deliverable (a form, a table other than the Article 4 list). */
  deliver: { roles: ['agency'], label: 'nộp sản phẩm', update: 'submitDelivery', collects: true },
  support: { roles: ['agency'], label: 'đề nghị hỗ trợ', update: 'requestSupport' },
  answerSupport: { roles: ['reviewer', 'operator'], label: 'trả lời đề nghị hỗ trợ', update: 'answerSupport' },
  returnList: { roles: ['reviewer'], label: 'trả lại danh sách', update: 'returnList' },
  acceptList: { roles: ['reviewer'], label: 'chấp nhận danh sách', update: 'acceptList' },
  consolidate: { roles: ['reviewer'], label: 'tổng hợp danh mục', update: 'consolidate' },
  extendDeadline: { roles: ['operator'], label: 'gia hạn', update: 'extendDeadline' },
  /** An agency member asks; the Service Center records a request made on paper. */
  requestExtension: { roles: ['operator', 'agency'], label: 'xin gia hạn', update: 'requestExtension' },
  answerExtension: { roles: ['operator'], label: 'trả lời đề nghị gia hạn', update: 'answerExtension' },
  remind: { roles: ['operator'], label: 'nhắc việc', update: 'remindNow' },
  withdraw: { roles: ['operator'], label: 'rút cơ quan khỏi chiến dịch', update: 'withdraw' },
  escalate: { roles: ['operator'], label: 'báo cáo vi phạm', update: 'escalate' },
  approve: { roles: ['approver'], label: 'phê duyệt danh mục', update: 'approve' },
  sendBack: { roles: ['approver'], label: 'trả lại danh mục tổng hợp', update: 'sendBack' },
  report: { roles: ['reviewer', 'approver', 'operator'], label: 'xem báo cáo' },
  suspendDeadline: { roles: ['operator'], label: 'tạm dừng thời hạn', update: 'suspendDeadline' },
  resumeDeadline: { roles: ['operator'], label: 'tiếp tục tính thời hạn', update: 'resumeDeadline' },
  changeCalendar: { roles: ['operator'], label: 'cập nhật lịch làm việc', update: 'changeCalendar' },
  cancel: { roles: ['operator'], label: 'hủy chiến dịch', update: 'cancelCampaign' },
  scheduleReport: { roles: ['operator'], label: 'đặt lịch báo cáo' },
  /** A server write, not an Update: domain/escalation-handling.ts says why. */
  handleEscalation: { roles: ['operator'], label: 'xử lý cảnh báo' },
  makeReport: { roles: ['operator'], label: 'lập báo cáo' },
  manageUsers: { roles: ['operator'], label: 'quản lý quyền' },
  manageDirectory: { roles: ['operator'], label: 'quản lý danh bạ cơ quan' },
  /** A file for a delivery: stored apart from the workflow, named by the delivery (server/files). */
  uploadFile: { roles: ['agency'], label: 'tải tệp lên' },
  downloadFile: { roles: ['agency', 'reviewer', 'approver', 'operator'], label: 'tải tệp về' },
} as const satisfies Record<string, ActionDeclaration>;
export type Action = keyof typeof ACTION_DECLARATIONS;

type Declared = typeof ACTION_DECLARATIONS;
const entries = Object.entries(ACTION_DECLARATIONS) as [Action, ActionDeclaration][];

/** The roles that may take each action. */
export const ACTIONS = Object.fromEntries(entries.map(([action, d]) => [action, d.roles])) as {
  [A in Action]: Declared[A]['roles'];
};

/** What each action is called (one wording everywhere). */
export const ACTION_LABELS = Object.fromEntries(entries.map(([action, d]) => [action, d.label])) as Record<
  Action,
  string
>;

/** The actions a workflow Update carries, and the Update names. */
export type UpdateAction = { [A in Action]: Declared[A] extends { update: string } ? A : never }[Action];
export type UpdateName = UpdateNameOf<UpdateAction>;

/** The name of the Update that carries an action. */
export type UpdateNameOf<A extends UpdateAction> = Declared[A] extends { update: infer U extends string } ? U : never;

/** The action each workflow Update stands for: the roles its actor proof must name. */
export const UPDATE_ACTIONS = Object.fromEntries(
  entries.flatMap(([action, d]) => (d.update ? [[d.update, action]] : [])),
) as Record<UpdateName, UpdateAction>;

/** True when the action brings a list into collection (refused once collection is closed for the agency). */
export function collects(action: Action): boolean {
  return (ACTION_DECLARATIONS[action] as ActionDeclaration).collects === true;
}

/** How a request reached the server, as the audit records it. */
export const CHANNEL_LABELS: Record<string, string> = {
  web: 'trình duyệt',
  token: 'mã API',
  cli: 'công cụ quản trị',
  system: 'hệ thống',
};

export interface Scope {
  campaignId: string;
  /** The agency acted on or read; absent for campaign-wide actions. */
  agencyCode?: string;
}

/** The campaign of a province-wide grant: every campaign. */
export const EVERY_CAMPAIGN = '';

/** Roles that may be held province-wide (for every campaign) rather than for one campaign. */
export const PROVINCE_WIDE_ROLES: readonly Role[] = ['operator', 'admin'];

/** Work not tied to one campaign (the agency directory, creating a campaign): only province-wide grants cover it. */
export const PROVINCE_SCOPE: Scope = { campaignId: EVERY_CAMPAIGN };

function covers(grant: Grant, role: Role, scope: Scope): boolean {
  if (grant.role !== role) return false;
  if (grant.campaignId !== scope.campaignId && grant.campaignId !== EVERY_CAMPAIGN) return false;
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
    .map(roleWithCode)
    .join(' hoặc ');
  const where =
    scope.agencyCode !== undefined && (ACTIONS[action] as readonly Role[]).includes('agency')
      ? ` của cơ quan ${scope.agencyCode}`
      : '';
  // A campaign not launched yet has no one of its own: launching needs the province-wide Service Center.
  if (action === 'launch' && scope.campaignId !== EVERY_CAMPAIGN)
    return `Bạn không có quyền này: cần vai trò Trung tâm Phục vụ cấp tỉnh (do quản trị hệ thống cấp), hoặc vai trò ${roles} trong chiến dịch ${scope.campaignId}.`;
  const campaign = scope.campaignId === EVERY_CAMPAIGN ? ' cấp tỉnh' : ` trong chiến dịch ${scope.campaignId}`;
  return `Bạn không có quyền này: cần vai trò ${roles}${where}${campaign}.`;
}
