/**
 * Reading the paragraphs of a .docx (Office Open XML) with the hints the parser needs: Word heading
 * styles (by style id, style name and outline level, also inherited through `basedOn`), bold text at
 * the start of a paragraph (a run-in or stand-alone heading), and alignment. Labels of Word's
 * automatic numbering ("一、", "（一）" from numbering.xml) are written into the text, as the reader
 * sees them; hidden text is left out.
 *
 * Hostile input is expected (uploads): the archive is opened with JSZip directly, and every part we
 * read is inflated as a stream whose bytes are counted, so a zip bomb is stopped as soon as it passes
 * the limit even when its headers lie about the sizes. The XML is read by a small, linear,
 * non-validating tokenizer that refuses DOCTYPEs (no entity expansion) and unbalanced tags: anything
 * malformed is `E_NOT_DOCX`, never a crash.
 *
 * Pure (JSZip + TextDecoder), so it runs in Node and in the browser. The parts live in ./docx/: zip.ts
 * (magic numbers, bounded inflation, finding a part), xml.ts (the tokenizer), styles.ts, numbering.ts
 * (list labels), paragraphs.ts (the document walk); this file opens the package and puts them together.
 */
import JSZip from 'jszip';
import { JianshiError } from '../core/errors.js';
import { LIMITS } from '../core/limits.js';
import { bomb, notDocx } from './docx/errors.js';
import { parseNumbering } from './docx/numbering.js';
import { SKIP, readBody, type DocxParagraph } from './docx/paragraphs.js';
import { parseStyles } from './docx/styles.js';
import { attr, child, parseXml } from './docx/xml.js';
import {
  type Budget,
  MAX_ENTRIES,
  RATIO_FLOOR,
  type ZipEntryData,
  decodeXml,
  eocdEntries,
  findPart,
  isOle2,
  isZip,
  readEntry,
} from './docx/zip.js';

export type { DocxParagraph } from './docx/paragraphs.js';

export interface DocxReadLimits {
  maxBytes?: number;
  maxExpandedBytes?: number;
  maxExpansionRatio?: number;
}

/** The main document part named by the package relationships (usually word/document.xml). */
async function mainPartPath(zip: JSZip, budget: Budget): Promise<string> {
  const rels = findPart(zip, '_rels/.rels');
  if (rels) {
    try {
      const root = parseXml(decodeXml(await readEntry(rels, budget)));
      for (const r of root.children) {
        if (typeof r === 'string' || r.name !== 'Relationship') continue;
        const target = attr(r, 'Target');
        if (/\/officeDocument$/.test(attr(r, 'Type') ?? '') && target) {
          const t = target.replace(/^\//, '');
          if (findPart(zip, t)) return t;
        }
      }
    } catch (e) {
      if (e instanceof JianshiError && e.code === 'E_DOCX_BOMB') throw e;
    }
  }
  return 'word/document.xml';
}

/**
 * readDocxParagraphs(bytes) → the paragraphs of the document body, in reading order, with hints.
 * Throws JianshiError E_TOO_LARGE, E_LEGACY_DOC (OLE2 .doc/.wps), E_NOT_DOCX, E_DOCX_BOMB.
 */
export async function readDocxParagraphs(bytes: Uint8Array, limits: DocxReadLimits = {}): Promise<DocxParagraph[]> {
  const maxBytes = limits.maxBytes ?? LIMITS.maxDocxBytes;
  const maxExpanded = limits.maxExpandedBytes ?? LIMITS.maxDocxExpandedBytes;
  const maxRatio = limits.maxExpansionRatio ?? LIMITS.maxDocxExpansionRatio;
  if (bytes.length > maxBytes) throw new JianshiError('E_TOO_LARGE', undefined, { bytes: bytes.length, max: maxBytes });
  if (isOle2(bytes)) throw new JianshiError('E_LEGACY_DOC');
  if (!isZip(bytes)) throw notDocx('not a ZIP archive');
  const entries = eocdEntries(bytes);
  if (entries < 0) throw notDocx('no ZIP central directory');
  if (entries > MAX_ENTRIES) throw notDocx(`too many entries (${entries})`);

  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false, createFolders: false });
  } catch (e) {
    throw notDocx(String((e as Error)?.message ?? e));
  }

  // Declared sizes: the parts we read, and the whole archive.
  let declaredAll = 0;
  zip.forEach((_p, f) => {
    const d = (f as unknown as { _data?: ZipEntryData })._data;
    if (d && typeof d.uncompressedSize === 'number' && d.uncompressedSize > 0) declaredAll += d.uncompressedSize;
  });
  const budget: Budget = { expanded: 0, max: maxExpanded };
  const docPath = await mainPartPath(zip, budget);
  const docFile = findPart(zip, docPath);
  if (!docFile) throw notDocx('no word/document.xml');
  const stylesFile = findPart(zip, docPath.replace(/[^/]*$/, 'styles.xml'));
  const numberingFile = findPart(zip, docPath.replace(/[^/]*$/, 'numbering.xml'));
  const declared = (f: JSZip.JSZipObject | undefined) =>
    f ? ((f as unknown as { _data?: ZipEntryData })._data?.uncompressedSize ?? 0) : 0;
  const declaredRead = declared(docFile) + declared(stylesFile) + declared(numberingFile);
  if (declaredRead > maxExpanded) throw bomb(`declared size ${declaredRead} bytes`);
  if (declaredAll > RATIO_FLOOR && declaredAll / bytes.length > maxRatio)
    throw bomb(`declared expansion ratio ${Math.round(declaredAll / bytes.length)}`);

  const docBytes = await readEntry(docFile, budget);
  if (budget.expanded > RATIO_FLOOR && budget.expanded / bytes.length > maxRatio)
    throw bomb(`expansion ratio ${Math.round(budget.expanded / bytes.length)}`);
  let stylesXml: string | undefined;
  if (stylesFile) {
    try {
      stylesXml = decodeXml(await readEntry(stylesFile, budget));
    } catch (e) {
      if (e instanceof JianshiError && e.code === 'E_DOCX_BOMB') throw e;
      stylesXml = undefined;
    }
  }
  let numberingXml: string | undefined;
  if (numberingFile) {
    try {
      numberingXml = decodeXml(await readEntry(numberingFile, budget));
    } catch (e) {
      if (e instanceof JianshiError && e.code === 'E_DOCX_BOMB') throw e;
      numberingXml = undefined;
    }
  }
  if (budget.expanded > RATIO_FLOOR && budget.expanded / bytes.length > maxRatio)
    throw bomb(`expansion ratio ${Math.round(budget.expanded / bytes.length)}`);

  const root = parseXml(decodeXml(docBytes), SKIP);
  if (!/(^|:)document$/.test(root.name)) throw notDocx(`root element ${root.name}`);
  const body = child(root, 'w:body');
  if (!body) throw notDocx('no w:body');
  return readBody(body, parseStyles(stylesXml), parseNumbering(numberingXml));
}

export { isOle2, isZip } from './docx/zip.js';
export { parseXml, type XmlEl } from './docx/xml.js';
