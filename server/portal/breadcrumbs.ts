import type { Grant, Role } from '../../domain/access';
import { agenciesOf, roleFor } from '../../domain/access';
import type { RouteContext } from '../http/app';
import { PORTAL_SECTIONS, type PortalSectionName, type TrailStep } from './navigation';
import { sectionTrail } from './role-pages';

// Breadcrumbs follow the role a person uses on the page, not the first role they hold: the Service
// Center on an agency's page reads "Điều hành › <chiến dịch> › <cơ quan>", the agency's own member
// "Nhiệm vụ của tôi › <cơ quan>". Pages that give none get their section's (navigation.ts).

const SECTION_OF_ROLE: Record<Role, PortalSectionName> = {
  agency: 'agency',
  reviewer: 'review',
  approver: 'approval',
  operator: 'serviceCenter',
  admin: 'serviceCenter',
};

/** The section whose role a person uses on one agency's page of a campaign. */
function agencyPageSection(grants: readonly Grant[], campaignId: string, agencyCode: string) {
  if (agenciesOf(grants, campaignId).includes(agencyCode)) return 'agency' as const;
  const role = roleFor(grants, 'status', { campaignId, agencyCode });
  return role ? SECTION_OF_ROLE[role] : undefined;
}

/** An agency page's trail in the section of the role used on it, ending with the page's own steps. */
export async function agencyPageTrail(
  context: RouteContext,
  grants: readonly Grant[],
  scope: { campaignId: string; agencyCode: string },
  ...steps: TrailStep[]
): Promise<TrailStep[]> {
  const section = agencyPageSection(grants, scope.campaignId, scope.agencyCode);
  if (!section || section === 'agency')
    return [{ label: PORTAL_SECTIONS.agency.label, href: PORTAL_SECTIONS.agency.path }, ...steps];
  return sectionTrail(context, section, scope.campaignId, ...steps);
}
