import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Database } from '../../prisma/database';
import { CampaignClock, type ClockSpec } from '../../domain/clock';
import type { CampaignDefinition } from '../../domain/campaign-definition';
import { loadCampaignDefinition } from '../../campaign-files/campaign-definition';
import { demoPeople, serviceCenterCall } from './demo-people';
import { DemoRun } from './demo-run';

// The demo behind `npm start`: letter 751 with its 206 agencies on a compressed clock. Simulated
// agencies submit, get returned, resubmit, run late or stay silent; Sở TTTT reviews and consolidates;
// the Chairman approves. Every one of them acts through the dondoc server as themselves (a personal
// API token each), so the server checks their role and the workflows verify the server's signed
// proof of who acts, as for real people; the Web UI shows it all.

const DEMO_FILE = path.resolve(__dirname, '../../campaigns/751-UBND-TTHC-2024.yaml');

export interface DemoOptions {
  client: Client;
  db: Database;
  /** The dondoc server's own address (the demo's people call its API there). */
  server: string;
  /** The campaign to play (letter 751 by default, as `<id>-demo`). */
  definition?: CampaignDefinition;
  /** Where the closing report is written (`reports/` by default). */
  reportsDir?: string;
  uiUrl?: string;
  /** Where a newcomer signs in: the server, and the development mailbox when the demo catches the mail. */
  links?: { portal: string; mailbox?: string };
  say: (line: string) => void;
  /** Resolves when the demo should stop (Ctrl-C). */
  stopped: Promise<void>;
}

interface LaunchAnswer {
  agenciesStarted: number;
  agenciesAlreadyRunning: number;
  clock: Required<ClockSpec>;
}

export async function demoDefinition(): Promise<CampaignDefinition> {
  const loaded = await loadCampaignDefinition(DEMO_FILE);
  return { ...loaded, id: `${loaded.id}-demo` };
}

export async function runCampaignDemo(options: DemoOptions): Promise<void> {
  const { db, say } = options;
  const definition = options.definition ?? (await demoDefinition());
  // The Service Center launches as a rehearsal on a compressed clock that starts on the letter's
  // day; the server keeps that clock with the campaign, so a second `npm start` continues it.
  const serviceCenter = await serviceCenterCall(db, definition, options.server);
  const launched = await serviceCenter<LaunchAnswer>('POST', '/api/v1/campaigns?drill=true', { body: definition });
  announceLaunch(options, definition, launched);
  const people = await demoPeople(db, definition, options.server);
  say(
    `Mỗi người trong bản demo (${definition.agencies.length} cơ quan, thẩm định, phê duyệt, Trung tâm Phục vụ) thao tác qua API bằng mã API của chính mình.`,
  );
  const clock = new CampaignClock(launched.clock);
  await new DemoRun({ options, definition, serviceCenter, people, clock }).play();
}

/** What the launch did, where to watch it, and how to sign in. */
function announceLaunch(options: DemoOptions, definition: CampaignDefinition, launched: LaunchAnswer): void {
  const { say } = options;
  say(
    `Chiến dịch ${definition.directive.number} (${definition.agencies.length} cơ quan), thời gian rút gọn: 1 ngày = ${launched.clock.secondsPerDay} giây.`,
  );
  say(
    `Trung tâm Phục vụ đã khởi chạy qua máy chủ dondoc: ${launched.agenciesStarted} workflow cơ quan mới; ${launched.agenciesAlreadyRunning} đã chạy từ trước.`,
  );
  if (options.uiUrl) {
    say(
      `Theo dõi trên Temporal Web UI: ${options.uiUrl}/namespaces/default/workflows?query=${encodeURIComponent(`Campaign="${definition.id}"`)}`,
    );
  }
  if (options.links) for (const line of signInHelp(definition, options.links)) say(line);
}

/** How to sign in as each demo role: the portal, the mailbox, and the people's addresses. */
export function signInHelp(
  definition: Pick<CampaignDefinition, 'reviewer' | 'approver' | 'serviceCenter' | 'agencies'>,
  links: { portal: string; mailbox?: string },
): string[] {
  const person = (label: string, who: { name: string; email?: string }) =>
    who.email ? [`  ${label}: ${who.email} (${who.name})`] : [];
  const agencies = definition.agencies.filter((a) => a.email);
  return [
    `Cổng dondoc: ${links.portal}/sign-in — đăng nhập bằng email của một vai trò dưới đây.`,
    ...(links.mailbox ? [`Hộp thư thử nghiệm (mở liên kết đăng nhập trong thư): ${links.mailbox}`] : []),
    ...person('Thẩm định', definition.reviewer),
    ...person('Phê duyệt', definition.approver),
    ...person('Trung tâm Phục vụ', definition.serviceCenter),
    ...agencies.slice(0, 3).flatMap((a) => person('Cơ quan', a)),
    ...(agencies.length > 3
      ? [`  … và ${agencies.length - 3} cơ quan khác (email trong ${path.basename(DEMO_FILE)}).`]
      : []),
  ];
}
