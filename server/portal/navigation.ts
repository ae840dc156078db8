import type { Grant, Role } from '../../domain/access';

// Where each role works in the portal: its home page and its place in the navigation. One table, so
// the role home redirect, the header's navigation and the pages agree.

export interface PortalSection {
  /** The section's home page. */
  path: string;
  label: string;
  /** The roles the section is for (an administrator sees every section). */
  roles: readonly Role[];
}

export const PORTAL_SECTIONS = {
  agency: { path: '/nhiem-vu', label: 'Nhiệm vụ của tôi', roles: ['agency'] },
  review: { path: '/tham-dinh', label: 'Thẩm định', roles: ['reviewer'] },
  approval: { path: '/phe-duyet', label: 'Phê duyệt', roles: ['approver'] },
  serviceCenter: { path: '/dieu-hanh', label: 'Điều hành', roles: ['operator'] },
} as const satisfies Record<string, PortalSection>;
export type PortalSectionName = keyof typeof PORTAL_SECTIONS;

/** Short role names for the header ("Cán bộ cơ quan", …); ROLE_LABELS in domain/access.ts are the long ones. */
const ROLE_SHORT_LABELS: Record<Role, string> = {
  agency: 'Cán bộ cơ quan',
  reviewer: 'Cơ quan thẩm định',
  approver: 'Người phê duyệt',
  operator: 'Trung tâm Phục vụ hành chính công',
  admin: 'Quản trị hệ thống',
};

/** The sections a person's grants open, in the table's order. */
export function sectionsFor(grants: readonly Grant[], available: (path: string) => boolean): PortalSectionName[] {
  const roles = new Set(grants.map((g) => g.role));
  const admin = roles.has('admin');
  return (Object.keys(PORTAL_SECTIONS) as PortalSectionName[]).filter((name) => {
    const section: PortalSection = PORTAL_SECTIONS[name];
    return available(section.path) && (admin || section.roles.some((role) => roles.has(role)));
  });
}

export interface NavigationItem {
  href: string;
  label: string;
  current: boolean;
}

export function navigationFor(
  grants: readonly Grant[],
  currentPath: string,
  available: (path: string) => boolean,
): NavigationItem[] {
  return sectionsFor(grants, available).map((name) => {
    const { path, label } = PORTAL_SECTIONS[name];
    return { href: path, label, current: currentPath === path || currentPath.startsWith(`${path}/`) };
  });
}

/** "Cán bộ cơ quan, Cơ quan thẩm định": the roles a person holds, for the header. */
export function rolesLine(grants: readonly Grant[]): string {
  const roles = [...new Set(grants.map((g) => g.role))];
  return roles.length > 0 ? roles.map((role) => ROLE_SHORT_LABELS[role]).join(', ') : 'Chưa có vai trò';
}

/** One step of a page's breadcrumbs ("Đường dẫn"); the last, without a link, is the page itself. */
export interface TrailStep {
  label: string;
  href?: string;
}

/** The trail of a page that gives none: the home page, a section's home, or the section then the page. */
export function defaultTrail(path: string, title: string): TrailStep[] {
  if (path === '/') return [{ label: 'Trang chính' }];
  const section = Object.values(PORTAL_SECTIONS).find((s) => path === s.path || path.startsWith(`${s.path}/`));
  if (!section) return [{ label: 'Trang chính', href: '/' }, { label: title }];
  if (path === section.path) return [{ label: section.label }];
  return [{ label: section.label, href: section.path }, { label: title }];
}
