import type { CampaignReport } from './model';

// The model itself, for other programs: ISO instants, stage and kind codes beside their labels.
export function renderJson(report: CampaignReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
