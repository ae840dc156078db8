import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { claimDataFolder, dataFolderNotice, RELEASE_MARKER } from '../../shared/data-release';

// `npm start` does not resume a data folder written before 1.0: it moves it aside, intact, says so
// plainly, and starts fresh; a folder 1.0 started is resumed as it is.

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-release-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test('a data folder from before 1.0 is moved aside intact, and a fresh one is started', () => {
  const dir = path.join(root, '.data');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'temporal.db'), 'old runs');
  const folder = claimDataFolder(dir, new Date('2026-12-06T10:00:00Z'));

  expect(folder.state).toBe('moved-aside');
  const movedTo = folder.state === 'moved-aside' ? folder.movedTo : '';
  expect(path.dirname(movedTo)).toBe(root);
  expect(fs.readFileSync(path.join(movedTo, 'temporal.db'), 'utf8')).toBe('old runs');
  expect(fs.readdirSync(dir)).toEqual([RELEASE_MARKER]);
  const notice = dataFolderNotice(folder);
  expect(notice).toContain('có từ trước bản 1.0');
  expect(notice).toContain('không được tiếp tục');
  expect(notice).toContain(movedTo);
});

test('the folder 1.0 started is resumed on the next start, untouched', () => {
  const dir = path.join(root, '.data');
  expect(claimDataFolder(dir).state).toBe('new');
  fs.writeFileSync(path.join(dir, 'dondoc.db'), 'current runs');
  const again = claimDataFolder(dir);
  expect(again).toEqual({ state: 'resumed', dir });
  expect(fs.readFileSync(path.join(dir, 'dondoc.db'), 'utf8')).toBe('current runs');
  expect(fs.readdirSync(root)).toEqual(['.data']);
  expect(dataFolderNotice(again)).toBe(`Tiếp tục từ dữ liệu trong ${dir}.`);
});

test('an empty folder (made by hand, or by a tool) is started, not moved aside', () => {
  const dir = path.join(root, '.data');
  fs.mkdirSync(dir);
  expect(claimDataFolder(dir).state).toBe('new');
  expect(fs.readdirSync(root)).toEqual(['.data']);
});
