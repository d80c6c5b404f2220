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

function multipartBody(fields: Record<string, string>, file: { name: string; bytes: Buffer }): { payload: Buffer; headers: Record<string, string> } {
  const b = '----jianshi' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${b}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${b}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: application/octet-stream\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${b}--\r\n`));
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
      for (const [k, name] of [['sec', '张书记'], ['owner', '李明'], ['other', '王芳'], ['rev', '赵督导']] as const) p[k] = (await repos.people.create({ name, username: k })).id;
      await repos.memberships.add({ personId: p.sec, orgId: b1, role: 'secretary' });
      await repos.memberships.add({ personId: p.owner, orgId: b1, role: 'member' });
      await repos.memberships.add({ personId: p.other, orgId: b1, role: 'member' });
      await repos.memberships.add({ personId: p.rev, orgId: root.id, role: 'reviewer' });
      const meeting = await repos.meetings.create({ orgId: b1, kind: '组织生活会', year: 2023, theme: '主题教育', createdBy: p.sec });
      const m = materialFromText(SAMPLE);
      const mat = await repos.materials.create({ meetingId: meeting.id, orgId: b1, kind: 'member', authorId: p.owner, title: m.title, content: m, digest: 'd' });
      materialId = mat.id;

      app = Fastify({ logger: false });
      app.setValidatorCompiler(validatorCompiler);
      app.setSerializerCompiler(serializerCompiler);
      app.setErrorHandler(errorHandler);
      app.decorateRequest('auth', null);
      await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 10, parts: 12 }, throwFileSizeLimit: true });
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

    const call = async (who: string | null, method: string, url: string, body?: unknown, extra?: { payload: Buffer; headers: Record<string, string> }) => {
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
      await repos.materials.setStatus(materialId, 'draft', 'approved', { approvedAt: new Date().toISOString(), approvedBy: p.sec });
      // Two at once (an approval and a click, two tabs): each measure becomes one item.
      const [r1, r2] = await Promise.all([call(p.sec, 'POST', `/api/ledger/from-material/${materialId}`), call(p.sec, 'POST', `/api/ledger/from-material/${materialId}`)]);
      expect([r1.status, r2.status]).toEqual([201, 201]);
      expect([r1.body.items.length, r2.body.items.length].sort()).toEqual([0, 5]);
      const r = r1.body.items.length ? r1 : r2;
      expect(r.body.items[0]).toMatchObject({ number: '2023-第一党支部-001', ownerId: p.owner, aspect: '理论学习', source: '对照检查', status: 'pending' });
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
      expect((await call(p.owner, 'GET', `/api/ledger/items/${id}`)).body.can).toMatchObject({ 'ledger.start': true, 'ledger.evidence': true, 'ledger.apply': true, 'ledger.close': false, 'ledger.sendBack': false });
      expect((await call(p.sec, 'GET', `/api/ledger/items/${id}`)).body.can).toMatchObject({ 'ledger.assign': true, 'ledger.apply': false });
      expect((await call(p.owner, 'POST', `/api/ledger/items/${id}/apply`, {})).body).toMatchObject({ code: 'E_BAD_STATE', message: expect.stringContaining('佐证材料') });
      expect((await call(p.owner, 'POST', `/api/ledger/items/${id}/notes`, { body: '已集中学习 3 次' })).status).toBe(201);
      const up = await call(p.owner, 'POST', `/api/ledger/items/${id}/evidence`, undefined, multipartBody({ evidenceOn: '2023-12-01' }, { name: '..\\..\\学习记录.pdf', bytes: PDF }));
      expect(up.status).toBe(201);
      expect(up.body).toMatchObject({ fileName: '学习记录.pdf', mime: 'application/pdf', evidenceOn: '2023-12-01' });
      const bad = await call(p.owner, 'POST', `/api/ledger/items/${id}/evidence`, undefined, multipartBody({}, { name: 'x.pdf', bytes: Buffer.from('MZ not a pdf') }));
      expect([bad.status, bad.body.code]).toEqual([415, 'E_UNSUPPORTED_FORMAT']);
      expect((await call(p.owner, 'POST', `/api/ledger/items/${id}/apply`, {})).body.status).toBe('awaiting_close');
      // nobody closes his own item; a plain member cannot close; the superior may
      expect((await call(p.owner, 'POST', `/api/ledger/items/${id}/close`, {})).status).toBe(403);
      expect((await call(p.other, 'POST', `/api/ledger/items/${id}/close`, {})).status).toBe(404);
      expect((await call(p.rev, 'POST', `/api/ledger/items/${id}/send-back`, {})).body.code).toBe('E_BAD_STATE');
      expect((await call(p.rev, 'POST', `/api/ledger/items/${id}/send-back`, { reason: '佐证材料不足以证明整改到位' })).body.status).toBe('in_progress');
      expect((await call(p.owner, 'POST', `/api/ledger/items/${id}/apply`, {})).body.status).toBe('awaiting_close');
      expect((await call(p.rev, 'POST', `/api/ledger/items/${id}/close`, {})).body.status).toBe('closed');
      const got = await call(p.owner, 'GET', `/api/ledger/items/${id}`);
      expect(got.body.transitions.map((t: { toStatus: string }) => t.toStatus)).toEqual(['awaiting_close', 'in_progress', 'awaiting_close', 'closed']);
      expect(got.body.transitions[1]).toMatchObject({ actorId: p.rev, reason: '佐证材料不足以证明整改到位' });
      // what the page shows: names of the people involved, the organization and meeting, and what the reader may do now
      expect(got.body.names).toMatchObject({ [p.owner]: '李明', [p.rev]: '赵督导' });
      expect(got.body.org).toMatchObject({ id: b1, name: '第一党支部' });
      expect(got.body.meeting).toMatchObject({ year: 2023, kind: '组织生活会' });
      expect(got.body.can).toMatchObject({ 'ledger.edit': false, 'ledger.evidence': false, 'ledger.apply': false, 'ledger.close': false });
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
      const created = await call(p.sec, 'POST', '/api/ledger/items', { orgId: b1, items: [{ year: 2023, source: '相互批评', problem: '调研少', ownerId: p.other, deadlineKind: 'date', deadlineOn: '2023-12-31' }] });
      expect(created.status).toBe(201);
      const id = created.body.items[0].id;
      expect((await call(p.owner, 'PATCH', `/api/ledger/items/${id}`, { measures: 'x' })).status).toBe(404);
      expect((await call(p.rev, 'PATCH', `/api/ledger/items/${id}`, { measures: 'x' })).status).toBe(403);
      expect((await call(p.other, 'PATCH', `/api/ledger/items/${id}`, { measures: '每季度下基层一次' })).body.measures).toBe('每季度下基层一次');
      expect((await call(p.other, 'PATCH', `/api/ledger/items/${id}`, { unknown: 1 })).status).toBe(400);
      expect((await call(p.owner, 'POST', '/api/ledger/items', { orgId: b1, items: [{ year: 2023, source: '自查', problem: 'x', deadlineKind: 'ongoing' }] })).status).toBe(403);
      const overdue = await call(p.sec, 'GET', `/api/ledger/items?due=overdue&orgId=${b1}`);
      expect(overdue.body.items.map((i: { id: string }) => i.id)).toContain(id);
      expect(overdue.body.items.every((i: { dueState: string }) => i.dueState === 'overdue')).toBe(true);
      const split = await call(p.other, 'POST', `/api/ledger/items/${id}/split`, { parts: [{ measures: '一季度调研' }, { measures: '二季度调研' }] });
      expect(split.body.items.map((i: { number: string }) => i.number)).toEqual(['2023-第一党支部-006', '2023-第一党支部-006-2']);
      const dash = await call(p.rev, 'GET', `/api/ledger/dashboard?orgId=${b1}`);
      expect(dash.body).toMatchObject({ total: 7, byStatus: { closed: 1 } });
      expect(dash.body.overdue).toBeGreaterThan(0);
      expect((await call(p.other, 'GET', `/api/ledger/dashboard?orgId=${b1}`)).status).toBe(403);
    });

    it('exports and imports Excel; a sheet with errors imports nothing (422) unless allowPartial', async () => {
      const ex = await call(p.sec, 'GET', `/api/ledger/export?orgId=${b1}`);
      expect(ex.status).toBe(200);
      expect(String(ex.headers['content-type'])).toContain('spreadsheetml');
      expect((await call(p.owner, 'GET', `/api/ledger/export?orgId=${b1}`)).status).toBe(403);
      const sheet = await exportLedgerXlsx([
        { number: null, source: '征求意见', aspect: null, problem: '会议多', target: null, measures: null, leaderName: null, department: null, ownerName: '李明', deadlineKind: 'immediate', deadlineOn: null, status: 'pending', progress: '已精简', evidence: null, closure: null },
        { number: null, source: '自查', aspect: null, problem: '资料不全', target: null, measures: null, leaderName: null, department: null, ownerName: '查无此人', deadlineKind: 'ongoing', deadlineOn: null, status: 'closed', progress: null, evidence: null, closure: null },
      ], { title: '第一党支部整改台账' });
      const blocked = await call(p.sec, 'POST', `/api/ledger/import?orgId=${b1}`, undefined, multipartBody({}, { name: 't.xlsx', bytes: sheet }));
      expect(blocked.status).toBe(422);
      expect(blocked.body.errors.map((e: { code: string }) => e.code).sort()).toEqual(['E_STATUS_NOT_ALLOWED', 'E_UNKNOWN_PERSON']);
      expect(blocked.body.created).toBe(0);
      const partial = await call(p.sec, 'POST', `/api/ledger/import?orgId=${b1}&allowPartial=1`, undefined, multipartBody({}, { name: 't.xlsx', bytes: sheet }));
      expect(partial.status).toBe(201);
      expect(partial.body.items).toHaveLength(1);
      expect(partial.body.items[0]).toMatchObject({ ownerId: p.owner, source: '征求意见', deadlineKind: 'immediate' });
      expect((await call(p.owner, 'POST', `/api/ledger/import?orgId=${b1}`, undefined, multipartBody({}, { name: 't.xlsx', bytes: sheet }))).status).toBe(403);
    });
  });
}
