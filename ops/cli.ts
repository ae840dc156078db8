import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Command } from 'commander';
import { openDatabase } from '../prisma/database';
import { loadSigner } from '../server/identity/proof';
import { loadConfig } from '../shared/config';
import { exitOnFailure } from '../shared/command-exit';
import { temporalConnectionInterceptors } from '../shared/temporal-retry';
import { backup } from './backup/backup';
import { restore } from './backup/restore';
import { describeDifference, reconcile } from './reconcile';
import { prepareNamespace } from './temporal/prepare-namespace';

// `npm run ops -- <command>`: the operator's commands that run on the server machine itself, with
// its environment (DATABASE_URL, the data folders, TEMPORAL_ADDRESS) — unlike the admin script
// (`npm run dondoc`), which acts through the server's API as a signed-in person.

const say = (line: string) => console.log(line);

const program = new Command('ops').description('Lệnh vận hành trên máy chủ dondoc').showHelpAfterError();

program
  .command('keys')
  .description('Tạo khóa ký Ed25519 của máy chủ trong DONDOC_SIGNING_KEYS_DIR (nếu chưa có)')
  .action(() => {
    const config = loadConfig();
    const dir = config.server.signingKeysDir;
    const had = fs.existsSync(dir) && fs.readdirSync(dir).some((file) => file.endsWith('.pem'));
    const signer = loadSigner(dir, { generate: true });
    say(
      `${had ? 'Đã có' : 'Đã tạo'} khóa ký trong ${path.resolve(dir)} (mã khóa: ${Object.keys(signer.trustedKeys()).join(', ')}). Giữ bí mật và sao lưu riêng.`,
    );
  });

program
  .command('backup')
  .description('Sao lưu cơ sở dữ liệu, tệp đã xuất, báo cáo và khóa công khai, kèm mã kiểm tra SHA-256')
  .requiredOption('--out <dir>', 'thư mục mới cho bản sao lưu')
  .action(async (options: { out: string }) => {
    const result = await backup(loadConfig(), options.out);
    for (const note of result.notes) say(note);
    say(
      `Đã sao lưu vào ${path.resolve(result.dir)}: ${result.manifest.files.length} tệp (${result.manifest.database.method}).`,
    );
  });

program
  .command('restore')
  .description('Khôi phục một bản sao lưu (dừng máy chủ và worker trước); từ chối nếu mã kiểm tra không khớp')
  .requiredOption('--from <dir>', 'thư mục bản sao lưu')
  .action(async (options: { from: string }) => {
    for (const note of await restore(loadConfig(), options.from)) say(note);
    say('Tiếp theo: npm run ops -- reconcile (liệt kê những gì workflow đã làm sau bản sao lưu).');
  });

program
  .command('reconcile')
  .description('So cơ sở dữ liệu với các workflow và liệt kê mọi khác biệt')
  .option('--repair', 'sửa những khác biệt an toàn (bước và quá hạn của cơ quan, theo workflow)', false)
  .action(async (options: { repair: boolean }) => {
    const config = loadConfig();
    const db = await openDatabase(config.databaseUrl);
    const connection = await Connection.connect({
      ...config.temporal.connect.connectionOptions,
      interceptors: temporalConnectionInterceptors(),
    });
    try {
      const client = new Client({ connection, namespace: config.temporal.namespace });
      const differences = await reconcile(db, client, { taskQueue: config.taskQueue, repair: options.repair });
      for (const difference of differences) say(describeDifference(difference));
      say(differences.length === 0 ? 'Cơ sở dữ liệu khớp với các workflow.' : `${differences.length} khác biệt.`);
      if (differences.length > 0 && !options.repair) process.exitCode = 2;
    } finally {
      await connection.close();
      await db.$disconnect();
    }
  });

program
  .command('temporal-namespace')
  .description('Chuẩn bị máy chủ Temporal tại TEMPORAL_ADDRESS: đăng ký namespace và các search attribute còn thiếu')
  .option('--retention-days <days>', 'số ngày giữ lịch sử của workflow đã kết thúc', '30')
  .action(async (options: { retentionDays: string }) => {
    const config = loadConfig();
    const retentionDays = Number(options.retentionDays);
    if (!Number.isInteger(retentionDays) || retentionDays < 1) {
      throw new Error(`--retention-days phải là số ngày nguyên dương, đã nhập "${options.retentionDays}".`);
    }
    const { address, namespace } = config.temporal;
    const prepared = await prepareNamespace(config.temporal.connect.connectionOptions, namespace, { retentionDays });
    say(`${prepared.registered ? 'Đã đăng ký' : 'Đã có'} namespace ${namespace} trên ${address}.`);
    say(
      prepared.searchAttributesAdded.length > 0
        ? `Đã tạo search attribute: ${prepared.searchAttributesAdded.join(', ')}.`
        : 'Đã có đủ search attribute của dondoc.',
    );
  });

program.parseAsync(process.argv).catch(exitOnFailure);
