// The IDs of an agency's workflow and of its assignment record.

/** Readable, stable IDs: the Web UI shows them and the admin script derives them. */
export function agencyWorkflowId(campaignId: string, agencyCode: string): string {
  return `campaign:${campaignId}:agency:${agencyCode}`;
}

export function assignmentId(campaignId: string, agencyCode: string): string {
  return `${campaignId}/${agencyCode}`;
}

/** The campaign and agency a workflow ID names (`campaign:<c>` or `campaign:<c>:agency:<code>`), or undefined. */
export function parseWorkflowId(workflowId: string): { campaignId: string; agencyCode?: string } | undefined {
  const match = /^campaign:(.+?)(?::agency:(.+))?$/.exec(workflowId);
  return match ? { campaignId: match[1], ...(match[2] !== undefined && { agencyCode: match[2] }) } : undefined;
}
