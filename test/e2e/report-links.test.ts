/**
 * What the secretary hands on must be true, in a real browser against the real server (demo data):
 *   1. measure ↔ problem links: the author sees which problem each of his measures will be filed
 *      under before any ledger item exists; the secretary corrects one link on the review page and
 *      approves; the items carry the corrected link;
 *   2. the 会议情况报告 of a partly recorded meeting (one speaker, attendance of two of five, no
 *      支部委员会 material) says only what was recorded, and the page lists what was not.
 * Screenshots: test-results/screenshots/report-links/NN-name.png.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { journeys, poll, shooter } from './harness.js';

const J = journeys();
const pageAs = J.pageAs;
const shot = shooter('report-links');
const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // China Standard Time

/** A JSON request from the page, with its session and CSRF token (like the app's own requests). */
async function call<T>(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const r = await fetch(url, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json().catch(() => null)) as never };
    },
    { method, url, body },
  );
}

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

describe('measure links', () => {
  it('the author sees the proposed links; the secretary corrects one before the items are made', async () => {
    const { page: zhang, errors: e1 } = await pageAs('zhangwei');
    const mine = await call<{ items: { id: string; title: string }[] }>(zhang, 'GET', '/api/materials');
    const id = mine.body.items.find((m) => m.title.includes('剖析发言材料'))!.id;
    const cur = await call<{ version: number }>(zhang, 'GET', `/api/materials/${id}`);
    const saved = await call(zhang, 'PUT', `/api/materials/${id}`, {
      baseVersion: cur.body.version,
      content: {
        title: '张伟同志2023年度民主生活会个人剖析发言材料',
        preface: '按照要求，我对照检视如下。',
        problems: ASPECTS.map((a, i) => ({ aspect: a, heading: a, text: PROBLEMS[i], points: [], examples: [] })),
        causes: [{ heading: '理想信念有所淡化', text: '放松了学习。' }],
        measures: MEASURES,
        closing: '',
      },
    });
    expect(saved.status).toBe(200);
    expect((await call(zhang, 'POST', `/api/materials/${id}/submit`, {})).status).toBe(200);

    // The author: the links, read-only, before any item exists — 先锋模范 under 先锋模范, not 联系群众.
    await zhang.goto(`/materials/${id}/review`);
    const links = zhang.getByTestId('measure-links');
    await poll(() => links.locator('tr[data-testid^="measure-link-"]').count()).toBe(4);
    expect(await links.getByTestId('measure-link-2').innerText()).toMatch(
      /充分发挥先锋模范作用[^]*（四）发挥先锋模范作用/,
    );
    expect(await links.getByTestId('measure-link-3').innerText()).toMatch(/用心用情联系服务群众[^]*（三）联系服务群众/);
    expect(await links.getByTestId('measure-link-select').count()).toBe(0);
    await shot(zhang, 'author-sees-links', true);

    // The secretary: the same proposal, editable; he files the 党性 measure under the first problem.
    const { page: wang, errors: e2 } = await pageAs('wangjianguo');
    await wang.goto(`/materials/${id}/review`);
    await wang.getByTestId('approve').waitFor();
    const row = wang.getByTestId('measure-link-1');
    await poll(() => row.innerText()).toContain('（二）党性修养提高情况');
    await row.locator('.ant-select').click();
    await wang.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '（一）学习贯彻' }).click();
    await poll(() => row.innerText()).toContain('已更正');
    await shot(wang, 'secretary-corrects-link', true);
    await wang.getByTestId('approve').click();
    await poll(() => wang.locator('.ant-modal').innerText()).toContain('4 条整改措施将按');
    await wang.getByTestId('confirm-decision').click();
    await wang.locator('[data-status="approved"]').first().waitFor();
    const card = wang.getByTestId('material-ledger');
    await poll(() => card.getByTestId('material-ledger-item').count()).toBe(4);

    // The items carry the links as chosen: one per measure, the corrected one included.
    const after = await call<{ made: { measureIndex: number; problemIndex: number }[] }>(
      wang,
      'GET',
      `/api/ledger/from-material/${id}/links`,
    );
    expect(after.body.made.map((m) => [m.measureIndex, m.problemIndex]).sort()).toEqual([
      [0, 0],
      [1, 0],
      [2, 3],
      [3, 2],
    ]);
    await shot(wang, 'items-made', true);
    expect([...e1, ...e2]).toEqual([]);
  }, 180_000);
});

describe('truthful report', () => {
  it('a partly recorded 组织生活会: only what was recorded, and the gaps listed on the page', async () => {
    const { page, errors } = await pageAs('liming');
    const orgs = (await call<{ items: { id: string; name: string }[] }>(page, 'GET', '/api/orgs')).body.items;
    const people = (await call<{ items: { id: string; name: string }[] }>(page, 'GET', '/api/people')).body.items;
    const pid = (n: string) => people.find((p) => p.name === n)!.id;
    const created = await call<{ id: string; meeting?: { id: string } }>(page, 'POST', '/api/meetings', {
      orgId: orgs.find((o) => o.name === '第一党支部')!.id,
      kind: '组织生活会',
      year: 2026,
      theme: '第一党支部2026年度组织生活会（报告测试）',
      frameworkId: '2023-theme-education',
      heldOn: TODAY,
      location: '党员活动室',
      participants: [
        { personId: pid('李明'), role: 'secretary' },
        { personId: pid('陈静'), role: 'leader' },
        { personId: pid('刘洋'), role: 'member' },
        { personId: pid('王建国'), role: 'member' },
        { personId: pid('张伟'), role: 'member' },
      ],
    });
    expect(created.status).toBe(201);
    const meetingId = (created.body.meeting ?? created.body).id;
    const att = await call(page, 'PUT', `/api/meetings/${meetingId}/attendance`, {
      entries: [
        { personId: pid('李明'), status: 'present' },
        { personId: pid('刘洋'), status: 'present' },
      ],
    });
    expect(att.status).toBe(200);
    expect((await call(page, 'POST', `/api/meetings/${meetingId}/speeches`, { speakerId: pid('刘洋') })).status).toBe(
      201,
    );

    await page.goto(`/meetings/${meetingId}/report`);
    const preview = page.getByTestId('report-preview');
    await poll(() => preview.innerText()).toContain('第一党支部关于召开2026年度组织生活会情况的报告');
    const text = await preview.innerText();
    expect(text).toContain('会议由李明主持。');
    expect(text).toContain('会上，刘洋作个人对照检查发言。共有1名同志发言。');
    for (const untrue of ['代表支部委员会', '带头', '对班子', '将在整改方案中', '查摆的主要问题', '应到5人'])
      expect(text).not.toContain(untrue);
    const [y, m, d] = TODAY.split('-').map(Number);
    expect(text.trim().split('\n').at(-1)).toBe(`${y}年${m}月${d}日`);
    const gaps = await page.getByTestId('report-gaps').innerText();
    expect(gaps).toContain('未撰写支部委员会对照检查材料');
    expect(gaps).toContain('尚有3人未登记出席情况');
    await shot(page, 'partial-report', true);
    expect(errors).toEqual([]);
  }, 180_000);
});
