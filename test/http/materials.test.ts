/** The material journey over HTTP: create / import, save versions, diff, export, and the review workflow. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, SAMPLE, startTestApp, type TestApp } from './harness.js';

describe('materials over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  it('serves health, ping and the OpenAPI document', async () => {
    const c = t.anon();
    expect((await c.get('/api/health')).body).toMatchObject({ status: 'ok', database: 'sqlite' });
    const doc = (await c.get('/api/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of [
      '/api/auth/login',
      '/api/materials',
      '/api/materials/{id}',
      '/api/materials/{id}/return',
      '/api/meetings',
      '/api/orgs',
    ])
      expect(Object.keys(doc.paths)).toContain(p);
  });

  let id = '';
  it('creates a material from pasted text, parsed under the meeting framework', async () => {
    const c = await t.as('memberB1');
    const r = await c.post('/api/materials', { meetingId: t.world.meeting, kind: 'member', text: SAMPLE });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'draft', version: 1, kind: 'member', authorId: t.world.person.memberB1 });
    expect(r.body.model.problems.length).toBe(6);
    expect(r.body.model.framework).toBe('2023-theme-education');
    id = r.body.id;
    expect(
      (await c.post('/api/materials', { meetingId: t.world.meeting, kind: 'member', text: SAMPLE })).body.code,
    ).toBe('E_CONFLICT');
  });

  it('names a problem the author already has in the ledger from an earlier year, still open and overdue', async () => {
    const c = await t.as('memberB1');
    const sec = await t.as('secB1');
    const material = (await c.get(`/api/materials/${id}`)).body;
    const meeting = (await c.get(`/api/meetings/${t.world.meeting}`)).body;
    const year: number = (meeting.meeting ?? meeting).year;
    const first = material.model.problems[0];
    const before = (await c.get(`/api/materials/${id}/checks`)).body.findings.filter(
      (f: { rule: string; message: string }) => f.rule === 'repeated-from-last-year' && f.message.includes('整改台账'),
    );
    expect(before).toEqual([]);
    // Last year's item of the same problem, its deadline long past, never closed.
    const item = await sec.post('/api/ledger/items', {
      orgId: t.world.org.b1,
      items: [
        {
          year: year - 1,
          source: '自查',
          problem: `${first.heading}${first.text}`.slice(0, 200),
          deadlineKind: 'date',
          deadlineOn: `${year - 1}-06-30`,
          ownerId: t.world.person.memberB1,
        },
      ],
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    const after = (await c.get(`/api/materials/${id}/checks`)).body.findings.filter(
      (f: { rule: string; message: string }) => f.rule === 'repeated-from-last-year' && f.message.includes('整改台账'),
    );
    expect(after).toHaveLength(1);
    expect(after[0].message).toContain(`${year - 1}年整改台账`);
    expect(after[0].message).toContain('至今未销号且已超过整改时限');
    expect(after[0].item).toBe(0);
  });

  it('runs the quality checks of the stored version on the server, for those who may read it', async () => {
    const c = await t.as('memberB1');
    const r = await c.get(`/api/materials/${id}/checks`);
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(1);
    const rules = r.body.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toContain('measure-no-deadline');
    expect(rules).toContain('residue-place');
    expect(rules).not.toContain('aspect-missing');
    const f = r.body.findings.find(
      (x: { rule: string; message: string }) => x.rule === 'residue-place' && x.message.includes('成都'),
    );
    expect(r.body.findings[0]).toMatchObject({
      rule: expect.any(String),
      severity: expect.any(String),
      message: expect.any(String),
      start: expect.any(Number),
      end: expect.any(Number),
    });
    expect(f).toBeTruthy();
    const other = await t.as('memberB2');
    expect([403, 404]).toContain((await other.get(`/api/materials/${id}/checks`)).status);
  });

  it('imports an uploaded .txt for another participant and keeps the original file', async () => {
    const c = await t.as('leaderB1');
    const mp = multipart(
      { meetingId: t.world.meeting, kind: 'member' },
      { name: '我的材料.txt', bytes: Buffer.from(SAMPLE), type: 'text/plain' },
    );
    const r = await c.post('/api/materials/import', mp.body, mp.headers);
    expect(r.status).toBe(201);
    expect(r.body.model.removed.length).toBeGreaterThan(0);
    const versions = (await c.get(`/api/materials/${r.body.id}/versions`)).body.items;
    expect(versions[0].fileId).toBeTruthy();
    const f = await c.get(`/api/materials/${r.body.id}/files/${versions[0].fileId}`);
    expect(f.status).toBe(200);
    expect(f.raw.rawPayload.toString('utf8')).toBe(SAMPLE);
    expect(String(f.headers['content-disposition'])).toContain(encodeURIComponent('我的材料.txt'));
  });

  it('saves versions with optimistic concurrency and compares them', async () => {
    const c = await t.as('memberB1');
    const cur = (await c.get(`/api/materials/${id}`)).body;
    const content = {
      title: cur.model.title,
      preface: cur.model.preface,
      problems: cur.model.problems.map((p: any) => ({
        aspect: p.aspect,
        heading: p.heading,
        text: p.text,
        points: p.points,
        examples: p.examples,
      })),
      causes: cur.model.causes.map((x: any) => ({ heading: x.heading, text: x.text })),
      measures: cur.model.measures.map((x: any) => ({ heading: x.heading, text: x.text, deadline: x.deadline })),
      closing: cur.model.closing,
    };
    content.measures[0].text = '2024年6月底前完成：' + content.measures[0].text;
    const r = await c.put(`/api/materials/${id}`, { baseVersion: 1, content });
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(2);
    expect(r.body.model.measures[0].text).toContain('2024年6月底前完成');
    // A read after the save shows the new version (the read cache is keyed by version and digest).
    const after = (await c.get(`/api/materials/${id}`)).body;
    expect([after.version, after.model.measures[0].text.startsWith('2024年6月底前完成')]).toEqual([2, true]);
    expect(after.model).toEqual(r.body.model);
    const stale = await c.put(`/api/materials/${id}`, { baseVersion: 1, text: SAMPLE });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('E_CONFLICT');
    expect((await c.get(`/api/materials/${id}/versions`)).body.items.map((v: any) => v.version)).toEqual([1, 2]);
    const d = await c.get(`/api/materials/${id}/diff?from=1&to=2`);
    expect(d.body.stats.added).toBeGreaterThanOrEqual(1);
    expect(d.body.ops.find((o: any) => o.op === 'add').text).toContain('2024年6月底前完成');
    expect((await c.get(`/api/materials/${id}/versions/1`)).body.model.title).toBe(cur.model.title);
  });

  it('exports .docx, .md, .json and .txt', async () => {
    const c = await t.as('memberB1');
    const docx = await c.get(`/api/materials/${id}/export?format=docx`);
    expect(docx.status).toBe(200);
    expect(docx.raw.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(String(docx.headers['content-disposition'])).toMatch(/filename\*=UTF-8''/);
    const md = await c.get(`/api/materials/${id}/export?format=md`);
    expect(md.raw.body).toContain('理论学习');
    expect((await c.get(`/api/materials/${id}/export?format=json`)).status).toBe(200);
    expect((await c.get(`/api/materials/${id}/export?format=txt`)).raw.body).toContain('原因');
  });

  it('runs submit → return with an anchored comment → resubmit → approve', async () => {
    const author = await t.as('memberB1');
    const sec = await t.as('secB1');
    const rev = await t.as('reviewerParty');
    expect((await author.post(`/api/materials/${id}/submit`, {})).body.status).toBe('submitted');
    const locked = await author.put(`/api/materials/${id}`, { baseVersion: 2, text: SAMPLE });
    expect([locked.status, locked.body.code]).toEqual([409, 'E_BAD_STATE']);
    const noComment = await sec.post(`/api/materials/${id}/return`, { comments: [] });
    expect([noComment.status, noComment.body.code]).toEqual([409, 'E_BAD_STATE']);
    const badAnchor = await sec.post(`/api/materials/${id}/return`, {
      comments: [{ part: 'problems', item: 99, body: '请补充' }],
    });
    expect(badAnchor.body.code).toBe('E_VALIDATION');
    const ret = await sec.post(`/api/materials/${id}/return`, {
      comments: [
        { part: 'problems', item: 0, start: 0, end: 5, quote: '引用', body: '请补充具体事例，见人见事见思想' },
      ],
    });
    expect(ret.body.status).toBe('returned');
    const comments = (await author.get(`/api/materials/${id}/comments`)).body.items;
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ part: 'problems', item: 0, version: 2 });
    const saved = await author.put(`/api/materials/${id}`, {
      baseVersion: 2,
      text: SAMPLE + '\n补充：2023年10月，我在某项目中推进迟缓。',
    });
    expect(saved.body.version).toBe(3);
    expect((await author.post(`/api/materials/${id}/submit`, { version: 3 })).body.status).toBe('resubmitted');
    expect((await author.post(`/api/materials/${id}/approve`, {})).status).toBe(403);
    const approved = await rev.post(`/api/materials/${id}/approve`, { version: 3 });
    expect(approved.body.status).toBe('approved');
    // Approval turns every measure into a ledger item at once (one per measure, linked back).
    const measures = approved.body.model.measures.length;
    expect(measures).toBeGreaterThan(0);
    expect(approved.body.ledgerItems).toBe(measures);
    const items = await t.repos.db
      .selectFrom('ledger_items')
      .select(['source', 'source_ref'])
      .where('source_ref', 'like', `%${id}%`)
      .execute();
    expect(items.length).toBe(measures);
    expect((await rev.post(`/api/materials/${id}/approve`, {})).body.code).toBe('E_BAD_STATE');
    const events = (await author.get(`/api/materials/${id}/events`)).body.items.map(
      (e: any) => `${e.action}:${e.toStatus}`,
    );
    expect(events).toEqual(['submit:submitted', 'return:returned', 'submit:resubmitted', 'approve:approved']);
  });

  it('lists with filters and scope', async () => {
    const sec = await t.as('secB1');
    const all = (await sec.get(`/api/materials?meetingId=${t.world.meeting}`)).body.items;
    expect(all.length).toBe(4);
    expect((await sec.get('/api/materials?status=approved')).body.items.map((m: any) => m.id)).toEqual([id]);
    expect((await sec.get('/api/materials?kind=leadership')).body.items.length).toBe(1);
    const mine = (await (await t.as('memberB1')).get('/api/materials')).body.items;
    expect(mine.map((m: any) => m.id)).toEqual([id]);
    expect((await (await t.as('secB2')).get('/api/materials')).body.items).toEqual([]);
  });

  it('records every change in a valid audit chain', async () => {
    const admin = await t.as('sysadmin');
    const v = await admin.get('/api/audit/verify');
    expect(v.body.ok).toBe(true);
    expect(v.body.count).toBeGreaterThanOrEqual(8);
    const entries = (await admin.get(`/api/audit?entity=material&entityId=${id}`)).body.items;
    expect(entries.map((e: any) => e.action)).toEqual([
      'material.create',
      'material.save',
      'material.submit',
      'material.return',
      'material.save',
      'material.submit',
      'material.approve',
    ]);
    const save = entries[1];
    expect(save.beforeDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(save.afterDigest).not.toBe(save.beforeDigest);
    // No material text in the audit log.
    expect(JSON.stringify(entries)).not.toContain('理论学习');
  });
  it('keeps the part headings and byline the author wrote when saving structured content', async () => {
    const c = await t.as('memberB1');
    const cur = (await c.post('/api/materials', { meetingId: t.world.meeting2, kind: 'member', text: SAMPLE })).body;
    const m = cur.model;
    const content = {
      title: m.title,
      byline: '（2023年12月）',
      preface: m.preface,
      problems: m.problems.map((p: Record<string, unknown>) => ({
        aspect: p.aspect,
        heading: p.heading,
        text: p.text,
        points: p.points,
        examples: p.examples,
      })),
      causes: m.causes.map((x: Record<string, unknown>) => ({ heading: x.heading, text: x.text })),
      measures: m.measures.map((x: Record<string, unknown>) => ({
        heading: x.heading,
        text: x.text,
        deadline: x.deadline,
      })),
      closing: m.closing,
      parts: m.parts.map((p: Record<string, unknown>) => ({ kind: p.kind, heading: p.heading, intro: p.intro })),
    };
    const r = await c.put(`/api/materials/${cur.id}`, { baseVersion: cur.version, content });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.model.parts.map((p: { heading: string }) => p.heading)).toEqual([
      '对照六个方面存在的问题',
      '原因剖析',
      '整改措施',
    ]);
    expect(r.body.model.byline).toBe('（2023年12月）');
    // The checks are not on the save's path; those of the saved version are one request away.
    expect(r.body.checks).toBeUndefined();
    const checks = (await c.get(`/api/materials/${r.body.id}/checks`)).body;
    expect(checks.version).toBe(r.body.version);
    expect(checks.findings.map((f: { rule: string }) => f.rule)).toContain('measure-no-deadline');
    expect(r.body.model.problems).toHaveLength(6);
  });

  it('sends a material compressed to a browser that accepts it, never to be cached, and current after a save or a status change', async () => {
    const c = await t.as('author');
    const created = (await c.post('/api/materials', { meetingId: t.world.meeting2, kind: 'member', text: SAMPLE }))
      .body;
    const plain = await c.get(`/api/materials/${created.id}`);
    const br = await c.get(`/api/materials/${created.id}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    const gzip = await c.get(`/api/materials/${created.id}`, { 'accept-encoding': 'gzip, deflate' });
    expect([
      plain.headers['content-encoding'],
      br.headers['content-encoding'],
      gzip.headers['content-encoding'],
    ]).toEqual([undefined, 'br', 'gzip']);
    expect(gzip.raw.rawPayload.length).toBeLessThan(plain.raw.rawPayload.length / 2);
    expect(br.raw.rawPayload.length).toBeLessThan(gzip.raw.rawPayload.length);
    expect([br.body, gzip.body]).toEqual([plain.body, plain.body]);
    expect([br.headers['cache-control'], br.headers.vary]).toEqual(['no-store', 'accept-encoding']);
    expect(
      (await c.get(`/api/materials/${created.id}`, { 'accept-encoding': 'gzip;q=0, identity' })).headers[
        'content-encoding'
      ],
    ).toBeUndefined();
    // A new version is what the next compressed read shows.
    const saved = await c.put(`/api/materials/${created.id}`, {
      baseVersion: plain.body.version,
      text: SAMPLE.replace(/^.*$/m, '检视剖析材料（修改稿）'),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    for (const coding of ['br', 'gzip', undefined]) {
      const next = await c.get(`/api/materials/${created.id}`, coding ? { 'accept-encoding': coding } : {});
      expect([next.headers['content-encoding'], next.body.version, next.body.model.title]).toEqual([
        coding,
        plain.body.version + 1,
        '检视剖析材料（修改稿）',
      ]);
    }
    // A status change alone (same version) is seen too, in every coding.
    expect((await c.post(`/api/materials/${created.id}/submit`, {})).status).toBe(200);
    for (const coding of ['br', 'gzip', undefined]) {
      const after = await c.get(`/api/materials/${created.id}`, coding ? { 'accept-encoding': coding } : {});
      expect([after.body.status, after.body.version]).toEqual(['submitted', plain.body.version + 1]);
    }
  });
});
