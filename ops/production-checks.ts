import fs from 'node:fs';
import type { Config } from '../shared/config';

// What a real install needs before it starts, each missing piece named with its fix: the keys the
// server signs people's actions with, a mail server (sign-in links and notices go by e-mail), and
// the address people open (every link in every e-mail points there).

export function productionProblems(config: Config, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const keysDir = config.server.signingKeysDir;
  const keys = fs.existsSync(keysDir) ? fs.readdirSync(keysDir).filter((file) => file.endsWith('.pem')) : [];
  if (keys.length === 0)
    problems.push(
      `DONDOC_SIGNING_KEYS_DIR: không có khóa ký (.pem) trong ${keysDir}. Cách sửa: "npm run ops -- keys" tạo một khóa Ed25519 ở đó (giữ bí mật, sao lưu riêng), hoặc đặt DONDOC_SIGNING_KEYS_DIR tới thư mục khóa đã có.`,
    );
  if (!config.smtp.url)
    problems.push(
      'SMTP_URL: chưa đặt, nên không gửi được liên kết đăng nhập và thông báo. Cách sửa: đặt SMTP_URL=smtp://người-dùng:mật-khẩu@máy-chủ-thư:587 (và SMTP_FROM).',
    );
  if (!env.DONDOC_PUBLIC_URL)
    problems.push(
      'DONDOC_PUBLIC_URL: chưa đặt, nên liên kết trong email sẽ trỏ về 127.0.0.1. Cách sửa: đặt DONDOC_PUBLIC_URL=https://dondoc.<tỉnh>.gov.vn (địa chỉ người dùng mở).',
    );
  return problems;
}
