import {
  DELIVERABLE_SECTION_LIMITS,
  deliverableSectionHtml,
  deliverableSectionMarkdown,
  deliverableSectionOf,
} from '../../reporting/deliverable-section';
import { agencyNumber, monthlyReportCampaign, monthlyReports } from '../support/declared-campaigns';

// The report's section on a declared deliverable stays bounded however many agencies miss a part:
// the first ones are named, the rest counted, and the totals still add up every accepted delivery.

describe("the report's section on the declared monthly report", () => {
  test('names the first agencies missing a part and counts the rest', async () => {
    const { declaration } = await monthlyReportCampaign();
    const accepted = monthlyReports(8);
    const silent = 150;
    const latest = [
      ...accepted,
      ...Array.from({ length: silent }, (_, i) => ({ agency: agencyNumber(1000 + i), delivery: undefined })),
    ];
    const section = deliverableSectionOf(declaration, accepted, latest);
    expect(section.missing).toMatchObject({ total: silent, nothing: silent, complete: 8 });
    expect(section.missing.agencies).toHaveLength(DELIVERABLE_SECTION_LIMITS.agencies);
    const html = deliverableSectionHtml(section);
    expect(html).toContain(`còn ${silent - DELIVERABLE_SECTION_LIMITS.agencies} cơ quan khác`);
    expect(html.match(/<tr><td>\d+<\/td>/g)).toHaveLength(DELIVERABLE_SECTION_LIMITS.agencies);
    expect(deliverableSectionMarkdown(section)).toContain('## Chưa nộp đủ');

    const all = section.tables[0]!.groups.at(-1)!;
    const sum = accepted.reduce(
      (n, a) => n + (a.delivery.fields!['ho-so'] as Record<string, Record<string, number>>).HS01!['luy-ke']!,
      0,
    );
    expect(all.cells.HS01!['luy-ke']!.value).toBe(sum);
  });

  test('an agency missing more parts than are named has the rest counted', async () => {
    const { declaration } = await monthlyReportCampaign();
    const section = deliverableSectionOf(declaration, [], [{ agency: agencyNumber(0), delivery: { fields: {} } }]);
    const [agency] = section.missing.agencies;
    expect(agency!.parts).toHaveLength(DELIVERABLE_SECTION_LIMITS.partsPerAgency);
    expect(agency!.more).toBeGreaterThan(0);
    expect(deliverableSectionHtml(section)).toContain(`và ${agency!.more} phần khác`);
    // No accepted delivery: every total is absent, shown as a dash.
    expect(section.tables[0]!.groups.at(-1)!.cells.HS01!['ky-nay']).toEqual({ agencies: 0, exactSum: '0' });
  });
});
