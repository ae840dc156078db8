import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from './private-files';

// Release policy (README, "Releases and running workflows"): runs started by a release finish on
// that release's code unless a gate covers the change, and 1.0 is the baseline every gate since
// starts from. A data folder written before 1.0 holds runs no 1.0 code can finish, so `npm start`
// does not resume it: it moves the folder aside, intact, and starts fresh.

/** The release that marks the data folders it starts. */
const DATA_RELEASE = '1.0';
/** The file, in a data folder, naming the release that started it. */
export const RELEASE_MARKER = 'release.json';

export type DataFolder =
  { state: 'new' | 'resumed'; dir: string } | { state: 'moved-aside'; dir: string; movedTo: string };

function isEmptyOrMissing(dir: string): boolean {
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

/**
 * Makes `dir` a data folder of this release line: a missing or empty one is started, one a release
 * marked is resumed, and one from before 1.0 (no marker) is renamed beside it and started afresh.
 */
export function claimDataFolder(dir: string, now: Date = new Date()): DataFolder {
  const marker = path.join(dir, RELEASE_MARKER);
  if (fs.existsSync(marker)) return { state: 'resumed', dir };
  let movedTo: string | undefined;
  if (!isEmptyOrMissing(dir)) {
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    movedTo = `${path.resolve(dir)}-before-${DATA_RELEASE}-${stamp}`;
    fs.renameSync(dir, movedTo);
  }
  ensurePrivateDir(dir);
  fs.writeFileSync(marker, `${JSON.stringify({ release: DATA_RELEASE, startedAt: now.toISOString() })}\n`, {
    mode: 0o600,
  });
  return movedTo ? { state: 'moved-aside', dir, movedTo } : { state: 'new', dir };
}

/** What `npm start` says about the data folder it starts on, in plain Vietnamese. */
export function dataFolderNotice(folder: DataFolder): string {
  switch (folder.state) {
    case 'new':
      return `Bắt đầu thư mục dữ liệu mới ${folder.dir} (bản ${DATA_RELEASE}).`;
    case 'resumed':
      return `Tiếp tục từ dữ liệu trong ${folder.dir}.`;
    case 'moved-aside':
      return (
        `Thư mục dữ liệu ${folder.dir} có từ trước bản ${DATA_RELEASE}: các hồ sơ trong đó không được tiếp tục. ` +
        `Đã chuyển nguyên vẹn sang ${folder.movedTo} (có thể xóa nếu không cần) và bắt đầu lại với dữ liệu mới.`
      );
  }
}
