import { EVERY_CAMPAIGN, type Action } from '../../domain/access';

// What each portal page and form of a campaign checks before anything else: the action whose roles
// it asks for (the action its refusal's AccessEvent row names) and whether that check is for the
// agency in its path (a section page checks the campaign: the reviewer's, approver's and Service
// Center's pages ask for their section's action, role-pages.ts). Every route the server registers
// under a campaign has its case here, or the portal isolation suite fails.

export interface PortalRouteCase {
  action: Action;
  /** The check names the path's agency (the refusal is recorded for it). */
  agency?: true;
}

const AGENCY = '/campaigns/:campaignId/agencies/:agencyCode';
const SERVICE_CENTER = '/dieu-hanh/:campaignId';

export const PORTAL_ROUTE_CASES: Record<string, PortalRouteCase> = {
  'GET /nhiem-vu/chien-dich/:campaignId/tep-mau.xlsx': { action: 'status' },
  // An agency's own pages.
  [`GET ${AGENCY}`]: { action: 'status', agency: true },
  [`GET ${AGENCY}/phien-ban/:version`]: { action: 'status', agency: true },
  [`POST ${AGENCY}/list`]: { action: 'submit', agency: true },
  [`POST ${AGENCY}/list/preview`]: { action: 'submit', agency: true },
  [`POST ${AGENCY}/support`]: { action: 'support', agency: true },
  [`GET ${AGENCY}/san-pham`]: { action: 'deliver', agency: true },
  [`POST ${AGENCY}/san-pham`]: { action: 'deliver', agency: true },
  [`POST ${AGENCY}/san-pham/tep`]: { action: 'deliver', agency: true },
  [`POST ${AGENCY}/san-pham/tep/nop`]: { action: 'deliver', agency: true },
  [`POST ${AGENCY}/extension-request`]: { action: 'requestExtension', agency: true },
  // The reviewer's section.
  'GET /tham-dinh/:campaignId': { action: 'acceptList' },
  'GET /tham-dinh/:campaignId/co-quan/:agencyCode': { action: 'acceptList' },
  'POST /tham-dinh/:campaignId/co-quan/:agencyCode/tra-lai': { action: 'acceptList' },
  'POST /tham-dinh/:campaignId/co-quan/:agencyCode/tra-loi': { action: 'acceptList' },
  'POST /tham-dinh/:campaignId/co-quan/:agencyCode/chap-nhan': { action: 'acceptList' },
  'GET /tham-dinh/:campaignId/tong-hop': { action: 'acceptList' },
  'POST /tham-dinh/:campaignId/tong-hop': { action: 'acceptList' },
  // The approver's section.
  'GET /phe-duyet/:campaignId': { action: 'approve' },
  'GET /phe-duyet/:campaignId/tong-hop-san-pham.xlsx': { action: 'approve' },
  'GET /phe-duyet/:campaignId/danh-muc-tong-hop.xlsx': { action: 'approve' },
  'POST /phe-duyet/:campaignId/phe-duyet': { action: 'approve' },
  'POST /phe-duyet/:campaignId/tra-lai': { action: 'sendBack' },
  // The Service Center's section.
  [`GET ${SERVICE_CENTER}`]: { action: 'remind' },
  [`GET ${SERVICE_CENTER}/tep-chien-dich.yaml`]: { action: 'launch' },
  [`GET ${SERVICE_CENTER}/tai-xuong/:file`]: { action: 'remind' },
  [`GET ${SERVICE_CENTER}/bieu-do/:chart`]: { action: 'remind' },
  [`GET ${SERVICE_CENTER}/bao-cao/:day/:file`]: { action: 'remind' },
  [`GET ${SERVICE_CENTER}/canh-bao/:escalationId`]: { action: 'remind' },
  [`POST ${SERVICE_CENTER}/canh-bao/:escalationId`]: { action: 'handleEscalation' },
  [`GET ${SERVICE_CENTER}/chua-nop-du`]: { action: 'remind' },
  [`GET ${SERVICE_CENTER}/co-quan/:agencyCode`]: { action: 'remind' },
  [`POST ${SERVICE_CENTER}/co-quan/:agencyCode/tra-loi-gia-han`]: { action: 'answerExtension', agency: true },
  [`POST ${SERVICE_CENTER}/co-quan/:agencyCode/tra-loi-ho-tro`]: { action: 'answerSupport', agency: true },
  [`POST ${SERVICE_CENTER}/co-quan/:agencyCode/tam-dung`]: { action: 'suspendDeadline', agency: true },
  [`POST ${SERVICE_CENTER}/co-quan/:agencyCode/tiep-tuc`]: { action: 'resumeDeadline', agency: true },
  [`POST ${SERVICE_CENTER}/co-quan/:agencyCode/gia-han`]: { action: 'extendDeadline', agency: true },
  [`POST ${SERVICE_CENTER}/co-quan/:agencyCode/nhac-viec`]: { action: 'remind', agency: true },
  [`POST ${SERVICE_CENTER}/co-quan/:agencyCode/bao-cao`]: { action: 'escalate', agency: true },
  [`POST ${SERVICE_CENTER}/co-quan/:agencyCode/rut`]: { action: 'withdraw', agency: true },
  [`POST ${SERVICE_CENTER}/lap-bao-cao`]: { action: 'makeReport' },
  [`GET ${SERVICE_CENTER}/lap-bao-cao/:key`]: { action: 'remind' },
  [`GET ${SERVICE_CENTER}/hang-loat`]: { action: 'remind' },
  [`POST ${SERVICE_CENTER}/hang-loat`]: { action: 'remind' },
};

/**
 * The portal's forms not under a campaign: the campaign their check names (the province's for
 * province-wide work; "-" for a launch, checked before its file is read, which alone names the
 * campaign), or public (signing in and out).
 */
export const PROVINCE_FORM_CASES: Record<string, { action: Action; campaignId: string } | 'public'> = {
  'POST /sign-in': 'public',
  'POST /sign-in/confirm': 'public',
  'POST /sign-out': 'public',
  'POST /dieu-hanh/khoi-chay': { action: 'launch', campaignId: '-' },
  'POST /dieu-hanh/khoi-chay/kiem-tra': { action: 'launch', campaignId: '-' },
  'POST /dieu-hanh/tao-chien-dich': { action: 'launch', campaignId: EVERY_CAMPAIGN },
  'POST /dieu-hanh/tao-chien-dich/kiem-tra': { action: 'launch', campaignId: EVERY_CAMPAIGN },
  'POST /dieu-hanh/tao-chien-dich/sua': { action: 'launch', campaignId: EVERY_CAMPAIGN },
  'POST /dieu-hanh/tao-chien-dich/tep-chien-dich': { action: 'launch', campaignId: EVERY_CAMPAIGN },
  'POST /dieu-hanh/danh-ba/nhap': { action: 'manageDirectory', campaignId: EVERY_CAMPAIGN },
  'POST /dieu-hanh/danh-ba/them': { action: 'manageDirectory', campaignId: EVERY_CAMPAIGN },
  'POST /dieu-hanh/danh-ba/co-quan/:code': { action: 'manageDirectory', campaignId: EVERY_CAMPAIGN },
  'POST /dieu-hanh/danh-ba/co-quan/:code/trang-thai': { action: 'manageDirectory', campaignId: EVERY_CAMPAIGN },
  'POST /dieu-hanh/can-bo-cap-tinh': { action: 'manageUsers', campaignId: EVERY_CAMPAIGN },
  'POST /dieu-hanh/can-bo-cap-tinh/thu-hoi': { action: 'manageUsers', campaignId: EVERY_CAMPAIGN },
};
