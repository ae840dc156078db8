import { escapeUTF8 } from 'entities';

// Every string that comes from the database (agency names, codes, reasons) is hostile until
// escaped. `entities` (the encoder behind htmlparser2/cheerio) escapes & < > " ' and leaves
// Vietnamese letters as they are, so the page stays readable and small.

export function escapeHtml(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : escapeUTF8(String(value));
}

/**
 * Markdown table cell: Markdown renderers pass raw HTML through, so HTML-escape first, then
 * neutralise the characters that would break the table or start formatting.
 */
export function escapeMarkdown(value: string | number | null | undefined): string {
  return escapeHtml(value)
    .replace(/[\r\n]+/g, ' ')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}
