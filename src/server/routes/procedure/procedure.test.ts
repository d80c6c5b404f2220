/**
 * The procedure routes over HTTP (fastify inject, real SQLite): opinions, talks, the meeting
 * record with the quorum, the report, the appraisal — with the roles that may and may not.
 * The world (test/http/harness.ts): a 组织生活会 of 第一党支部 with secB1 (secretary), leaderB1
 * (leader), author and memberB1 (members); memberB2, secB2 and outsider belong elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { startTestApp, type TestApp } from '../../../../test/http/harness.js';

const PUBLIC = { 'x-csrf-token': 'public' };

describe('procedure routes', () => {
  let t: TestApp;
  let token = '';
  let collectionId = '';
  const m = () => t.world.meeting;
  const P = () => t.world.person;

  beforeAll(async () => {
    t = await startTestApp('sqlite', { opinionDailyCap: 8, opinionBatchSize: 1 });
  });
  afterAll(async () => t?.close());

  it('every procedure route is in the OpenAPI document, the public ones without security', async () => {
    const r = await t.anon().get('/api/openapi.json');
    expect(r.status).toBe(200);
    const paths = r.body.paths as Record<string, Record<string, { security?: unknown[] }>>;
    for (const p of [
      '/api/public/opinions',
      '/api/public/opinions/form',
      '/api/meetings/{id}/opinion-collections',
      '/api/meetings/{id}/talks/coverage',
      '/api/meetings/{id}/record',
      '/api/meetings/{id}/report.docx',
      '/api/meetings/{id}/appraisal/final',
    ])
      expect(Object.keys(paths)).toContain(p);
    expect(paths['/api/public/opinions'].post.security).toEqual([]);
  });

  it('the secretary opens an opinion collection; others may not; the link token is returned once', async () => {
    expect((await (await t.as('memberB1')).post(`/api/meetings/${m()}/opinion-collections`, {})).status).toBe(403);
    expect((await (await t.as('outsider')).post(`/api/meetings/${m()}/opinion-collections`, {})).status).toBe(404);
    const r = await (
      await t.as('secB1')
    ).post(`/api/meetings/${m()}/opinion-collections`, { baseUrl: 'https://jianshi.example.org/' });
    expect(r.status).toBe(201);
    token = r.body.token;
    collectionId = r.body.collection.id;
    expect(r.body.path).toBe(`/o#${token}`);
    expect(r.body.url).toBe(`https://jianshi.example.org/o#${token}`);
    expect(r.body.qrSvg).toMatch(/^<svg/);
    expect(JSON.stringify(await t.store.db.selectFrom('opinion_collections').selectAll().execute())).not.toContain(
      token,
    );
    const list = await (await t.as('secB1')).get(`/api/meetings/${m()}/opinion-collections`);
    expect(list.body.items).toEqual([expect.objectContaining({ id: collectionId, status: 'open', count: 0 })]);
    expect(JSON.stringify(list.body)).not.toContain(token);
    const qr = await (
      await t.as('secB1')
    ).post(`/api/opinion-collections/${collectionId}/qr`, { token, url: `https://jianshi.example.org/o#${token}` });
    expect(qr.status).toBe(200);
    expect(qr.headers['content-type']).toBe('image/png');
  });

  it('the public form needs no account and shows the targets and the framework aspects', async () => {
    const f = await t.anon().post('/api/public/opinions/form', { token }, PUBLIC);
    expect(f.status).toBe(200);
    expect(f.body).toMatchObject({
      orgName: '第一党支部',
      meetingKind: '组织生活会',
      groupName: '支部委员会',
      open: true,
    });
    expect(f.body.targets).toHaveLength(4);
    expect(f.body.categories).toContain('理论学习');
    expect(f.body.categories.at(-1)).toBe('其他');
    expect((await t.anon().post('/api/public/opinions/form', { token: 'x'.repeat(43) }, PUBLIC)).status).toBe(404);
    expect((await t.anon().post('/api/public/opinions/form', { token: 'short' }, PUBLIC)).status).toBe(400);
  });

  it('accepts anonymous opinions, validates them in Chinese, caps them per day', async () => {
    const submit = (opinions: unknown[]) => t.anon().post('/api/public/opinions', { token, opinions }, PUBLIC);
    const ok = await submit([
      { target: { kind: 'group' }, category: '工作作风', body: '支部活动形式单一' },
      { target: { kind: 'person', personId: P().author }, category: '理论学习', body: '学习笔记偏少' },
      { target: { kind: 'person', personId: P().author }, body: '发言准备不足' },
    ]);
    expect([ok.status, ok.body]).toEqual([201, { accepted: 3 }]);
    expect(ok.headers['set-cookie']).toBeUndefined();
    expect(ok.headers['cache-control']).toBe('no-store');
    const bad = await submit([
      { target: { kind: 'person', personId: P().memberB2 }, category: '八卦', body: '别的支部的人' },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('第1条：意见对象不是本次会议的参会人员。');
    expect(bad.body.message).toContain('意见类别须为');
    expect((await submit([{ target: { kind: 'group' }, body: 'x', author: 'me' }])).status).toBe(400); // unknown fields rejected
    expect(
      (
        await t
          .anon()
          .post(
            '/api/public/opinions',
            { token, opinions: [{ target: { kind: 'group' }, body: 'x' }], ip: '1.2.3.4' },
            PUBLIC,
          )
      ).status,
    ).toBe(400);
    const many = await submit(Array.from({ length: 6 }, (_, i) => ({ target: { kind: 'group' }, body: `意见${i}` })));
    expect([many.status, many.body.code]).toEqual([429, 'E_RATE_LIMITED']);
  });

  it('summaries per member for the secretary; each member sees only what concerns him', async () => {
    const s = await (await t.as('secB1')).get(`/api/meetings/${m()}/opinions/summary`);
    expect(s.status).toBe(200);
    expect(s.body.total).toBe(3);
    expect(s.body.group.count).toBe(1);
    expect(s.body.persons.find((p: { personId: string }) => p.personId === P().author)).toMatchObject({
      count: 2,
      name: '测试-author',
    });
    expect((await (await t.as('memberB1')).get(`/api/meetings/${m()}/opinions/summary`)).status).toBe(403);
    const mine = await (await t.as('author')).get(`/api/meetings/${m()}/opinions/mine`);
    expect(mine.body.mine.count).toBe(2);
    expect(mine.body.group.count).toBe(1);
    expect((await (await t.as('memberB1')).get(`/api/meetings/${m()}/opinions/mine`)).body.mine.count).toBe(0);
    expect((await (await t.as('memberB2')).get(`/api/meetings/${m()}/opinions/mine`)).status).toBe(404);
  });

  it('closing stops submissions and reseals the rows; rotating gives a new link', async () => {
    const before = (await t.store.db.selectFrom('opinions').select('id').execute()).map((r) => r.id).sort();
    const c = await (await t.as('secB1')).post(`/api/opinion-collections/${collectionId}/close`);
    expect([c.status, c.body.status, c.body.count]).toEqual([200, 'closed', 3]);
    const after = (await t.store.db.selectFrom('opinions').select('id').execute()).map((r) => r.id).sort();
    expect(after.some((id) => before.includes(id))).toBe(false);
    const late = await t
      .anon()
      .post('/api/public/opinions', { token, opinions: [{ target: { kind: 'group' }, body: '晚了' }] }, PUBLIC);
    expect([late.status, late.body.code]).toEqual([409, 'E_BAD_STATE']);
    const r = await (await t.as('secB1')).post(`/api/opinion-collections/${collectionId}/rotate`, { reopen: true });
    expect(r.body.collection.status).toBe('open');
    expect((await t.anon().post('/api/public/opinions/form', { token }, PUBLIC)).status).toBe(404);
    expect((await t.anon().post('/api/public/opinions/form', { token: r.body.token }, PUBLIC)).status).toBe(200);
  });

  it('talks: a party records his talk; coverage lists the missing pairs; strangers are kept out', async () => {
    const mem = await t.as('memberB1');
    const add = await mem.post(`/api/meetings/${m()}/talks`, {
      personAId: P().memberB1,
      personBId: P().secB1,
      heldOn: '2023-12-01',
      topics: '思想工作',
    });
    expect(add.status).toBe(201);
    expect((await mem.post(`/api/meetings/${m()}/talks`, { personAId: P().author, personBId: P().secB1 })).status).toBe(
      403,
    );
    expect(
      (
        await (
          await t.as('secB1')
        ).post(`/api/meetings/${m()}/talks`, { personAId: P().author, personBId: P().leaderB1, heldOn: '2023-12-02' })
      ).status,
    ).toBe(201);
    expect(
      (await mem.post(`/api/meetings/${m()}/talks`, { personAId: P().memberB1, personBId: P().memberB1 })).status,
    ).toBe(400);
    const cov = await mem.get(`/api/meetings/${m()}/talks/coverage`);
    expect(cov.status).toBe(200);
    expect([cov.body.required, cov.body.done, cov.body.personTimes]).toEqual([6, 2, 4]);
    expect(cov.body.missingPairs).toHaveLength(4);
    expect(cov.body.rules.map((r: { label: string }) => r.label)).toEqual(['支委之间', '支委与党员', '党员之间']);
    expect((await mem.get(`/api/meetings/${m()}/talks`)).body.items).toHaveLength(1); // only his own
    expect((await (await t.as('secB1')).get(`/api/meetings/${m()}/talks`)).body.items).toHaveLength(2);
    expect((await (await t.as('author')).delete(`/api/talks/${add.body.id}`)).status).toBe(404);
    expect((await mem.patch(`/api/talks/${add.body.id}`, { notes: '补记' })).body.notes).toBe('补记');
    expect((await (await t.as('outsider')).get(`/api/meetings/${m()}/talks/coverage`)).status).toBe(404);
  });

  it('the meeting record: attendance with a quorum failure, agenda, speeches, criticisms, comments', async () => {
    const sec = await t.as('secB1');
    expect(
      (
        await (
          await t.as('leaderB1')
        ).put(`/api/meetings/${m()}/attendance`, { entries: [{ personId: P().secB1, status: 'present' }] })
      ).status,
    ).toBe(403);
    const q1 = await sec.put(`/api/meetings/${m()}/attendance`, {
      entries: [
        { personId: P().secB1, status: 'present' },
        { personId: P().author, status: 'present' },
        { personId: P().leaderB1, status: 'leave', reason: '出差' },
        { personId: P().memberB1, status: 'absent' },
      ],
    });
    expect(q1.body).toMatchObject({ expected: 4, present: 2, met: false });
    expect(q1.body.problems[0]).toBe('到会人数不足：应到4人，实到2人，须至少3人（三分之二）到会方可召开。');
    const q2 = await sec.put(`/api/meetings/${m()}/attendance`, {
      entries: [{ personId: P().memberB1, status: 'present' }],
    });
    expect(q2.body.met).toBe(true);
    expect(
      (await sec.put(`/api/meetings/${m()}/attendance`, { entries: [{ personId: P().outsider, status: 'present' }] }))
        .status,
    ).toBe(400);
    const ag = await sec.post(`/api/meetings/${m()}/record/agenda/default`);
    expect(ag.body.skipped).toEqual([P().leaderB1]);
    expect(ag.body.items.filter((i: { kind: string }) => i.kind === 'appraisal')).toHaveLength(1);
    await sec.put(`/api/meetings/${m()}/record`, {
      heldOn: '2023-12-25',
      location: '党员活动室',
      status: 'in_progress',
    });
    const sp = await sec.post(`/api/meetings/${m()}/speeches`, { speakerId: P().author, materialId: t.world.material });
    expect(sp.status).toBe(201);
    expect(
      (await sec.post(`/api/meetings/${m()}/speeches`, { speakerId: P().author, materialId: 'nope' })).status,
    ).toBe(400);
    expect(
      (
        await sec.post(`/api/meetings/${m()}/criticisms`, {
          speechId: sp.body.id,
          targetPersonId: P().author,
          criticId: P().secB1,
          body: '学习不够系统',
        })
      ).status,
    ).toBe(201);
    await sec.post(`/api/meetings/${m()}/criticisms`, {
      speechId: sp.body.id,
      targetPersonId: P().author,
      criticId: P().memberB1,
      body: '联系群众少',
    });
    expect(
      (
        await sec.post(`/api/meetings/${m()}/criticisms`, {
          targetPersonId: P().author,
          criticId: P().author,
          body: 'x',
        })
      ).status,
    ).toBe(400);
    expect((await sec.post(`/api/meetings/${m()}/comments`, { kind: 'supervisor', body: '批评有辣味' })).status).toBe(
      201,
    );
    const rec = await (await t.as('memberB1')).get(`/api/meetings/${m()}/record`);
    expect(rec.status).toBe(200);
    expect(rec.body.record).toMatchObject({ heldOn: '2023-12-25', status: 'in_progress' });
    expect(rec.body.criticisms).toHaveLength(2);
    expect(rec.body.criticismCoverage.find((c: { speakerId: string }) => c.speakerId === P().author)).toMatchObject({
      count: 2,
      missing: [],
    });
    expect((await (await t.as('memberB2')).get(`/api/meetings/${m()}/record`)).status).toBe(404);
  });

  it('an agenda saved by another client with only kinds and titles reads back numbered, with no speaker', async () => {
    const sec = await t.as('secB1');
    const saved = await sec.put(`/api/meetings/${m()}/record`, {
      agenda: [
        { kind: 'open', title: '开会' },
        { kind: 'summary', title: '总结', subject: '其他', done: true },
      ],
    });
    expect(saved.status).toBe(200);
    const rec = await sec.get(`/api/meetings/${m()}/record`);
    expect(rec.status).toBe(200);
    expect(rec.body.agenda.items).toEqual([
      { seq: 1, kind: 'open', title: '开会', personId: null },
      { seq: 2, kind: 'summary', title: '总结', personId: null, done: true },
    ]);
    expect((await sec.put(`/api/meetings/${m()}/record`, { agenda: null })).status).toBe(200);
  });

  it('the report: preview with figures and deadline, .docx download', async () => {
    const sec = await t.as('secB1');
    const r = await sec.get(`/api/meetings/${m()}/report?studySessions=3`);
    expect(r.status).toBe(200);
    expect(r.body.figures).toMatchObject({
      studySessions: 3,
      opinionsTotal: 3,
      talkCount: 2,
      expected: 4,
      present: 3,
      criticisms: 2,
      dueOn: '2024-01-09',
    });
    expect(r.body.title).toBe('第一党支部关于召开2023年度组织生活会情况的报告');
    expect(r.body.deadline).toMatchObject({ overdue: true });
    const text = r.body.blocks.map((b: { text: string }) => b.text).join('');
    expect(r.body.blocks[1]).toEqual({ role: 'addressee', text: '机关党委：' });
    // The materials are drafts: no problems or measures are claimed, the gaps say why.
    expect(text).not.toContain('查摆的主要问题');
    expect(text).not.toContain('整改措施');
    expect(r.body.gaps).toContain('尚无审核通过的对照检查材料，报告未列查摆的问题。');
    // No speech presented the 班子 material: nobody is said to have spoken for the 支部委员会.
    expect(text).not.toContain('代表支部委员会');
    expect(text).not.toContain('对班子');
    // Once the member's material is approved (and its measure is in the ledger), the report carries
    // its problem and measure as written, and the ledger items — in the preview and the .docx.
    expect((await (await t.as('author')).post(`/api/materials/${t.world.material}/submit`, {})).status).toBe(200);
    const approved = await (await t.as('reviewerParty')).post(`/api/materials/${t.world.material}/approve`, {});
    expect(approved.body).toMatchObject({ status: 'approved', ledgerItems: 1 });
    const r2 = await sec.get(`/api/meetings/${m()}/report`);
    const lines = r2.body.blocks.map((b: { text: string }) => b.text);
    expect(lines).toContain('（一）测试-author同志。一是学习不够深入。');
    expect(lines).toContain('（一）测试-author同志。一是加强理论学习。');
    expect(lines).toContain('已将1项整改事项列入整改台账（对照检查1项），逐项明确责任人和完成时限。');
    expect(lines.join('')).not.toContain('理论学习方面');
    const d = await sec.get(`/api/meetings/${m()}/report.docx`);
    expect(d.status).toBe(200);
    expect(d.headers['content-disposition']).toContain(
      encodeURIComponent('第一党支部关于召开2023年度组织生活会情况的报告.docx'),
    );
    const zip = await JSZip.loadAsync(d.raw.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    for (const x of ['应到4人，实到3人', '一是学习不够深入。', '一是加强理论学习。', '已将1项整改事项列入整改台账'])
      expect(xml).toContain(x);
    // The signature date is never before the meeting (held 2023-12-25), even when asked for earlier.
    const early = await sec.get(`/api/meetings/${m()}/report?reportOn=2023-12-01`);
    expect(early.body.blocks.at(-1)).toEqual({ role: 'date', text: '2023年12月25日' });
    expect((await (await t.as('memberB1')).get(`/api/meetings/${m()}/report.docx`)).status).toBe(403);
    expect((await (await t.as('reviewerParty')).get(`/api/meetings/${m()}/report`)).status).toBe(200);
    expect((await sec.get(`/api/meetings/${m()}/report/deadline?days=30`)).body.deadline.dueOn).toBe('2024-01-24');
    const home = await sec.get('/api/procedure/report-deadlines');
    expect(home.body.items).toEqual([
      expect.objectContaining({
        meetingId: m(),
        heldOn: '2023-12-25',
        deadline: expect.objectContaining({ dueOn: '2024-01-09', overdue: true }),
      }),
    ]);
    expect((await (await t.as('memberB1')).get('/api/procedure/report-deadlines')).body.items).toEqual([]);
    const drafts = await sec.get(`/api/meetings/${m()}/ledger-drafts`);
    expect(drafts.body.items.filter((d: { source: string }) => d.source === '相互批评')).toHaveLength(2);
    expect(drafts.body.items.filter((d: { source: string }) => d.source === '征求意见')).toHaveLength(3);
    expect(drafts.body.items.find((d: { source: string }) => d.source === '相互批评').ownerName).toBe('测试-author');
    // Opinion drafts name no opinion rows: their ids change when a collection is resealed.
    const ops = drafts.body.items.filter((d: { source: string }) => d.source === '征求意见');
    const ids = (await t.store.db.selectFrom('opinions').select('id').execute()).map((r) => r.id);
    expect(
      ops.every(
        (d: { sourceRef: { kind: string; collectionIds: string[]; count: number } }) =>
          d.sourceRef.kind === 'opinion' && d.sourceRef.collectionIds.includes(collectionId) && d.sourceRef.count >= 1,
      ),
    ).toBe(true);
    for (const id of ids) expect(JSON.stringify(drafts.body)).not.toContain(id);
    await (await t.as('secB1')).post(`/api/opinion-collections/${collectionId}/close`);
    const again = await sec.get(`/api/meetings/${m()}/ledger-drafts`);
    expect(again.body.items.map((d: { key: string }) => d.key)).toEqual(
      drafts.body.items.map((d: { key: string }) => d.key),
    );

    // Drafts become ledger items that keep their link back (criticism, opinion collections).
    const mt = (await sec.get(`/api/meetings/${m()}`)).body;
    const crit = again.body.items.find((d: { source: string }) => d.source === '相互批评');
    const opin = again.body.items.find((d: { source: string }) => d.source === '征求意见');
    const body = (d: any, sourceRef: unknown) => ({
      year: 2023,
      meetingId: m(),
      source: d.source,
      problem: d.problem,
      ownerId: d.ownerId,
      deadlineKind: 'immediate',
      sourceRef,
    });
    const made = await sec.post('/api/ledger/items', {
      orgId: mt.orgId,
      items: [
        body(crit, { kind: 'criticism', criticismId: crit.sourceRef.id, meetingId: m() }),
        body(opin, {
          kind: 'opinion',
          meetingId: m(),
          collectionIds: opin.sourceRef.collectionIds,
          count: opin.sourceRef.count,
        }),
      ],
    });
    expect(made.status).toBe(201);
    expect(made.body.items.map((i: { sourceRef: unknown }) => i.sourceRef)).toEqual([
      { kind: 'criticism', criticismId: crit.sourceRef.id, meetingId: m() },
      { kind: 'opinion', meetingId: m(), collectionIds: opin.sourceRef.collectionIds, count: opin.sourceRef.count },
    ]);
    // A link to something that is not this meeting's is refused, and nothing is created.
    const before = (
      await t.store.db
        .selectFrom('ledger_items')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    const forged = await sec.post('/api/ledger/items', {
      orgId: mt.orgId,
      items: [body(crit, { kind: 'criticism', criticismId: collectionId, meetingId: m() })],
    });
    expect([forged.status, forged.body.code]).toEqual([400, 'E_VALIDATION']);
    expect(forged.body.message).toContain('没有这条批评意见');
    // Who may not add items learns nothing about the references: 401 / 403 first.
    expect(
      (
        await t
          .anon()
          .post(
            '/api/ledger/items',
            { orgId: mt.orgId, items: [body(crit, { kind: 'criticism', criticismId: collectionId, meetingId: m() })] },
            { 'x-csrf-token': 'x' },
          )
      ).status,
    ).toBe(401);
    expect(
      (
        await (
          await t.as('memberB2')
        ).post('/api/ledger/items', {
          orgId: mt.orgId,
          items: [body(crit, { kind: 'criticism', criticismId: collectionId, meetingId: m() })],
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.store.db
          .selectFrom('ledger_items')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ).toBe(before);
  });

  it('the report deadline follows the organization setting (own, else the nearest ancestor), explicit days win', async () => {
    const sec = await t.as('secB1');
    const org = (await sec.get(`/api/meetings/${m()}`)).body;
    const orgId: string = org.orgId;
    expect((await sec.get(`/api/procedure/settings?orgId=${orgId}`)).body).toMatchObject({
      reportDeadlineDays: null,
      effectiveDays: 15,
    });
    expect(
      (await (await t.as('memberB1')).put('/api/procedure/settings', { orgId, reportDeadlineDays: 10 })).status,
    ).toBe(403);
    const put = await sec.put('/api/procedure/settings', { orgId, reportDeadlineDays: 10 });
    expect([put.status, put.body.effectiveDays]).toEqual([200, 10]);
    expect((await sec.get(`/api/meetings/${m()}/report/deadline`)).body.deadline.dueOn).toBe('2024-01-04');
    expect((await sec.get(`/api/meetings/${m()}/report`)).body.figures.dueOn).toBe('2024-01-04');
    expect((await sec.get('/api/procedure/report-deadlines')).body.items[0]).toMatchObject({
      days: 10,
      deadline: expect.objectContaining({ dueOn: '2024-01-04' }),
    });
    expect((await sec.get(`/api/meetings/${m()}/report/deadline?days=30`)).body.deadline.dueOn).toBe('2024-01-24');
    await sec.put('/api/procedure/settings', { orgId, reportDeadlineDays: null });
    expect((await sec.get(`/api/meetings/${m()}/report/deadline`)).body.deadline.dueOn).toBe('2024-01-09');
  });

  it('appraisal: self and peer by members, ballots by the teller with the 优秀 cap, final grades', async () => {
    const author = await t.as('author');
    expect(
      (await author.put(`/api/meetings/${m()}/appraisal/self`, { grade: '合格', comment: '基本履行义务' })).status,
    ).toBe(200);
    expect(
      (
        await author.put(`/api/meetings/${m()}/appraisal/peer`, {
          rateeId: P().memberB1,
          grade: '优秀',
          comment: '积极',
        })
      ).status,
    ).toBe(200);
    expect(
      (await author.put(`/api/meetings/${m()}/appraisal/peer`, { rateeId: P().author, grade: '优秀' })).status,
    ).toBe(400);
    expect(
      (await author.post(`/api/meetings/${m()}/appraisal/ballots`, { lines: [{ rateeId: P().author, grade: '优秀' }] }))
        .status,
    ).toBe(403);
    const sec = await t.as('secB1');
    const over = await sec.post(`/api/meetings/${m()}/appraisal/ballots`, {
      lines: [
        { rateeId: P().author, grade: '优秀' },
        { rateeId: P().memberB1, grade: '优秀' },
      ],
    });
    expect(over.status).toBe(400);
    expect(over.body.message).toBe(
      '每张测评票中评为“优秀”的党员不得超过党员总数的三分之一（共4名党员，最多1名，当前2名）。',
    );
    for (const g of ['优秀', '优秀', '合格'] as const) {
      expect(
        (
          await sec.post(`/api/meetings/${m()}/appraisal/ballots`, {
            lines: [
              { rateeId: P().memberB1, grade: g },
              { rateeId: P().author, grade: '合格' },
            ],
          })
        ).status,
      ).toBe(201);
    }
    const res = await sec.get(`/api/meetings/${m()}/appraisal`);
    const mb = res.body.members.find((x: { personId: string }) => x.personId === P().memberB1);
    expect(mb).toMatchObject({ votes: 3, proposed: '优秀' });
    expect(res.body.maxExcellent).toBe(1);
    const votes = await t.store.db.selectFrom('appraisals').selectAll().where('kind', '=', 'vote').execute();
    expect(votes.every((v) => v.rater_id === null && /^\d{4}-\d{2}-\d{2}$/.test(v.created_at))).toBe(true);
    const bad = await sec.put(`/api/meetings/${m()}/appraisal/final`, {
      grades: { [P().memberB1]: '优秀', [P().author]: '优秀', [P().secB1]: '合格', [P().leaderB1]: '合格' },
    });
    expect(bad.status).toBe(400);
    const good = await sec.put(`/api/meetings/${m()}/appraisal/final`, {
      grades: { [P().memberB1]: '优秀', [P().author]: '合格', [P().secB1]: '合格', [P().leaderB1]: '基本合格' },
    });
    expect(good.status).toBe(200);
    const mine = await (await t.as('memberB1')).get(`/api/meetings/${m()}/appraisal/mine`);
    expect(mine.body).toMatchObject({ final: '优秀', peerComments: ['积极'] });
    expect(JSON.stringify(mine.body)).not.toContain(P().author);
    expect((await (await t.as('memberB1')).get(`/api/meetings/${m()}/appraisal`)).status).toBe(403);
    const given = await author.get(`/api/meetings/${m()}/appraisal/given`);
    expect(given.body.self).toMatchObject({ grade: '合格' });
    expect(given.body.peers).toEqual([{ rateeId: P().memberB1, grade: '优秀', comment: '积极' }]);
    expect(given.body.members).toHaveLength(4);
  });
});
