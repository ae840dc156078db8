import { compileDeliverable } from '../../domain/deliverables';
import { deliverableChecker } from '../../workflows/common/shared-deliverable-checkers';
import { monthlyReportCampaign, selfAssessmentCampaign } from '../support/declared-campaigns';
import { MONTHLY_REPORT, MONTHLY_REPORT_OFF_BY_ONE } from '../support/sample-deliveries';

// A worker thread compiles each distinct declaration once and every run checking against the same
// content shares that checker: a run gets only the checker of a declaration identical to its own, and
// it decides exactly what the run's own compilation would.

test('runs whose declarations have the same content share one checker; another declaration has its own', async () => {
  const { declaration } = await monthlyReportCampaign();
  const { declaration: other } = await selfAssessmentCampaign();
  const shared = deliverableChecker(declaration);
  expect(deliverableChecker(structuredClone(declaration))).toBe(shared);
  expect(deliverableChecker(other)).not.toBe(shared);

  const changed = structuredClone(declaration);
  changed.sections[0]!.title = `${changed.sections[0]!.title} (sửa)`;
  const changedChecker = deliverableChecker(changed);
  expect(changedChecker).not.toBe(shared);
  const messages = (check: typeof shared) => check({ fields: {} }).errors.map((e) => e.message);
  expect(messages(changedChecker).some((m) => m.includes('(sửa)'))).toBe(true);
  expect(messages(shared).some((m) => m.includes('(sửa)'))).toBe(false);
});

test('the shared checker decides as a freshly compiled one: accepted values, refusals, their messages', async () => {
  const { declaration } = await monthlyReportCampaign();
  const shared = deliverableChecker(structuredClone(declaration));
  const fresh = compileDeliverable(declaration);
  const offByOne = structuredClone(MONTHLY_REPORT);
  offByOne.fields['ho-so'] = Object.fromEntries(
    Object.entries(MONTHLY_REPORT_OFF_BY_ONE).map(([code, [now, total]]) => [code, { 'ky-nay': now, 'luy-ke': total }]),
  ) as (typeof offByOne.fields)['ho-so'];
  for (const delivery of [MONTHLY_REPORT, offByOne, { fields: {} }, { fields: { 'khong-co': 'x' } }, null]) {
    const result = shared(delivery);
    expect(result).toEqual(fresh(delivery));
    // A new value every time: what one run keeps of a result is never another run's.
    if (result.value) expect(shared(delivery).value).not.toBe(result.value);
  }
  expect(shared(offByOne).ok).toBe(false);
});
