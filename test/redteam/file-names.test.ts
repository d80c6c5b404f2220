/**
 * Red team: file names built from a title the author typed. Names are cut to 80 UTF-16 code units,
 * so a character outside the BMP (an emoji, a rare 汉字 in CJK Extension B) at the cut is split in
 * half: the archive .zip gets an entry named with U+FFFD, which the 目录 repeats.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../http/harness.js';

// In the .zip the name is "01测试-author-" (12 characters) + the title, cut at 80: with 67
// characters of title, 𠀀 (U+20000, CJK Extension B, two UTF-16 code units) sits across the cut.
const TITLE = `${'关于加强理论学习的对照检查材料'.repeat(5).slice(0, 67)}\u{20000}补充`;
const content = {
  title: TITLE,
  preface: '按照要求，我对照检视如下。',
  problems: [{ aspect: null, heading: '理论学习方面', text: '学习不够深入。', points: [], examples: [] }],
  causes: [],
  measures: [],
  closing: '',
};

describe('file names from a title with a character outside the BMP at the cut', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    const a = await t.as('author');
    const cur = (await a.get(`/api/materials/${t.world.material}`)).body;
    const saved = await a.put(`/api/materials/${t.world.material}`, { baseVersion: cur.version, content });
    expect(saved.status).toBe(200);
    expect(saved.body.title).toBe(TITLE);
  }, 60_000);
  afterAll(async () => t?.close());

  it('the material itself downloads as .docx with its name intact (held)', async () => {
    const r = await (await t.as('author')).get(`/api/materials/${t.world.material}/export?format=docx`);
    expect(r.status).toBe(200);
    expect(decodeURIComponent(String(r.headers['content-disposition']))).not.toContain('\ufffd');
  });

  it('the archive .zip names the approved material without a broken character', async () => {
    const a = await t.as('author');
    expect((await a.post(`/api/materials/${t.world.material}/submit`, {})).status).toBe(200);
    const approve = await (await t.as('secB1')).post(`/api/materials/${t.world.material}/approve`, {});
    expect(approve.status).toBe(200);
    const r = await (await t.as('secB1')).get(`/api/meetings/${t.world.meeting}/archive.zip`);
    expect(r.status).toBe(200);
    const zip = await JSZip.loadAsync(r.raw.rawPayload);
    const names = Object.keys(zip.files);
    const material = names.find((n) => n.includes('关于加强理论学习'));
    expect(material).toBeDefined();
    expect(material).not.toContain('\ufffd');
    const index = await JSZip.loadAsync(await zip.file('00目录.docx')!.async('uint8array'));
    expect(await index.file('word/document.xml')!.async('string')).not.toContain('\ufffd');
  });
});
