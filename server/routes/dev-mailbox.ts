import type { TypedApp } from '../app';
import { page, text } from '../pages';

// Development only: the messages the demo's own SMTP server caught, so a newcomer can open "their"
// sign-in link. Never registered with NODE_ENV=production or a real SMTP_URL (see Config.server.devMailbox).

export interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
  at: Date;
}

const LINK = /https?:\/\/[^\s<>"]+/g;

export function registerDevMailboxRoutes(app: TypedApp, deps: { mailbox: { list(): CaughtMail[] } }): void {
  app.get('/dev/mailbox', { schema: { hide: true } }, async (_request, reply) => {
    const messages = [...deps.mailbox.list()].reverse();
    const items = messages
      .map((m) => {
        const body = text(m.text).replace(LINK, (url) => `<a href="${url}">${url}</a>`);
        return `<article><h2>${text(m.subject)}</h2><p>Tới: ${text(m.to.join(', '))}</p><pre>${body}</pre></article>`;
      })
      .join('');
    return reply
      .type('text/html; charset=utf-8')
      .send(
        page(
          'Hộp thư thử nghiệm (chỉ khi chạy demo)',
          `<p>Thư dondoc gửi trong demo, mới nhất trước. Mở liên kết đăng nhập trong thư của vai trò bạn muốn thử.</p>${items || '<p>Chưa có thư nào.</p>'}`,
        ),
      );
  });
}
