/**
 * Roles, names and the opinion link, in a real browser against the demo server, as each role
 * lives them:
 *   1. meeting-roles: the branch secretary's meeting form asks for the 督导组 and the 记录人 (and a
 *      党支部 holds a 组织生活会 by default); they are listed as not writing; the 督导组's home
 *      page asks her to comment, not to write a material;
 *   2. names: a member and the 督导组 — for whom the people directory is closed — see the names of
 *      their meeting's people (and a member his ledger item's 责任人 in its dialog), the author of a
 *      material under review and who submitted it;
 *   3. opinion-link: the secretary opens a collection (period taken from the 征求意见 stage), sees
 *      the same link and QR code again from another browser, and regenerates it only after a
 *      warning that the posters already up stop working;
 *   4. current-stage: once the meeting is held, the home page's current stage moves past it.
 * Screenshots: test-results/screenshots/<journey>/NN-name.png.
 */
import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import type { Page } from 'playwright-core';
import { journeys, poll, shooter } from './harness.js';

const J = journeys();

async function pickOption(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  // The list is virtual (only the first rows are in the page): search for the name.
  await page.keyboard.type(option);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/** Call the API from a logged-in page (its cookie, its CSRF token). */
async function api(page: Page, method: 'GET' | 'POST' | 'PATCH', url: string, data?: unknown) {
  const me = await (await page.request.get('/api/auth/me')).json();
  const r = await page.request.fetch(url, {
    method,
    data,
    headers: { 'x-csrf-token': me.csrfToken, origin: J.server.url },
  });
  return { status: r.status(), body: r.headers()['content-type']?.includes('json') ? await r.json() : null };
}

const rowOf = (page: Page, name: string) => page.locator('tr', { hasText: name });

let meetingId = '';

describe('meeting-roles', () => {
  it('the form asks for the 督导组 and the 记录人; they write nothing; the 督导组 is asked to comment', async () => {
    const shot = shooter('meeting-roles');
    const { page, errors } = await J.pageAs('liming');
    await page.goto('/meetings/new');
    await page.getByRole('button', { name: '创建会议' }).waitFor();
    // A 党支部 holds a 组织生活会.
    await poll(() => page.locator('form label.ant-radio-button-wrapper-checked').innerText()).toBe('组织生活会');
    await page.getByLabel('会议主题').fill('第一党支部年度专题组织生活会（角色）');
    await poll(() => page.locator('table').last().innerText()).toContain('刘洋');
    await pickOption(page, '督导组', '赵敏');
    await page.keyboard.press('Escape');
    await pickOption(page, '记录人', '陈静');
    await poll(() => page.getByText(/撰写材料 \d+ 人/).innerText()).toMatch(/撰写材料 \d+ 人/);
    await shot(page, 'meeting-form-roles', true);
    await page.getByRole('button', { name: '创建会议' }).click();
    await page.waitForURL((u) => /\/meetings\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/new'));
    meetingId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('meeting-title').waitFor();
    await poll(() => rowOf(page, '赵敏').innerText()).toContain('不撰写');
    expect(await rowOf(page, '赵敏').innerText()).toContain('督导组');
    expect(await rowOf(page, '陈静').innerText()).toContain('记录人');
    expect(await rowOf(page, '陈静').innerText()).toContain('不撰写');
    expect(await rowOf(page, '刘洋').innerText()).toContain('未开始');
    await shot(page, 'meeting-page', true);
    expect(errors).toEqual([]);

    // The 督导组's home page: comment at the meeting, no material to write.
    const zhao = await J.pageAs('zhaomin');
    await poll(() => zhao.page.getByTestId('tasks').innerText()).toContain('督导会议，作点评意见');
    expect(await zhao.page.getByTestId('tasks').innerText()).not.toContain('撰写本人');
    await shot(zhao.page, 'supervisor-home', true);
    // And her place in the meeting says so; the server refuses her an own material.
    await zhao.page.goto(`/meetings/${meetingId}`);
    await poll(() => zhao.page.getByTestId('my-duty').innerText()).toContain('不撰写本人对照检查材料');
    const own = await api(zhao.page, 'POST', '/api/materials', { meetingId, kind: 'member', text: '检视剖析材料' });
    expect(own.status).toBe(403);
    expect(zhao.errors).toEqual([]);
  }, 180_000);
});

describe('names', () => {
  it('a member and the 督导组 see their meeting’s people by name, without the people directory', async () => {
    const shot = shooter('names');
    // 刘洋, a 党员 of the first branch: the branch's meeting.
    const liu = await J.pageAs('liuyang');
    expect((await api(liu.page, 'GET', '/api/people')).status).toBe(403);
    await liu.page.goto(`/meetings/${meetingId}`);
    await poll(() => rowOf(liu.page, '李明').innerText()).toContain('书记');
    const table = await liu.page.locator('table').last().innerText();
    for (const n of ['李明', '刘洋', '王建国', '张伟', '赵敏', '陈静']) expect(table).toContain(n);
    expect(table).not.toContain('—');
    await shot(liu.page, 'member-meeting', true);
    // His own ledger item's 修改 dialog shows its 责任人 by name (not an id).
    const myId = (await api(liu.page, 'GET', '/api/auth/me')).body.person.id as string;
    const items = (await api(liu.page, 'GET', `/api/ledger/items?ownerId=${myId}`)).body.items as {
      id: string;
      status: string;
    }[];
    const open = items.find((i) => i.status === 'in_progress' || i.status === 'pending')!;
    await liu.page.goto(`/ledger/${open.id}`);
    await liu.page.getByRole('button', { name: '修改', exact: true }).click();
    const ownerField = liu.page.getByRole('dialog').locator('.ant-form-item', { hasText: '责任人' }).first();
    await poll(() => ownerField.locator('.ant-select').first().innerText()).toBe('刘洋');
    expect(await ownerField.innerText()).not.toContain(myId);
    await shot(liu.page, 'member-ledger-dialog');
    expect(liu.errors).toEqual([]);

    // The 督导组 reviews 张伟's material of the 民主生活会: the author and the history by name.
    const zhang = await J.pageAs('zhangwei');
    const dsh = ((await api(zhang.page, 'GET', '/api/meetings')).body.items as { id: string; kind: string }[]).find(
      (m) => m.kind === '民主生活会',
    )!;
    const mats = (await api(zhang.page, 'GET', `/api/materials?meetingId=${dsh.id}`)).body.items as {
      id: string;
      authorId: string;
      kind: string;
    }[];
    const mine = mats.find((m) => m.kind === 'personal')!;
    expect((await api(zhang.page, 'POST', `/api/materials/${mine.id}/submit`, {})).status).toBe(200);
    const zhao = await J.pageAs('zhaomin');
    expect((await api(zhao.page, 'GET', '/api/people')).status).toBe(403);
    await zhao.page.goto(`/materials/${mine.id}/review`);
    await poll(() => zhao.page.getByText('· 个人对照检查材料').first().innerText()).toContain('张伟');
    await poll(() => zhao.page.locator('.ant-card', { hasText: '审核记录' }).last().innerText()).toContain(
      '张伟 · 提交',
    );
    await shot(zhao.page, 'supervisor-review', true);
    await zhao.page.goto(`/meetings/${dsh.id}`);
    await poll(() => rowOf(zhao.page, '王建国').innerText()).toContain('书记');
    expect(await zhao.page.locator('table').last().innerText()).not.toContain('—');
    expect(zhao.errors).toEqual([]);
  }, 180_000);
});

describe('opinion-link', () => {
  it('the link and QR code are shown again whenever the page opens; regenerating warns first', async () => {
    const shot = shooter('opinion-link');
    const { page, errors } = await J.pageAs('liming');
    await page.goto(`/meetings/${meetingId}/opinions`);
    await page.getByTestId('open-collection').waitFor();
    // The period comes from the meeting's 征求意见 stage (the form's default: 40 to 30 days before the meeting).
    const meeting = (await api(page, 'GET', `/api/meetings/${meetingId}`)).body as {
      stages: { stage: string; startOn: string; dueOn: string }[];
    };
    const stage = meeting.stages.find((s) => s.stage === 'opinions')!;
    await page.getByTestId('open-collection').click();
    const card = page.getByTestId('open-collection-card');
    await poll(() => card.innerText()).toContain(
      `${dayjs(stage.startOn).format('YYYY年M月D日')}起，${dayjs(stage.dueOn).format('YYYY年M月D日')}截止`,
    );
    const link = await page.getByTestId('opinion-link').inputValue();
    expect(link).toMatch(/\/o#[A-Za-z0-9_-]{43}$/);
    await shot(page, 'opened');

    // Another day, another browser: the same link and QR code, ready to print.
    const again = await J.pageAs('liming');
    await again.page.goto(`/meetings/${meetingId}/opinions`);
    await poll(() => again.page.getByTestId('opinion-link').inputValue()).toBe(link);
    expect(await again.page.getByTestId('qr').locator('svg').count()).toBe(1);
    await again.page.getByRole('button', { name: /打印/ }).first().waitFor();
    await shot(again.page, 'shown-again');

    // Regenerating says what it does to the posters already up.
    await again.page.getByTestId('rotate-link').click();
    const pop = again.page.locator('.ant-popover:visible');
    await poll(() => pop.innerText()).toContain('已张贴的二维码和已发出的旧链接立即失效');
    await shot(again.page, 'rotate-warning');
    await pop.getByRole('button', { name: '重新生成' }).click();
    await poll(() => again.page.getByTestId('opinion-link').inputValue()).not.toBe(link);
    const rotated = await again.page.getByTestId('opinion-link').inputValue();
    // And that new link is the one shown from then on.
    await page.reload();
    await poll(() => page.getByTestId('opinion-link').inputValue()).toBe(rotated);
    expect(errors).toEqual([]);
    expect(again.errors).toEqual([]);
  }, 180_000);
});

describe('current-stage', () => {
  it('once the meeting is held, the home page no longer says its stage is 征求意见', async () => {
    const { page, errors } = await J.pageAs('liming');
    const card = page.getByTestId('meeting-progress').filter({ hasText: '第一党支部年度专题组织生活会（角色）' });
    // Before the meeting (held in 45 days): the 征求意见 stage is the current one.
    await poll(() => card.locator('.ant-card-extra').innerText()).toContain('当前阶段：征求意见');
    // The meeting was held earlier than planned.
    expect((await api(page, 'PATCH', `/api/meetings/${meetingId}`, { status: 'held' })).status).toBe(200);
    await page.reload();
    await poll(() => card.locator('.ant-card-extra').innerText()).toContain('当前阶段：会议报告');
    await shooter('current-stage')(page, 'home-after-meeting', true);
    expect(errors).toEqual([]);
  }, 120_000);
});
