/**
 * HTTP test harness: a real app (fastify inject, no network) on a real database, a small
 * deterministic world (organizations, people with roles, a meeting, materials), and clients that
 * carry a session cookie and the CSRF header like a browser.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, sessionSecret } from '../../src/server/app.js';
import { loadConfig, type Config } from '../../src/server/config.js';
import { createRepositories, type Repositories } from '../../src/storage/repositories/index.js';
import { openDatabase, type Store } from '../../src/storage/db.js';
import { openTestStore, type TestStore } from '../../src/storage/testing.js';
import { hashPassword } from '../../src/server/auth/passwords.js';
import { csrfToken, newToken, tokenHash, SESSION_COOKIE } from '../../src/server/auth/tokens.js';
import { TABLES_IN_ORDER } from '../../src/storage/schema.js';
import { sha256Hex } from '../../src/storage/digest.js';
import type { DialectName } from '../../src/storage/db.js';

export const PASSWORD = 'test-password-1';
export const SAMPLE = readFileSync(new URL('../fixtures/sample-2023.txt', import.meta.url), 'utf8');

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', WEB_DIST: '/nonexistent' }, overrides);
}

export interface Res {
  status: number;
  body: any;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

export class Client {
  constructor(
    readonly app: FastifyInstance,
    public token?: string,
    public csrf?: string,
  ) {}
  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    const h: Record<string, string> = { ...headers };
    if (this.token) h.cookie = `${SESSION_COOKIE}=${this.token}`;
    if (this.csrf && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    let payload: string | Buffer | undefined;
    if (body !== undefined) {
      if (typeof body === 'string' || Buffer.isBuffer(body)) payload = body;
      else {
        payload = JSON.stringify(body);
        h['content-type'] ??= 'application/json';
      }
    }
    const raw = await this.app.inject({ method: method as 'GET', url, payload, headers: h });
    // Like a browser: a compressed body is inflated before it is read.
    const coding = raw.headers['content-encoding'];
    const text =
      coding === 'gzip'
        ? gunzipSync(raw.rawPayload).toString('utf8')
        : coding === 'br'
          ? brotliDecompressSync(raw.rawPayload).toString('utf8')
          : raw.body;
    let parsed: unknown = text;
    if ((raw.headers['content-type'] ?? '').toString().includes('json')) parsed = text ? JSON.parse(text) : null;
    return { status: raw.statusCode, body: parsed, headers: raw.headers, raw };
  }
  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('POST', url, body ?? {}, headers);
  put = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('PUT', url, body ?? {}, headers);
  patch = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('PATCH', url, body ?? {}, headers);
  delete = (url: string, headers?: Record<string, string>) => this.request('DELETE', url, undefined, headers);
}

/** Build a multipart/form-data body by hand (no extra dependency). */
export function multipart(
  fields: Record<string, string>,
  file?: { name: string; bytes: Uint8Array | string; type?: string },
): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----jianshi${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
    );
    parts.push(Buffer.from(file.bytes));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const PERSONAS = [
  'sysadmin',
  'orgAdmin',
  'secB1',
  'secB2',
  'leaderB1',
  'author',
  'memberB1',
  'memberB2',
  'reviewerCounty',
  'reviewerParty',
  'outsider',
] as const;
export type Persona = (typeof PERSONAS)[number];

export interface World {
  org: { county: string; party: string; b1: string; b2: string };
  person: Record<Persona, string>;
  meeting: string;
  /** A second meeting of b1, with the same participants and no materials yet. */
  meeting2: string;
  /** A member material of `author` in b1 (draft), and the 班子 material of secB1 (draft). */
  material: string;
  leadership: string;
}

/** Create the world directly through the repositories (fast: one password hash for everyone). */
export async function seedWorld(repos: Repositories): Promise<World> {
  const hash = await hashPassword(PASSWORD);
  const person = {} as Record<Persona, string>;
  for (const p of PERSONAS)
    person[p] = (
      await repos.people.create({
        name: `测试-${p}`,
        username: p.toLowerCase(),
        passwordHash: hash,
        isAdmin: p === 'sysadmin',
      })
    ).id;
  const county = await repos.orgs.create({ name: '县委', kind: '党委' });
  const party = await repos.orgs.create({ name: '机关党委', kind: '党委', parentId: county.id });
  const b1 = await repos.orgs.create({ name: '第一党支部', kind: '党支部', parentId: party.id });
  const b2 = await repos.orgs.create({ name: '第二党支部', kind: '党支部', parentId: party.id });
  const roles: [Persona, string, string][] = [
    ['orgAdmin', party.id, 'admin'],
    ['secB1', b1.id, 'secretary'],
    ['secB1', b1.id, 'member'],
    ['secB2', b2.id, 'secretary'],
    ['leaderB1', b1.id, 'leader'],
    ['author', b1.id, 'member'],
    ['memberB1', b1.id, 'member'],
    ['memberB2', b2.id, 'member'],
    ['reviewerCounty', county.id, 'reviewer'],
    ['reviewerParty', party.id, 'reviewer'],
  ];
  for (const [p, o, role] of roles) await repos.memberships.add({ personId: person[p], orgId: o, role });
  const meeting = await repos.meetings.create({
    orgId: b1.id,
    kind: '组织生活会',
    year: 2023,
    theme: '测试会议',
    frameworkId: '2023-theme-education',
    participants: [
      { personId: person.secB1, role: 'secretary' },
      { personId: person.author, role: 'member' },
      { personId: person.memberB1, role: 'member' },
      { personId: person.leaderB1, role: 'leader' },
    ],
  });
  const meeting2 = await repos.meetings.create({
    orgId: b1.id,
    kind: '民主生活会',
    year: 2024,
    theme: '测试会议二',
    frameworkId: '2023-theme-education',
    participants: [
      { personId: person.secB1, role: 'secretary' },
      { personId: person.author, role: 'member' },
      { personId: person.memberB1, role: 'member' },
      { personId: person.leaderB1, role: 'leader' },
    ],
  });
  const content = {
    title: '检视剖析材料',
    preface: '按照要求，我对照检视如下。',
    problems: [
      {
        aspect: '理论学习',
        heading: '理论学习方面',
        text: '学习不够深入。比如2023年只读了两本书。',
        points: ['学习不够深入。'],
        examples: ['比如2023年只读了两本书。'],
      },
    ],
    causes: [{ heading: '理想信念有所淡化', text: '放松了学习。' }],
    measures: [{ heading: '加强理论学习', text: '2024年3月底前读完三本书。', deadline: '2024年3月底前' }],
    closing: '',
  };
  const material = await repos.materials.create({
    meetingId: meeting.id,
    orgId: b1.id,
    kind: 'member',
    authorId: person.author,
    title: content.title,
    content,
    digest: 'seed',
  });
  const leadership = await repos.materials.create({
    meetingId: meeting.id,
    orgId: b1.id,
    kind: 'leadership',
    authorId: person.secB1,
    title: '班子对照检查材料',
    content: { ...content, title: '班子对照检查材料' },
    digest: 'seed2',
  });
  return {
    org: { county: county.id, party: party.id, b1: b1.id, b2: b2.id },
    person,
    meeting: meeting.id,
    meeting2: meeting2.id,
    material: material.id,
    leadership: leadership.id,
  };
}

/** A session for `personId` created directly (bypasses the login throttle and argon2 cost). */
export async function sessionFor(
  repos: Repositories,
  secret: string,
  personId: string,
): Promise<{ token: string; csrf: string }> {
  const token = newToken();
  await repos.sessions.create({
    personId,
    tokenHash: tokenHash(secret, token),
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  });
  return { token, csrf: csrfToken(secret, token) };
}

export interface TestApp {
  app: FastifyInstance;
  store: TestStore;
  repos: Repositories;
  secret: string;
  world: World;
  as(p: Persona): Promise<Client>;
  anon(): Client;
  close(): Promise<void>;
}

export async function startTestApp(
  dialect: DialectName = 'sqlite',
  config: Partial<Config> = {},
  existing?: TestStore,
): Promise<TestApp> {
  const store = existing ?? (await openTestStore(dialect));
  const repos = createRepositories(store);
  const world = existing ? (JSON.parse((await repos.settings.get('test_world'))!) as World) : await seedWorld(repos);
  if (!existing) await repos.settings.set('test_world', JSON.stringify(world));
  const cfg = testConfig(config);
  const app = await buildApp({ config: cfg, store, logger: false });
  const secret = await sessionSecret(repos, cfg.sessionSecret);
  const cache = new Map<Persona, { token: string; csrf: string }>();
  return {
    app,
    store,
    repos,
    secret,
    world,
    async as(p) {
      if (!cache.has(p)) cache.set(p, await sessionFor(repos, secret, world.person[p]));
      const s = cache.get(p)!;
      return new Client(app, s.token, s.csrf);
    },
    anon: () => new Client(app, undefined, 'anon'),
    async close() {
      await app.close();
      if (!existing) await store.close();
    },
  };
}

/**
 * Fresh worlds quickly: the world is seeded once into a template SQLite file; each call copies
 * the file (checkpointed, no WAL) into a new directory and opens it.
 */
export async function worldFactory(
  config: Partial<Config> = {},
): Promise<{ fresh(): Promise<TestApp>; dispose(): Promise<void> }> {
  const template = await openTestStore('sqlite');
  const repos = createRepositories(template);
  const world = await seedWorld(repos);
  await repos.settings.set('test_world', JSON.stringify(world));
  await sessionSecret(repos);
  template.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
  const stores: TestStore[] = [];
  return {
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'jianshi-world-'));
      copyFileSync(template.file!, join(dir, 'jianshi.db'));
      const store = await openDatabase({ dataDir: dir });
      const ts: TestStore = {
        ...store,
        location: { dataDir: dir },
        close: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
      stores.push(ts);
      const t = await startTestApp('sqlite', config, ts);
      return {
        ...t,
        close: async () => {
          await t.close();
          await ts.close();
        },
      };
    },
    async dispose() {
      await template.close();
    },
  };
}

/** A digest of everything that matters in the database (not sessions or throttling). */
export async function snapshot(store: Store): Promise<string> {
  const parts: string[] = [];
  for (const t of TABLES_IN_ORDER) {
    if (t === 'sessions' || t === 'login_throttle') continue;
    const rows = await store.db.selectFrom(t).selectAll().execute();
    const lines = rows
      .map((r) =>
        JSON.stringify(r, (_k, v) =>
          Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? String(v) : v,
        ),
      )
      .sort();
    parts.push(`${t}:${lines.join('\n')}`);
  }
  return sha256Hex(parts.join('\n\n'));
}
