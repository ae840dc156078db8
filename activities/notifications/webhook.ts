import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { DeliveryError, SEND_TIMEOUT_MS, type DeliveryChannel } from './delivery';

// The webhook channel: an HTTP POST of the message as JSON. A webhook address is data (a campaign
// file names it), so it must not reach into the worker's own network: the address each connection
// goes to is checked when the socket connects (after DNS, so a name that resolves to 127.0.0.1 is
// caught, also when it changes between attempts), redirects are not followed, and the receiver's
// answer is not kept — only its status.

// Loopback, private, link-local, shared, unspecified, multicast and reserved ranges, one list per
// family: a BlockList also matches IPv4 addresses against IPv4-mapped IPv6 rules.
const NON_PUBLIC_V4 = new BlockList();
const NON_PUBLIC_V6 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NON_PUBLIC_V4.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 127],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NON_PUBLIC_V6.addSubnet(network, prefix, 'ipv6');

/** Whether an IP address is on the public internet (not loopback, private, link-local, …). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return family === 4 ? !NON_PUBLIC_V4.check(address, 'ipv4') : !NON_PUBLIC_V6.check(address, 'ipv6');
}

export interface WebhookOptions {
  timeoutMs?: number;
  /** DONDOC_WEBHOOK_PRIVATE_ADDRESSES: let webhooks reach loopback and private addresses (a receiver on the same network). */
  allowPrivateAddresses?: boolean;
}

const REFUSED = 'DONDOC_WEBHOOK_ADDRESS_REFUSED';

/** DNS lookup that refuses non-public addresses, so the check holds for the address actually connected to. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as dns.LookupAddress[];
    const refused = list.find((a) => !isPublicAddress(a.address));
    if (refused || list.length === 0) {
      const reason = Object.assign(
        new Error(`${hostname} resolves to ${refused?.address ?? 'no address'}, which is not a public address`),
        { code: REFUSED },
      );
      return callback(reason, '', 0);
    }
    if (options.all) return callback(null, list, 0);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

function post(url: URL, body: string, headers: Record<string, string>, options: WebhookOptions): Promise<number> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        ...(!options.allowPrivateAddresses && { lookup: publicOnlyLookup }),
        timeout: options.timeoutMs ?? SEND_TIMEOUT_MS,
      },
      (response) => {
        // The answer's body is not read into memory nor stored: drained so the connection is released.
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`no answer within ${options.timeoutMs ?? SEND_TIMEOUT_MS} ms`)),
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** HTTP POST of the message as JSON to the recipient's URL; any answer but 2xx is a failure. */
export function createWebhookChannel(options: WebhookOptions = {}): DeliveryChannel {
  return {
    async send(message) {
      let url: URL;
      try {
        url = new URL(message.to);
      } catch {
        throw new DeliveryError(`Địa chỉ webhook không hợp lệ: ${message.to}`, true);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new DeliveryError(`Địa chỉ webhook phải là http(s): ${message.to}`, true);
      }
      const literal = url.hostname.replace(/^\[|\]$/g, '');
      if (!options.allowPrivateAddresses && isIP(literal) !== 0 && !isPublicAddress(literal)) {
        throw new DeliveryError(
          `Webhook ${url.origin}: địa chỉ nội bộ (loopback, mạng riêng hoặc link-local) không được phép; ` +
            'dùng địa chỉ công khai của bên nhận, hoặc đặt DONDOC_WEBHOOK_PRIVATE_ADDRESSES=1 nếu bên nhận ở cùng mạng nội bộ',
          true,
        );
      }
      const body = JSON.stringify({
        idempotencyKey: message.idempotencyKey,
        kind: message.kind,
        campaignId: message.campaignId,
        assignmentId: message.assignmentId ?? null,
        subject: message.subject,
        text: message.text,
        createdAt: message.createdAt.toISOString(),
      });
      const headers = {
        'content-type': 'application/json; charset=utf-8',
        'idempotency-key': message.idempotencyKey,
      };
      let status: number;
      try {
        status = await post(url, body, headers, options);
      } catch (error) {
        if ((error as { code?: string }).code === REFUSED) {
          throw new DeliveryError(
            `Webhook ${url.origin}: ${(error as Error).message}; dùng địa chỉ công khai của bên nhận, hoặc đặt ` +
              'DONDOC_WEBHOOK_PRIVATE_ADDRESSES=1 nếu bên nhận ở cùng mạng nội bộ',
            true,
            { cause: error },
          );
        }
        throw new DeliveryError(`Webhook ${url.origin}: ${(error as Error).message}`, false, { cause: error });
      }
      if (status >= 300 && status < 400) {
        throw new DeliveryError(
          `Webhook ${url.origin}: HTTP ${status} (chuyển hướng); dondoc không đi theo chuyển hướng — ghi địa chỉ đích cuối cùng của bên nhận`,
          true,
        );
      }
      if (status < 200 || status >= 300) {
        // 4xx other than timeout / conflict / rate limit: the receiver rejects this request as such.
        const permanent = status >= 400 && status < 500 && ![408, 409, 425, 429].includes(status);
        throw new DeliveryError(`Webhook ${url.origin}: HTTP ${status}`, permanent);
      }
    },
  };
}
