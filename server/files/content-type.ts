import { FILE_TYPES, type FileType } from '../../domain/deliverables/file-types';
import { isZip, readZipDirectory, readZipEntry, ZipFormatError, type ZipEntry } from '../../list-files/zip';

// A file's type as its content shows it, never as its name says: PDF, PNG and JPEG by their first
// bytes; Word, Excel and OpenDocument files are zip archives, told apart by the part that names
// their main document (`[Content_Types].xml` for Office Open XML, `mimetype` for OpenDocument).
// The zip is read through list-files/zip.ts, which inflates only up to a bound.

/** The bounds of a zip's inspection: a crafted archive costs no more than this. */
const ZIP_BOUNDS = {
  entries: 10_000,
  /** `[Content_Types].xml` of a real document is a few KB. */
  contentTypesBytes: 256 * 1024,
  mimetypeBytes: 256,
};

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PDF = Buffer.from('%PDF-', 'latin1');

/** The main part's content type of each Office Open XML document dondoc accepts (macro-free documents only). */
const OFFICE_MAIN_PARTS: [FileType, string][] = [
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'],
];

const startsWith = (buffer: Buffer, magic: Buffer) =>
  buffer.length >= magic.length && buffer.subarray(0, magic.length).equals(magic);

function entryNamed(entries: ZipEntry[], name: string): ZipEntry | undefined {
  return entries.find((entry) => entry.name === name);
}

function zipType(buffer: Buffer): FileType | undefined {
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(buffer);
    if (entries.length > ZIP_BOUNDS.entries) return undefined;
    // OpenDocument: the first entry is `mimetype`, stored uncompressed, naming the document's type.
    const mimetype = entryNamed(entries, 'mimetype');
    if (mimetype) {
      const type = readZipEntry(buffer, mimetype, ZIP_BOUNDS.mimetypeBytes).toString('latin1').trim();
      return (['odt', 'ods'] as const).find((kind) => FILE_TYPES[kind] === type);
    }
    const contentTypes = entryNamed(entries, '[Content_Types].xml');
    if (!contentTypes) return undefined;
    const xml = readZipEntry(buffer, contentTypes, ZIP_BOUNDS.contentTypesBytes).toString('utf8');
    return OFFICE_MAIN_PARTS.find(([, main]) => xml.includes(`ContentType="${main}"`))?.[0];
  } catch (error) {
    // A damaged archive, or a part larger than any real document's: not a file of these types.
    if (error instanceof ZipFormatError || error instanceof RangeError) return undefined;
    throw error;
  }
}

/** The type the file's content shows, or undefined when it is none of FILE_TYPES. */
export function detectFileType(content: Buffer): FileType | undefined {
  if (startsWith(content, PDF)) return 'pdf';
  if (startsWith(content, PNG)) return 'png';
  if (startsWith(content, JPEG)) return 'jpg';
  if (isZip(content)) return zipType(content);
  return undefined;
}

/** The types as people know them, for messages. */
export const KNOWN_TYPES_TEXT =
  'PDF (.pdf), Word (.docx), Excel (.xlsx), OpenDocument (.odt, .ods), ảnh JPEG (.jpg) hoặc PNG (.png)';

const TYPE_NAMES: Record<FileType, string> = {
  pdf: 'PDF (.pdf)',
  docx: 'Word (.docx)',
  xlsx: 'Excel (.xlsx)',
  odt: 'OpenDocument (.odt)',
  ods: 'OpenDocument (.ods)',
  jpg: 'ảnh JPEG (.jpg)',
  png: 'ảnh PNG (.png)',
};

/** Some types as people know them: "PDF (.pdf), Word (.docx) hoặc Excel (.xlsx)". */
export function typesText(types: readonly FileType[]): string {
  const names = types.map((type) => TYPE_NAMES[type]);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} hoặc ${names.at(-1)}` : (names[0] ?? '');
}
