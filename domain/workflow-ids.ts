// The IDs of an agency's workflow and of its assignment record.

/** Readable, stable IDs: the Web UI shows them and the admin script derives them. */
export function agencyWorkflowId(campaignId: string, agencyCode: string): string {
  return `campaign:${campaignId}:agency:${agencyCode}`;
}

export function assignmentId(campaignId: string, agencyCode: string): string {
  return `${campaignId}/${agencyCode}`;
}
