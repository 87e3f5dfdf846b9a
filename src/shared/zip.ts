/**
 * What a ZIP archive (an XLSX workbook) says it holds, read from its central directory alone,
 * without inflating anything: a zip bomb is refused on these numbers before any byte is unzipped.
 * The workbook is then unzipped by the same directory (fflate's `unzip`), into buffers of exactly the
 * sizes checked here, so an entry that lies about its size cannot grow past them.
 */
export type ZipDirectory = { entries: number; uncompressedBytes: number };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const ZIP64_LOCATOR = 0x07064b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** The directory's totals, or null when the bytes are not a ZIP this reader trusts (ZIP64, cut short, inconsistent). */
export function readZipDirectory(bytes: Uint8Array, maxEntries: number): ZipDirectory | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let at = bytes.length - EOCD_SIZE; at >= Math.max(0, bytes.length - EOCD_SIZE - MAX_COMMENT); at--) {
    if (view.getUint32(at, true) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return null;
  // The count on this disk, as the unzipper reads it; a ZIP64 locator before the record would make it read another directory.
  if (eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR) return null;
  const entries = view.getUint16(eocd + 8, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  // ZIP64 marks these with all ones: a spreadsheet small enough to upload never needs it.
  if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) return null;
  if (entries > maxEntries) return { entries, uncompressedBytes: 0 };
  if (offset + size > eocd) return null;
  let uncompressedBytes = 0;
  let at = offset;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL) return null;
    const compressed = view.getUint32(at + 20, true);
    const uncompressed = view.getUint32(at + 24, true);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) return null;
    uncompressedBytes += uncompressed;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return { entries, uncompressedBytes };
}
