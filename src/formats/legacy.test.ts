/**
 * Legacy conversion is bounded: one LibreOffice at a time with a bounded
 * queue (E_CONVERT_BUSY beyond it), a timeout that kills the process tree (E_CONVERT_TIMEOUT),
 * OLE files without a WordDocument stream refused before conversion, and converted text that does
 * not read as text refused (E_CONVERT_GARBLED).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conversionStats, convertLegacyToDocx, hasSoffice, sofficeConvert } from './legacy.js';
import { isWordCompoundFile, oleStreamNames } from './ole.js';
import { assertPlausibleConversion } from './import.js';
import { isJianshiError } from '../core/errors.js';

const SAMPLE = readFileSync(new URL('../../test/fixtures/sample-2023.txt', import.meta.url), 'utf8');
const codeOf = (e: unknown) => (isJianshiError(e) ? e.code : String(e));

describe('plausibility of converted text', () => {
  it('accepts a real material (Chinese, digits, punctuation, some Latin)', () => {
    expect(() => assertPlausibleConversion(SAMPLE)).not.toThrow();
    expect(() => assertPlausibleConversion('Word 2003 文档：ABC 公司，第①条；Ⅱ、（一）')).not.toThrow();
    expect(() => assertPlausibleConversion('')).not.toThrow();
  });
  it('refuses random UTF-16 (what LibreOffice makes of random bytes), replacement and private-use characters', () => {
    let junk = '';
    for (let i = 0; i < 2000; i++) junk += String.fromCharCode(0x100 + ((i * 40503) % 0xd700));
    expect(codeOf(tryIt(() => assertPlausibleConversion(junk)))).toBe('E_CONVERT_GARBLED');
    expect(codeOf(tryIt(() => assertPlausibleConversion(SAMPLE.slice(0, 500) + '\ufffd'.repeat(20))))).toBe(
      'E_CONVERT_GARBLED',
    );
    expect(codeOf(tryIt(() => assertPlausibleConversion(SAMPLE.slice(0, 500) + '\ue000\ue001'.repeat(10))))).toBe(
      'E_CONVERT_GARBLED',
    );
  });
});

function tryIt(f: () => void): unknown {
  try {
    f();
    return null;
  } catch (e) {
    return e;
  }
}

describe.skipIf(!hasSoffice())('with LibreOffice', () => {
  let dir = '';
  let doc: Uint8Array;
  const saved = process.env.JIANSHI_CONVERT_QUEUE;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jianshi-legacy-test-'));
    copyFileSync(new URL('../../test/fixtures/docx/headings.docx', import.meta.url), join(dir, 'm.docx'));
    doc = new Uint8Array(
      readFileSync(await sofficeConvert(join(dir, 'm.docx'), 'doc:MS Word 97', dir, { timeoutMs: 90_000 })),
    );
  }, 120_000);
  afterEach(() => {
    if (saved === undefined) delete process.env.JIANSHI_CONVERT_QUEUE;
    else process.env.JIANSHI_CONVERT_QUEUE = saved;
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the OLE directory: a Word file has a WordDocument stream; junk and other compound files do not', () => {
    expect(oleStreamNames(doc)).toContain('WordDocument');
    expect(isWordCompoundFile(doc)).toBe(true);
    // The same file with its stream renamed (a compound file, but no Word body).
    const renamed = Uint8Array.from(doc);
    const needle = Buffer.from('WordDocument', 'utf16le');
    const at = Buffer.from(renamed).indexOf(needle);
    expect(at).toBeGreaterThan(0);
    renamed[at + 22] = 'X'.charCodeAt(0);
    expect(isWordCompoundFile(renamed)).toBe(false);
    const junk = Uint8Array.from({ length: 8192 }, (_, i) => (i * 2654435761) >>> 24);
    junk.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(oleStreamNames(junk)).toBeNull();
    expect(isWordCompoundFile(doc.slice(0, 600))).toBe(false);
  });

  it('refuses an OLE file without a WordDocument stream before starting LibreOffice', async () => {
    const before = conversionStats.started;
    const junk = Uint8Array.from({ length: 8192 }, (_, i) => (i * 2654435761) >>> 24);
    junk.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(codeOf(await convertLegacyToDocx(junk, 'x.doc').catch((e) => e))).toBe('E_NOT_WORD_DOC');
    expect(conversionStats.started).toBe(before);
  });

  it(
    'runs one conversion at a time; beyond the queue a conversion is refused at once with E_CONVERT_BUSY',
    { timeout: 180_000 },
    async () => {
      process.env.JIANSHI_CONVERT_QUEUE = '1';
      conversionStats.maxConcurrent = 0;
      const a = convertLegacyToDocx(doc, 'a.doc');
      const b = convertLegacyToDocx(doc, 'b.doc');
      const t = Date.now();
      const c = await convertLegacyToDocx(doc, 'c.doc').catch((e) => e);
      expect(codeOf(c)).toBe('E_CONVERT_BUSY');
      expect(Date.now() - t).toBeLessThan(1000);
      const [da, db] = await Promise.all([a, b]);
      expect(da[0]).toBe(0x50); // PK: .docx
      expect(db[0]).toBe(0x50);
      expect(conversionStats.maxConcurrent).toBe(1);
    },
  );

  it(
    'a conversion over its time is killed with its process tree: E_CONVERT_TIMEOUT, nothing left running',
    { timeout: 120_000 },
    async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'jianshi-legacy-timeout-'));
      const saveTmp = process.env.TMPDIR;
      process.env.TMPDIR = tmp;
      try {
        const e = await convertLegacyToDocx(doc, 'slow.doc', { timeoutMs: 200 }).catch((x) => x);
        expect(codeOf(e)).toBe('E_CONVERT_TIMEOUT');
        expect((e as Error).message).toMatch(/超时/);
        const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
        expect(ps.split('\n').filter((l) => l.includes(tmp))).toEqual([]);
        expect(readdirSync(tmp)).toEqual([]);
      } finally {
        if (saveTmp === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = saveTmp;
        rmSync(tmp, { recursive: true, force: true });
      }
      // The queue is free again.
      expect((await convertLegacyToDocx(doc, 'after.doc'))[0]).toBe(0x50);
    },
  );
});
