import fs from 'node:fs';
import path from 'node:path';
import { reportDir, REPORT_FILE_NAMES } from '../reporting';

// The daily reports the report job wrote for a campaign (<reports>/<campaign>/<yyyy-mm-dd>/), newest
// first, and the path of one of their files: only a known file name of a well-formed day, so a
// request never reaches outside the reports folder.

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const FILE_NAMES = new Set<string>(Object.values(REPORT_FILE_NAMES));

export interface ReportDay {
  day: string;
  files: string[];
}

export function listReportDays(reportsDir: string, campaignId: string): ReportDay[] {
  const campaignDir = path.dirname(reportDir(reportsDir, campaignId, '0000-00-00'));
  let days: string[];
  try {
    days = fs.readdirSync(campaignDir).filter((d) => DAY.test(d));
  } catch {
    return [];
  }
  return days
    .sort()
    .reverse()
    .map((day) => ({
      day,
      files: fs
        .readdirSync(path.join(campaignDir, day))
        .filter((name) => FILE_NAMES.has(name))
        .sort(),
    }))
    .filter((d) => d.files.length > 0);
}

/** The file's path, or undefined for anything but a known report file of a well-formed day. */
export function reportFilePath(reportsDir: string, campaignId: string, day: string, name: string): string | undefined {
  if (!DAY.test(day) || !FILE_NAMES.has(name)) return undefined;
  const file = path.join(reportDir(reportsDir, campaignId, day), name);
  return fs.existsSync(file) ? file : undefined;
}
