/**
 * The author's corrections of a misread structure over HTTP: saved with the content, kept in the
 * next versions, replayed when the same file is imported again, reported when their paragraph is
 * gone; the server's checks follow the corrected structure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, startTestApp, type Client, type TestApp } from './harness.js';
import { flatten, splitPoints, withFix, type Restructurable } from '../../src/core/material/restructure.js';
import { findFramework } from '../../src/core/frameworks/framework.js';
import type { MaterialContent, StructureFix } from '../../src/core/material/model.js';

const HEADING = '另外必须正视的是，我在联系服务群众上做得还远远不够。';
/** A problem heading written as a plain sentence, and a measure a person would read as one split in two. */
const TEXT = `2024年度民主生活会个人对照检查材料
按照本次民主生活会的要求，我认真学习了有关文件，广泛征求了意见，现将对照检查情况报告如下。
一、存在的问题
（一）理论学习方面。学习不够系统深入，满足于读原文、记笔记，比如去年参加集中学习时只做了摘抄，没有写出心得。
（二）担当作为方面。遇到矛盾有时绕着走，比如对一起拖了半年的信访件没有主动牵头协调。
${HEADING}
下基层调研次数少，听取群众意见不主动，比如全年只走访了两个村，群众反映的饮水问题至今没有回音。
二、原因剖析
（一）理想信念有所松懈。对理论武装的重要性认识不足，放松了主观世界的改造。
（二）宗旨意识有所淡化。对群众的感情不够深，习惯于坐在办公室听汇报。
三、整改措施
（一）加强理论学习。每月精读一本原著，写出一篇心得，2025年6月底前完成。
（二）主动担当作为。对分管领域的难点问题逐一梳理，建立工作台账。
（三）具体来说，年内牵头解决两件群众急难愁盼问题，2025年12月底前完成。
以上发言，请同志们批评指正。
`;

type Model = MaterialContent & {
  framework: string | null;
  parts?: Restructurable['parts'];
  fixes?: StructureFix[];
  warnings: { code: string; message: string }[];
};

function contentOf(m: Model): MaterialContent {
  return {
    title: m.title,
    preface: m.preface,
    problems: m.problems.map((p) => ({
      aspect: p.aspect,
      heading: p.heading,
      text: p.text,
      points: p.points,
      examples: p.examples,
    })),
    causes: m.causes.map((x) => ({ heading: x.heading, text: x.text })),
    measures: m.measures.map((x) => ({ heading: x.heading, text: x.text, deadline: x.deadline })),
    closing: m.closing,
    parts: m.parts?.map((p) => ({ kind: p.kind, heading: p.heading, intro: p.intro })),
  } as MaterialContent;
}

const upload = (text: string, fields: Record<string, string>) =>
  multipart(fields, { name: '对照检查材料.txt', bytes: Buffer.from(text), type: 'text/plain' });

describe('corrections of the structure over HTTP', () => {
  let t: TestApp;
  let c: Client;
  let id = '';
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    c = await t.as('memberB1');
  });
  afterAll(async () => t?.close());

  const rules = async () =>
    ((await c.get(`/api/materials/${id}/checks`)).body.findings as { rule: string; message: string }[]).map(
      (f) => `${f.rule} ${f.message}`,
    );

  it('keeps the corrections with the saved content, and the server checks follow them', async () => {
    const mp = upload(TEXT, { meetingId: t.world.meeting, kind: 'member' });
    const r = await c.post('/api/materials/import', mp.body, mp.headers);
    expect(r.status).toBe(201);
    id = r.body.id;
    const model = r.body.model as Model;
    // The parser reads the plain sentence as body text and the split measure as two.
    expect(model.problems).toHaveLength(2);
    expect(model.measures).toHaveLength(3);
    expect(await rules()).toContain('measure-no-deadline 措施“主动担当作为”既没有完成时限，也没有可衡量的目标。');

    let content: Restructurable & { fixes?: StructureFix[] } = contentOf(model);
    const para = flatten(content).find((e) => e.text === HEADING)!;
    content = withFix(content, { op: 'heading', key: para.key, n: para.n, kind: 'problems' })!;
    const split = flatten(content).find((e) => e.role === 'head' && e.text === '具体来说')!;
    content = withFix(content, { op: 'merge', key: split.key, n: split.n })!;
    const saved = await c.put(`/api/materials/${id}`, { baseVersion: 1, content });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(2);
    const m2 = saved.body.model as Model;
    expect(m2.problems.map((p) => p.heading)).toEqual([
      '理论学习方面',
      '担当作为方面',
      '另外必须正视的是，我在联系服务群众上做得还远远不够',
    ]);
    expect(m2.measures.map((x) => x.heading)).toEqual(['加强理论学习', '主动担当作为']);
    expect(m2.fixes).toEqual(content.fixes);
    const checks = (await c.get(`/api/materials/${id}/checks`)).body;
    const findings = (checks.findings as { rule: string; message: string }[]).map((f) => `${f.rule} ${f.message}`);
    expect(findings.filter((f) => f.includes('主动担当作为') && f.startsWith('measure-no-deadline'))).toEqual([]);
    expect(findings.filter((f) => f.includes('具体来说'))).toEqual([]);

    // A later save of the same content (another edit) keeps them.
    const next = { ...contentOf(m2), fixes: m2.fixes, closing: '以上发言，请同志们批评指正。谢谢大家。' };
    const v3 = await c.put(`/api/materials/${id}`, { baseVersion: 2, content: next });
    expect(v3.status).toBe(200);
    expect((v3.body.model as Model).problems).toHaveLength(3);
    expect((v3.body.model as Model).fixes).toHaveLength(2);
  });

  it('replays them when the same file is imported again as a new version', async () => {
    const mp = upload(TEXT, { baseVersion: '3' });
    const r = await c.post(`/api/materials/${id}/import`, mp.body, mp.headers);
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(4);
    const m = r.body.model as Model;
    expect(m.problems.map((p) => p.heading)).toContain('另外必须正视的是，我在联系服务群众上做得还远远不够');
    expect(m.problems).toHaveLength(3);
    expect(m.measures).toHaveLength(2);
    expect(m.fixes).toHaveLength(2);
    expect(m.warnings.map((w) => w.code)).not.toContain('fix-not-applied');
    // The removed site furniture of the import is still reported.
    expect(Array.isArray((r.body.model as { removed: unknown[] }).removed)).toBe(true);
    const checks = await rules();
    expect(checks.filter((f) => f.startsWith('measure-no-deadline') && f.includes('主动担当作为'))).toEqual([]);
  });

  it('reports a correction whose paragraph is no longer in the text, and keeps the others', async () => {
    const edited = TEXT.replace('（三）具体来说，', '（三）年内重点做好两件事：');
    const mp = upload(edited, { baseVersion: '4' });
    const r = await c.post(`/api/materials/${id}/import`, mp.body, mp.headers);
    expect(r.status).toBe(200);
    const m = r.body.model as Model;
    expect(m.problems).toHaveLength(3);
    expect(m.measures).toHaveLength(3);
    const w = m.warnings.find((x) => x.code === 'fix-not-applied');
    expect(w?.message).toContain('1 处调整未能应用');
    expect(w?.message).toContain('与上一条合并');
    expect(m.fixes?.map((f) => f.op)).toEqual(['heading']);
  });

  it('rejects malformed corrections with a validation error', async () => {
    const cur = (await c.get(`/api/materials/${id}`)).body;
    const bad = { ...contentOf(cur.model as Model), fixes: [{ op: 'delete', key: 'x' }] };
    const r = await c.put(`/api/materials/${id}`, { baseVersion: cur.version, content: bad });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('E_VALIDATION');
  });
});

/** A cause written as "一是…；二是…" in one paragraph. */
const LISTED = TEXT.replace(
  '（一）理想信念有所松懈。对理论武装的重要性认识不足，放松了主观世界的改造。',
  '（一）理想信念有所松懈。一是对理论武装的重要性认识不足，放松了主观世界的改造；二是党性修养有所放松，对自己要求不够严格。',
);

describe('choosing the framework and splitting inside a paragraph over HTTP', () => {
  let t: TestApp;
  let c: Client;
  let meetingId = '';
  let id = '';
  const FW = '2024-four-take-lead';
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    c = await t.as('memberB1');
    // A meeting that sets no framework: the author's material decides.
    meetingId = (
      await t.repos.meetings.create({
        orgId: t.world.org.b1,
        kind: '组织生活会',
        year: 2024,
        theme: '未定框架的会议',
        frameworkId: null,
        participants: [{ personId: t.world.person.memberB1, role: 'member' }],
      })
    ).id;
  });
  afterAll(async () => t?.close());

  const missing = async () =>
    ((await c.get(`/api/materials/${id}/checks`)).body.findings as { rule: string; message: string }[])
      .filter((f) => f.rule === 'aspect-missing')
      .map((f) => f.message);

  it('the chosen framework decides the aspects and the checks; the split cause is two causes', async () => {
    const mp = upload(LISTED, { meetingId, kind: 'member' });
    const r = await c.post('/api/materials/import', mp.body, mp.headers);
    expect(r.status).toBe(201);
    id = r.body.id;
    const model = r.body.model as Model;
    expect(model.framework).not.toBe(FW);
    expect(model.causes).toHaveLength(2);
    expect((await missing()).some((m) => m.includes('政治纪律'))).toBe(false);

    const fw = findFramework(FW)!;
    let content: Restructurable & { fixes?: StructureFix[] } = contentOf(model);
    content = withFix(content, { op: 'framework', key: '', id: FW }, fw)!;
    const para = flatten(content).find((e) => splitPoints(e.text).some((p) => p.at === '二是'))!;
    content = withFix(content, { op: 'split', key: para.key, n: para.n, at: '二是' })!;
    const saved = await c.put(`/api/materials/${id}`, { baseVersion: 1, content });
    expect(saved.status).toBe(200);
    const m2 = saved.body.model as Model;
    expect(m2.framework).toBe(FW);
    expect(m2.causes.map((x) => x.heading)).toEqual([
      '理想信念有所松懈',
      '党性修养有所放松，对自己要求不够严格',
      '宗旨意识有所淡化',
    ]);
    for (const p of m2.problems) expect(p.aspect === null || fw.aspects.some((a) => a.id === p.aspect)).toBe(true);
    const msgs = await missing();
    expect(msgs).toContain(`缺少“${fw.aspects[0].name}”方面的问题查摆。`);
    expect(msgs.some((m) => m.includes('理论学习'))).toBe(false);
  });

  it('a re-import of the same file keeps the chosen framework and the split, and the checks still follow', async () => {
    const mp = upload(LISTED, { baseVersion: '2' });
    const r = await c.post(`/api/materials/${id}/import`, mp.body, mp.headers);
    expect(r.status).toBe(200);
    const m = r.body.model as Model;
    expect(m.framework).toBe(FW);
    expect(m.causes).toHaveLength(3);
    expect(m.fixes?.map((f) => f.op)).toEqual(['framework', 'split']);
    expect(m.warnings.map((w) => w.code)).not.toContain('fix-not-applied');
    expect(await missing()).toContain(`缺少“${findFramework(FW)!.aspects[0].name}”方面的问题查摆。`);
  });

  it('an unknown framework is refused; in a meeting with a framework, the meeting’s applies', async () => {
    const cur = (await c.get(`/api/materials/${id}`)).body;
    const bad = { ...contentOf(cur.model as Model), fixes: [{ op: 'framework', key: '', id: 'no-such-set' }] };
    const r = await c.put(`/api/materials/${id}`, { baseVersion: cur.version, content: bad });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('E_VALIDATION');

    const mp = upload(TEXT, { meetingId: t.world.meeting, kind: 'member' });
    const other = await c.post('/api/materials/import', mp.body, mp.headers);
    expect(other.status).toBe(201);
    const content = { ...contentOf(other.body.model as Model), fixes: [{ op: 'framework', key: '', id: FW }] };
    const s = await c.put(`/api/materials/${other.body.id}`, { baseVersion: 1, content });
    expect(s.status).toBe(200);
    expect((s.body.model as Model).framework).toBe('2023-theme-education');
  });
});
