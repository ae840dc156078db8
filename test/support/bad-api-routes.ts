import { sampleCampaign } from './sample-campaign';
import { justiceDepartmentList } from './sample-lists';

// The HTTP API's routes as the bad-request tests exercise them: who may take each state-changing
// route (and someone who may not, with the role the refusal must name) with a valid body, who may
// read each read of a campaign, and the shapes of the OpenAPI document and of an answer.

export type Who = 'admin' | 'justice' | 'health' | 'reviewer' | 'approver' | 'operator' | 'anonymous';

export interface RouteCase {
  /** Who may take it, and someone who may not (with the role the refusal must name). */
  who: Who;
  wrong?: { who: Who; names: string };
  /** A valid body (the wrong role and the unknown-target cases send it). */
  body?: () => unknown;
  multipart?: boolean;
}

const futureDeadline = new Date(Date.now() + 25 * 86_400_000).toISOString();
export const AGENCY_ROUTE = '/api/v1/campaigns/{campaignId}/agencies/{agencyCode}';
const agency = AGENCY_ROUTE;
export const CAMPAIGN_ROUTE = '/api/v1/campaigns/{campaignId}';
const campaign = CAMPAIGN_ROUTE;

/** Every state-changing route's case; `requestId` is the open support request of the set-up. */
export function routeCases(requestId: () => string): Record<string, RouteCase> {
  return {
    'POST /api/v1/auth/email-link': { who: 'anonymous' },
    'POST /api/v1/auth/link-exchange': { who: 'anonymous' },
    'POST /api/v1/tokens': { who: 'justice' },
    'DELETE /api/v1/tokens/{tokenId}': { who: 'justice' },
    'POST /api/v1/grants': {
      who: 'operator',
      wrong: { who: 'justice', names: '(operator)' },
      body: () => ({ email: 'moi@example.gov.vn', role: 'agency', campaignId: '{campaignId}', agencyCode: 'so-y-te' }),
    },
    'POST /api/v1/grants/revoke': {
      who: 'operator',
      wrong: { who: 'reviewer', names: '(operator)' },
      body: () => ({
        email: 'stp@example.gov.vn',
        role: 'agency',
        campaignId: '{campaignId}',
        agencyCode: 'so-tu-phap',
      }),
    },
    'POST /api/v1/campaigns': {
      who: 'admin',
      wrong: { who: 'justice', names: '(operator)' },
      body: () => sampleCampaign(),
    },
    [`POST ${campaign}/consolidate`]: {
      who: 'reviewer',
      wrong: { who: 'justice', names: '(reviewer)' },
      body: () => ({}),
    },
    [`POST ${campaign}/approve`]: {
      who: 'approver',
      wrong: { who: 'reviewer', names: '(approver)' },
      body: () => ({ decisionNumber: '12/QĐ-UBND', decisionDate: '2024-03-13', signer: 'Đặng Văn Minh' }),
    },
    [`POST ${campaign}/send-back`]: {
      who: 'approver',
      wrong: { who: 'operator', names: '(approver)' },
      body: () => ({ reasons: 'Thiếu danh mục của cấp xã.' }),
    },
    [`POST ${campaign}/cancel`]: {
      who: 'operator',
      wrong: { who: 'approver', names: '(operator)' },
      body: () => ({ reason: 'Văn bản bị thu hồi.' }),
    },
    [`PUT ${campaign}/report-schedule`]: {
      who: 'operator',
      wrong: { who: 'justice', names: '(operator)' },
      body: () => ({}),
    },
    [`POST ${agency}/submissions`]: {
      who: 'justice',
      wrong: { who: 'health', names: '(agency) của cơ quan so-tu-phap' },
      body: () => ({ list: justiceDepartmentList }),
    },
    [`POST ${agency}/submissions/file`]: {
      who: 'justice',
      wrong: { who: 'health', names: '(agency) của cơ quan so-tu-phap' },
      multipart: true,
    },
    [`POST ${agency}/deliveries`]: {
      who: 'justice',
      wrong: { who: 'health', names: '(agency) của cơ quan so-tu-phap' },
      body: () => ({ delivery: { rows: [] } }),
    },
    [`POST ${agency}/deliveries/file`]: {
      who: 'justice',
      wrong: { who: 'health', names: '(agency) của cơ quan so-tu-phap' },
      multipart: true,
    },
    [`POST ${agency}/files`]: {
      who: 'justice',
      wrong: { who: 'health', names: '(agency) của cơ quan so-tu-phap' },
      multipart: true,
    },
    [`POST ${agency}/submissions/preview`]: {
      who: 'justice',
      wrong: { who: 'health', names: '(agency) của cơ quan so-tu-phap' },
      multipart: true,
    },
    [`POST ${agency}/return`]: {
      who: 'reviewer',
      wrong: { who: 'justice', names: '(reviewer)' },
      body: () => ({ reasons: { overall: 'Thiếu TTHC cấp tỉnh.' } }),
    },
    [`POST ${agency}/accept`]: { who: 'reviewer', wrong: { who: 'approver', names: '(reviewer)' }, body: () => ({}) },
    [`POST ${agency}/extension-requests`]: {
      who: 'justice',
      wrong: { who: 'health', names: '(agency) của cơ quan so-tu-phap' },
      body: () => ({ deadline: futureDeadline.slice(0, 10), reason: 'Chờ ý kiến của Bộ Tư pháp.' }),
    },
    [`POST ${agency}/extension-requests/answer`]: {
      who: 'operator',
      wrong: { who: 'reviewer', names: '(operator)' },
      body: () => ({ requestId: 'de-nghi-1', decision: 'refuse', reason: 'Thời hạn đã công bố.' }),
    },
    [`POST ${agency}/extend`]: {
      who: 'operator',
      wrong: { who: 'reviewer', names: '(operator)' },
      body: () => ({ deadline: futureDeadline, reason: 'Cơ quan đề nghị.' }),
    },
    [`POST ${agency}/remind`]: { who: 'operator', wrong: { who: 'justice', names: '(operator)' }, body: () => ({}) },
    [`POST ${agency}/withdraw`]: {
      who: 'operator',
      wrong: { who: 'justice', names: '(operator)' },
      body: () => ({ reason: 'Sáp nhập.' }),
    },
    [`POST ${agency}/escalate`]: {
      who: 'operator',
      wrong: { who: 'reviewer', names: '(operator)' },
      body: () => ({ reason: 'Chậm nộp.' }),
    },
    [`POST ${agency}/support`]: {
      who: 'justice',
      wrong: { who: 'health', names: '(agency) của cơ quan so-tu-phap' },
      body: () => ({ question: 'Có phải số hóa biên bản không?' }),
    },
    [`POST ${agency}/support/answer`]: {
      who: 'reviewer',
      wrong: { who: 'justice', names: '(reviewer)' },
      body: () => ({ requestId: requestId(), answer: 'Có.' }),
    },
    [`POST ${agency}/suspend`]: {
      who: 'operator',
      wrong: { who: 'justice', names: '(operator)' },
      body: () => ({ reason: 'Chờ văn bản hướng dẫn.' }),
    },
    [`POST ${agency}/resume`]: { who: 'operator', wrong: { who: 'approver', names: '(operator)' }, body: () => ({}) },
    'POST /api/v1/calendar/apply': {
      who: 'operator',
      wrong: { who: 'reviewer', names: '(operator)' },
      body: () => ({ campaignId: '{campaignId}' }),
    },
    'POST /api/v1/calendar/announcements': {
      who: 'admin',
      wrong: { who: 'justice', names: 'Trung tâm Phục vụ' },
      body: () => ({ daysOff: ['2026-12-31'], basis: 'Thông báo 1/TB-BNV' }),
    },
  };
}

/**
 * The reads of one campaign (GET routes with a campaign in the path): someone who may not read it,
 * with the role the refusal must name. An agency member reads their own agency's part of the
 * campaign's own page, so that one has no wrong reader.
 */
export const READS: Record<string, { who: Who; wrong?: { who: Who; names: string } }> = {
  [`GET ${campaign}`]: { who: 'operator' },
  [`GET ${campaign}/status`]: { who: 'operator', wrong: { who: 'justice', names: '(operator)' } },
  [`GET ${campaign}/reminder-schedule`]: { who: 'operator', wrong: { who: 'health', names: '(operator)' } },
  [`GET ${campaign}/report`]: { who: 'reviewer', wrong: { who: 'justice', names: '(reviewer)' } },
  [`GET ${campaign}/report/files`]: { who: 'approver', wrong: { who: 'health', names: '(approver)' } },
  [`GET ${campaign}/lookup`]: { who: 'operator', wrong: { who: 'justice', names: '(operator)' } },
  [`GET ${campaign}/workflow-state`]: { who: 'reviewer', wrong: { who: 'health', names: '(operator)' } },
  [`GET ${agency}/workflow-state`]: {
    who: 'justice',
    wrong: { who: 'health', names: '(operator) của cơ quan so-tu-phap' },
  },
  [`GET ${agency}`]: { who: 'justice', wrong: { who: 'health', names: '(operator) của cơ quan so-tu-phap' } },
  [`GET ${agency}/extension-requests`]: {
    who: 'justice',
    wrong: { who: 'health', names: '(operator) của cơ quan so-tu-phap' },
  },
  [`GET ${agency}/files/{sha256}`]: {
    who: 'justice',
    wrong: { who: 'health', names: '(operator) của cơ quan so-tu-phap' },
  },
};

/** A value of another JSON type than the schema's. */
export function wrongValue(schema: { type?: string | string[] }): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  return type === 'string' ? 12345 : type === 'array' || type === 'object' ? 'không phải' : type ? 'mười' : undefined;
}

export interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string }[];
        requestBody?: {
          content?: Record<
            string,
            { schema: { required?: string[]; properties?: Record<string, { type?: string | string[] }> } }
          >;
        };
      }
    >
  >;
}

export interface Answer {
  status: number;
  body: { message?: string; error?: string };
}
