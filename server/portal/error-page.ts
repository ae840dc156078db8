import type { FastifyReply, FastifyRequest } from 'fastify';
import { plainMessage } from './form-page';
import { sendPage } from './views';

// An error as a page, in the layout, for a browser: what went wrong (Vietnamese) and a way on.

function errorTitle(status: number): string {
  if (status === 403) return 'Không có quyền';
  if (status === 401) return 'Cần đăng nhập';
  if (status === 404) return 'Không tìm thấy';
  return 'Không thực hiện được';
}

export function sendErrorPage(request: FastifyRequest, reply: FastifyReply, status: number, message: string) {
  const links = status === 401 ? [{ href: '/sign-in', label: 'Đăng nhập' }] : [{ href: '/', label: 'Về trang chính' }];
  return sendPage(
    { request, reply },
    'message',
    errorTitle(status),
    { paragraphs: plainMessage(message).split('\n'), links },
    status,
  );
}
