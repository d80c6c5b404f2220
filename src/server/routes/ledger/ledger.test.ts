/**
 * The ledger over HTTP, on a real database (fastify inject): the acceptance path — a material is
 * approved → its items appear → the owner uploads evidence and applies → the superior sends it back
 * once, then closes it; an item past its deadline shows as overdue — plus the permission rules,
 * Excel export/import and the dashboard. Authentication is stubbed (a header names the person):
 * sessions and CSRF are the server's and are tested in test/http.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, testDialects, type TestStore } from '../../../storage/testing.js';
import { createRepositories, type Repositories } from '../../../storage/repositories/index.js';
import { loadActor } from '../../domain/context.js';
import { errorHandler } from '../../errors.js';
import type { RouteContext } from '../../app.js';
import { materialFromText } from '../../../core/material/pipeline.js';
import { exportLedgerXlsx } from '../../../formats/ledger-xlsx.js';
import ledgerRoutes from './index.js';

const SAMPLE = readFileSync(new URL('../../../../test/fixtures/sample-2023.txt', import.meta.url), 'utf8');
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

function multipartBody(
  fields: Record<string, string>,
  file: { name: string; bytes: Buffer },
): { payload: Buffer; headers: Record<string, string> } {
  const b = '----jianshi' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${b}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${b}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: application/octet-stream\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${b}--\r\n`),
  );
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

for (const dialect of testDialects()) {
  describe(`ledger routes on ${dialect}`, () => {
    let store: TestStore;
    let repos: Repositories;
    let app: FastifyInstance;
    const p = { sec: '', owner: '', other: '', rev: '' };
    let b1 = '';
    let materialId = '';

    beforeAll(async () => {
      store = await openTestStore(dialect);
      repos = createRepositories(store);
      const root = await repos.orgs.create({ name: '某某党委', kind: '党委' });
      const branch = await repos.orgs.create({ name: '第一党支部', kind: '党支部', parentId: root.id });
      b1 = branch.id;
      for (const [k, name] of [
        ['sec', '张书记'],
        ['owner', '李明'],
        ['other', '王芳'],
        ['rev', '赵督导'],
      ] as const)
        p[k] = (await repos.people.create({ name, username: k })).id;
      await repos.memberships.add({ personId: p.sec, orgId: b1, role: 'secretary' });
      await repos.memberships.add({ personId: p.owner, orgId: b1, role: 'member' });
      await repos.memberships.add({ personId: p.other, orgId: b1, role: 'member' });
      await repos.memberships.add({ personId: p.rev, orgId: root.id, role: 'reviewer' });
      const meeting = await repos.meetings.create({
        orgId: b1,
        kind: '组织生活会',
        year: 2023,
        theme: '主题教育',
        createdBy: p.sec,
      });
      const m = materialFromText(SAMPLE);
      const mat = await repos.materials.create({
        meetingId: meeting.id,
        orgId: b1,
        kind: 'member',
        authorId: p.owner,
        title: m.title,
        content: m,
        digest: 'd',
      });
      materialId = mat.id;

      app = Fastify({ logger: false });
      app.setValidatorCompiler(validatorCompiler);
      app.setSerializerCompiler(serializerCompiler);
      app.setErrorHandler(errorHandler);
      app.decorateRequest('auth', null);
      await app.register(multipart, {
        limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 10, parts: 12 },
        throwFileSizeLimit: true,
      });
      app.addHook('onRequest', async (req) => {
        const who = req.headers['x-test-person'];
        const actor = typeof who === 'string' ? await loadActor(repos, who) : null;
        req.auth = actor ? { actor, sessionId: 's', csrfToken: 'c', view: {} } : null;
      });
      const ctx = { repos } as unknown as RouteContext;
      await app.register(async (api) => ledgerRoutes(api.withTypeProvider<ZodTypeProvider>(), ctx), { prefix: '/api' });
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      await store?.close();
    });

    const call = async (
      who: string | null,
      method: string,
      url: string,
      body?: unknown,
      extra?: { payload: Buffer; headers: Record<string, string> },
    ) => {
      const headers: Record<string, string> = { ...(who ? { 'x-test-person': who } : {}), ...(extra?.headers ?? {}) };
      let payload: string | Buffer | undefined = extra?.payload;
      if (body !== undefined) {
        payload = JSON.stringify(body);
        headers['content-type'] = 'application/json';
      }
      const r = await app.inject({ method: method as 'GET', url, headers, payload });
      const isJson = String(r.headers['content-type'] ?? '').includes('json');
      return { status: r.statusCode, body: isJson ? r.json() : r.rawPayload, headers: r.headers };
    };

    it('a material is approved → its items appear; refused before approval', async () => {
      expect((await call(p.sec, 'POST', `/api/ledger/from-material/${materialId}`)).body.code).toBe('E_BAD_STATE');
      await repos.materials.setStatus(materialId, 'draft', 'approved', {
        approvedAt: new Date().toISOString(),
        approvedBy: p.sec,
      });
      // Two at once (an approval and a click, two tabs): each measure becomes one item.
      const [r1, r2] = await Promise.all([
        call(p.sec, 'POST', `/api/ledger/from-material/${materialId}`),
        call(p.sec, 'POST', `/api/ledger/from-material/${materialId}`),
      ]);
      expect([r1.status, r2.status]).toEqual([201, 201]);
      expect([r1.body.items.length, r2.body.items.length].sort()).toEqual([0, 5]);
      const r = r1.body.items.length ? r1 : r2;
      expect(r.body.items[0]).toMatchObject({
        number: '2023-第一党支部-001',
        ownerId: p.owner,
        aspect: '理论学习',
        source: '对照检查',
        status: 'pending',
      });
      // idempotent
      expect((await call(p.sec, 'POST', `/api/ledger/from-material/${materialId}`)).body.items).toHaveLength(0);
      const mine = await call(p.owner, 'GET', '/api/ledger/items?view=tasks');
      expect(mine.body.total).toBe(5);
      expect(mine.body.items[0]).toHaveProperty('dueState');
      expect((await call(p.other, 'GET', '/api/ledger/items')).body.total).toBe(0);
      expect((await call(null, 'GET', '/api/ledger/items')).status).toBe(401);
    });

    it('the owner uploads evidence and applies; the superior sends back once, then closes', async () => {
      const list = await call(p.owner, 'GET', '/api/ledger/items');
      const id = list.body.items[0].id;
      expect((await call(p.owner, 'GET', `/api/ledger/items/${id}`)).body.can).toMatchObject({
        'ledger.start': true,
        'ledger.evidence': true,
        'ledger.apply': true,
        'ledger.close': false,
        'ledger.sendBack': false,
      });
      expect((await call(p.sec, 'GET', `/api/ledger/items/${id}`)).body.can).toMatchObject({
        'ledger.assign': true,
        'ledger.apply': false,
      });
      expect((await call(p.owner, 'POST', `/api/ledger/items/${id}/apply`, {})).body).toMatchObject({
        code: 'E_BAD_STATE',
        message: expect.stringContaining('佐证材料'),
      });
      expect((await call(p.owner, 'POST', `/api/ledger/items/${id}/notes`, { body: '已集中学习 3 次' })).status).toBe(
        201,
      );
      const up = await call(
        p.owner,
        'POST',
        `/api/ledger/items/${id}/evidence`,
        undefined,
        multipartBody({ evidenceOn: '2023-12-01' }, { name: '..\\..\\学习记录.pdf', bytes: PDF }),
      );
      expect(up.status).toBe(201);
      expect(up.body).toMatchObject({ fileName: '学习记录.pdf', mime: 'application/pdf', evidenceOn: '2023-12-01' });
      const bad = await call(
        p.owner,
        'POST',
        `/api/ledger/items/${id}/evidence`,
        undefined,
        multipartBody({}, { name: 'x.pdf', bytes: Buffer.from('MZ not a pdf') }),
      );
      expect([bad.status, bad.body.code]).toEqual([415, 'E_UNSUPPORTED_FORMAT']);
      expect((await call(p.owner, 'POST', `/api/ledger/items/${id}/apply`, {})).body.status).toBe('awaiting_close');
      // nobody closes his own item; a plain member cannot close; the superior may
      expect((await call(p.owner, 'POST', `/api/ledger/items/${id}/close`, {})).status).toBe(403);
      expect((await call(p.other, 'POST', `/api/ledger/items/${id}/close`, {})).status).toBe(404);
      expect((await call(p.rev, 'POST', `/api/ledger/items/${id}/send-back`, {})).body.code).toBe('E_BAD_STATE');
      expect(
        (await call(p.rev, 'POST', `/api/ledger/items/${id}/send-back`, { reason: '佐证材料不足以证明整改到位' })).body
          .status,
      ).toBe('in_progress');
      expect((await call(p.owner, 'POST', `/api/ledger/items/${id}/apply`, {})).body.status).toBe('awaiting_close');
      expect((await call(p.rev, 'POST', `/api/ledger/items/${id}/close`, {})).body.status).toBe('closed');
      const got = await call(p.owner, 'GET', `/api/ledger/items/${id}`);
      expect(got.body.transitions.map((t: { toStatus: string }) => t.toStatus)).toEqual([
        'awaiting_close',
        'in_progress',
        'awaiting_close',
        'closed',
      ]);
      expect(got.body.transitions[1]).toMatchObject({ actorId: p.rev, reason: '佐证材料不足以证明整改到位' });
      // what the page shows: names of the people involved, the organization and meeting, and what the reader may do now
      expect(got.body.names).toMatchObject({ [p.owner]: '李明', [p.rev]: '赵督导' });
      expect(got.body.org).toMatchObject({ id: b1, name: '第一党支部' });
      expect(got.body.meeting).toMatchObject({ year: 2023, kind: '组织生活会' });
      expect(got.body.can).toMatchObject({
        'ledger.edit': false,
        'ledger.evidence': false,
        'ledger.apply': false,
        'ledger.close': false,
      });
      expect((await call(p.owner, 'GET', '/api/ledger/items')).body.names).toEqual({ [p.owner]: '李明' });
      // closed items reject changes
      expect((await call(p.owner, 'PATCH', `/api/ledger/items/${id}`, { problem: '改' })).status).toBe(409);
      expect((await call(p.owner, 'POST', `/api/ledger/items/${id}/notes`, { body: 'x' })).status).toBe(409);
      // the download is the same bytes
      const dl = await call(p.rev, 'GET', `/api/ledger/evidence/${up.body.id}`);
      expect(dl.status).toBe(200);
      expect(Buffer.compare(dl.body as Buffer, PDF)).toBe(0);
      expect(String(dl.headers['content-disposition'])).toContain(encodeURIComponent('学习记录.pdf'));
      expect((await call(p.other, 'GET', `/api/ledger/evidence/${up.body.id}`)).status).toBe(404);
      // notifications: the closers were told of the application, the owner of the decision
      const n = await store.db.selectFrom('notifications').select(['person_id', 'kind']).execute();
      expect(n.some((x) => x.person_id === p.rev && x.kind === 'ledger.applied')).toBe(true);
      expect(n.some((x) => x.person_id === p.owner && x.kind === 'ledger.sent_back')).toBe(true);
      expect(n.some((x) => x.person_id === p.owner && x.kind === 'ledger.closed')).toBe(true);
    });

    it('owners edit only their items; an item past its deadline shows as overdue', async () => {
      const created = await call(p.sec, 'POST', '/api/ledger/items', {
        orgId: b1,
        items: [
          {
            year: 2023,
            source: '相互批评',
            problem: '调研少',
            ownerId: p.other,
            deadlineKind: 'date',
            deadlineOn: '2023-12-31',
          },
        ],
      });
      expect(created.status).toBe(201);
      const id = created.body.items[0].id;
      expect((await call(p.owner, 'PATCH', `/api/ledger/items/${id}`, { measures: 'x' })).status).toBe(404);
      expect((await call(p.rev, 'PATCH', `/api/ledger/items/${id}`, { measures: 'x' })).status).toBe(403);
      expect(
        (await call(p.other, 'PATCH', `/api/ledger/items/${id}`, { measures: '每季度下基层一次' })).body.measures,
      ).toBe('每季度下基层一次');
      expect((await call(p.other, 'PATCH', `/api/ledger/items/${id}`, { unknown: 1 })).status).toBe(400);
      expect(
        (
          await call(p.owner, 'POST', '/api/ledger/items', {
            orgId: b1,
            items: [{ year: 2023, source: '自查', problem: 'x', deadlineKind: 'ongoing' }],
          })
        ).status,
      ).toBe(403);
      const overdue = await call(p.sec, 'GET', `/api/ledger/items?due=overdue&orgId=${b1}`);
      expect(overdue.body.items.map((i: { id: string }) => i.id)).toContain(id);
      expect(overdue.body.items.every((i: { dueState: string }) => i.dueState === 'overdue')).toBe(true);
      const split = await call(p.other, 'POST', `/api/ledger/items/${id}/split`, {
        parts: [{ measures: '一季度调研' }, { measures: '二季度调研' }],
      });
      expect(split.body.items.map((i: { number: string }) => i.number)).toEqual([
        '2023-第一党支部-006',
        '2023-第一党支部-006-2',
      ]);
      const dash = await call(p.rev, 'GET', `/api/ledger/dashboard?orgId=${b1}`);
      expect(dash.body).toMatchObject({ total: 7, byStatus: { closed: 1 } });
      expect(dash.body.overdue).toBeGreaterThan(0);
      expect((await call(p.other, 'GET', `/api/ledger/dashboard?orgId=${b1}`)).status).toBe(403);
    });

    it('an owner cannot move his own deadline (403); he asks for an extension, the secretary decides, the history keeps both', async () => {
      const created = await call(p.sec, 'POST', '/api/ledger/items', {
        orgId: b1,
        items: [
          {
            year: 2023,
            source: '自查',
            problem: '调研报告质量不高',
            ownerId: p.owner,
            deadlineKind: 'date',
            deadlineOn: '2023-06-30',
          },
        ],
      });
      const id = created.body.items[0].id;
      const item = async (who = p.owner) => (await call(who, 'GET', `/api/ledger/items/${id}`)).body;
      expect((await item()).dueState).toBe('overdue');

      // The owner's own PATCH of the deadline (or its kind) is refused with a stable code and a Chinese message; nothing changes.
      for (const patch of [
        { deadlineOn: '2099-12-31' },
        { deadlineKind: 'ongoing', deadlineOn: null },
        { deadlineKind: 'date', deadlineOn: null },
      ]) {
        const r = await call(p.owner, 'PATCH', `/api/ledger/items/${id}`, patch);
        expect([r.status, r.body.code]).toEqual([403, 'E_DEADLINE_FORBIDDEN']);
        expect(r.body.message).toContain('延期申请');
      }
      expect((await item()).item).toMatchObject({ deadlineKind: 'date', deadlineOn: '2023-06-30' });
      expect((await item()).can).toMatchObject({ 'ledger.extend': true, 'ledger.deadline': false });
      expect((await item(p.sec)).can).toMatchObject({ 'ledger.extend': false, 'ledger.deadline': true });
      // Resending the same deadline with other edits is no change and stays allowed.
      expect(
        (
          await call(p.owner, 'PATCH', `/api/ledger/items/${id}`, {
            measures: '每季度形成一篇调研报告',
            deadlineKind: 'date',
            deadlineOn: '2023-06-30',
          })
        ).status,
      ).toBe(200);
      // Nor can he split the work into a part due later.
      const split = await call(p.owner, 'POST', `/api/ledger/items/${id}/split`, {
        parts: [{ measures: '上半年' }, { measures: '下半年', deadlineKind: 'date', deadlineOn: '2099-12-31' }],
      });
      expect([split.status, split.body.code]).toEqual([403, 'E_DEADLINE_FORBIDDEN']);

      // A request needs a real date after the old one and a reason; only the owner asks.
      const ask = (who: string, body: unknown) => call(who, 'POST', `/api/ledger/items/${id}/extensions`, body);
      for (const d of ['2024-02-30', '2024-13-01', '24-1-1'])
        expect((await ask(p.owner, { newDeadlineOn: d, reason: '原因' })).status).toBe(400);
      const early = await ask(p.owner, { newDeadlineOn: '2023-06-30', reason: '原因' });
      expect([early.status, early.body.code, early.body.message]).toEqual([
        400,
        'E_VALIDATION',
        expect.stringContaining('须晚于原完成时限'),
      ]);
      expect((await ask(p.owner, { newDeadlineOn: '2024-03-31' })).status).toBe(400);
      expect((await ask(p.other, { newDeadlineOn: '2024-03-31', reason: '我来申请' })).status).toBe(404);
      expect((await ask(p.sec, { newDeadlineOn: '2024-03-31', reason: '书记代申请' })).status).toBe(403);
      const req1 = await ask(p.owner, { newDeadlineOn: '2024-03-31', reason: '调研对象年底集中换届' });
      expect(req1.status).toBe(201);
      expect(req1.body).toMatchObject({
        status: 'pending',
        requestedBy: p.owner,
        oldDeadlineOn: '2023-06-30',
        newDeadlineOn: '2024-03-31',
        reason: '调研对象年底集中换届',
      });
      expect((await ask(p.owner, { newDeadlineOn: '2024-06-30', reason: '再申请' })).status).toBe(409);
      // While it waits the item is still overdue, and the secretary finds it among the pending requests.
      expect((await item()).dueState).toBe('overdue');
      const waiting = await call(p.sec, 'GET', `/api/ledger/items?orgId=${b1}&extension=pending`);
      expect(waiting.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
      expect(waiting.body.pendingExtensions).toEqual({ [id]: '2024-03-31' });
      // Nobody decides his own request; a member cannot decide; the superior could.
      expect(
        (await call(p.owner, 'POST', `/api/ledger/items/${id}/extensions/${req1.body.id}/approve`, {})).status,
      ).toBe(403);
      expect(
        (await call(p.other, 'POST', `/api/ledger/items/${id}/extensions/${req1.body.id}/approve`, {})).status,
      ).toBe(404);

      const ok = await call(p.sec, 'POST', `/api/ledger/items/${id}/extensions/${req1.body.id}/approve`, {
        comment: '同意，年底前完成',
      });
      expect(ok.status).toBe(200);
      expect(ok.body.item.deadlineOn).toBe('2024-03-31');
      expect(
        (await call(p.sec, 'POST', `/api/ledger/items/${id}/extensions/${req1.body.id}/refuse`, { comment: '晚了' }))
          .status,
      ).toBe(409);

      // A second request is refused: a comment is required, and the deadline stays.
      const req2 = await ask(p.owner, { newDeadlineOn: '2024-12-31', reason: '还需要时间' });
      expect(req2.status).toBe(201);
      expect(
        (await call(p.sec, 'POST', `/api/ledger/items/${id}/extensions/${req2.body.id}/refuse`, {})).body.code,
      ).toBe('E_VALIDATION');
      const no = await call(p.sec, 'POST', `/api/ledger/items/${id}/extensions/${req2.body.id}/refuse`, {
        comment: '一季度可以完成',
      });
      expect(no.status).toBe(200);
      expect(no.body.item.deadlineOn).toBe('2024-03-31');

      // The history: both requests and both decisions — who, when, old and new date, reason, comment.
      const got = await item();
      expect(got.item.deadlineOn).toBe('2024-03-31');
      expect(got.extensions).toMatchObject([
        {
          status: 'approved',
          requestedBy: p.owner,
          oldDeadlineOn: '2023-06-30',
          newDeadlineOn: '2024-03-31',
          reason: '调研对象年底集中换届',
          decidedBy: p.sec,
          comment: '同意，年底前完成',
        },
        {
          status: 'refused',
          requestedBy: p.owner,
          oldDeadlineOn: '2024-03-31',
          newDeadlineOn: '2024-12-31',
          reason: '还需要时间',
          decidedBy: p.sec,
          comment: '一季度可以完成',
        },
      ]);
      for (const x of got.extensions)
        for (const k of ['requestedAt', 'decidedAt']) expect(x[k]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(got.names).toMatchObject({ [p.owner]: '李明', [p.sec]: '张书记' });
      // The audit log records each request and each decision.
      const audit = await store.db
        .selectFrom('audit_log')
        .select(['action', 'actor_id'])
        .where('entity_id', '=', id)
        .where('action', 'like', 'ledger.extension.%')
        .execute();
      expect(audit.map((a) => `${a.action}:${a.actor_id}`)).toEqual([
        `ledger.extension.request:${p.owner}`,
        `ledger.extension.approve:${p.sec}`,
        `ledger.extension.request:${p.owner}`,
        `ledger.extension.refuse:${p.sec}`,
      ]);
      // Notices: the secretary of each request, the owner of each decision.
      const n = await store.db
        .selectFrom('notifications')
        .select(['person_id', 'kind', 'title'])
        .where('kind', 'like', 'ledger.extension%')
        .execute();
      expect(n.filter((x) => x.person_id === p.sec && x.kind === 'ledger.extension_requested')).toHaveLength(2);
      expect(
        n
          .filter((x) => x.person_id === p.owner && x.kind === 'ledger.extension_decided')
          .map((x) => x.title)
          .sort(),
      ).toEqual(['延期申请已同意：' + got.item.number, '延期申请未同意：' + got.item.number].sort());
      // The export shows the current deadline and the 延期情况.
      const ex = await call(p.sec, 'GET', `/api/ledger/export?orgId=${b1}`);
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(ex.body as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      const head = (ws.getRow(2).values as unknown[]).map(String);
      const row = [...Array(ws.rowCount).keys()]
        .map((k) => ws.getRow(k + 1))
        .find((r) => r.getCell(head.indexOf('问题编号')).value === got.item.number)!;
      expect((row.getCell(head.indexOf('完成时限')).value as Date).toISOString().slice(0, 10)).toBe('2024-03-31');
      expect(String(row.getCell(head.indexOf('延期情况')).value)).toMatch(
        /同意延期：2023年6月30日 → 2024年3月31日\n.*未同意延期：2024年3月31日 → 2024年12月31日/,
      );

      // Those who set deadlines still set them directly.
      const direct = await call(p.sec, 'PATCH', `/api/ledger/items/${id}`, { deadlineOn: '2024-05-31' });
      expect([direct.status, direct.body.deadlineOn]).toEqual([200, '2024-05-31']);
    });

    it("the secretary's own and the unit's deadlines are the superior's", async () => {
      const created = await call(p.sec, 'POST', '/api/ledger/items', {
        orgId: b1,
        items: [
          {
            year: 2023,
            source: '自查',
            problem: '书记本人的问题',
            ownerId: p.sec,
            deadlineKind: 'date',
            deadlineOn: '2023-06-30',
          },
          {
            year: 2023,
            source: '自查',
            problem: '班子的问题',
            ownerId: null,
            deadlineKind: 'date',
            deadlineOn: '2023-06-30',
          },
        ],
      });
      for (const it of created.body.items) {
        const r = await call(p.sec, 'PATCH', `/api/ledger/items/${it.id}`, { deadlineOn: '2099-01-01' });
        expect([r.status, r.body.code]).toEqual([403, 'E_DEADLINE_FORBIDDEN']);
        const x = await call(p.sec, 'POST', `/api/ledger/items/${it.id}/extensions`, {
          newDeadlineOn: '2024-01-31',
          reason: '换届',
        });
        expect(x.status).toBe(201);
        expect(
          (await call(p.sec, 'POST', `/api/ledger/items/${it.id}/extensions/${x.body.id}/approve`, {})).status,
        ).toBe(403);
        expect(
          (await call(p.rev, 'POST', `/api/ledger/items/${it.id}/extensions/${x.body.id}/approve`, {})).body.item
            .deadlineOn,
        ).toBe('2024-01-31');
        expect((await call(p.rev, 'PATCH', `/api/ledger/items/${it.id}`, { deadlineOn: '2024-02-29' })).status).toBe(
          200,
        );
      }
      // the superior was told of the requests
      const n = await store.db
        .selectFrom('notifications')
        .select(['person_id'])
        .where('kind', '=', 'ledger.extension_requested')
        .where('person_id', '=', p.rev)
        .execute();
      expect(n).toHaveLength(2);
    });

    it('a secretary cannot launder his own deadline by handing the item to a member and taking it back', async () => {
      const created = await call(p.sec, 'POST', '/api/ledger/items', {
        orgId: b1,
        items: [
          {
            year: 2023,
            source: '自查',
            problem: '书记本人的另一个问题',
            ownerId: p.sec,
            deadlineKind: 'date',
            deadlineOn: '2023-06-30',
          },
        ],
      });
      const id = created.body.items[0].id;
      expect((await call(p.sec, 'PATCH', `/api/ledger/items/${id}`, { ownerId: p.owner })).status).toBe(200);
      // now a member's item: its deadline is the secretary's to set
      expect((await call(p.sec, 'PATCH', `/api/ledger/items/${id}`, { deadlineOn: '2099-06-30' })).status).toBe(200);
      const back = await call(p.sec, 'PATCH', `/api/ledger/items/${id}`, { ownerId: p.sec });
      expect([back.status, back.body.code]).toEqual([403, 'E_DEADLINE_FORBIDDEN']);
      expect(back.body.message).toContain('不能把整改事项改由自己负责');
      const item = (await call(p.rev, 'GET', `/api/ledger/items/${id}`)).body;
      expect((item.item ?? item).ownerId).toBe(p.owner);
    });

    it('exports and imports Excel; a sheet with errors imports nothing (422) unless allowPartial', async () => {
      const ex = await call(p.sec, 'GET', `/api/ledger/export?orgId=${b1}`);
      expect(ex.status).toBe(200);
      expect(String(ex.headers['content-type'])).toContain('spreadsheetml');
      expect((await call(p.owner, 'GET', `/api/ledger/export?orgId=${b1}`)).status).toBe(403);
      const sheet = await exportLedgerXlsx(
        [
          {
            number: null,
            source: '征求意见',
            aspect: null,
            problem: '会议多',
            target: null,
            measures: null,
            leaderName: null,
            department: null,
            ownerName: '李明',
            deadlineKind: 'immediate',
            deadlineOn: null,
            status: 'pending',
            progress: '已精简',
            evidence: null,
            closure: null,
          },
          {
            number: null,
            source: '自查',
            aspect: null,
            problem: '资料不全',
            target: null,
            measures: null,
            leaderName: null,
            department: null,
            ownerName: '查无此人',
            deadlineKind: 'ongoing',
            deadlineOn: null,
            status: 'closed',
            progress: null,
            evidence: null,
            closure: null,
          },
        ],
        { title: '第一党支部整改台账' },
      );
      const blocked = await call(
        p.sec,
        'POST',
        `/api/ledger/import?orgId=${b1}`,
        undefined,
        multipartBody({}, { name: 't.xlsx', bytes: sheet }),
      );
      expect(blocked.status).toBe(422);
      expect(blocked.body.errors.map((e: { code: string }) => e.code).sort()).toEqual([
        'E_STATUS_NOT_ALLOWED',
        'E_UNKNOWN_PERSON',
      ]);
      expect(blocked.body.created).toBe(0);
      const partial = await call(
        p.sec,
        'POST',
        `/api/ledger/import?orgId=${b1}&allowPartial=1`,
        undefined,
        multipartBody({}, { name: 't.xlsx', bytes: sheet }),
      );
      expect(partial.status).toBe(201);
      expect(partial.body.items).toHaveLength(1);
      expect(partial.body.items[0]).toMatchObject({ ownerId: p.owner, source: '征求意见', deadlineKind: 'immediate' });
      expect(
        (
          await call(
            p.owner,
            'POST',
            `/api/ledger/import?orgId=${b1}`,
            undefined,
            multipartBody({}, { name: 't.xlsx', bytes: sheet }),
          )
        ).status,
      ).toBe(403);
    });
  });
}
