/**
 * Measures linked to the problems they answer, over HTTP (real app, real database): the author and
 * the secretary see the proposed links before any ledger item exists; the secretary corrects one when
 * approving; the items carry the corrected link; a bad correction is refused in Chinese; strangers
 * learn nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

const ASPECTS = ['学习贯彻党的创新理论情况', '党性修养提高情况', '联系服务群众情况', '发挥先锋模范作用情况'];
const PROBLEMS = [
  '学习不够系统，满足于读原文、记笔记，学用结合不紧。',
  '党性锻炼有所放松，批评与自我批评不够大胆。',
  '深入群众不够，对群众反映的问题跟踪解决不到位。',
  '在急难险重任务面前冲锋在前不够，标准不高。',
];
// Written in another order than the problems: 先锋模范 third, 联系群众 fourth.
const MEASURES = [
  { heading: '持续深化理论武装', text: '每周自学不少于3小时，学用结合，长期坚持。', deadline: null },
  { heading: '不断加强党性修养', text: '大胆开展批评与自我批评，立行立改。', deadline: null },
  { heading: '充分发挥先锋模范作用', text: '在急难险重任务中带头冲锋在前。（完成时限：2027年全年）', deadline: null },
  { heading: '用心用情联系服务群众', text: '每月走访群众不少于2次，2026年6月底前建立台账。', deadline: null },
];

describe('measure ↔ problem links before ledger items are made', () => {
  let t: TestApp;
  const id = () => t.world.material;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    const author = await t.as('author');
    const cur = await author.get(`/api/materials/${id()}`);
    const saved = await author.put(`/api/materials/${id()}`, {
      baseVersion: cur.body.version,
      content: {
        title: '检视剖析材料',
        preface: '按照要求，我对照检视如下。',
        problems: ASPECTS.map((a, i) => ({ aspect: a, heading: a, text: PROBLEMS[i], points: [], examples: [] })),
        causes: [{ heading: '理想信念有所淡化', text: '放松了学习。' }],
        measures: MEASURES,
        closing: '',
      },
    });
    expect(saved.status).toBe(200);
  });
  afterAll(async () => t?.close());

  it('the author sees the proposed links; a member of the meeting who is not the author does not', async () => {
    const r = await (await t.as('author')).get(`/api/ledger/from-material/${id()}/links`);
    expect(r.status).toBe(200);
    expect(r.body.links.map((l: { problemIndex: number }) => l.problemIndex)).toEqual([0, 1, 3, 2]);
    expect(r.body.links[2]).toMatchObject({ basis: 'aspect', confidence: 'high' });
    expect(r.body.problems[3]).toMatchObject({
      aspect: '发挥先锋模范作用情况',
      summary: '在急难险重任务面前冲锋在前不够，标准不高',
    });
    expect(r.body).toMatchObject({ made: [], mayCreate: false });
    expect((await (await t.as('memberB1')).get(`/api/ledger/from-material/${id()}/links`)).status).toBe(404);
    expect((await (await t.as('outsider')).get(`/api/ledger/from-material/${id()}/links`)).status).toBe(404);
  });

  it('the secretary approves with one link corrected: the items carry it, one per measure, 2027年全年 as a date', async () => {
    expect((await (await t.as('author')).post(`/api/materials/${id()}/submit`, {})).status).toBe(200);
    const sec = await t.as('secB1');
    const proposal = await sec.get(`/api/ledger/from-material/${id()}/links`);
    expect(proposal.body.mayCreate).toBe(true);
    // A bad correction is refused before anything is approved.
    const bad = await sec.post(`/api/materials/${id()}/approve`, { links: [{ measureIndex: 0, problemIndex: 7 }] });
    expect([bad.status, bad.body.code]).toEqual([400, 'E_VALIDATION']);
    expect(bad.body.message).toContain('第 1 条整改措施对应的问题不存在（材料共 4 个问题）');
    expect((await sec.get(`/api/materials/${id()}`)).body.status).toBe('submitted');
    // The secretary judges the second measure (批评与自我批评) to answer the first problem too.
    const ok = await sec.post(`/api/materials/${id()}/approve`, { links: [{ measureIndex: 1, problemIndex: 0 }] });
    expect(ok.body).toMatchObject({ status: 'approved', ledgerItems: 4 });
    const items = (await sec.get(`/api/ledger/items?meetingId=${t.world.meeting}&limit=50`)).body.items as {
      problem: string;
      aspect: string | null;
      measures: string;
      deadlineKind: string;
      deadlineOn: string | null;
      sourceRef: { measureIndex: number; problemIndex: number | null };
    }[];
    const byMeasure = [...items].sort((a, b) => a.sourceRef.measureIndex - b.sourceRef.measureIndex);
    expect(byMeasure.map((i) => i.sourceRef.problemIndex)).toEqual([0, 0, 3, 2]);
    expect(byMeasure.map((i) => i.aspect)).toEqual([ASPECTS[0], ASPECTS[0], ASPECTS[3], ASPECTS[2]]);
    expect(byMeasure[2].problem).toContain('急难险重');
    expect(byMeasure[2].measures).toContain('先锋模范');
    expect([byMeasure[2].deadlineKind, byMeasure[2].deadlineOn]).toEqual(['date', '2027-12-31']);
    expect(byMeasure[0]).toMatchObject({ deadlineKind: 'ongoing', deadlineOn: null });
    // The links now show what the items carry.
    const after = await sec.get(`/api/ledger/from-material/${id()}/links`);
    expect(
      after.body.made
        .map((m: { measureIndex: number; problemIndex: number }) => [m.measureIndex, m.problemIndex])
        .sort(),
    ).toEqual([
      [0, 0],
      [1, 0],
      [2, 3],
      [3, 2],
    ]);
    // Making items again is idempotent, and a link to a measure that does not exist is refused.
    const again = await sec.post(`/api/ledger/from-material/${id()}`, {
      links: [{ measureIndex: 9, problemIndex: 0 }],
    });
    expect([again.status, again.body.code]).toEqual([400, 'E_VALIDATION']);
    expect((await sec.post(`/api/ledger/from-material/${id()}`, {})).body.items).toEqual([]);
  });
});
