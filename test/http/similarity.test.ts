/**
 * 查重 over HTTP: saved materials are indexed; a material is checked against the others; a source
 * the reader may not open is shown without its id, title or author.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { SAMPLE, startTestApp, type Client, type TestApp } from './harness.js';

const good = (f: string) => readFileSync(new URL(`../fixtures/good/${f}`, import.meta.url), 'utf8');

/** The 查重 report once its indexing job is done (the save queued it; the worker takes it off the save's path). */
async function similarityReady(c: Client, id: string) {
  for (let i = 0; ; i++) {
    const r = await c.get(`/api/materials/${id}/similarity`);
    if (r.status !== 200 || !r.body.pending || i > 400) return r;
    await new Promise((res) => setTimeout(res, 50));
  }
}

describe('查重 over HTTP', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    const make = async (who: 'memberB1' | 'leaderB1' | 'author', text: string) => {
      const r = await (
        await t.as(who)
      ).post('/api/materials', { meetingId: t.world.meeting2, kind: who === 'leaderB1' ? 'personal' : 'member', text });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids[who] = r.body.id;
    };
    await make('memberB1', SAMPLE);
    // About 40%: the sample's problems part inside an otherwise independent material.
    const lines = SAMPLE.split('\n');
    const own = good('01-leader-2023-six-aspects.txt').split('\n');
    await make(
      'leaderB1',
      [own[0], ...lines.slice(1, 9), ...own.slice(own.findIndex((l) => /原因/.test(l)))].join('\n'),
    );
    await make('author', good('04-member-four-checks.txt'));
  });
  afterAll(async () => t?.close());

  it('finds the copied source with its coverage and passages in the copy', async () => {
    const c = await t.as('leaderB1');
    const r = await similarityReady(c, ids.leaderB1);
    expect(r.status).toBe(200);
    expect(r.body.matches.length).toBeGreaterThanOrEqual(1);
    const top = r.body.matches[0];
    expect(top.coverage).toBeGreaterThan(0.2);
    expect(top.coverage).toBeLessThan(0.8);
    expect(top.passages.length).toBeGreaterThan(0);
    const text: string = (await c.get(`/api/materials/${ids.leaderB1}`)).body.model.text;
    const [s, e] = top.passages
      .map((p: { q: [number, number] }) => p.q)
      .sort((a: number[], b: number[]) => b[1] - b[0] - (a[1] - a[0]))[0];
    expect(e - s).toBeGreaterThan(50);
    expect(SAMPLE.replaceAll('稿子铺整理，', '')).toContain(text.slice(e - 30, e)); // passages bridge small edits, so compare the end
    const problems = r.body.parts.find((p: { kind: string }) => p.kind === 'problems');
    expect(problems.ratio).toBeGreaterThan(0.5);
    // The copier may not open the other member's material: no id, title or author of it.
    const canOpen = (await c.get(`/api/materials/${ids.memberB1}`)).status === 200;
    expect(top.readable).toBe(canOpen);
    if (!canOpen) {
      expect(top.id).not.toBe(ids.memberB1);
      expect(JSON.stringify(top)).not.toContain(t.world.person.memberB1);
      expect(top.meta.title).toBeUndefined();
    }
  });

  it('shows the source to a reviewer who may read it', async () => {
    const c = await t.as('secB1');
    const r = await similarityReady(c, ids.leaderB1);
    expect(r.status).toBe(200);
    const src = r.body.matches.find((m: { id: string }) => m.id === ids.memberB1);
    expect(src).toBeTruthy();
    expect(src.readable).toBe(true);
    expect(src.meta.title).toBe('2023年第二批主题教育专题民主生活会剖析发言材料');
  });

  it('does not report an independent material, and refuses readers outside the scope', async () => {
    const r = await similarityReady(await t.as('author'), ids.author);
    expect(r.status).toBe(200);
    expect(r.body.matches).toEqual([]);
    expect([403, 404]).toContain(
      (await (await t.as('memberB2')).get(`/api/materials/${ids.leaderB1}/similarity`)).status,
    );
  });
});
