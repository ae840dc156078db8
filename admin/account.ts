import fs from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { roleWithCode, ROLES, type Role } from '../domain/access';
import { grantInputSchema } from '../domain/grant-input';
import type { Session } from './context';
import { CliError } from './errors';
import { optionalText, parseInput } from './options';
import { asSignedIn, callServer, credentialsFile, loadCredentials, saveCredentials, serverUrl } from './server-api';

// `login`, `logout`, `whoami` and `user …`: who the admin script acts as, and the role grants
// (added, listed and revoked through the server, which audits them).

export function registerAccountCommands(program: Command, session: Session): void {
  program
    .command('login')
    .description(
      'Đăng nhập: gửi liên kết tới email (--email), rồi dán liên kết trong thư (--link); hoặc dùng mã API (--token)',
    )
    .option('--email <email>', 'email công vụ của bạn')
    .option('--link <liên kết>', 'liên kết đăng nhập trong thư dondoc gửi')
    .option('--token <mã>', 'mã API cá nhân tạo trên trang web')
    .option('--server <địa chỉ>', 'địa chỉ máy chủ dondoc; mặc định DONDOC_SERVER_URL hoặc http://127.0.0.1:3000')
    .action((options: Record<string, unknown>) => login(session, options));

  program
    .command('logout')
    .description('Đăng xuất: thu hồi mã của công cụ quản trị và xóa tệp đăng nhập')
    .action(() => logout(session));

  program
    .command('whoami')
    .description('Người đang đăng nhập và các vai trò')
    .action(() => whoami(session));

  const user = program.command('user').description('Người dùng và vai trò: cấp, liệt kê, thu hồi (có ghi nhật ký)');
  const grantOptions = (command: Command) =>
    command
      .argument('<email>', 'email của người dùng')
      .option('--role <vai trò>', `một trong: ${ROLES.join(', ')}`)
      .option('--campaign <mã>', 'mã chiến dịch (mọi vai trò trừ admin)')
      .option('--agency <mã>', 'mã cơ quan (chỉ với vai trò agency)');
  grantOptions(user.command('add').description('Cấp một vai trò cho một người'))
    .option('--name <tên>', 'họ tên (khi tạo người mới)')
    .action((email: string, options: Record<string, unknown>) => changeGrant(session, 'add', email, options));
  grantOptions(user.command('revoke').description('Thu hồi một vai trò')).action(
    (email: string, options: Record<string, unknown>) => changeGrant(session, 'revoke', email, options),
  );
  user
    .command('list')
    .description('Các vai trò đang có hiệu lực trong một chiến dịch')
    .option('--campaign <mã>', 'mã chiến dịch; bỏ trống để xem tất cả (chỉ quản trị hệ thống)')
    .action((options: Record<string, unknown>) => listGrants(session, options));
}

async function login(session: Session, options: Record<string, unknown>): Promise<void> {
  const input = parseInput(
    'login',
    z
      .object({ email: optionalText, link: optionalText, token: optionalText, server: optionalText })
      .refine((o) => [o.email, o.link, o.token].filter(Boolean).length === 1, {
        message: 'cần đúng một trong: --email <email>, --link <liên kết trong thư> hoặc --token <mã API>',
      }),
    options,
  );
  const env = session.deps.env;
  if (input.email) {
    const server = serverUrl(env, input.server);
    const answer = await callServer<{ message: string }>(server, 'POST', '/api/v1/auth/email-link', {
      body: { email: input.email },
    });
    session.out(answer.message);
    session.out('Sau đó chạy: npm run dondoc -- login --link "<liên kết trong thư>"');
    return;
  }
  if (input.link) {
    let url: URL;
    try {
      url = new URL(input.link);
    } catch {
      throw new CliError('--link: không phải liên kết; hãy dán nguyên liên kết trong thư (bắt đầu bằng http).');
    }
    const token = url.searchParams.get('token');
    if (!token)
      throw new CliError('--link: liên kết không có mã đăng nhập (token=…); hãy dán nguyên liên kết trong thư.');
    // The server named by --server or DONDOC_SERVER_URL, else the one the link came from.
    const server = input.server || env.DONDOC_SERVER_URL ? serverUrl(env, input.server) : url.origin;
    const issued = await callServer<{ token: string }>(server, 'POST', '/api/v1/auth/link-exchange', {
      body: { token, label: 'dondoc login' },
    });
    const file = saveCredentials(env, { server, token: issued.token });
    await whoami(session);
    session.out(`Đã lưu đăng nhập vào ${file} (chỉ bạn đọc được).`);
    return;
  }
  const server = serverUrl(env, input.server);
  await callServer(server, 'GET', '/api/v1/me', { token: input.token! });
  const file = saveCredentials(env, { server, token: input.token! });
  await whoami(session);
  session.out(`Đã lưu đăng nhập vào ${file} (chỉ bạn đọc được).`);
}

async function logout(session: Session): Promise<void> {
  const env = session.deps.env;
  const credentials = loadCredentials(env);
  const me = await callServer<{ channel: string }>(credentials.server, 'GET', '/api/v1/me', {
    token: credentials.token,
  }).catch(() => undefined);
  if (me) {
    const { tokens } = await callServer<{ tokens: { id: string; channel: string; revokedAt: string | null }[] }>(
      credentials.server,
      'GET',
      '/api/v1/tokens',
      { token: credentials.token },
    );
    // The token in use is the newest live CLI token; revoking it signs this copy out everywhere.
    const current = tokens.find((t) => t.channel === 'cli' && !t.revokedAt);
    if (current)
      await callServer(credentials.server, 'DELETE', `/api/v1/tokens/${current.id}`, { token: credentials.token });
  }
  fs.rmSync(credentialsFile(env), { force: true });
  session.out('Đã đăng xuất.');
}

async function whoami(session: Session): Promise<void> {
  const me = await asSignedIn(session.deps)<{
    name: string;
    email: string;
    grants: { role: Role; campaignId: string; agencyCode: string }[];
  }>('GET', '/api/v1/me');
  session.out(`Đang đăng nhập: ${me.name} <${me.email}>`);
  if (me.grants.length === 0) session.out('Chưa có vai trò nào.');
  for (const g of me.grants)
    session.out(
      `  - ${roleWithCode(g.role)}${g.campaignId ? `, chiến dịch ${g.campaignId}` : ''}${g.agencyCode ? `, cơ quan ${g.agencyCode}` : ''}`,
    );
}

async function changeGrant(
  session: Session,
  change: 'add' | 'revoke',
  email: string,
  options: Record<string, unknown>,
): Promise<void> {
  const input = parseInput(
    `user ${change}`,
    z.object({
      email: z.string(),
      role: z.string({ error: `thiếu; hãy ghi --role ${ROLES.join('|')}` }),
      campaign: z.string().optional(),
      agency: z.string().optional(),
      name: z.string().optional(),
    }),
    { email, ...options },
    ['email'],
  );
  const grant = {
    email: input.email,
    name: input.name,
    role: input.role,
    campaignId: input.campaign,
    agencyCode: input.agency,
  };
  const checked = grantInputSchema.safeParse(grant);
  if (!checked.success) {
    const flag: Record<string, string> = {
      campaignId: '--campaign',
      agencyCode: '--agency',
      role: '--role',
      email: '<email>',
      name: '--name',
    };
    throw new CliError(
      `Lệnh "user ${change}" không hợp lệ:\n${checked.error.issues.map((i) => `  - ${flag[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join('\n')}`,
    );
  }
  const call = asSignedIn(session.deps);
  if (change === 'add') {
    const result = await call<{ created: boolean }>('POST', '/api/v1/grants', { body: checked.data });
    session.out(
      result.created
        ? `Đã cấp vai trò ${roleWithCode(checked.data.role)} cho ${checked.data.email}.`
        : `${checked.data.email} đã có vai trò này; không có gì thay đổi.`,
    );
  } else {
    await call('POST', '/api/v1/grants/revoke', { body: checked.data });
    session.out(`Đã thu hồi vai trò ${roleWithCode(checked.data.role)} của ${checked.data.email}.`);
  }
}

async function listGrants(session: Session, options: Record<string, unknown>): Promise<void> {
  const input = parseInput('user list', z.object({ campaign: z.string().optional() }), options);
  const { grants } = await asSignedIn(session.deps)<{
    grants: { email: string; name: string; role: Role; campaignId: string; agencyCode: string }[];
  }>('GET', `/api/v1/grants?campaignId=${encodeURIComponent(input.campaign ?? '')}`);
  if (grants.length === 0) session.out('Không có vai trò nào.');
  for (const g of grants)
    session.out(
      `${g.email} (${g.name}): ${roleWithCode(g.role)}${g.campaignId ? `, ${g.campaignId}` : ''}${g.agencyCode ? `, cơ quan ${g.agencyCode}` : ''}`,
    );
}
