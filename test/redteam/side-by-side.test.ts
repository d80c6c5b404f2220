/**
 * Red team (held): the 查重 side-by-side view must not let a member read a colleague's text through
 * the source column. The author's material copies memberB1's, which the author may not read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE, startTestApp, type TestApp } from '../http/harness.js';

describe('side-by-side with a source the reader may not read', () => {
  let t: TestApp;
  let copy = '';
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    const src = await (
      await t.as('memberB1')
    ).post('/api/materials', { meetingId: t.world.meeting2, kind: 'member', text: SAMPLE });
    expect(src.status).toBe(201);
    // The copy is the first 3000 characters; the colleague's text goes on beyond them.
    const r = await (
      await t.as('author')
    ).post('/api/materials', { meetingId: t.world.meeting2, kind: 'member', text: SAMPLE.slice(0, 3000) });
    expect(r.status).toBe(201);
    copy = r.body.id;
  }, 60_000);
  afterAll(async () => t?.close());

  it('shows the match exists, and nothing of the colleague’s text or title', async () => {
    const r = await (await t.as('author')).get(`/api/materials/${copy}/similarity/matches/0`);
    expect(r.status).toBe(200);
    expect(r.body.source.readable).toBe(false);
    expect(r.body.source.title).toBeNull();
    expect(r.body.passages.length).toBeGreaterThan(0);
    for (const p of r.body.passages) expect(p.right).toBeNull();
    const text = JSON.stringify(r.body);
    // A sentence only in the colleague's material (beyond the part the author copied) is nowhere.
    const beyond = SAMPLE.slice(3000)
      .split('\n')
      .find((l) => l.trim().length > 30)!;
    expect(text).not.toContain(beyond.trim().slice(0, 30));
  });

  it('out-of-range, negative and non-numeric n are refused cleanly', async () => {
    const a = await t.as('author');
    for (const [n, status] of [
      ['5', 404],
      ['-1', 400],
      ['abc', 400],
      ['1.5', 400],
      ['1001', 400],
    ] as const)
      expect((await a.get(`/api/materials/${copy}/similarity/matches/${n}`)).status, n).toBe(status);
    // A member of another branch does not learn the material exists.
    expect((await (await t.as('memberB2')).get(`/api/materials/${copy}/similarity/matches/0`)).status).toBe(404);
  });
});
