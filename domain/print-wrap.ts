// How much room a wrapped spreadsheet cell needs, so no printed row is cut. Excel gives a row at most
// 409 points (about 27 lines of 11-point text) and a cell at most 32,767 characters; text longer than
// that is shown and printed cut. We count lines as Excel wraps them (at spaces, a longer word broken
// by characters) with a narrower line than the column's width, since Vietnamese capitals and
// diacritics are wider than the digit Excel measures widths in.

/** Lines one printed row may take: 18 × 15 points stays well under Excel's 409-point row. */
const MAX_ROW_LINES = 18;
/** Characters that surely fit on one line of a column `width` characters wide. */
const lineChars = (width: number): number => Math.max(1, Math.floor(width * 0.85) - 1);

/** The lines `text` takes when wrapped in a column `width` characters wide. */
export function wrappedLines(text: string, width: number): number {
  const per = lineChars(width);
  let lines = 0;
  for (const paragraph of text.split(/\r?\n/)) {
    let used = 0;
    let count = 1;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (used > 0 && used + 1 + word.length <= per) {
        used += 1 + word.length;
        continue;
      }
      if (used > 0) count += 1;
      // A word wider than the line is broken by characters.
      count += Math.ceil(word.length / per) - 1;
      used = word.length % per || per;
    }
    lines += count;
  }
  return lines;
}

/**
 * `text` cut at spaces into pieces of at most `maxLines` wrapped lines each, so a long Căn cứ or Ghi
 * chú continues on the next row instead of growing one row past what Excel can show.
 */
export function splitForPrint(text: string, width: number, maxLines: number = MAX_ROW_LINES): string[] {
  if (wrappedLines(text, width) <= maxLines) return [text];
  const per = lineChars(width);
  const pieces: string[] = [];
  let current = '';
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    // Words longer than a whole piece are cut by characters first.
    const parts = word.match(new RegExp(`.{1,${per * maxLines}}`, 'gsu')) ?? [word];
    for (const part of parts) {
      const next = current ? `${current} ${part}` : part;
      if (current && wrappedLines(next, width) > maxLines) {
        pieces.push(current);
        current = part;
      } else {
        current = next;
      }
    }
  }
  if (current) pieces.push(current);
  return pieces;
}
