import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import {
  createNotificationActivities,
  outboxKey,
  type NotificationOptions,
  type NotifyInput,
} from '../../activities/notifications';
import { logger } from '../../shared/logger';
import { startSmtpSink, type SmtpSink } from './smtp-sink';
import { createTestDatabase, type TestDatabase } from './test-database';
import type { TestDatabaseKind } from './test-env';
import { setUpLater } from './harness';

// The notification outbox's test world: a real SMTP server (in process, on 127.0.0.1), a real HTTP
// endpoint for webhooks, and a database holding one campaign, agency and assignment to notify about.

export const FROM = 'dondoc <dondoc@quangngai.gov.vn>';

export const REVIEWER = 'Sở Thông tin và Truyền thông';
const SERVICE_CENTER = 'Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh';
/** The people on the test campaign's record: what a request that leaves them out gets. */
export const RECORD_PEOPLE = { reviewerName: 'Sở Kiểm tra Mẫu', serviceCenterName: 'Trung tâm Điều hành Mẫu' };
export const assignedParams = {
  directive: '751/UBND-TTHC',
  directiveDate: '2024-02-07T00:00:00+07:00',
  reviewerName: REVIEWER,
  serviceCenterName: SERVICE_CENTER,
  agencyName: 'Sở Tư pháp',
  task: 'Rà soát, lập danh sách giấy tờ cần số hóa của từng thủ tục hành chính',
  deadline: '2024-03-04T23:59:59+07:00',
  howToSubmit: 'Gửi tệp danh sách qua hệ thống dondoc.',
};

export interface WebhookRequest {
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/** A local HTTP endpoint that answers with the next queued status (200 when none is queued). */
async function startWebhookServer() {
  const requests: WebhookRequest[] = [];
  const statuses: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(statuses.shift() ?? 200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/dondoc`,
    requests,
    failNext: (...codes: number[]) => void statuses.push(...codes),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function failureOf(error: unknown): ApplicationFailure {
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

type Webhook = Awaited<ReturnType<typeof startWebhookServer>>;

/** The outbox's world for one database; the SMTP sink is (re)started before each test. */
export function useOutbox(kind: TestDatabaseKind) {
  let database: TestDatabase;
  let sink: SmtpSink;
  let webhook: Webhook;
  const campaignId = `campaign-${crypto.randomBytes(4).toString('hex')}`;
  const assignmentId = `${campaignId}/000.00.12.H48`;

  const activities = (options: Partial<NotificationOptions> = {}) =>
    // The test's webhook receiver listens on 127.0.0.1, which only an explicit setting lets webhooks reach.
    createNotificationActivities(database.db, {
      smtpUrl: sink.url,
      from: FROM,
      webhookPrivateAddresses: true,
      ...options,
    });
  const eventKey = (name: string) =>
    `campaign:${campaignId}:agency:000.00.12.H48:${name}:${crypto.randomBytes(3).toString('hex')}`;
  const address = (name: string) => `${name}.${crypto.randomBytes(3).toString('hex')}@example.gov.vn`;
  const rowOf = (key: string, channel: 'email' | 'webhook', to: string) =>
    database.db.notification.findUniqueOrThrow({ where: { idempotencyKey: outboxKey(key, { channel, address: to }) } });

  function assigned(key: string, recipients: NotifyInput['recipients']): NotifyInput {
    return { key, kind: 'assigned', campaignId, assignmentId, recipients, params: assignedParams };
  }

  beforeAll(async () => {
    logger.level = 'silent'; // failures below are expected; their logs would only be noise
    [database, sink, webhook] = await Promise.all([createTestDatabase(kind), startSmtpSink(), startWebhookServer()]);
    await database.db.campaign.create({
      data: {
        id: campaignId,
        directiveNumber: '751/UBND-TTHC',
        directiveDate: new Date('2024-02-07T00:00:00+07:00'),
        title: 'Rà soát, lập danh sách giấy tờ cần số hóa',
        submissionDeadline: new Date('2024-03-04T23:59:59+07:00'),
        reviewer: RECORD_PEOPLE.reviewerName,
        definition: { serviceCenter: { name: RECORD_PEOPLE.serviceCenterName } },
      },
    });
    await database.db.agency.create({
      data: { campaignId, code: '000.00.12.H48', name: 'Sở Tư pháp', kind: 'department' },
    });
    await database.db.assignment.create({
      data: {
        id: assignmentId,
        campaignId,
        agencyCode: '000.00.12.H48',
        workflowId: `campaign:${campaignId}:agency:000.00.12.H48`,
        stage: 'assigned',
        submissionDeadline: new Date('2024-03-04T23:59:59+07:00'),
      },
    });
  });

  afterAll(async () => {
    await Promise.all([sink?.stop(), webhook?.close()]);
    await database?.drop();
  });

  beforeEach(() => sink.start());

  return {
    database: setUpLater<TestDatabase>('the database', () => database),
    sink: setUpLater<SmtpSink>('the SMTP sink', () => sink),
    webhook: setUpLater<Webhook>('the webhook endpoint', () => webhook),
    campaignId,
    assignmentId,
    activities,
    eventKey,
    address,
    rowOf,
    assigned,
  };
}
