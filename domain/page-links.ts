// The portal's page addresses, defined once: e-mails link to the page they are about, and the
// portal serves these paths. Paths only; the public base URL is configuration (DONDOC_PUBLIC_URL).

export function campaignPagePath(campaignId: string): string {
  return `/campaigns/${encodeURIComponent(campaignId)}`;
}

export function agencyPagePath(campaignId: string, agencyCode: string): string {
  return `${campaignPagePath(campaignId)}/agencies/${encodeURIComponent(agencyCode)}`;
}

/** The page a message about this campaign (and agency, when it names one) links to. */
export function pageFor(campaignId: string, agencyCode?: string): string {
  return agencyCode === undefined ? campaignPagePath(campaignId) : agencyPagePath(campaignId, agencyCode);
}

/** An absolute address: the public base URL (no trailing slash needed) and a page path. */
export function pageUrl(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${path}`;
}
