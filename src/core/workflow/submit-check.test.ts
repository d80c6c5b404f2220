import { describe, expect, it } from 'vitest';
import { COPY_HEAVY_RATIO, submissionSummary, summaryLines } from './submit-check.js';
import { reviewNotifications } from './notify.js';
import type { Finding } from '../lint/types.js';

const f = (severity: Finding['severity'], start: number, rule = `r${start}`): Finding => ({
  rule,
  severity,
  message: `提示${start}`,
  part: 'problems',
  item: 0,
  start,
  end: start + 1,
  why: '',
});

describe('the summary before submitting', () => {
  it('counts findings by severity and lists the most serious first', () => {
    const s = submissionSummary(
      [f('info', 1), f('warning', 2), f('error', 30), f('error', 3), f('info', 0), f('warning', 9), f('info', 5)],
      null,
    );
    expect(s.findings.counts).toEqual({ error: 2, warning: 2, info: 3 });
    expect(s.findings.total).toBe(7);
    expect(s.findings.first.map((x) => x.rule)).toEqual(['r3', 'r30', 'r2', 'r9', 'r0']);
    expect(s.copy).toBeNull();
    expect(summaryLines(s)).toContain('查重结果暂不可用。');
  });
  it('flags a largely copied material, names the largest source and keeps stock phrasing apart', () => {
    const sim = {
      copyRatio: 0.92,
      copyRatioExcludingShared: 0.9,
      stockRatio: 0.05,
      stock: [{}, {}],
      longestRun: 800,
      matches: [
        { label: '库内材料', coverage: 0.2, meta: { title: '甲' } },
        { label: '网络范文', coverage: 0.85, meta: { title: '范文' } },
      ],
    };
    const s = submissionSummary([], sim);
    expect(s.copy).toMatchObject({
      level: 'heavy',
      sources: 2,
      stockPassages: 2,
      top: { label: '网络范文', title: '范文' },
    });
    const lines = summaryLines(s).join('\n');
    expect(lines).toMatch(/重复 92%.*网络范文《范文》/);
    expect(lines).toMatch(/常见套话、通用段落 2 处/);
    expect(lines).toMatch(/大部分与已有材料.*共 97%/);
    expect(submissionSummary([], { ...sim, copyRatio: COPY_HEAVY_RATIO - 0.01 }).copy?.level).toBe('some');
    expect(submissionSummary([], { ...sim, copyRatio: 0, stockRatio: 0, matches: [] }).copy?.level).toBe('none');
    // A template copied by many: no single source stands out, the whole text is stock passages.
    const stock = submissionSummary([], { ...sim, copyRatio: 0, stockRatio: 1, matches: [] }).copy!;
    expect(stock).toMatchObject({ level: 'heavy', sharedRatio: 1, top: null });
    expect(submissionSummary([], { ...sim, copyRatio: 0.1, stockRatio: 0.3 }).copy?.level).toBe('some');
  });
});

describe('review notifications', () => {
  const base = {
    material: { id: 'm1', kind: 'member', title: '检视剖析材料', authorId: 'a', version: 2 },
    from: 'draft',
    authorName: '张三',
    actorName: '李书记',
    reviewerIds: ['s', 'r', 's'],
    comments: 3,
    at: '2026-12-07T01:00:00.000Z',
  };
  it('tells the reviewers of a submission and a withdrawal, the author of a return and an approval, never the actor', () => {
    const sub = reviewNotifications({ ...base, event: 'submit', actorId: 'a' });
    expect(sub.map((n) => n.personId)).toEqual(['s', 'r']);
    expect(sub[0]).toMatchObject({ kind: 'material.submitted', link: '/materials/m1/review' });
    expect(sub[0].title).toContain('张三');
    expect(reviewNotifications({ ...base, event: 'withdraw', actorId: 'a' })[0].kind).toBe('material.withdrawn');
    const ret = reviewNotifications({ ...base, event: 'return', actorId: 's' });
    expect(ret).toHaveLength(1);
    expect(ret[0]).toMatchObject({ personId: 'a', kind: 'material.returned', link: '/materials/m1' });
    expect(ret[0].body).toContain('共 3 条修改意见');
    expect(reviewNotifications({ ...base, event: 'approve', actorId: 's' })[0].body).toContain('共提出 3 条意见');
    expect(reviewNotifications({ ...base, event: 'submit', actorId: 's' }).map((n) => n.personId)).toEqual(['r']);
    expect(new Set(sub.map((n) => n.dedupeKey)).size).toBe(2);
  });
});
