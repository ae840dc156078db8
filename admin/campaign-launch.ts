import fs from 'node:fs';
import { formatDateTime } from '../domain/time';
import { formatDeadline } from '../domain/deadline-display';
import type { LaunchResult } from '../server/launch/launch-campaign';
import { loadCampaignDefinition } from '../campaign-files/campaign-definition';
import type { Session } from './context';
import { CliError } from './errors';

// `campaign launch`: the campaign file read and checked here (a bad file sends nothing), then
// launched by the dondoc server as the signed-in operator, so every workflow starts with the
// server's trusted keys and the file's people get their roles.

export async function launch(session: Session, file: string, options: { drill?: boolean } = {}): Promise<void> {
  if (!/\.ya?ml$/i.test(file)) {
    throw new CliError(
      `<file>: tệp chiến dịch phải là tệp YAML (.yaml hoặc .yml), không phải "${file}". Xem mẫu trong thư mục campaigns/ và campaigns/README.md.`,
    );
  }
  if (!fs.existsSync(file))
    throw new CliError(
      `Không tìm thấy tệp chiến dịch ${file}. Cách sửa: kiểm tra đường dẫn tới tệp .yaml (các tệp mẫu ở thư mục campaigns/).`,
    );
  const definition = await loadCampaignDefinition(file);
  const total = definition.agencies.length;
  if (total > 20) session.warn(`Đang giao nhiệm vụ cho ${total} cơ quan trên máy chủ dondoc…`);
  const result = await session.api()<LaunchResult>('POST', `/api/v1/campaigns${options.drill ? '?drill=true' : ''}`, {
    body: definition,
  });

  session.out(`Chiến dịch ${definition.id} — ${definition.directive.number}: ${definition.directive.title}`);
  if (result.clock)
    session.out(
      `Diễn tập trên đồng hồ rút gọn: 1 ngày = ${result.clock.secondsPerDay} giây, bắt đầu ${formatDateTime(result.clock.simulatedStart)}.`,
    );
  if (!result.campaignStarted && result.agenciesStarted === 0) {
    session.out(`Không có gì mới được khởi chạy: chiến dịch và cả ${total} cơ quan đều đã chạy từ trước.`);
  } else {
    session.out(`Workflow chiến dịch: ${result.campaignStarted ? 'đã khởi chạy' : 'đã chạy từ trước'}.`);
    session.out(
      `Đã giao nhiệm vụ cho ${result.agenciesStarted} cơ quan mới; ${result.agenciesAlreadyRunning} cơ quan đã chạy từ trước (tổng ${total}).`,
    );
  }
  session.out(
    `Hạn nộp: ${formatDeadline(definition.deadlines.submission)}; hạn phê duyệt: ${formatDeadline(definition.deadlines.approval)}.`,
  );
  session.out(
    `Người thẩm định: ${definition.reviewer.name}; người phê duyệt: ${definition.approver.name}; đơn vị điều hành: ${definition.serviceCenter.name}.`,
  );
}
