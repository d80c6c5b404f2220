/**
 * Just enough of the OLE2 compound file format ([MS-CFB]) to tell whether a file that starts with
 * the OLE signature really is a Word (or Kingsoft WPS) document: its directory must name a
 * `WordDocument` stream. Random bytes behind the signature, an Excel or PowerPoint file, or an
 * MS Works .wps are refused before LibreOffice is started on them. Bytes only, bounded loops.
 */

const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ENDOFCHAIN = 0xfffffffe;
const MAX_SECT = 0xfffffffa;

/** Names of the stream entries in the compound file's directory, or null when the structure is not valid. */
export function oleStreamNames(b: Uint8Array): string[] | null {
  if (b.length < 512 || SIGNATURE.some((x, i) => b[i] !== x)) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const major = dv.getUint16(0x1a, true);
  const byteOrder = dv.getUint16(0x1c, true);
  const shift = dv.getUint16(0x1e, true);
  if (byteOrder !== 0xfffe || !((major === 3 && shift === 9) || (major === 4 && shift === 12))) return null;
  const sectorSize = 1 << shift;
  const numFat = dv.getUint32(0x2c, true);
  const firstDir = dv.getUint32(0x30, true);
  const firstDifat = dv.getUint32(0x44, true);
  const numDifat = dv.getUint32(0x48, true);
  const sectors = Math.ceil(b.length / sectorSize);
  const offsetOf = (sect: number) => (sect + 1) * sectorSize;
  const inFile = (sect: number) => sect <= MAX_SECT && offsetOf(sect) < b.length;
  if (numFat === 0 || numFat > sectors || firstDir > MAX_SECT || !inFile(firstDir)) return null;

  // The FAT's own sectors: 109 in the header, the rest in the DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109 && fatSectors.length < numFat; i++) fatSectors.push(dv.getUint32(0x4c + i * 4, true));
  let difat = firstDifat;
  for (let n = 0; fatSectors.length < numFat && n < numDifat && n <= sectors; n++) {
    if (!inFile(difat)) return null;
    const off = offsetOf(difat);
    const per = sectorSize / 4 - 1;
    for (let i = 0; i < per && fatSectors.length < numFat; i++) fatSectors.push(dv.getUint32(off + i * 4, true));
    difat = dv.getUint32(off + per * 4, true);
  }
  if (fatSectors.length < numFat || fatSectors.some((s) => !inFile(s))) return null;
  const next = (sect: number): number => {
    const per = sectorSize / 4;
    const fs = fatSectors[Math.floor(sect / per)];
    if (fs === undefined) return ENDOFCHAIN;
    const off = offsetOf(fs) + (sect % per) * 4;
    return off + 4 <= b.length ? dv.getUint32(off, true) : ENDOFCHAIN;
  };

  // Walk the directory chain: 128-byte entries, UTF-16LE names.
  const names: string[] = [];
  const seen = new Set<number>();
  for (let sect = firstDir; sect !== ENDOFCHAIN; sect = next(sect)) {
    if (!inFile(sect) || seen.has(sect) || seen.size > sectors) return null;
    seen.add(sect);
    const off = offsetOf(sect);
    for (let e = off; e + 128 <= Math.min(off + sectorSize, b.length); e += 128) {
      const nameLen = dv.getUint16(e + 0x40, true);
      const type = b[e + 0x42];
      if (type !== 2 || nameLen < 2 || nameLen > 64 || nameLen % 2) continue;
      let name = '';
      for (let i = 0; i < nameLen / 2 - 1; i++) name += String.fromCharCode(dv.getUint16(e + i * 2, true));
      names.push(name);
    }
  }
  return names;
}

/** Whether an OLE2 file holds a Word document body (Word 97–2003 .doc, .dot, Kingsoft .wps). */
export function isWordCompoundFile(b: Uint8Array): boolean {
  return oleStreamNames(b)?.includes('WordDocument') ?? false;
}
