import YAML from 'yaml';
import {
  CampaignDefinitionError,
  campaignDefinitionSchema,
  describeCampaignIssue,
  type CampaignDefinition,
  type CampaignDefinitionFile,
  type RosterEntry,
} from '../domain/campaign-definition';

// A campaign file's text read and validated: the admin script reads it from disk (with its roster
// file), the Service Center's launch page from an upload. Every problem names the field and the fix.

export function parseCampaignYaml(text: string, source: string): CampaignDefinitionFile {
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (error) {
    // The parser's first line says what and where (line, column); the rest is a source excerpt.
    throw new CampaignDefinitionError(source, [`tệp YAML sai cú pháp — ${(error as Error).message.split('\n')[0]}`]);
  }
  const parsed = campaignDefinitionSchema.safeParse(raw);
  if (!parsed.success) throw new CampaignDefinitionError(source, parsed.error.issues.map(describeCampaignIssue));
  return parsed.data;
}

/** The roster as launched: no code twice, not empty. */
export function checkRoster(source: string, entries: RosterEntry[]): RosterEntry[] {
  const seen = new Set<string>();
  const duplicates = entries
    .filter((entry) => (seen.has(entry.code) ? true : (seen.add(entry.code), false)))
    .map((entry) => entry.code);
  if (duplicates.length > 0)
    throw new CampaignDefinitionError(source, [`mã cơ quan bị trùng: ${[...new Set(duplicates)].join(', ')}`]);
  if (entries.length === 0) throw new CampaignDefinitionError(source, ['danh sách cơ quan trống']);
  return entries;
}

/**
 * A campaign as a campaign file (the format of campaigns/README.md, agencies inline): what the web
 * form offers to download, so the same campaign can be launched again from a file.
 */
export function campaignYaml(definition: CampaignDefinition): string {
  const header =
    `# Chiến dịch ${definition.id}: ${definition.directive.number} — ${definition.directive.title}\n` +
    '# Định dạng: campaigns/README.md\n';
  // Every value quoted: dates stay strings and names with commas stay whole in any YAML reader.
  return (
    header + YAML.stringify(definition, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' })
  );
}
