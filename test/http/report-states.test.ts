/**
 * The 会议情况报告 over HTTP (real SQLite) from recorded states a branch really leaves: only a
 * 督导组 comment; the 支部委员会 material approved but presented by nobody; a member without a
 * material; a meeting dated after the report. Each sentence read against what was recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

describe('the report from recorded states', () => {
  let t: TestApp;
  const m = () => t.world.meeting;
  const P = () => t.world.person;
  const report = async (q = '') => {
    const r = await (await t.as('secB1')).get(`/api/meetings/${m()}/report${q}`);
    expect(r.status).toBe(200);
    return r.body as { blocks: { role: string; text: string }[]; gaps: string[]; figures: Record<string, unknown> };
  };
  const text = (r: { blocks: { text: string }[] }) => r.blocks.map((b) => b.text).join('\n');

  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  it('only a 督导组 comment recorded: the comment is reported, no attendance, speech or host invented', async () => {
    const sec = await t.as('secB1');
    await sec.put(`/api/meetings/${m()}/record`, { heldOn: '2023-12-25', location: '党员活动室' });
    expect((await sec.post(`/api/meetings/${m()}/comments`, { kind: 'supervisor', body: '批评有辣味。' })).status).toBe(
      201,
    );
    const r = await report('?reportOn=2023-12-28');
    const s = text(r);
    expect(s).toContain('督导组点评指出：批评有辣味。');
    expect(s).toContain('第一党支部于2023年12月25日在党员活动室召开了2023年度组织生活会');
    for (const x of ['主持', '应到', '作个人对照检查发言', '代表支部委员会', '对班子']) expect(s).not.toContain(x);
    expect(r.gaps.join('')).toContain('未登记出席情况');
  });

  it('the 支部委员会 material approved but presented by no speech; one member without a material', async () => {
    const sec = await t.as('secB1');
    expect((await sec.post(`/api/materials/${t.world.leadership}/submit`, {})).status).toBe(200);
    expect((await (await t.as('reviewerParty')).post(`/api/materials/${t.world.leadership}/approve`, {})).status).toBe(
      200,
    );
    expect((await (await t.as('author')).post(`/api/materials/${t.world.material}/submit`, {})).status).toBe(200);
    await sec.post(`/api/meetings/${m()}/speeches`, { speakerId: P().author, materialId: t.world.material });
    const r = await report('?reportOn=2023-12-28');
    const s = text(r);
    if (process.env.RT_DUMP) console.log(s, r.gaps);
    // Written and approved, so the preparation says so; presented by nobody, so nobody spoke for it.
    expect(s).toContain('起草了支部委员会对照检查材料，已经审核通过');
    expect(s).not.toContain('代表支部委员会作对照检查');
    expect(s).toContain('会上，测试-author作个人对照检查发言。');
    // The member's material is submitted, not approved: only the 支部委员会's problems are listed.
    expect(s).toContain('（一）支部委员会。一是学习不够深入。');
    expect(s).not.toContain('测试-author同志。');
    expect(s).toContain('1名同志撰写了个人对照检查材料，尚未审核通过');
    // The 支部委员会's ledger item has a deadline but no 责任人: "逐项明确责任人" would be untrue.
    expect(s).toContain('已将1项整改事项列入整改台账（对照检查1项），其中1项已明确完成时限。');
    expect(s).not.toContain('逐项明确责任人');
    expect(r.gaps).toContain('整改台账中有1项未明确责任人。');
  });

  it('a meeting dated after the day of the report: no date asserted, the secretary is asked to check', async () => {
    const sec = await t.as('secB1');
    await sec.put(`/api/meetings/${m()}/record`, { heldOn: '2024-01-10' });
    const r = await report('?reportOn=2023-12-28');
    expect(text(r)).not.toContain('于2024年1月10日召开了');
    expect(r.gaps.join('')).toContain('会议日期（2024年1月10日）晚于报告日期');
  });
});
