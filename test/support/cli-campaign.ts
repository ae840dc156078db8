import fs from 'node:fs';
import path from 'node:path';
import { dayFromNow, useCliWorld } from './cli-world';
import { eventually } from './eventually';
import { justiceDepartmentList } from './sample-lists';
import type { TestDatabaseKind } from './test-env';

// One campaign run through the admin script up to a given point of its life, so that each test
// file about a later step starts from the states the earlier steps leave.

/**
 * How far the campaign has gone before the file's tests run:
 * - `launched`: the campaign file launched, its three agencies' assignments recorded;
 * - `reviewed`: also Sở Tư pháp's list returned once (version 1, from the template) and accepted
 *   (version 2, from so-tu-phap.json), and Sở Y tế's support request #1 asked and answered;
 * - `extended`: also Sở Y tế's and the commune's submission deadlines moved to 45 days from now.
 */
export type CliCampaignStage = 'launched' | 'reviewed' | 'extended';
const ORDER: CliCampaignStage[] = ['launched', 'reviewed', 'extended'];

/** The admin-script world of {@link useCliWorld}, with its campaign brought to `stage` in `beforeAll`. */
export function useCliCampaign(kind: TestDatabaseKind, stage: CliCampaignStage) {
  const world = useCliWorld(kind);
  const { campaignId, campaignFile, dir, ok } = world;
  const reached = (s: CliCampaignStage) => ORDER.indexOf(stage) >= ORDER.indexOf(s);

  beforeAll(async () => {
    await ok(['campaign', 'launch', campaignFile]);
    const db = world.harness.database.db;
    await eventually(async () => expect(await db.assignment.count({ where: { campaignId } })).toBe(3));
    if (reached('reviewed')) {
      const template = path.join(dir, 'so-tu-phap.xlsx');
      await ok(['agency', 'template', '--out', template]);
      await ok(['agency', 'submit', campaignId, 'so-tu-phap', '--file', template]);
      await ok(['review', 'return', campaignId, 'so-tu-phap', '--reason', 'Chưa đủ TTHC của Sở']);
      const list = path.join(dir, 'so-tu-phap.json');
      fs.writeFileSync(list, JSON.stringify(justiceDepartmentList));
      await ok(['agency', 'submit', campaignId, 'so-tu-phap', '--file', list]);
      await ok(['review', 'accept', campaignId, 'so-tu-phap']);
      await ok(['agency', 'support', campaignId, 'so-y-te', '--question', 'TTHC 1.012345 có phải số hóa không?']);
      await ok(['review', 'answer', campaignId, 'so-y-te', '--request', '1', '--answer', 'Có.']);
    }
    if (reached('extended'))
      await ok([
        'campaign',
        'extend',
        campaignId,
        '--agency',
        'so-y-te',
        'xa-21112',
        '--deadline',
        dayFromNow(45).text,
        '--reason',
        'Cơ quan xin gia hạn',
      ]);
  });

  return world;
}
