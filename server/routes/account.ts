import { z } from 'zod';
import type { RouteContext, TypedApp } from '../http/app';
import { recordAccess } from '../identity/audit';
import { forbidden, notFound } from '../../shared/http-errors';
import { issueApiToken, listApiTokens, revokeApiToken } from '../identity/api-tokens';
import { requirePrincipal } from '../identity/principal';

// The signed-in person: who they are, what they hold, and their personal API tokens (minted from a
// web session only, and revoked with it).

const tags = ['Tài khoản'];

export function registerAccountRoutes(app: TypedApp, context: RouteContext): void {
  app.get('/api/v1/me', { schema: { summary: 'Người đang đăng nhập và các vai trò.', tags } }, async (request) => {
    const principal = requirePrincipal(request);
    return { ...principal.person, channel: principal.channel };
  });
  registerTokenIssue(app, context);
  registerTokenList(app, context);
}

/** A personal API token minted from a web session. */
function registerTokenIssue(app: TypedApp, context: RouteContext): void {
  const { db, config } = context;
  app.post(
    '/api/v1/tokens',
    {
      schema: {
        summary: 'Tạo mã API cá nhân (chỉ hiện một lần).',
        tags,
        body: z.object({
          label: z.string().trim().min(1, 'Tên gợi nhớ của mã (label) không được để trống.').max(100),
          days: z
            .number({ error: 'Số ngày hiệu lực (days) phải là số.' })
            .int()
            .min(1)
            .max(config.server.apiTokenDays, `Số ngày hiệu lực (days) tối đa là ${config.server.apiTokenDays}.`)
            .optional(),
        }),
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      // Only a person signed in on the web mints tokens: a token that minted tokens would leave
      // copies behind that outlive its own revocation.
      if (!principal.sessionId) {
        await recordAccess(db, {
          personId: principal.person.id,
          channel: principal.channel,
          action: 'issueToken',
          clientAddress: request.ip,
          outcome: 'refused',
          detail: { tokenId: principal.tokenId },
        });
        throw forbidden(
          'Mã API chỉ được tạo từ một phiên đăng nhập trên trình duyệt, không từ một mã API khác. Cách sửa: đăng ' +
            'nhập dondoc trên trình duyệt rồi tạo mã tại đó, hoặc dùng "npm run dondoc -- login" cho công cụ quản trị.',
        );
      }
      const issued = await issueApiToken(
        db,
        principal.person.id,
        {
          label: request.body.label,
          days: request.body.days ?? config.server.apiTokenDays,
          channel: 'token',
          mintedBySession: principal.sessionId,
        },
        context.now(),
      );
      await recordAccess(db, {
        personId: principal.person.id,
        channel: principal.channel,
        action: 'issueToken',
        clientAddress: request.ip,
        outcome: 'done',
        detail: { tokenId: issued.id, label: request.body.label },
      });
      return reply
        .code(201)
        .send({ token: issued.token, tokenId: issued.id, expiresAt: issued.expiresAt.toISOString() });
    },
  );
}

/** The person's tokens listed, and one revoked. */
function registerTokenList(app: TypedApp, context: RouteContext): void {
  const { db } = context;
  app.get('/api/v1/tokens', { schema: { summary: 'Các mã API của tôi.', tags } }, async (request) => {
    const principal = requirePrincipal(request);
    return { tokens: await listApiTokens(db, principal.person.id) };
  });

  app.delete(
    '/api/v1/tokens/:tokenId',
    { schema: { summary: 'Thu hồi một mã API của tôi.', tags, params: z.object({ tokenId: z.string().min(1) }) } },
    async (request) => {
      const principal = requirePrincipal(request);
      const revoked = await revokeApiToken(db, principal.person.id, request.params.tokenId, context.now());
      if (!revoked) throw notFound(`Không có mã API ${request.params.tokenId} nào của bạn còn hiệu lực.`);
      await recordAccess(db, {
        personId: principal.person.id,
        channel: principal.channel,
        action: 'revokeToken',
        clientAddress: request.ip,
        outcome: 'done',
        detail: { tokenId: request.params.tokenId },
      });
      return { revoked: true };
    },
  );
}
