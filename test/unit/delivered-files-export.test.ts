import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deliveredFileKey, exportDeliveredFiles, exportedFilePath } from '../../activities/delivered-files-export';
import { FileStore } from '../../shared/file-store';
import { monthlyReportCampaign } from '../support/declared-campaigns';
import { MONTHLY_REPORT } from '../support/sample-deliveries';

// A consolidation round's folder gets the accepted deliveries' files, each at a place made from the
// agency, the field and the file's own name, which can never leave the folder; a file the store does
// not hold is named as missing in the index, not a failure.

describe('delivered files in a round folder', () => {
  test('a name from an agency cannot reach outside the folder', () => {
    for (const name of ['../../etc/passwd', '..\\..\\win.ini', '/abs/path.pdf', '..']) {
      const segments = exportedFilePath('so-y-te', 'ban-ky', 1, name).split('/');
      expect(segments).toHaveLength(3);
      expect(segments.slice(0, 2)).toEqual(['tep', 'so-y-te']);
      expect(segments[2]).toMatch(/^ban-ky-1-[^/\\]+$/);
    }
    expect(exportedFilePath('so-y-te', 'ban-ky', 2, 'Báo cáo: tháng 12?.pdf')).toBe(
      'tep/so-y-te/ban-ky-2-Báo cáo- tháng 12-.pdf',
    );
    expect(exportedFilePath('..', 'x', 1, '\u0000.pdf')).not.toContain('/../');
  });

  test('stored files are placed with their bytes, a missing one is reported, a retry writes the same', async () => {
    const { declaration } = await monthlyReportCampaign();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-round-files-'));
    const store = new FileStore(path.join(root, 'store'));
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const stored = store.put(pdf);
    const delivery = (sha256: string) => ({
      fields: {
        ...MONTHLY_REPORT.fields,
        'ban-ky': [{ sha256, name: 'bao-cao.pdf', type: 'application/pdf', size: 15 }],
      },
    });
    const accepted = [
      { agency: { code: 'so-y-te', name: 'Sở Y tế', kind: 'department' }, delivery: delivery(stored.sha256) },
      { agency: { code: 'so-tu-phap', name: 'Sở Tư pháp', kind: 'department' }, delivery: delivery('b'.repeat(64)) },
    ];
    const dir = path.join(root, 'lan-1');
    for (let run = 0; run < 2; run++) {
      const placed = exportDeliveredFiles(store, dir, declaration, accepted as never);
      expect(Object.fromEntries(placed)).toEqual({
        [deliveredFileKey('so-y-te', 'ban-ky', 1)]: 'tep/so-y-te/ban-ky-1-bao-cao.pdf',
        [deliveredFileKey('so-tu-phap', 'ban-ky', 1)]: undefined,
      });
      expect(fs.readFileSync(path.join(dir, 'tep', 'so-y-te', 'ban-ky-1-bao-cao.pdf'))).toEqual(pdf);
    }
    fs.rmSync(root, { recursive: true, force: true });
  });
});
