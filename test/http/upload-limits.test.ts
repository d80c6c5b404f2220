/**
 * Every multipart limit answers with its own Chinese message and stable
 * code. Two files or twenty fields used to answer "文件过大" (E_TOO_LARGE), and a field longer
 * than the field limit was silently cut and used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot, startTestApp, type TestApp } from './harness.js';

type Part = { name: string; value: string | Buffer; fileName?: string };
function form(parts: Part[]): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----limits${Math.random().toString(16).slice(2)}`;
  const out: Buffer[] = [];
  for (const p of parts) {
    const disp = p.fileName
      ? `form-data; name="${p.name}"; filename="${p.fileName}"\r\nContent-Type: text/plain`
      : `form-data; name="${p.name}"`;
    out.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disp}\r\n\r\n`),
      Buffer.from(p.value),
      Buffer.from('\r\n'),
    );
  }
  out.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(out), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('multipart limits: one message and code per limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  it('two files, twenty fields, an overlong field and an oversize file each say what is wrong', async () => {
    const c = await t.as('secB1');
    const before = await snapshot(t.store);
    const url = '/api/materials/import';
    const base: Part[] = [
      { name: 'meetingId', value: t.world.meeting2 },
      { name: 'kind', value: 'leadership' },
    ];
    const file = (n = 'a.txt', body: string | Buffer = '一、存在的问题\n学习不够深入。'): Part => ({
      name: 'file',
      value: body,
      fileName: n,
    });
    const send = (parts: Part[]) => {
      const f = form(parts);
      return c.post(url, f.body, f.headers);
    };

    const twoFiles = await send([...base, file('a.txt'), file('b.txt')]);
    expect([twoFiles.status, twoFiles.body.code]).toEqual([400, 'E_UPLOAD_TOO_MANY_FILES']);
    expect(twoFiles.body.message).toContain('一个文件');
    expect(twoFiles.body.message).not.toContain('过大');

    const manyFields = await send([
      ...base,
      ...Array.from({ length: 18 }, (_, i) => ({ name: `f${i}`, value: 'x' })),
      file(),
    ]);
    expect([manyFields.status, manyFields.body.code]).toEqual([400, 'E_UPLOAD_TOO_MANY_FIELDS']);
    expect(manyFields.body.message).toContain('字段过多');

    const longField = await send([
      { name: 'meetingId', value: t.world.meeting2 },
      { name: 'kind', value: 'k'.repeat(70 * 1024) },
      file(),
    ]);
    expect([longField.status, longField.body.code]).toEqual([413, 'E_UPLOAD_FIELD_TOO_LARGE']);
    expect(longField.body.message).toContain('字段内容过长');

    const bigFile = await send([...base, file('big.docx', Buffer.alloc(21 * 1024 * 1024, 0x41))]);
    expect([bigFile.status, bigFile.body.code]).toEqual([413, 'E_TOO_LARGE']);
    expect(bigFile.body.message).toContain('20 MB');

    expect(await snapshot(t.store)).toBe(before);
  }, 60_000);
});
