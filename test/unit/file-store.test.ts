import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { attachmentDisposition } from '../../server/files/content-disposition';
import { FileStore } from '../../shared/file-store';
import { tinyPdf } from '../support/sample-files';

// The file store keeps each content once under its SHA-256, owner-only, never replaced; a download
// carries the original Vietnamese name both plainly and exactly (RFC 5987).

let root: string;
beforeEach(() => {
  root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-files-')), 'files');
});
afterEach(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

const mode = (file: string) => fs.statSync(file).mode & 0o777;

test('bytes are kept under their hash, owner-only, once', () => {
  const store = new FileStore(root);
  const pdf = tinyPdf();
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  expect(store.put(pdf)).toEqual({ sha256, size: pdf.length, written: true });
  const file = path.join(root, sha256.slice(0, 2), sha256);
  expect(fs.readFileSync(file).equals(pdf)).toBe(true);
  expect([mode(root), mode(path.dirname(file)), mode(file)]).toEqual([0o700, 0o700, 0o600]);

  const before = fs.statSync(file);
  expect(store.put(Buffer.from(pdf))).toEqual({ sha256, size: pdf.length, written: false });
  expect(fs.statSync(file).ino).toBe(before.ino);
  // Nothing half-written is left beside it.
  expect(fs.readdirSync(path.dirname(file))).toEqual([sha256]);
  expect(store.sizeOf(sha256)).toBe(pdf.length);
  expect(store.sizeOf('0'.repeat(64))).toBeUndefined();
  expect(store.open('0'.repeat(64))).toBeUndefined();
});

test('a damaged stored file is never hidden by storing its content again', () => {
  const store = new FileStore(root);
  const pdf = tinyPdf('hỏng');
  const { sha256 } = store.put(pdf);
  fs.truncateSync(store.pathOf(sha256), 10);
  expect(() => store.put(pdf)).toThrow(/damaged store/);
  expect(() => store.pathOf('../../etc/passwd')).toThrow(/not a SHA-256/);
});

test('a download names the file exactly, and plainly for old clients', () => {
  expect(attachmentDisposition('Báo cáo tháng 12 (bản ký) "cuối".pdf')).toBe(
    `attachment; filename="Bao cao thang 12 (ban ky) _cuoi_.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20th%C3%A1ng%2012%20%28b%E1%BA%A3n%20k%C3%BD%29%20%22cu%E1%BB%91i%22.pdf`,
  );
  expect(attachmentDisposition('Đề án.docx')).toMatch(
    /^attachment; filename="De an.docx"; filename\*=UTF-8''%C4%90%E1%BB%81%20%C3%A1n.docx$/,
  );
});
