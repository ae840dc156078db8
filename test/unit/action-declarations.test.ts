import { ACTION_DECLARATIONS, ACTION_LABELS, UPDATE_ACTIONS, type UpdateName } from '../../domain/access';
import { STAGE_ACTIONS } from '../../domain/stages';
import { AGENCY_UPDATES } from '../../workflows/agency/actions';
import * as agencyDefinitions from '../../workflows/agency/definitions';
import { CAMPAIGN_UPDATES } from '../../workflows/campaign/actions';
import * as campaignDefinitions from '../../workflows/campaign/definitions';
import { declaredUpdates } from '../../workflows/common/update-declarations';

// Each action is declared once: the access rule (roles, label, Update name) in domain/access.ts and
// each Update's serving and route beside its workflow. A route sends the Update its declaration names
// under the action it is keyed by; these fail if the two ever disagree, or if an Update is left out.

const declared = [...declaredUpdates(AGENCY_UPDATES), ...declaredUpdates(CAMPAIGN_UPDATES)];

test('every route sends the Update of the action it is declared under', () => {
  for (const [action, declaration] of declared) {
    expect([action, UPDATE_ACTIONS[declaration.update.name as UpdateName]]).toEqual([action, action]);
    expect([action, (ACTION_DECLARATIONS[action] as { update?: string }).update]).toEqual([
      action,
      declaration.update.name,
    ]);
  }
});

test('every Update of the workflows is declared once, and every Update action of the access rule is served', () => {
  const defined = [...Object.values(agencyDefinitions), ...Object.values(campaignDefinitions)]
    .filter((value) => value.type === 'update')
    .map((value) => value.name)
    .sort();
  expect(declared.map(([, declaration]) => declaration.update.name).sort()).toEqual(defined);
  expect(Object.keys(UPDATE_ACTIONS).sort()).toEqual(defined);
});

test('every route path is unique within its workflow, and every Update but the calendar change has one', () => {
  for (const updates of [declaredUpdates(AGENCY_UPDATES), declaredUpdates(CAMPAIGN_UPDATES)]) {
    const paths = updates.flatMap(([, d]) => (d.route ? [d.route.path] : []));
    expect(new Set(paths).size).toBe(paths.length);
  }
  expect(declared.filter(([, d]) => !d.route).map(([action]) => action)).toEqual(['changeCalendar']);
});

test('a stage move reads as the action it is, in one wording', () => {
  expect(STAGE_ACTIONS.return).toBe('returnList');
  expect(ACTION_LABELS[STAGE_ACTIONS.consolidate]).toBe('tổng hợp danh mục');
  expect(ACTION_LABELS[STAGE_ACTIONS.approve]).toBe('phê duyệt danh mục');
});
