/**
 * Bad input on every route (found from the OpenAPI document, so new routes are covered without
 * editing this file): wrong types, unknown fields, broken JSON, oversize bodies, wrong content
 * types, huge and malformed uploads. Each gets a clear 4xx with a stable code, and nothing is
 * written to the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, snapshot, startTestApp, type TestApp } from './harness.js';

describe('bad input on every route', () => {
  let t: TestApp;
  let routes: { method: string; url: string; hasBody: boolean; multipart: boolean; hasQuery: boolean }[] = [];
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    const doc = (await t.anon().get('/api/openapi.json')).body;
    const w = t.world;
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        const url = path
          .replace(
            '{id}',
            path.startsWith('/api/materials')
              ? w.material
              : path.startsWith('/api/meetings')
                ? w.meeting
                : path.startsWith('/api/orgs')
                  ? w.org.b1
                  : path.startsWith('/api/people')
                    ? w.person.outsider
                    : 'x',
          )
          .replace('{version}', '1')
          .replace('{fileId}', 'nofile');
        routes.push({
          method: method.toUpperCase(),
          url,
          hasBody: !!op.requestBody?.content?.['application/json'],
          multipart: String(op.summary ?? '').includes('multipart'),
          hasQuery: (op.parameters ?? []).some((p: any) => p.in === 'query'),
        });
      }
    }
  });
  afterAll(async () => t?.close());

  it('finds the routes', () => {
    expect(routes.filter((r) => r.hasBody).length).toBeGreaterThan(15);
    expect(routes.filter((r) => r.multipart).length).toBeGreaterThanOrEqual(2);
  });

  it('rejects wrong types, unknown fields, broken and oversize JSON with 4xx and a code, writing nothing', async () => {
    const c = await t.as('secB1');
    const before = await snapshot(t.store);
    const problems: string[] = [];
    const expectCode = (what: string, r: { status: number; body: any }, status: number[], codes: string[]) => {
      if (!status.includes(r.status) || !codes.includes(r.body?.code) || typeof r.body?.message !== 'string')
        problems.push(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`);
    };
    const big = JSON.stringify({ text: 'x'.repeat(5 * 1024 * 1024) });
    for (const r of routes.filter((x) => x.hasBody)) {
      const name = `${r.method} ${r.url}`;
      for (const body of [
        '[]',
        '"text"',
        '123',
        'null',
        '{"__unknown": 1}',
        '{"baseVersion": "one", "name": 5, "kind": [], "text": {}}',
      ]) {
        expectCode(
          `${name} ${body}`,
          await c.request(r.method, r.url, body, { 'content-type': 'application/json' }),
          [400],
          ['E_VALIDATION', 'E_BAD_JSON'],
        );
      }
      expectCode(
        `${name} broken`,
        await c.request(r.method, r.url, '{"name": "未闭合', { 'content-type': 'application/json' }),
        [400],
        ['E_BAD_JSON'],
      );
      expectCode(
        `${name} oversize`,
        await c.request(r.method, r.url, big, { 'content-type': 'application/json' }),
        [413],
        ['E_TOO_LARGE'],
      );
      expectCode(
        `${name} text/plain`,
        await c.request(r.method, r.url, 'hello', { 'content-type': 'text/plain' }),
        [415],
        ['E_UNSUPPORTED_MEDIA'],
      );
    }
    for (const r of routes.filter((x) => x.hasQuery && x.method === 'GET')) {
      expectCode(
        `${r.url}?bogus`,
        await c.get(`${r.url}${r.url.includes('?') ? '&' : '?'}__bogus=1`),
        [400],
        ['E_VALIDATION'],
      );
    }
    // Unknown fields next to otherwise valid bodies.
    const w = t.world;
    const valid: [string, string, Record<string, unknown>][] = [
      ['POST', '/api/materials', { meetingId: w.meeting2, kind: 'personal', text: '材料正文' }],
      ['PUT', `/api/materials/${w.leadership}`, { baseVersion: 1, text: '材料正文' }],
      ['POST', '/api/meetings', { orgId: w.org.b1, kind: '组织生活会', year: 2025, theme: '主题' }],
      ['POST', `/api/materials/${w.leadership}/submit`, {}],
    ];
    for (const [m, url, body] of valid)
      expectCode(`${m} ${url} +unknown`, await c.request(m, url, { ...body, isAdmin: true }), [400], ['E_VALIDATION']);
    // Wrong types inside otherwise valid bodies.
    expectCode(
      'year as string',
      await c.post('/api/meetings', { orgId: w.org.b1, kind: '组织生活会', year: '2025', theme: '主题' }),
      [400],
      ['E_VALIDATION'],
    );
    expectCode(
      'bad enum',
      await c.post('/api/meetings', { orgId: w.org.b1, kind: '茶话会', year: 2025, theme: '主题' }),
      [400],
      ['E_VALIDATION'],
    );
    expectCode(
      'bad date',
      await c.post('/api/meetings', {
        orgId: w.org.b1,
        kind: '组织生活会',
        year: 2025,
        theme: '主题',
        heldOn: '2025/1/1',
      }),
      [400],
      ['E_BAD_DATE'],
    );
    expectCode(
      'both content and text',
      await c.post('/api/materials', {
        meetingId: w.meeting2,
        kind: 'leadership',
        text: 'x',
        content: { title: '', preface: '', problems: [], causes: [], measures: [], closing: '' },
      }),
      [400],
      ['E_VALIDATION'],
    );
    expectCode(
      'empty text',
      await c.post('/api/materials', { meetingId: w.meeting2, kind: 'leadership', text: '   ' }),
      [422],
      ['E_EMPTY'],
    );
    expectCode('bad version param', await c.get(`/api/materials/${w.material}/versions/abc`), [400], ['E_VALIDATION']);
    expectCode('unknown route', await c.get('/api/nothing-here'), [404], ['E_NOT_FOUND']);
    expectCode('unknown id', await c.get('/api/materials/no-such-id'), [404], ['E_NOT_FOUND']);
    expect(problems).toEqual([]);
    expect(await snapshot(t.store)).toBe(before);
  }, 60_000);

  it('rejects bad uploads: huge, empty, binary, not multipart, missing fields', async () => {
    const c = await t.as('secB1');
    const before = await snapshot(t.store);
    const url = '/api/materials/import';
    const fields = { meetingId: t.world.meeting2, kind: 'leadership' };
    const send = (mp: ReturnType<typeof multipart>) => c.post(url, mp.body, mp.headers);
    const huge = await send(multipart(fields, { name: 'big.docx', bytes: Buffer.alloc(21 * 1024 * 1024, 0x41) }));
    expect([huge.status, huge.body.code]).toEqual([413, 'E_TOO_LARGE']);
    const bigText = await send(multipart(fields, { name: 'big.txt', bytes: Buffer.alloc(6 * 1024 * 1024, 0x41) }));
    expect([bigText.status, bigText.body.code]).toEqual([413, 'E_TOO_LARGE']);
    expect((await send(multipart(fields, { name: 'empty.txt', bytes: '' }))).body.code).toBe('E_EMPTY');
    const bin = await send(
      multipart(fields, {
        name: 'x.txt',
        bytes: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
      }),
    );
    expect(bin.status).toBe(422);
    expect((await send(multipart(fields))).body.code).toBe('E_VALIDATION');
    expect(
      (await send(multipart({ meetingId: t.world.meeting2, kind: 'nonsense' }, { name: 'a.txt', bytes: '正文' }))).body
        .code,
    ).toBe('E_VALIDATION');
    expect((await send(multipart({ ...fields, extra: '1' }, { name: 'a.txt', bytes: '正文' }))).body.code).toBe(
      'E_VALIDATION',
    );
    const notMp = await c.post(url, { meetingId: t.world.meeting2 });
    expect([notMp.status, notMp.body.code]).toEqual([415, 'E_UNSUPPORTED_MEDIA']);
    const garbage = await c.post(url, 'not really multipart', { 'content-type': 'multipart/form-data; boundary=zzz' });
    expect([garbage.status, garbage.body.code]).toEqual([400, 'E_BAD_ARGUMENT']);
    expect(await snapshot(t.store)).toBe(before);
  }, 60_000);
});
