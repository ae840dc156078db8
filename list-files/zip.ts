import zlib from 'node:zlib';

// Just enough of the zip format to look inside an .xlsx before a spreadsheet library does: the
// library trusts the file (it expands every range of a data validation cell by cell, so a small
// file with one validation over whole columns A:J never finishes loading). Reads the central directory,
// inflates with a size bound, and rewrites an archive with some parts replaced.

export class ZipFormatError extends Error {
  override readonly name = 'ZipFormatError';
}

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

export function isZip(buffer: Buffer): boolean {
  return buffer.length >= 4 && buffer.readUInt32LE(0) === LOCAL_SIGNATURE;
}

export function readZipDirectory(buffer: Buffer): ZipEntry[] {
  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let offset = buffer.length - 22; offset >= Math.max(0, buffer.length - 22 - 0xffff); offset--) {
    if (buffer.readUInt32LE(offset) === EOCD_SIGNATURE) {
      eocd = offset;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory (truncated or not a zip)');
  const count = buffer.readUInt16LE(eocd + 10);
  const size = buffer.readUInt32LE(eocd + 12);
  const start = buffer.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || start === 0xffffffff)
    throw new ZipFormatError('zip64 archives are not supported');
  if (start + size > eocd) throw new ZipFormatError('central directory out of bounds');

  const entries: ZipEntry[] = [];
  let offset = start;
  for (let i = 0; i < count; i++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== CENTRAL_SIGNATURE)
      throw new ZipFormatError('corrupt central directory');
    const flags = buffer.readUInt16LE(offset + 8);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const nameBytes = buffer.subarray(offset + 46, offset + 46 + nameLength);
    entries.push({
      name: nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1'),
      flags,
      method: buffer.readUInt16LE(offset + 10),
      crc32: buffer.readUInt32LE(offset + 16),
      compressedSize: buffer.readUInt32LE(offset + 20),
      uncompressedSize: buffer.readUInt32LE(offset + 24),
      localHeaderOffset: buffer.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function rawData(buffer: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localHeaderOffset;
  if (at + 30 > buffer.length || buffer.readUInt32LE(at) !== LOCAL_SIGNATURE)
    throw new ZipFormatError(`corrupt local header of ${entry.name}`);
  const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > buffer.length) throw new ZipFormatError(`truncated data of ${entry.name}`);
  return buffer.subarray(start, end);
}

/** The entry's content, refusing to inflate past `maxBytes` whatever the directory claims. */
export function readZipEntry(buffer: Buffer, entry: ZipEntry, maxBytes: number): Buffer {
  if (entry.flags & 0x1) throw new ZipFormatError(`${entry.name} is encrypted`);
  const data = rawData(buffer, entry);
  if (entry.method === 0) {
    if (data.length > maxBytes) throw new RangeError('entry too large');
    return data;
  }
  if (entry.method !== 8) throw new ZipFormatError(`unsupported compression method ${entry.method} in ${entry.name}`);
  try {
    return zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError)
      throw new RangeError('entry too large', { cause: error });
    throw new ZipFormatError(`cannot inflate ${entry.name}: ${(error as Error).message}`, { cause: error });
  }
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A copy of the archive with the given entries' contents replaced (deflated anew). */
export function rewriteZip(
  buffer: Buffer,
  entries: readonly ZipEntry[],
  replacements: ReadonlyMap<string, Buffer>,
): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const replacement = replacements.get(entry.name);
    const data = replacement ? zlib.deflateRawSync(replacement) : rawData(buffer, entry);
    const method = replacement ? 8 : entry.method;
    const crc = replacement ? crc32(replacement) : entry.crc32;
    const size = replacement ? replacement.length : entry.uncompressedSize;
    const flags = entry.flags & 0x800; // keep the UTF-8 name flag; sizes are now in the headers
    const name = Buffer.from(entry.name, flags ? 'utf8' : 'latin1');

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_SIGNATURE, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_SIGNATURE, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD_SIGNATURE, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
