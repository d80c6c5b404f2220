/**
 * Deadlines and notifications on a real database (SQLite, and PostgreSQL with
 * TEST_DATABASE_URL) and a real SMTP server (smtp-server on 127.0.0.1):
 *  - the daily pass run twice notifies once; two instances (two stores on one database, two
 *    schedulers ticking at once) do not double-notify, and only one of them runs the pass;
 *  - transitions (applied / closed / sent back) reach the right people, over GET /api/notifications;
 *    read one, read all, someone else's id is 404;
 *  - overdue mail to an owner with an address and the secretary's digest arrive at the SMTP server;
 *  - SMTP down: logged, the in-app notification is there, the mail stays queued and is sent once
 *    the server is back; the HTTP routes keep working.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Store } from '../../storage/db.js';
import { openTestStore, testDialects, type TestStore } from '../../storage/testing.js';
import { createRepositories, type Repositories } from '../../storage/repositories/index.js';
import { ledgerRepository } from '../../storage/repositories/ledger.js';
import { loadActor } from '../domain/context.js';
import { errorHandler } from '../errors.js';
import type { RouteContext } from '../app.js';
import { loadConfig } from '../config.js';
import { buildApp } from '../app.js';
import { ledgerService } from '../domain/ledger/service.js';
import { notificationRoutes } from '../routes/notifications/index.js';
import { readNotifyConfig, type NotifyConfig } from './config.js';
import { claimDailyLease, dailyLease, runDailyPass } from './daily.js';
import { smtpMailer } from './mailer.js';
import { localDayHour, startNotificationScheduler } from './scheduler.js';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
const DAY = '2024-07-15';
/** 2024-07-15 09:00 in Shanghai. */
const NOW = new Date('2024-07-15T01:00:00.000Z');

interface Received {
  to: string[];
  raw: string;
}

/** A real SMTP server on a free port; collects what it receives. */
async function startSmtp(): Promise<{ port: number; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((res) => server.close(() => res())) };
}

/** The decoded subject and text body of a received message (base64 text, RFC 2047 subject). */
function decode(raw: string): { subject: string; text: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subj = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const subject = subj.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, s: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(s, 'base64').toString('utf8')
      : decodeURIComponent(s.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, '%$1')),
  );
  const text = Buffer.from(rest.join('\n\n').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('utf8');
  return { subject, text };
}

const silent = () => {
  const lines: { level: string; obj: object; msg: string }[] = [];
  const at = (level: string) => (obj: object, msg: string) => void lines.push({ level, obj, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
};

const notifyConfig = (env: Record<string, string> = {}): NotifyConfig => {
  const r = readNotifyConfig({ NOTIFY_TIME_ZONE: 'Asia/Shanghai', NOTIFY_DAILY_HOUR: '8', ...env });
  expect(r.problems).toEqual([]);
  return r.value;
};

describe('notification configuration', () => {
  it('accepts SMTP_URL or SMTP_HOST, needs SMTP_FROM, lists every problem at once', () => {
    expect(loadConfig({}).notify).toMatchObject({
      scheduler: true,
      dailyHour: 8,
      timeZone: 'Asia/Shanghai',
      smtp: undefined,
    });
    expect(
      loadConfig({ SMTP_URL: 'smtps://u:p%40ss@mail.example.org', SMTP_FROM: '检视 <jianshi@example.org>' }).notify
        ?.smtp,
    ).toMatchObject({ port: 465, secure: true, from: '检视 <jianshi@example.org>' });
    expect(
      loadConfig({ SMTP_HOST: 'mail', SMTP_PORT: '25', SMTP_USER: 'u', SMTP_PASS: 'p', SMTP_FROM: 'a@b.c' }).notify
        ?.smtp,
    ).toMatchObject({ host: 'mail', port: 25, secure: false, user: 'u' });
    let problems: string[] = [];
    try {
      loadConfig({
        SMTP_HOST: 'mail',
        SMTP_PORT: 'x',
        SMTP_USER: 'u',
        NOTIFY_DAILY_HOUR: '25',
        NOTIFY_TIME_ZONE: 'Mars/Base',
        NOTIFY_SCHEDULER: 'maybe',
      });
    } catch (e) {
      problems = (e as { details?: { problems: string[] } }).details?.problems ?? [];
    }
    expect(problems.join('\n')).toMatch(/SMTP_PORT[\s\S]*SMTP_PASS[\s\S]*SMTP_FROM/);
    expect(problems.join('\n')).toMatch(/NOTIFY_DAILY_HOUR[\s\S]*NOTIFY_TIME_ZONE/);
    expect(problems.some((p) => p.startsWith('NOTIFY_SCHEDULER'))).toBe(true);
    expect(() => loadConfig({ SMTP_FROM: 'a@b.c' })).toThrow(/SMTP_FROM/);
  });
  it('computes the local day and hour in the configured zone', () => {
    expect(localDayHour(new Date('2024-07-14T23:30:00Z'), 'Asia/Shanghai')).toEqual({ day: '2024-07-15', hour: 7 });
    expect(localDayHour(new Date('2024-07-14T23:30:00Z'), 'UTC')).toEqual({ day: '2024-07-14', hour: 23 });
  });
});

describe('the server with notifications configured', () => {
  it('starts with an unreachable SMTP server, serves /api/notifications and stops cleanly (the scheduler stops with it)', async () => {
    const store = await openTestStore('sqlite');
    try {
      const probe = await startSmtp();
      await probe.close();
      const config = loadConfig({
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        PORT: '0',
        WEB_DIST: '/nonexistent',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(probe.port),
        SMTP_FROM: 'jianshi@example.org',
        NOTIFY_INTERVAL_SECONDS: '1',
      });
      const app = await buildApp({ config, store, logger: false });
      expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(401);
      expect((app.swagger() as { paths: Record<string, unknown> }).paths).toHaveProperty([
        '/api/notifications/{id}/read',
      ]);
      await app.close();
      // with nothing due, a tick writes nothing at all (no lease, no notification)
      const repos = createRepositories(store);
      const s = startNotificationScheduler({
        repos,
        notify: notifyConfig(),
        log: silent(),
        mailer: null,
        timer: false,
        now: () => NOW,
      });
      expect((await s.tick()).pass).toEqual({ items: 0, notified: 0, queuedMail: 0 });
      await s.stop();
      expect(await dailyLease(repos)).toBeNull();
    } finally {
      await store.close();
    }
  });
});

for (const dialect of testDialects()) {
  describe(`notifications on ${dialect}`, () => {
    let store: TestStore;
    let repos: Repositories;
    let app: FastifyInstance;
    const p = { sec: '', owner: '', other: '', rev: '' };
    let b1 = '';
    let overdueId = '';
    let awaitId = '';

    beforeAll(async () => {
      store = await openTestStore(dialect);
      repos = createRepositories(store);
      const root = await repos.orgs.create({ name: '某某党委', kind: '党委' });
      b1 = (await repos.orgs.create({ name: '第一党支部', kind: '党支部', parentId: root.id })).id;
      for (const [k, name] of [
        ['sec', '张书记'],
        ['owner', '李明'],
        ['other', '王芳'],
        ['rev', '赵督导'],
      ] as const)
        p[k] = (await repos.people.create({ name, username: k })).id;
      await repos.people.setEmail(p.owner, 'liming@example.org');
      await repos.people.setEmail(p.sec, 'zhang@example.org');
      await repos.memberships.add({ personId: p.sec, orgId: b1, role: 'secretary' });
      await repos.memberships.add({ personId: p.owner, orgId: b1, role: 'member' });
      await repos.memberships.add({ personId: p.other, orgId: b1, role: 'member' });
      await repos.memberships.add({ personId: p.rev, orgId: root.id, role: 'reviewer' });
      const L = ledgerRepository(repos.db, repos.dialect);
      const base = { orgId: b1, year: 2024, source: '自查', deadlineKind: 'date' as const };
      const items = await L.insertMany(
        [
          {
            ...base,
            number: '2024-第一党支部-001',
            problem: '理论学习不深入',
            ownerId: p.owner,
            deadlineOn: '2024-07-01',
          }, // overdue
          {
            ...base,
            number: '2024-第一党支部-002',
            problem: '调查研究不够',
            ownerId: p.other,
            deadlineOn: '2024-07-18',
          }, // due soon (王芳 has no address)
          { ...base, number: '2024-第一党支部-003', problem: '班子问题', ownerId: null, deadlineOn: '2024-07-10' }, // overdue unit item → secretaries
          { ...base, number: '2024-第一党支部-004', problem: '已按期', ownerId: p.owner, deadlineOn: '2024-12-31' }, // ok
          {
            ...base,
            number: '2024-第一党支部-005',
            problem: '待审核事项',
            ownerId: p.owner,
            deadlineOn: '2024-12-31',
            status: 'in_progress',
          },
        ],
        p.sec,
        '2024-06-01T00:00:00.000Z',
      );
      overdueId = items[0].id;
      awaitId = items[4].id;

      app = Fastify({ logger: false });
      app.setValidatorCompiler(validatorCompiler);
      app.setSerializerCompiler(serializerCompiler);
      app.setErrorHandler(errorHandler);
      app.decorateRequest('auth', null);
      app.addHook('onRequest', async (req) => {
        const who = req.headers['x-test-person'];
        const actor = typeof who === 'string' ? await loadActor(repos, who) : null;
        req.auth = actor ? { actor, sessionId: 's', csrfToken: 'c', view: {} } : null;
      });
      await app.register(
        async (api) =>
          notificationRoutes(api.withTypeProvider<ZodTypeProvider>(), { repos } as unknown as RouteContext),
        { prefix: '/api' },
      );
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      await store?.close();
    });

    const call = async (who: string | null, method: 'GET' | 'POST', url: string) => {
      const r = await app.inject({ method, url, headers: who ? { 'x-test-person': who } : {} });
      return { status: r.statusCode, body: r.json() };
    };
    const count = async () =>
      Number(
        (
          await repos.db
            .selectFrom('notifications')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('the daily pass run twice notifies once', async () => {
      const first = await runDailyPass(repos, DAY);
      // owner overdue, 王芳 due soon, the unit item's overdue notice to the secretary, the secretary's digest
      expect(first).toMatchObject({ items: 3, notified: 4, queuedMail: 0 });
      expect(await runDailyPass(repos, DAY)).toMatchObject({ items: 3, notified: 0 });
      const kinds = await repos.db
        .selectFrom('notifications')
        .select(['person_id', 'kind'])
        .orderBy('kind')
        .orderBy('person_id')
        .execute();
      expect(kinds).toEqual(
        expect.arrayContaining([
          { person_id: p.owner, kind: 'ledger.overdue' },
          { person_id: p.other, kind: 'ledger.due_soon' },
          { person_id: p.sec, kind: 'ledger.overdue' },
          { person_id: p.sec, kind: 'ledger.digest' },
        ]),
      );
      expect(kinds).toHaveLength(4);
      // 2024-07-16 starts the third week overdue for 001 (a weekly reminder); on 07-17 only the digest is new
      expect(await runDailyPass(repos, '2024-07-16')).toMatchObject({ notified: 2 });
      expect(await runDailyPass(repos, '2024-07-17')).toMatchObject({ notified: 1 });
    });

    it('two instances ticking at once notify once, and one of them runs the pass', async () => {
      // a second store on the same database: another server instance
      const other: Store = await openDatabase(
        store.location.databaseUrl
          ? { databaseUrl: store.location.databaseUrl, poolSize: 2 }
          : { dataDir: store.location.dataDir! },
      );
      const repos2 = createRepositories(other);
      try {
        const before = await count();
        const day = '2024-07-22'; // a new week: fresh overdue reminders and a digest
        const when = new Date('2024-07-22T02:00:00.000Z');
        const cfg = notifyConfig();
        const a = startNotificationScheduler({
          repos,
          notify: cfg,
          log: silent(),
          mailer: null,
          timer: false,
          now: () => when,
          instanceId: 'A',
        });
        const b = startNotificationScheduler({
          repos: repos2,
          notify: cfg,
          log: silent(),
          mailer: null,
          timer: false,
          now: () => when,
          instanceId: 'B',
        });
        const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
        await Promise.all([a.stop(), b.stop()]);
        expect([ra.day, rb.day]).toEqual([day, day]);
        const passes = [ra.pass, rb.pass].filter((x) => typeof x === 'object');
        expect(passes).toHaveLength(1);
        expect([ra.pass, rb.pass]).toContain('taken');
        const added = (await count()) - before;
        expect(added).toBe((passes[0] as { notified: number }).notified);
        expect(added).toBeGreaterThan(0);
        expect(await dailyLease(repos)).toMatchObject({ day, state: 'done' });
        // both instances running the pass anyway (say a lease expired mid-run) still notify once
        const [x, y] = await Promise.all([runDailyPass(repos, day), runDailyPass(repos2, day)]);
        expect(x.notified + y.notified).toBe(0);
        // a lease abandoned by a crashed instance expires and another takes over
        expect(await claimDailyLease(repos, '2024-07-23', 'A', new Date('2024-07-23T01:00:00Z'))).toBe(true);
        expect(await claimDailyLease(repos2, '2024-07-23', 'B', new Date('2024-07-23T01:05:00Z'))).toBe(false);
        expect(await claimDailyLease(repos2, '2024-07-23', 'B', new Date('2024-07-23T01:11:00Z'))).toBe(true);
      } finally {
        await other.close();
      }
    });

    it('before the daily hour nothing runs', async () => {
      const s = startNotificationScheduler({
        repos,
        notify: notifyConfig(),
        log: silent(),
        mailer: null,
        timer: false,
        now: () => new Date('2024-07-29T23:00:00Z') /* 07:00 Shanghai */,
      });
      expect((await s.tick()).pass).toBe('not_yet');
      await s.stop();
    });

    it('transitions notify the right people; mine, unread count, read one, read all over HTTP', async () => {
      const svc = ledgerService(repos);
      const owner = (await loadActor(repos, p.owner))!;
      const rev = (await loadActor(repos, p.rev))!;
      await svc.addEvidence(owner, awaitId, { bytes: PDF, fileName: '记录.pdf' });
      await svc.transition(owner, awaitId, 'apply');
      await svc.transition(rev, awaitId, 'send_back', '佐证材料不足');
      await svc.transition(owner, awaitId, 'apply');
      await svc.transition(rev, awaitId, 'close');
      const revList = await call(p.rev, 'GET', '/api/notifications');
      expect(revList.status).toBe(200);
      expect(revList.body.items.filter((n: { kind: string }) => n.kind === 'ledger.applied')).toHaveLength(2);
      const secApplied = (await call(p.sec, 'GET', '/api/notifications')).body.items.filter(
        (n: { kind: string }) => n.kind === 'ledger.applied',
      );
      expect(secApplied).toHaveLength(2); // the branch secretary may close a member's item too
      const mine = await call(p.owner, 'GET', '/api/notifications');
      const kinds = mine.body.items.map((n: { kind: string }) => n.kind);
      expect(kinds).toEqual(expect.arrayContaining(['ledger.sent_back', 'ledger.closed', 'ledger.overdue']));
      expect(kinds).not.toContain('ledger.applied'); // nobody is told of their own action
      expect(mine.body.items.find((n: { kind: string }) => n.kind === 'ledger.sent_back').body).toContain(
        '佐证材料不足',
      );
      expect(
        (await call(p.other, 'GET', '/api/notifications')).body.items.map((n: { kind: string }) => n.kind),
      ).not.toContain('ledger.closed');
      const unread = mine.body.unread;
      expect(unread).toBe(mine.body.items.length);
      expect((await call(p.owner, 'GET', '/api/notifications/unread-count')).body).toEqual({ unread });
      // keyset pages
      const page1 = await call(p.owner, 'GET', '/api/notifications?limit=2');
      const page2 = await call(p.owner, 'GET', `/api/notifications?limit=2&cursor=${page1.body.nextCursor}`);
      expect(page1.body.items).toHaveLength(2);
      expect(page2.body.items[0].id).not.toBe(page1.body.items[1].id);
      expect([...page1.body.items, ...page2.body.items].map((n: { id: string }) => n.id)).toEqual(
        mine.body.items.slice(0, 4).map((n: { id: string }) => n.id),
      );
      // read one; someone else's is 404 and stays unread
      const first = mine.body.items[0].id;
      expect(await call(p.owner, 'POST', `/api/notifications/${first}/read`)).toEqual({
        status: 200,
        body: { ok: true, unread: unread - 1 },
      });
      expect((await call(p.owner, 'POST', `/api/notifications/${first}/read`)).body.unread).toBe(unread - 1);
      const revFirst = revList.body.items[0].id;
      expect((await call(p.owner, 'POST', `/api/notifications/${revFirst}/read`)).status).toBe(404);
      expect(
        (await call(p.rev, 'GET', '/api/notifications?unread=1')).body.items.map((n: { id: string }) => n.id),
      ).toContain(revFirst);
      expect((await call(null, 'GET', '/api/notifications')).status).toBe(401);
      // read all
      expect(await call(p.owner, 'POST', '/api/notifications/read-all')).toEqual({
        status: 200,
        body: { ok: true, updated: unread - 1, unread: 0 },
      });
      expect((await call(p.owner, 'GET', '/api/notifications?unread=1')).body).toMatchObject({ items: [], unread: 0 });
    });

    it('e-mails overdue notices to owners with an address and the digest to secretaries, through a real SMTP server', async () => {
      const smtp = await startSmtp();
      try {
        const cfg = notifyConfig({
          SMTP_HOST: '127.0.0.1',
          SMTP_PORT: String(smtp.port),
          SMTP_FROM: '检视 <jianshi@example.org>',
          PUBLIC_URL: 'https://jianshi.example.org/',
        });
        const log = silent();
        const when = new Date('2024-08-05T01:00:00.000Z'); // a later week: new reminders
        const s = startNotificationScheduler({ repos, notify: cfg, log, timer: false, now: () => when });
        const r = await s.tick();
        await s.stop();
        // overdue: 李明, 王芳 (no address: in-app only), the unit item to 张书记; and 张书记's digest
        expect(r.pass).toMatchObject({ queuedMail: 4 });
        expect(r.mail).toMatchObject({ sent: 3, noAddress: 1 });
        const to = smtp.received
          .map((m) => m.to)
          .flat()
          .sort();
        expect(to).toEqual(['liming@example.org', 'zhang@example.org', 'zhang@example.org']);
        const mails = smtp.received.map((m) => decode(m.raw));
        const owner = mails[smtp.received.findIndex((m) => m.to.includes('liming@example.org'))];
        expect(owner.subject).toBe('【检视】整改事项已超期：2024-第一党支部-001');
        expect(owner.text).toContain('理论学习不深入');
        expect(owner.text).toContain('https://jianshi.example.org/ledger/');
        expect(mails.map((m) => m.subject)).toContain('【检视】整改台账日报（2024-08-05）');
        expect(await ledgerRepository(repos.db, repos.dialect).mailCounts()).toEqual({ sent: 3, no_address: 1 });
      } finally {
        await smtp.close();
      }
    });

    it('SMTP down: logged, in-app notification kept, mail queued and sent when the server is back; routes still work', async () => {
      // a port nothing listens on
      const probe = await startSmtp();
      const deadPort = probe.port;
      await probe.close();
      const cfg = notifyConfig({
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(deadPort),
        SMTP_FROM: 'jianshi@example.org',
      });
      const log = silent();
      let when = new Date('2024-08-12T01:00:00.000Z');
      const s = startNotificationScheduler({
        repos,
        notify: cfg,
        log,
        timer: false,
        now: () => when,
        mailer: smtpMailer(cfg.smtp!, { timeoutMs: 2000 }),
      });
      const r = await s.tick();
      expect(r.pass).toMatchObject({ notified: expect.any(Number) });
      expect(r.mail?.sent).toBe(0);
      expect(r.mail?.error).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
      expect(log.lines.some((l) => l.level === 'warn' && /SMTP|mail/.test(l.msg))).toBe(true);
      const overdue = await call(p.owner, 'GET', '/api/notifications?unread=1');
      expect(overdue.status).toBe(200);
      expect(overdue.body.items.some((n: { kind: string; createdAt: string }) => n.kind === 'ledger.overdue')).toBe(
        true,
      );
      const L = ledgerRepository(repos.db, repos.dialect);
      const withAddress = async () =>
        Number(
          (
            await repos.db
              .selectFrom('notifications')
              .innerJoin('people', 'people.id', 'notifications.person_id')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('mail_status', '=', 'pending')
              .where('people.email', 'is not', null)
              .executeTakeFirstOrThrow()
          ).n,
        );
      const pendingBefore = await withAddress();
      expect(pendingBefore).toBe(3);
      // a tick right away does not hammer the dead server again (retry after the interval)
      expect((await s.tick()).mail).toMatchObject({ sent: 0 });
      await s.stop();
      // the server comes back; after the retry interval another instance sends everything, once
      const smtp = await startSmtp();
      try {
        when = new Date(when.getTime() + 11 * 60_000);
        const cfg2 = notifyConfig({
          SMTP_HOST: '127.0.0.1',
          SMTP_PORT: String(smtp.port),
          SMTP_FROM: 'jianshi@example.org',
        });
        const s2 = startNotificationScheduler({ repos, notify: cfg2, log: silent(), timer: false, now: () => when });
        const r2 = await s2.tick();
        expect(r2.mail?.sent).toBe(pendingBefore);
        expect((await s2.tick()).mail?.sent).toBe(0);
        await s2.stop();
        expect((await L.mailCounts()).pending ?? 0).toBe(0);
        expect(smtp.received).toHaveLength(pendingBefore);
        const row = await repos.db
          .selectFrom('notifications')
          .select(['mail_attempts', 'mail_error', 'mailed_at'])
          .where('mail_status', '=', 'sent')
          .where('mail_attempts', '>', 1)
          .executeTakeFirst();
        expect(row).toBeTruthy(); // the one that failed first, then went out
      } finally {
        await smtp.close();
      }
    });

    it('an item that stays overdue is reminded weekly, not daily', async () => {
      const n = await repos.db
        .selectFrom('notifications')
        .select('dedupe_key')
        .where('kind', '=', 'ledger.overdue')
        .where('person_id', '=', p.owner)
        .execute();
      const forItem = n.filter((r) => r.dedupe_key?.includes(overdueId));
      expect(new Set(forItem.map((r) => r.dedupe_key)).size).toBe(forItem.length);
    });
  });
}
