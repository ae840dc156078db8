import { roleFor, refusalMessage, type Grant } from '../../domain/access';
import { grantInputSchema } from '../../domain/grant-input';

// The one access rule with a province-wide Service Center grant: an operator for every campaign,
// launched or not, and nothing more; other roles stay bound to one campaign (and agency).

const provinceWide: Grant = { role: 'operator', campaignId: '', agencyCode: '' };
const ofCampaign: Grant = { role: 'operator', campaignId: 'c-1', agencyCode: '' };

describe('a province-wide Service Center grant', () => {
  test('covers every campaign, one not launched yet included, as operator', () => {
    expect(roleFor([provinceWide], 'launch', { campaignId: 'chua-co' })).toBe('operator');
    expect(roleFor([provinceWide], 'extendDeadline', { campaignId: 'c-2', agencyCode: 'so-y-te' })).toBe('operator');
    expect(roleFor([provinceWide], 'manageUsers', { campaignId: 'c-2' })).toBe('operator');
  });

  test('gives none of the roles that decide, nor an agency member’s', () => {
    for (const action of ['approve', 'acceptList', 'returnList', 'consolidate', 'sendBack', 'submit'] as const)
      expect(roleFor([provinceWide], action, { campaignId: 'c-2', agencyCode: 'so-y-te' })).toBeUndefined();
  });

  test('a campaign’s operator still acts in that campaign only', () => {
    expect(roleFor([ofCampaign], 'remind', { campaignId: 'c-1', agencyCode: 'a' })).toBe('operator');
    expect(roleFor([ofCampaign], 'remind', { campaignId: 'c-2', agencyCode: 'a' })).toBeUndefined();
    expect(roleFor([ofCampaign], 'launch', { campaignId: 'moi' })).toBeUndefined();
  });

  test('the refusal to launch names the province-wide role', () => {
    expect(refusalMessage('launch', { campaignId: 'moi' })).toContain('Trung tâm Phục vụ cấp tỉnh');
  });

  test('only an operator or an administrator may be granted for every campaign', () => {
    expect(grantInputSchema.safeParse({ email: 'a@example.gov.vn', role: 'operator' }).success).toBe(true);
    for (const role of ['reviewer', 'approver', 'agency'])
      expect(
        grantInputSchema.safeParse({ email: 'a@example.gov.vn', role, agencyCode: role === 'agency' ? 'x' : '' })
          .success,
      ).toBe(false);
  });
});
