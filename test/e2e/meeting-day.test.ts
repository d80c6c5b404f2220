/**
 * The meeting procedure in a real browser against the real server (demo data):
 *   1. public-opinion: the branch secretary opens an opinion collection; someone with the link, in
 *      a fresh browser with no cookies and no account, submits an opinion anonymously; the
 *      secretary sees it in the summary.
 *   2. meeting-day: the recorder's page — attendance with the 2/3 quorum failing, then met; the
 *      agenda; speeches; criticisms entered for each speaker and by whom; a supervisor's comment;
 *      the summary (autosaved); the report previewed and its .docx downloaded and opened; the
 *      criticisms turned into ledger items.
 * Both run on a fresh 组织生活会 of 第一党支部 created for the test (held today), so that the demo
 * meetings stay as they are. Screenshots: test-results/screenshots/meeting-day/NN-name.png.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { journeys, poll, shooter, watchErrors } from './harness.js';

const J = journeys();
const pageAs = J.pageAs;
const shot = shooter('meeting-day');

let meetingId = '';
let secretary: { page: Page; errors: string[] };
const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // China Standard Time

/** A fresh 组织生活会 of 第一党支部, held today, created through the API as the secretary. */
async function createMeeting(page: Page): Promise<string> {
  return page.evaluate(async (heldOn) => {
    const get = async <T>(u: string) => (await (await fetch(u)).json()) as T;
    const me = await get<{ csrfToken: string }>('/api/auth/me');
    const orgs = (await get<{ items: { id: string; name: string }[] }>('/api/orgs')).items;
    const people = (await get<{ items: { id: string; name: string }[] }>('/api/people')).items;
    const pid = (n: string) => people.find((p) => p.name === n)!.id;
    const r = await fetch('/api/meetings', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
      body: JSON.stringify({
        orgId: orgs.find((o) => o.name === '第一党支部')!.id,
        kind: '组织生活会',
        year: 2026,
        theme: '第一党支部2026年度组织生活会（测试）',
        frameworkId: '2023-theme-education',
        heldOn,
        location: '党员活动室',
        participants: [
          { personId: pid('李明'), role: 'secretary' },
          { personId: pid('陈静'), role: 'leader' },
          { personId: pid('刘洋'), role: 'member' },
          { personId: pid('王建国'), role: 'member' },
          { personId: pid('张伟'), role: 'member' },
        ],
      }),
    });
    if (r.status !== 201) throw new Error(`meeting not created: ${r.status} ${await r.text()}`);
    const body = (await r.json()) as { id: string; meeting?: { id: string } };
    return (body.meeting ?? body).id;
  }, TODAY);
}

describe('public-opinion', () => {
  it('the secretary opens a collection; an anonymous visitor submits; the summary shows it', async () => {
    secretary = await pageAs('liming');
    const { page } = secretary;
    meetingId = await createMeeting(page);
    await page.goto(`/meetings/${meetingId}`);
    await page.getByTestId('procedure-stages').waitFor();
    await shot(page, 'meeting-stages');
    await page.getByTestId('stage-opinions').click();
    await page.waitForURL(/\/opinions$/);
    await page.getByRole('tab', { name: '开展征集' }).click();
    await page.getByTestId('open-collection').click();
    const linkBox = page.getByTestId('opinion-link');
    await linkBox.waitFor();
    const link = await linkBox.inputValue();
    expect(link).toMatch(new RegExp(`^${J.server.url}/o#[A-Za-z0-9_-]{43}$`));
    await poll(() => page.getByTestId('qr').locator('svg').count()).toBe(1);
    await shot(page, 'collection-opened');

    // A fresh browser: no cookies, no account. The token is in the fragment only.
    const anon = await J.context();
    const ap = await anon.newPage();
    const anonErrors = watchErrors(ap);
    const sent: { url: string; cookie?: string; body: string | null }[] = [];
    ap.on('request', (r) => {
      if (r.url().includes('/api/public/'))
        sent.push({ url: r.url(), cookie: r.headers()['cookie'], body: r.postData() });
    });
    await ap.goto(link);
    await ap.getByTestId('anonymity-notice').waitFor();
    expect(await ap.getByTestId('anonymity-notice').innerText()).toContain('不记录您的账号');
    await poll(() => ap.getByText('第一党支部').first().count()).toBeGreaterThan(0);
    await ap.getByTestId('opinion-line').getByText('刘洋', { exact: true }).click();
    // The form is a page of its own (o.html, no antd): the category is a native <select>.
    await ap.getByLabel('第1条的类别').selectOption('理论学习');
    await ap.getByLabel('第1条意见内容').fill('学习笔记摘抄多，联系岗位实际思考少');
    await shot(ap, 'anonymous-form');
    await ap.getByTestId('submit-opinions').click();
    await poll(() => ap.getByText('已收到您的1条意见建议').count()).toBe(1);
    await shot(ap, 'anonymous-submitted');
    expect(await anon.cookies()).toEqual([]);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const r of sent) {
      expect(r.cookie).toBeUndefined();
      expect(r.url).not.toContain(link.split('#')[1]); // the token never travels in a URL
    }
    expect(anonErrors).toEqual([]);

    // A logged-in browser opening the same link: no request of that page carries the session
    // cookie (the app does not even ask who is logged in on /o).
    const same = await page.context().newPage();
    const withCookie: string[] = [];
    same.on('request', (r) => {
      if (r.url().includes('/api/') && r.headers()['cookie']) withCookie.push(r.url());
    });
    await same.goto(link);
    await same.getByTestId('anonymity-notice').waitFor();
    await poll(() => same.getByText('第一党支部').first().count()).toBeGreaterThan(0);
    expect(withCookie).toEqual([]);
    await same.close();

    // Opinions are shown in batches: the secretary sees how batching works — never how many wait
    // (a count that moves with each submission would time it), nor the text.
    await page.reload();
    await page.getByRole('tab', { name: '开展征集' }).click();
    await poll(() => page.getByTestId('opinions-batching').innerText()).toContain(
      '匿名意见每累计5人次提交或每个整点汇总显示一次，之前收到的意见暂不显示',
    );
    const card = await page.getByTestId('open-collection-card').innerText();
    expect(card).toContain('已汇总0条');
    expect(card).not.toMatch(/另有\d+条|已收到\d+条|\d+条待汇总/);
    // Four more people submit (one of them junk); the fifth completes the batch.
    const token = link.split('#')[1];
    for (const body of [
      '广告：低价代办各类证件，加微信',
      '支部活动通知太晚',
      '希望多组织实地学习',
      '党费收缴说明不清',
    ]) {
      const r = await fetch(`${J.server.url}/api/public/opinions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': 'public' },
        body: JSON.stringify({ token, opinions: [{ target: { kind: 'group' }, body }] }),
      });
      expect(r.status).toBe(201);
    }
    await page.reload();
    await page.getByRole('tab', { name: '开展征集' }).click();
    // The junk is hidden by the secretary: a button, a confirmation.
    const manage = page.getByTestId('manage-opinions');
    const junkRow = manage.locator('tr', { hasText: '广告：低价代办各类证件' });
    await junkRow.waitFor();
    await junkRow.getByTestId('hide-opinion').click();
    await page.getByRole('button', { name: '屏蔽', exact: true }).last().click();
    await poll(() => junkRow.getByTestId('unhide-opinion').count()).toBe(1);
    await poll(() => manage.innerText()).toContain('已屏蔽1条');
    await shot(page, 'opinion-hidden');

    // The secretary sees the real one, under 刘洋, in the summary — and not the junk.
    await page.getByRole('tab', { name: '意见汇总' }).click();
    await poll(() => page.getByTestId('summary-group').innerText()).toContain('支部活动通知太晚');
    expect(await page.getByTestId('summary-group').innerText()).not.toContain('广告');
    await poll(() => page.getByText('另有1条意见已被屏蔽').count()).toBe(1);
    const persons = page.getByTestId('summary-persons');
    await poll(() => persons.innerText()).toContain('学习笔记摘抄多，联系岗位实际思考少');
    expect(await persons.locator('tr', { hasText: '刘洋' }).innerText()).toContain('1');
    await shot(page, 'summary', true);
    expect(secretary.errors).toEqual([]);
  }, 180_000);
});

describe('meeting-day', () => {
  it('attendance with a quorum failure, speeches, criticisms, the report generated and opened', async () => {
    expect(meetingId).not.toBe('');
    const { page, errors } = secretary;
    await page.goto(`/meetings/${meetingId}`);
    await page.getByTestId('stage-record').click();
    await page.waitForURL(/\/record$/);
    const quorum = page.getByTestId('quorum');
    await quorum.waitFor();

    // Attendance: two present, one on leave, one absent, one not yet recorded → the quorum fails.
    const att = (name: string, label: string) =>
      page.getByTestId(`att-${name}`).getByText(label, { exact: true }).click();
    await att('李明', '出席');
    await att('陈静', '出席');
    await att('刘洋', '请假');
    await page.getByLabel('刘洋的请假事由').fill('外出培训');
    await att('王建国', '缺席');
    await poll(() => quorum.getAttribute('data-met')).toBe('0');
    await poll(() => quorum.innerText()).toContain(
      '到会人数不足：应到5人，实到2人，须至少4人（三分之二）到会方可召开。',
    );
    await shot(page, 'quorum-failed', true);

    // Two more arrive: 4 of 5 → met.
    await att('王建国', '出席');
    await att('张伟', '出席');
    await poll(() => quorum.getAttribute('data-met')).toBe('1');
    await poll(() => quorum.innerText()).toContain('应到5人，实到4人');
    await poll(() => page.getByTestId('save-state').innerText()).toContain('已自动保存');

    // The agenda from who is present; the meeting starts.
    await page.getByTestId('agenda').getByRole('button', { name: '按出席情况生成' }).click();
    await page.getByRole('button', { name: '生成', exact: true }).click();
    await poll(() => page.getByTestId('agenda').getByRole('button', { name: '重新生成' }).count()).toBe(1);
    const agenda = await page.getByTestId('agenda').innerText();
    expect(agenda).toContain('陈静作个人对照检查发言');
    expect(agenda).toContain('未出席、不安排发言：刘洋');
    expect(agenda).not.toContain('刘洋作个人对照检查发言');
    await page.getByText('会议进行中', { exact: true }).click();

    // Speeches in the agenda's order, each with the criticisms it received.
    const speeches = page.getByTestId('speeches');
    await page.getByTestId('add-speech').click();
    await page.getByTestId('speech-李明').waitFor();
    await page.getByLabel('李明的发言要点').fill('代表支委会作对照检查：支部学习重形式、轻实效');
    const criticise = async (speaker: string, body: string) => {
      const box = page.getByLabel(`对${speaker}的批评意见`);
      await box.fill(body);
      await box.press('Enter');
      await poll(() => page.getByTestId(`speech-${speaker}`).innerText()).toContain(body);
    };
    await criticise('李明', '布置工作多，跟进检查少');
    await criticise('李明', '谈心谈话可以更经常一些');
    await page.getByTestId('add-speech').click();
    await page.getByTestId('speech-陈静').waitFor();
    await criticise('陈静', '对新同事的帮带不够主动');
    const first = await page.getByTestId('speech-李明').innerText();
    expect(first).toContain('陈静：布置工作多，跟进检查少');
    expect(first).toMatch(/(王建国|张伟)：谈心谈话可以更经常一些/);
    await poll(() => speeches.innerText()).toContain('2人已发言，批评意见3条');

    // A supervisor's comment and the secretary's summary (autosaved while typing).
    await page.getByLabel('点评内容').fill('批评有辣味，整改要具体');
    await page.getByRole('button', { name: '添加点评' }).click();
    await poll(() => page.getByTestId('comments').innerText()).toContain('批评有辣味，整改要具体');
    await page.getByLabel('书记总结').fill('会后逐条列入整改清单，挂账销号。');
    await poll(() => page.getByTestId('save-state').innerText(), 30_000).toContain('已自动保存');
    await page.getByText('会议已结束', { exact: true }).click();
    await shot(page, 'record', true);

    // After the meeting: criticisms and the opinion become ledger items.
    await page.getByTestId('ledger-drafts-open').click();
    const dialog = page.getByRole('dialog');
    await poll(() => dialog.innerText()).toContain('对新同事的帮带不够主动');
    expect(await dialog.innerText()).toContain('学习笔记摘抄多，联系岗位实际思考少');
    await shot(page, 'ledger-drafts');
    await page.getByTestId('ledger-drafts-create').click();
    await poll(() => dialog.getByText(/已生成 /).count(), 30_000).toBeGreaterThanOrEqual(5);
    await shot(page, 'ledger-created');
    await dialog.getByRole('button', { name: '关闭', exact: true }).last().click();

    // The report: preview, then the .docx, which opens and carries the meeting's text.
    await page.goto(`/meetings/${meetingId}/report`);
    const preview = page.getByTestId('report-preview');
    await poll(() => preview.innerText()).toContain('第一党支部关于召开2026年度组织生活会情况的报告');
    const text = await preview.innerText();
    expect(text).toContain('应到5人，实到4人，请假1人（刘洋，外出培训）');
    expect(text).toContain('相互提出批评意见3条');
    expect(text).toContain('共征求到意见建议4条'); // five received, one hidden as junk
    expect(text).toContain('督导组点评指出：批评有辣味，整改要具体');
    expect(await page.getByTestId('report-deadline').innerText()).toContain('还剩15天');
    await shot(page, 'report', true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-docx').click()]);
    expect(download.suggestedFilename()).toBe('第一党支部关于召开2026年度组织生活会情况的报告.docx');
    const zip = await JSZip.loadAsync(readFileSync((await download.path())!));
    const xml = await zip.file('word/document.xml')!.async('string');
    const plain = xml.replace(/<[^>]+>/g, '');
    expect(plain).toContain('第一党支部关于召开2026年度组织生活会情况的报告');
    expect(plain).toContain('应到5人，实到4人');
    expect(plain).toContain('李明2条');
    // The secretary's home page shows the report's deadline: 15 days after the meeting.
    await page.goto('/');
    const due = page.getByTestId('report-deadlines');
    await poll(() => due.innerText()).toContain('第一党支部2026年组织生活会');
    expect(await due.innerText()).toContain('还剩15天');
    await shot(page, 'home-report-deadline');
    expect(errors).toEqual([]);
  }, 240_000);
});

describe('procedure-tour', () => {
  it('every procedure page shows the demo meetings’ real data, for the secretary and for a member', async () => {
    const tour = shooter('procedure-tour');
    const { page, errors } = secretary ?? (await pageAs('liming'));
    const demo = await page.evaluate(
      async () =>
        ((await (await fetch('/api/meetings')).json()) as { items: { id: string; theme: string }[] }).items.find(
          (m) => m.theme === '第一党支部2023年度主题教育专题组织生活会',
        )!.id,
    );
    const visit = async (path: string, name: string, expectText: string[]) => {
      await page.goto(`/meetings/${demo}/${path}`);
      const main = page.locator('main, .app-content').first();
      for (const t of expectText) await poll(() => main.innerText()).toContain(t);
      await tour(page, name, true);
    };
    await page.goto(`/meetings/${demo}/opinions`);
    await page.getByRole('tab', { name: '意见汇总' }).click();
    await poll(() => page.getByTestId('summary-group').innerText()).toContain(
      '支部学习多是读文件，结合岗位交流少（2人次）',
    );
    await page.getByTestId('chart').first().waitFor();
    await tour(page, 'opinions-summary', true);
    await visit('talks', 'talks', ['还差6对', '李明 — 刘洋', '谈思想、谈工作、谈问题']);
    expect(await page.getByTestId('missing-pairs').locator('tr.missing-pair').count()).toBe(6);
    await visit('record', 'record', ['应到5人，实到4人', '陈静：布置工作多，跟进检查少', '王建国：要主动承担急难任务']);
    expect(await page.getByLabel('书记总结').inputValue()).toContain('会后每名同志要对照');
    await visit('appraisal', 'appraisal-results', ['“优秀”最多1名', '已收测评票4张', '等次待确定']);
    await visit('report', 'report', [
      '第一党支部关于召开2023年度组织生活会情况的报告',
      '相互提出批评意见10条',
      '共征求到意见建议7条',
    ]);
    expect(await page.getByTestId('report-deadline').innerText()).toContain('已超期');
    expect(errors).toEqual([]);

    // A member: the opinions fed back to him, and his own appraisal forms.
    const member = await pageAs('liuyang');
    await member.page.goto(`/meetings/${demo}/opinions`);
    await poll(() => member.page.getByTestId('mine-opinions').innerText()).toContain(
      '开会发言照稿念，联系自身实际不够',
    );
    await tour(member.page, 'member-opinions', true);
    await member.page.goto(`/meetings/${demo}/appraisal`);
    await poll(() => member.page.getByTestId('self-form').innerText()).toContain('个人自评');
    expect(await member.page.getByLabel('自评意见').inputValue()).toBe('能完成本职工作，学习的主动性还不够。');
    await tour(member.page, 'member-appraisal', true);
    expect(member.errors).toEqual([]);
  }, 180_000);
});
