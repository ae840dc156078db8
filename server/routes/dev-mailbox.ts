import { z } from 'zod';
import { formatDateTime } from '../../domain/time';
import type { TypedApp } from '../http/app';
import { page, text } from '../http/pages';

// Development only: the messages the demo's own SMTP server caught, so a newcomer can open "their"
// sign-in link. Never registered with NODE_ENV=production or a real SMTP_URL (see Config.server.devMailbox).

export interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
  at: Date;
}

const LINK = /https?:\/\/[^\s<>"]+/g;
const SHOWN = 50;

function message(m: CaughtMail): string {
  // Links are made clickable after escaping; escaping leaves none of <>" inside a URL.
  const body = text(m.text).replace(LINK, (url) => `<a href="${url}">${url}</a>`);
  return `<article><h3>${text(m.subject)}</h3><p>Tới: ${text(m.to.join(', '))} — ${text(formatDateTime(m.at))}</p><pre>${body}</pre></article>`;
}

export function registerDevMailboxRoutes(app: TypedApp, deps: { mailbox: { list(): CaughtMail[] } }): void {
  app.get(
    '/dev/mailbox',
    { schema: { hide: true, querystring: z.object({ to: z.string().trim().toLowerCase().optional() }) } },
    async (request, reply) => {
      const all = deps.mailbox.list();
      const to = request.query.to;
      const messages = all.filter((m) => !to || m.to.includes(to)).reverse();
      const counts = new Map<string, number>();
      for (const m of all) for (const address of m.to) counts.set(address, (counts.get(address) ?? 0) + 1);
      const boxes = [...counts.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(
          ([address, n]) =>
            `<li><a href="/dev/mailbox?to=${encodeURIComponent(address)}">${text(address)}</a> (${n} thư)</li>`,
        )
        .join('');
      const heading = to ? `Thư gửi tới ${text(to)}` : 'Thư mới nhất';
      const shown = messages.slice(0, SHOWN).map(message).join('');
      const more = messages.length > SHOWN ? `<p>Còn ${messages.length - SHOWN} thư cũ hơn không hiển thị.</p>` : '';
      return reply.type('text/html; charset=utf-8').send(
        page(
          'Hộp thư thử nghiệm (chỉ khi chạy demo)',
          `<p>Thư dondoc gửi trong demo, mới nhất trước. Để đăng nhập với một vai trò: mở <a href="/sign-in">/sign-in</a>, nhập email của vai trò đó, rồi mở liên kết trong hộp thư của email ấy dưới đây.</p>
<nav aria-label="Hộp thư"><h2>Hộp thư</h2><ul><li><a href="/dev/mailbox">Tất cả</a></li>${boxes}</ul></nav>
<section><h2>${heading}</h2>${shown || '<p>Chưa có thư nào.</p>'}${more}</section>`,
        ),
      );
    },
  );
}
