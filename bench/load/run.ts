/**
 * Load benchmark of the server: autocannon, 50 connections, loopback only, bounded duration.
 *
 *   npx tsx bench/load/run.ts                  # SQLite (a fresh temporary database)
 *   DATABASE_URL=postgres://… npx tsx bench/load/run.ts   # also PostgreSQL (a fresh database is created next to it and dropped)
 *   BENCH_DURATION=5 BENCH_CONNECTIONS=50 BENCH_ROUNDS=3 (--quick: 2 s in 2 rounds)
 *
 * The real server runs as a child process (`jianshi serve`) with login throttling switched off by
 * the explicit bench flag JIANSHI_DISABLE_RATE_LIMIT=1. Each scenario is reported with its ratio to
 * the bare route (`GET /api/ping`) measured in the same run: login, list materials, get a material
 * (the 9.6k-character sample; each request another member reading his own), autosave (the author's
 * working copy: one row, no version), save a material (an explicit save: a new version, its 查重
 * queued), and how long a saved version waits for its 查重 result. The reviewer's list holds 500
 * materials (BENCH_LIST_MATERIALS). The load average is written with the results: the host is shared.
 *
 * The host is shared (two cores, neighbours): its speed drifts over seconds. So the bare route is not
 * measured once for all: each scenario alternates with it, BENCH_ROUNDS times (default 3) for
 * DURATION / ROUNDS seconds each, and its ratio is its requests over the bare route's in those same
 * slices; p50 and p99 are the median of the rounds'. (Saving changes state between requests, so it
 * runs once, right after its bare slice.) Each scenario first runs BENCH_WARMUP seconds uncounted:
 * what is reported is the steady state, not the server's first requests after start.
 */
import autocannon from 'autocannon';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Store } from '../../src/storage/db.js';
import { createRepositories } from '../../src/storage/repositories/index.js';
import { seedDemo, DEMO_PASSWORD } from '../../src/server/demo.js';
import { sessionSecret } from '../../src/server/app.js';
import { csrfToken, newToken, tokenHash } from '../../src/server/auth/tokens.js';
import { contentOf, type Material } from '../../src/core/material/model.js';
import { spawnServer } from '../../test/http/process.js';

const QUICK = process.argv.includes('--quick');
const DURATION = Number(process.env.BENCH_DURATION ?? (QUICK ? 2 : 5));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 3)));
// Seconds of each scenario run first and not counted (BENCH_WARMUP; 0 to measure from a cold start).
const WARMUP = Number(process.env.BENCH_WARMUP ?? (QUICK ? 0.5 : 1));
// BENCH_ONLY=get,save or BENCH_ONLY="get a material": only the scenarios of these first words or full
// names (the bare route always runs).
const ONLY = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const LIST_MATERIALS = Number(process.env.BENCH_LIST_MATERIALS ?? 500);
const wanted = (name: string) => ONLY.length === 0 || ONLY.some((w) => name === w || name.split(' ')[0] === w);

interface Prepared {
  env: Record<string, string>;
  sessions: { token: string; csrf: string; material: string }[];
  reviewer: { token: string; csrf: string };
  content: unknown;
  cleanup(): Promise<void>;
}

async function prepare(store: Store, env: Record<string, string>, cleanup: () => Promise<void>): Promise<Prepared> {
  await migrateToLatest(store.db);
  const repos = createRepositories(store);
  await seedDemo(repos);
  // BENCH_AUDIT_SHARDS=1: the audit log as one chain under one lock (as before it was sharded), to compare.
  if (process.env.BENCH_AUDIT_SHARDS) await repos.settings.set('audit.shards', process.env.BENCH_AUDIT_SHARDS);
  const secret = await sessionSecret(repos);
  const session = async (personId: string) => {
    const token = newToken();
    await repos.sessions.create({
      personId,
      tokenHash: tokenHash(secret, token),
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    return { token, csrf: csrfToken(secret, token) };
  };
  const [sample] = await repos.materials.list({}, { all: true });
  const full = (await repos.materials.get(sample.id))!;
  const meeting = (await repos.meetings.get(sample.meetingId))!;
  const zhang = (await repos.people.getByUsername('zhangwei'))!;
  // One author and one material per connection, and more materials up to LIST_MATERIALS to list.
  const sessions: Prepared['sessions'] = [];
  for (let i = 0; i < Math.max(CONNECTIONS, LIST_MATERIALS); i++) {
    const p = await repos.people.create({ name: `压测${i}`, username: `bench${i}`, passwordHash: zhang.passwordHash });
    const m = await repos.materials.create({
      meetingId: meeting.id,
      orgId: meeting.orgId,
      kind: 'personal',
      authorId: p.id,
      title: full.title,
      content: full.content,
      digest: full.digest,
    });
    if (i < CONNECTIONS) sessions.push({ ...(await session(p.id)), material: m.id });
  }
  const reviewer = await session((await repos.people.getByUsername('zhaomin'))!.id);
  await store.close();
  return { env, sessions, reviewer, content: contentOf(full.content as Material), cleanup };
}

const BARE = 'bare GET /api/ping';
type Result = {
  name: string;
  rps: number;
  bareRps: number;
  ratioToBare: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  cpuUsPerReq: number;
};

/** CPU time (user + system) the server process has used, in µs (Linux /proc; 0 elsewhere). */
function cpuUs(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1e6) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const totalOf = (r: autocannon.Result) => (r.requests as unknown as { total: number }).total;

// The server's CPU time per request is reported beside the throughput: on a shared host the ratio
// moves with the load generator's and the neighbours' share of the two cores, the CPU cost far less.
async function run(
  results: Result[],
  name: string,
  base: string,
  path: string,
  opts: Partial<autocannon.Options>,
  pid: number,
  rounds = ROUNDS,
  before?: () => Promise<void>,
): Promise<void> {
  if (name !== BARE && !wanted(name)) return;
  const slice = DURATION / rounds;
  const once = (url: string, o: Partial<autocannon.Options>) =>
    autocannon({ url, connections: CONNECTIONS, duration: slice, ...o } as autocannon.Options);
  const bare: autocannon.Result[] = [];
  const runs: autocannon.Result[] = [];
  let cpu = 0;
  // Steady state is measured: the first requests after start compile the route's code and fill what
  // the server keeps (sessions, compressed bodies), a stall of up to a quarter of a second that
  // happens once per start and would otherwise stand for one slice's tail.
  const pause = () => new Promise((ok) => setTimeout(ok, 500));
  if (WARMUP > 0) {
    await before?.();
    await autocannon({
      url: `${base}${name === BARE ? '/api/ping' : path}`,
      connections: CONNECTIONS,
      duration: WARMUP,
      ...(name === BARE ? {} : opts),
    } as autocannon.Options);
    await pause();
  }
  for (let i = 0; i < rounds; i++) {
    bare.push(await once(`${base}/api/ping`, {}));
    if (name === BARE) continue;
    await before?.();
    const cpu0 = cpuUs(pid);
    runs.push(await once(`${base}${path}`, opts));
    cpu += cpuUs(pid) - cpu0;
    // BENCH_LAT=1: each slice's latency tail beside its bare slice's (where a p99 comes from).
    if (process.env.BENCH_LAT) {
      const tail = (r: autocannon.Result) => {
        const l = r.latency as unknown as Record<string, number>;
        return `p50 ${l.p50} p90 ${l.p90} p99 ${l.p99} p99.9 ${l.p99_9} max ${l.max}`;
      };
      console.error(`  ${name}, round ${i + 1}: ${tail(runs[i])} | bare: ${tail(bare[i])}`);
    }
    // What the slice left running (password hashing of logins in flight) must not slow the next bare slice.
    await pause();
  }
  if (name === BARE) {
    const total = bare.reduce((n, r) => n + totalOf(r), 0);
    results.push({
      name,
      rps: total / DURATION,
      bareRps: total / DURATION,
      ratioToBare: 1,
      p50: median(bare.map((r) => r.latency.p50)),
      p99: median(bare.map((r) => r.latency.p99)),
      non2xx: 0,
      errors: 0,
      cpuUsPerReq: 0,
    });
    return;
  }
  const total = runs.reduce((n, r) => n + totalOf(r), 0);
  const bareTotal = bare.reduce((n, r) => n + totalOf(r), 0);
  const non2xx = runs.reduce((n, r) => n + r.non2xx, 0);
  if (non2xx)
    console.error(
      `  ${name}: status codes ${JSON.stringify(runs.map((r) => Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]))))}`,
    );
  results.push({
    name,
    rps: total / DURATION,
    bareRps: bareTotal / DURATION,
    ratioToBare: total / Math.max(1, bareTotal),
    p50: median(runs.map((r) => r.latency.p50)),
    p99: median(runs.map((r) => r.latency.p99)),
    non2xx,
    errors: runs.reduce((n, r) => n + r.errors, 0),
    cpuUsPerReq: Math.round(cpu / Math.max(1, total)),
  });
}

async function bench(label: string, p: Prepared): Promise<Result[]> {
  const server = await spawnServer({ ...p.env, JIANSHI_DISABLE_RATE_LIMIT: '1', LOG_LEVEL: 'error' });
  if (!server.url.startsWith('http://127.0.0.1:')) throw new Error('loopback only');
  const cookie = (s: { token: string }) => `jianshi_sid=${s.token}`;
  const results: Result[] = [];
  let similarityReady: { afterLoadMs: number; idleMs: number } | null = null;
  try {
    const url = server.url;
    await run(results, BARE, url, '/api/ping', {}, server.proc.pid!);
    await run(
      results,
      'login',
      url,
      '/api/auth/login',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': 'bench' },
        body: JSON.stringify({ username: 'zhangwei', password: DEMO_PASSWORD }),
      },
      server.proc.pid!,
    );
    await run(
      results,
      `list materials (reviewer, ${LIST_MATERIALS}+, page of 50)`,
      url,
      '/api/materials?limit=50',
      { headers: { cookie: cookie(p.reviewer) } },
      server.proc.pid!,
    );
    await run(
      results,
      `list materials (reviewer, ${LIST_MATERIALS}+, all in one page)`,
      url,
      '/api/materials?limit=500',
      { headers: { cookie: cookie(p.reviewer) } },
      server.proc.pid!,
    );
    // Every request is another member reading his own material (a session and a material per
    // connection, taken in turn): no two requests in flight share a session or a material, as with
    // 50 people at work, so nothing is measured that only one hot key would give. As a browser asks
    // (it always accepts gzip), and without compression for comparison.
    const reads = (headers: Record<string, string>) => {
      let next = 0;
      return {
        requests: [
          {
            method: 'GET',
            setupRequest: (req: any) => {
              const s = p.sessions[next++ % p.sessions.length];
              return { ...req, path: `/api/materials/${s.material}`, headers: { ...headers, cookie: cookie(s) } };
            },
          },
        ],
      } as Partial<autocannon.Options>;
    };
    await run(
      results,
      'get a material',
      url,
      '/api/materials',
      reads({ 'accept-encoding': 'gzip, deflate, br, zstd' }),
      server.proc.pid!,
    );
    await run(results, 'get a material (identity encoding)', url, '/api/materials', reads({}), server.proc.pid!);
    // autocannon resets a connection's context after every request of a one-request pipeline, so
    // the version of each material is tracked here: a connection checks a material out of the
    // free pool, and its response hands it back with the new version.
    // Requests still in flight when a run ends get no answer here: before each run, every material's
    // version is read back from the server and the pool is filled anew.
    const free: ((typeof p.sessions)[number] & { version: number })[] = [];
    const resync = async () => {
      const now = await Promise.all(
        p.sessions.map(async (s) => {
          const r = await fetch(`${url}/api/materials/${s.material}`, { headers: { cookie: cookie(s) } });
          if (!r.ok) throw new Error(`reading back a material: ${r.status}`);
          return { ...s, version: ((await r.json()) as { version: number }).version };
        }),
      );
      free.splice(0, free.length, ...now);
    };
    const body = (v: number) => JSON.stringify({ baseVersion: v, content: p.content });
    // Autosave: each connection writes its own material's working copy, tracking the copy's revision
    // (read back before each run, like the versions: answers of a run's last requests never arrive).
    const revs = new Map<string, number>();
    const resyncRevs = async () => {
      await resync();
      for (const s of p.sessions) {
        const r = await fetch(`${url}/api/materials/${s.material}/draft`, { headers: { cookie: cookie(s) } });
        if (!r.ok) throw new Error(`reading back a working copy: ${r.status}`);
        revs.set(s.material, ((await r.json()) as { draft: { rev: number } | null }).draft?.rev ?? 0);
      }
    };
    await run(
      results,
      'autosave (working copy)',
      url,
      '/api/materials',
      {
        requests: [
          {
            method: 'PUT',
            setupRequest: (req: any, ctx: any) => {
              const s = free.shift();
              if (!s) throw new Error('more connections than materials');
              ctx.s = s;
              return {
                ...req,
                path: `/api/materials/${s.material}/draft`,
                headers: { 'content-type': 'application/json', cookie: cookie(s), 'x-csrf-token': s.csrf },
                body: JSON.stringify({ baseVersion: s.version, rev: revs.get(s.material) ?? 0, content: p.content }),
              };
            },
            onResponse: (status: number, resBody: string, ctx: any) => {
              if (status === 200) {
                const r = JSON.parse(resBody) as { rev: number; version: number };
                revs.set(ctx.s.material, r.rev);
                ctx.s.version = r.version;
              }
              free.push(ctx.s);
            },
          },
        ],
      } as Partial<autocannon.Options>,
      server.proc.pid!,
      1,
      resyncRevs,
    );
    await run(
      results,
      'save a material (explicit: new version, 查重 queued)',
      url,
      '/api/materials',
      {
        requests: [
          {
            method: 'PUT',
            setupRequest: (req: any, ctx: any) => {
              const s = free.shift();
              if (!s) throw new Error('more connections than materials');
              ctx.s = s;
              return {
                ...req,
                path: `/api/materials/${s.material}`,
                headers: { 'content-type': 'application/json', cookie: cookie(s), 'x-csrf-token': s.csrf },
                body: body(s.version),
              };
            },
            onResponse: (status: number, resBody: string, ctx: any) => {
              if (status === 200) ctx.s.version = JSON.parse(resBody).version;
              free.push(ctx.s);
            },
          },
        ],
      } as Partial<autocannon.Options>,
      server.proc.pid!,
      1,
      resync,
    );
    // 查重 after the load: how long the backlog the saves queued takes, then how long one save
    // waits for its result on an idle server (the editor shows 查重中… meanwhile).
    if (wanted('save a material (explicit: new version, 查重 queued)')) {
      const s = p.sessions[0];
      const ready = async () => {
        for (const t0 = performance.now(); ;) {
          const r = await fetch(`${url}/api/materials/${s.material}/similarity`, { headers: { cookie: cookie(s) } });
          const b = (await r.json()) as { pending?: boolean };
          if (!b.pending) return performance.now() - t0;
          if (performance.now() - t0 > 600_000) throw new Error('查重 did not finish');
          await new Promise((ok) => setTimeout(ok, 20));
        }
      };
      await resync();
      const v = free.find((x) => x.material === s.material)!.version;
      const t0 = performance.now();
      const saved = await fetch(`${url}/api/materials/${s.material}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie: cookie(s), 'x-csrf-token': s.csrf },
        body: body(v),
      });
      if (!saved.ok) throw new Error(`save: ${saved.status}`);
      const backlogMs = (await ready()) + (performance.now() - t0 - 0);
      await new Promise((ok) => setTimeout(ok, 1000));
      const again = await fetch(`${url}/api/materials/${s.material}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie: cookie(s), 'x-csrf-token': s.csrf },
        body: body(v + 1),
      });
      if (!again.ok) throw new Error(`save: ${again.status}`);
      similarityReady = { afterLoadMs: Math.round(backlogMs), idleMs: Math.round(await ready()) };
    }
  } finally {
    await server.stop();
    await p.cleanup();
  }
  if (similarityReady)
    console.log(
      `查重 result of a save: ${similarityReady.idleMs} ms on an idle server; ${similarityReady.afterLoadMs} ms when saved right after the load (the backlog first)`,
    );
  console.log(
    `\n## ${label} — ${CONNECTIONS} connections, ${DURATION} s each (in ${ROUNDS} slices alternating with the bare route), loopback`,
  );
  console.log(
    '| scenario | req/s | bare req/s (same slices) | ratio to bare | p50 ms | p99 ms | server CPU µs/req | non-2xx | errors |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results)
    console.log(
      `| ${r.name} | ${r.rps.toFixed(0)} | ${r.bareRps.toFixed(0)} | ${r.ratioToBare.toFixed(3)} | ${r.p50} | ${r.p99} | ${r.cpuUsPerReq || ''} | ${r.non2xx} | ${r.errors} |`,
    );
  const read = results.find((r) => r.name === 'get a material');
  if (read)
    console.log(
      `goal: a material read at ≥ 0.30 of the bare route, p99 ≤ 20 ms — ${read.ratioToBare >= 0.3 && read.p99 <= 20 ? 'met' : 'NOT met'} (${read.ratioToBare.toFixed(3)}, p99 ${read.p99} ms)`,
    );
  report[label] = {
    loadAverage: loadavg().map((x) => Math.round(x * 10) / 10),
    similarityReadyMs: similarityReady,
    connections: CONNECTIONS,
    durationS: DURATION,
    rounds: ROUNDS,
    scenarios: results.map((r) => ({
      ...r,
      rps: Math.round(r.rps),
      bareRps: Math.round(r.bareRps),
      ratioToBare: Math.round(r.ratioToBare * 1000) / 1000,
    })),
  };
  return results;
}

const report: Record<string, unknown> = { date: new Date().toISOString() };
const dir = mkdtempSync(join(tmpdir(), 'jianshi-bench-'));
try {
  // BENCH_SQLITE=0: PostgreSQL only (when DATABASE_URL is set).
  if (process.env.BENCH_SQLITE !== '0') {
    const sqliteStore = await openDatabase({ dataDir: dir });
    await bench('SQLite', await prepare(sqliteStore, { DATA_DIR: dir, DATABASE_URL: '' }, async () => {}));
  }
  if (process.env.DATABASE_URL) {
    const base = process.env.DATABASE_URL;
    const name = `jianshi_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} ENCODING 'UTF8'`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    const pgStore = await openDatabase({ databaseUrl: u.toString() });
    await bench(
      'PostgreSQL',
      await prepare(pgStore, { DATABASE_URL: u.toString() }, async () => {
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      }),
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
writeFileSync(join(process.cwd(), 'bench', 'results', 'load.json'), JSON.stringify(report, null, 2) + '\n');
console.log('→ bench/results/load.json');
