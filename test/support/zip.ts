import { constants, deflateRawSync } from 'node:zlib';

/** One entry of a hand-built ZIP: its stored bytes and what its directory says about them. */
export type ZipEntry = { name: string; data: Uint8Array; method: 0 | 8; declaredSize: number };

/** A ZIP archive written byte by byte, so a test can make its directory say what it likes. */
export function buildZip(entries: ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(e.data));
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, end]));
}

/** A deflate stream of `megabytes` MB of spaces in about 1 KB per MB: the same flushed block, repeated. */
export function deflateBomb(megabytes: number): Uint8Array {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024, 0x20), { finishFlush: constants.Z_FULL_FLUSH });
  // A final, empty fixed-Huffman block ends the stream.
  return new Uint8Array(Buffer.concat([...Array.from({ length: megabytes }, () => block), Buffer.from([0x03, 0x00])]));
}

export const stored = (name: string, text: string): ZipEntry => {
  const data = new TextEncoder().encode(text);
  return { name, data, method: 0, declaredSize: data.length };
};

/** The parts of a workbook read-excel-file needs before it opens the sheet. */
export const WORKBOOK = [
  stored('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
  stored(
    'xl/workbook.xml',
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>',
  ),
  stored(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  ),
];

/** A workbook whose one sheet inflates to `inflatesToMb` MB of blanks while its directory says `declaresMb`. */
export function xlsxBomb(opts: { inflatesToMb: number; declaresMb: number }): Uint8Array {
  return buildZip([...WORKBOOK, { name: 'xl/worksheets/sheet1.xml', data: deflateBomb(opts.inflatesToMb), method: 8, declaredSize: opts.declaresMb * 1024 * 1024 }]);
}
