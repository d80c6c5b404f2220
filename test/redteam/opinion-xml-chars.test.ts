/**
 * Red team: an anonymous opinion (public form, no login) with a character XML 1.0 forbids. C0 controls
 * are stripped on the way in, but U+FFFF / U+FFFE (noncharacters) pass through and are written as
 * they are into the 征求意见汇总表: word/document.xml and xl/sharedStrings.xml are then not well-formed
 * XML, and Word / Excel report the file as corrupt. One anonymous submitter can so spoil the
 * secretary's official summary (and the archive .zip that carries it).
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../http/harness.js';

// Anything outside XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

describe('an opinion with a character XML forbids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { opinionBatchSize: 1 });
    const link = await (await t.as('secB1')).post(`/api/meetings/${t.world.meeting}/opinion-collections`, {});
    expect(link.status).toBe(201);
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/public/opinions',
      headers: { 'x-csrf-token': 'public' },
      remoteAddress: '10.9.9.9',
      payload: {
        token: link.body.token,
        opinions: [
          { target: { kind: 'group' }, category: '理论学习', body: '学习计划落实不够\uffff，流于形式\ufffe。' },
        ],
      },
    });
    expect(r.statusCode).toBe(201);
  }, 60_000);
  afterAll(async () => t?.close());

  for (const [format, part] of [
    ['docx', 'word/document.xml'],
    ['xlsx', 'xl/sharedStrings.xml'],
  ] as const)
    it(`the 征求意见汇总表 .${format} is well-formed XML and still carries the opinion`, async () => {
      const r = await (await t.as('secB1')).get(`/api/meetings/${t.world.meeting}/archive/opinions?format=${format}`);
      expect(r.status).toBe(200);
      const xml = await (await JSZip.loadAsync(r.raw.rawPayload)).file(part)!.async('string');
      expect(xml).toContain('学习计划落实不够');
      expect(xml).not.toMatch(NOT_XML_CHAR);
    });

  it('the 会议记录 .docx is well-formed XML when the summary the secretary typed carries U+FFFF', async () => {
    const sec = await t.as('secB1');
    expect((await sec.put(`/api/meetings/${t.world.meeting}/record`, { summary: '会议总结\uffff完毕。' })).status).toBe(
      200,
    );
    const r = await sec.get(`/api/meetings/${t.world.meeting}/archive/record`);
    expect(r.status).toBe(200);
    const xml = await (await JSZip.loadAsync(r.raw.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('会议总结');
    expect(xml).not.toMatch(NOT_XML_CHAR);
  });
});
