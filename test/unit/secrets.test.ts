import { textSink } from '../support/text-sink';
import { runCli } from '../../admin/main';
import { ConfigError, loadConfig } from '../../shared/config';
import { createLogger } from '../../shared/logger';
import { redactCredentials } from '../../shared/redact';

// A password in DATABASE_URL or SMTP_URL is never printed: not in a configuration error, not in an
// error the admin script prints, not in a log line.

const SECRET = 'Mk-9xQ7!bí-mật';
const encoded = encodeURIComponent(SECRET);

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

test('URL passwords and secret parameters are masked, the rest is kept', () => {
  expect(redactCredentials(`postgresql://dondoc:${encoded}@db.noi-bo:5432/dondoc?sslmode=require`)).toBe(
    'postgresql://dondoc:***@db.noi-bo:5432/dondoc?sslmode=require',
  );
  expect(redactCredentials(`kết nối smtps://thu:${encoded}@mail:465 và https://h/x?token=abc&x=1`)).toBe(
    'kết nối smtps://thu:***@mail:465 và https://h/x?token=***&x=1',
  );
  expect(redactCredentials('file:./.data/dondoc.db')).toBe('file:./.data/dondoc.db');
});

test('a bad DATABASE_URL or SMTP_URL is named in the config error without its password', () => {
  const error = thrown(() =>
    loadConfig({ DATABASE_URL: `mysql://admin:${encoded}@db:3306/dondoc`, SMTP_URL: `http://thu:${encoded}@mail:25` }),
  );
  expect(error).toBeInstanceOf(ConfigError);
  expect(error.message).toContain('DATABASE_URL: phải bắt đầu bằng file:');
  expect(error.message).toContain('mysql://admin:***@db:3306/dondoc');
  expect(error.message).toContain('SMTP_URL: phải có dạng');
  expect(error.message).toContain('http://thu:***@mail:25');
  expect(error.message).not.toContain(encoded);
});

test('the admin script prints no password: not of the database it never opens, nor of its server', async () => {
  const stdout = textSink();
  const stderr = textSink();
  const code = await runCli(['review', 'accept', 'chien-dich', 'so-tu-phap'], {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: {
      DATABASE_URL: `postgresql://admin:${encoded}@127.0.0.1:1/dondoc`,
      DONDOC_LOG_LEVEL: 'debug',
      DONDOC_SERVER_URL: `http://admin:${encoded}@127.0.0.1:1`,
      DONDOC_API_TOKEN: 'dondoc_khong-hop-le',
    },
  });
  expect(code).not.toBe(0);
  expect(stderr.text()).toContain('máy chủ dondoc');
  expect(stderr.text() + stdout.text()).not.toContain(encoded);
});

test('log lines mask secret fields and credentials inside any logged text', () => {
  let written = '';
  const logger = createLogger({ write: (line: string) => void (written += line) }, 'info');
  logger.error(new Error(`cannot connect to postgresql://dondoc:${encoded}@db/dondoc`));
  logger.warn(
    {
      databaseUrl: `postgresql://dondoc:${encoded}@db/dondoc`,
      password: SECRET,
      nested: { smtp: `smtp://a:${encoded}@m` },
    },
    `retrying smtp://a:${encoded}@m:587`,
  );
  logger.info({ err: new Error(`P1001 at postgresql://dondoc:${encoded}@db`) }, 'database down');
  const lines = written
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines).toHaveLength(3);
  expect(written).not.toContain(encoded);
  expect(written).not.toContain(SECRET);
  expect(lines[0]!.msg).toBe('cannot connect to postgresql://dondoc:***@db/dondoc');
  expect(lines[1]).toMatchObject({
    databaseUrl: 'postgresql://dondoc:***@db/dondoc',
    password: '[redacted]',
    nested: { smtp: 'smtp://a:***@m' },
    msg: 'retrying smtp://a:***@m:587',
  });
  expect(lines[2]).toMatchObject({ err: { message: 'P1001 at postgresql://dondoc:***@db' } });
});
