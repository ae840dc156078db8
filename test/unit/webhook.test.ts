import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryError, type OutgoingMessage } from '../../activities/notifications/delivery';
import { createWebhookChannel, isPublicAddress } from '../../activities/notifications/webhook';

// A webhook address comes from campaign data: it must not reach the worker's own network unless the
// operator says so, follow no redirect, keep nothing of the receiver's answer but its status, and
// give up after its timeout.

const paths: string[] = [];
let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;
let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  paths.length = 0;
  answer = (_req, res) => res.writeHead(200).end('ok');
});

const message = (to: string): OutgoingMessage => ({
  idempotencyKey: `hook-${Math.random().toString(36).slice(2)}`,
  kind: 'assigned',
  campaignId: 'c1',
  to,
  subject: 'Giao nhiệm vụ',
  text: 'Nội dung',
  createdAt: new Date('2024-02-07T08:00:00+07:00'),
});
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the delivery to fail');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(DeliveryError);
      return error as DeliveryError;
    },
  );
const local = createWebhookChannel({ allowPrivateAddresses: true });

test.each([
  ['10.1.2.3', false],
  ['127.0.0.1', false],
  ['169.254.169.254', false],
  ['192.168.1.10', false],
  ['::1', false],
  ['fe80::1', false],
  ['fd00::1', false],
  ['::ffff:127.0.0.1', false],
  ['8.8.8.8', true],
  ['2001:4860:4860::8888', true],
])('%s is public: %s', (address, expected) => {
  expect(isPublicAddress(address)).toBe(expected);
});

test.each(['127.0.0.1', 'localhost'])(
  'a webhook to %s is refused, permanently, unless private addresses are allowed',
  async (host) => {
    const error = await failure(createWebhookChannel().send(message(`http://${host}:${port}/hook`)));
    expect(error.permanent).toBe(true);
    expect(error.message).toContain('DONDOC_WEBHOOK_PRIVATE_ADDRESSES=1');
    expect(paths).toEqual([]);

    await local.send(message(`http://${host}:${port}/hook`));
    expect(paths).toEqual(['/hook']);
  },
);

test('a redirect is not followed', async () => {
  answer = (req, res) =>
    req.url === '/hook' ? res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end() : res.end('ok');
  const error = await failure(local.send(message(`http://127.0.0.1:${port}/hook`)));
  expect(error.permanent).toBe(true);
  expect(error.message).toContain('HTTP 302');
  expect(paths).toEqual(['/hook']);
});

test("the receiver's answer is not kept in the error", async () => {
  answer = (_req, res) => res.writeHead(500).end('internal token=s3cr3t-from-the-receiver');
  const error = await failure(local.send(message(`http://127.0.0.1:${port}/hook`)));
  expect(error.permanent).toBe(false);
  expect(error.message).toContain('HTTP 500');
  expect(error.message).not.toContain('s3cr3t');
});

test('a receiver that does not answer fails the attempt after the timeout, to be retried', async () => {
  const held: http.ServerResponse[] = [];
  answer = (_req, res) => void held.push(res);
  const error = await failure(
    createWebhookChannel({ allowPrivateAddresses: true, timeoutMs: 200 }).send(
      message(`http://127.0.0.1:${port}/hook`),
    ),
  );
  expect(error.permanent).toBe(false);
  expect(error.message).toContain('200 ms');
  for (const res of held) res.destroy();
});
