// Text rules shared by every boundary. Pure: imported by workflow code too. (Zod's messages in
// Vietnamese are set by each entry point: domain/zod-locale.ts.)

/** Invisible format characters (zero-width spaces and joiners, word joiners, soft hyphens, BOM). */
const INVISIBLE = /[\p{Cf}\u180e]/gu;

/** What a person can actually read: NFC, invisible characters removed, spaces trimmed. */
export function visibleText(text: string): string {
  return text.normalize('NFC').replace(INVISIBLE, '').trim();
}
