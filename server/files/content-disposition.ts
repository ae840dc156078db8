// The Content-Disposition of a download under its original name: a plain-ASCII `filename` for old
// clients, and the exact (Vietnamese) name as `filename*` in UTF-8, percent-encoded (RFC 5987/6266).

/** The name with its diacritics taken off and anything outside printable ASCII (and quotes, backslashes) replaced. */
function asciiFallback(name: string): string {
  const plain = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return plain || 'tep';
}

/** RFC 5987 `attr-char`s stay as they are; every other UTF-8 byte is percent-encoded. */
function extendedValue(name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function attachmentDisposition(name: string): string {
  return `attachment; filename="${asciiFallback(name)}"; filename*=UTF-8''${extendedValue(name)}`;
}
