/**
 * Configuration from the environment, validated once at start; every problem is listed at once.
 *
 *   PORT            1–65535 (default 3000)
 *   HOST            listen address (default 0.0.0.0; tests and benchmarks use 127.0.0.1)
 *   DATABASE_URL    postgres://… → PostgreSQL; unset → SQLite file in DATA_DIR
 *   DATA_DIR        directory of the SQLite file and generated files (default ./data)
 *   SESSION_SECRET  optional, ≥ 32 characters: keys the hashes of session / opinion tokens (HMAC) as
 *                   an extra pepper kept outside the database. Unset: plain SHA-256 (nothing secret
 *                   is kept in the database: auth/tokens.ts). Every instance must share it.
 *   SESSION_TTL_HOURS  idle lifetime of a session (default 12)
 *   COOKIE_SECURE   1 → the site is served over HTTPS only: the session cookie gets `Secure`, and
 *                   every response HSTS and the CSP's upgrade-insecure-requests (never set it
 *                   for a plain-HTTP deployment: the browser would ask for https:// and show nothing)
 *   TRUST_PROXY     1 → honour X-Forwarded-For (for the per-address login limit) and
 *                   X-Forwarded-Proto (https → HSTS and upgrade-insecure-requests) behind a proxy
 *   LOG_LEVEL       pino level (default info)
 *   WEB_DIST        built front end to serve (default ./web/dist)
 *   JIANSHI_DISABLE_RATE_LIMIT  1 → no login throttling (only for load tests and benchmarks)
 *   NOTIFY_*, PUBLIC_URL, SMTP_*  notifications and e-mail: see notifications/config.ts
 *   AUDIT_CHECKPOINT_FILE  where the server appends the daily audit checkpoint and where
 *                   `jianshi audit verify` looks by default (default DATA_DIR/audit-checkpoints.log)
 *   OPINION_BATCH_SIZE  anonymous opinions are shown in batches of at least this many SUBMISSIONS (default 5),
 *                   or, fewer, once the oldest waiting one is from an earlier clock hour
 *   JOBS_WORKER     0 → this instance works no outbox jobs (查重 indexing of saved versions); default 1
 *   OPINION_BATCH_HOURLY  0 → batches smaller than OPINION_BATCH_SIZE only once the collection is
 *                   closed or its window is over (stronger anonymity, later display); default 1
 *   OPINION_CLIENT_CAP  opinions one client (IPv4 address or IPv6 /64, hashed with a salt kept only in
 *                   memory and renewed daily) may submit per link per day (default 40)
 *   OPINION_DAILY_CAP   opinions accepted per link per day, hidden ones not counted (default 2000)
 *   OPINION_SPOOL_KEY   32 bytes (base64 or 64 hex digits): the key of waiting opinions, the same in
 *                   every instance (PostgreSQL with several instances); unset → a key file
 *   OPINION_LINK_KEY    32 bytes (base64 or 64 hex digits): the key public opinion links are derived
 *                   from, so organizers can show them again (domain/procedure/link-key.ts); the same
 *                   in every instance; unset → a key file
 */
import { join, resolve } from 'node:path';
import { JianshiError } from '../core/errors.js';
import { readNotifyConfig, type NotifyConfig } from './notifications/config.js';

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  sessionSecret?: string;
  sessionTtlMs: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  logLevel: string;
  webDist: string;
  rateLimit: boolean;
  demo: boolean;
  /** A directory for evidence files (shared storage when several instances run); the database when unset. */
  evidenceDir?: string;
  /** AUDIT_CHECKPOINT_FILE; unset → DATA_DIR/audit-checkpoints.log (auditCheckpointFileOf). */
  auditCheckpointFile?: string;
  /** Opinions accepted per collection per day (an abuse limit that keeps no identity). */
  opinionDailyCap?: number;
  /** Deadline pass, in-app notifications and e-mail (SMTP) — notifications/config.ts. */
  notify?: NotifyConfig;
  /** Opinions appear in batches of at least this many (k), or hourly (opinion-spool.ts). */
  opinionBatchSize?: number;
  /** false: no batch smaller than k while the collection still takes opinions (OPINION_BATCH_HOURLY=0). */
  opinionBatchHourly?: boolean;
  /** false (JOBS_WORKER=0): this instance serves requests but works no outbox jobs (查重 indexing). */
  jobsWorker?: boolean;
  /** Opinions one client may submit per link per day (in-memory, salted-hash key). */
  opinionClientCap?: number;
  /** OPINION_SPOOL_KEY (see opinion-spool.ts); unset → a key file. */
  opinionSpoolKey?: string;
  /** OPINION_LINK_KEY (see domain/procedure/link-key.ts); unset → a key file. */
  opinionLinkKey?: string;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const bool = (v: string | undefined) => v === '1' || v === 'true' || v === 'yes';

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const problems: string[] = [];
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT 须为 0–65535 之间的整数（当前为“${env.PORT}”）`);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl) {
    try {
      const u = new URL(databaseUrl);
      if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:')
        problems.push('DATABASE_URL 须以 postgres:// 开头（不设置则使用内置 SQLite）');
    } catch {
      problems.push('DATABASE_URL 不是有效的地址');
    }
  }
  const secret = env.SESSION_SECRET || undefined;
  if (secret !== undefined && secret.length < 32) problems.push('SESSION_SECRET 至少需要 32 个字符（也可以不设置）');
  const ttlH = env.SESSION_TTL_HOURS ? Number(env.SESSION_TTL_HOURS) : 12;
  if (!(ttlH > 0 && ttlH <= 24 * 30)) problems.push('SESSION_TTL_HOURS 须为 0–720 之间的数');
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL 须为 ${LEVELS.join('/')} 之一`);
  const cap = env.OPINION_DAILY_CAP ? Number(env.OPINION_DAILY_CAP) : undefined;
  if (cap !== undefined && !(Number.isInteger(cap) && cap >= 1 && cap <= 100_000))
    problems.push('OPINION_DAILY_CAP 须为 1–100000 之间的整数');
  const batch = env.OPINION_BATCH_SIZE ? Number(env.OPINION_BATCH_SIZE) : undefined;
  if (batch !== undefined && !(Number.isInteger(batch) && batch >= 1 && batch <= 1000))
    problems.push('OPINION_BATCH_SIZE 须为 1–1000 之间的整数');
  const clientCap = env.OPINION_CLIENT_CAP ? Number(env.OPINION_CLIENT_CAP) : undefined;
  if (clientCap !== undefined && !(Number.isInteger(clientCap) && clientCap >= 1 && clientCap <= 100_000))
    problems.push('OPINION_CLIENT_CAP 须为 1–100000 之间的整数');
  const spoolKey = env.OPINION_SPOOL_KEY || undefined;
  if (spoolKey !== undefined && !parseSpoolKey(spoolKey))
    problems.push(
      'OPINION_SPOOL_KEY 须为 32 字节的密钥（base64 或 64 位十六进制），例如 `openssl rand -base64 32` 的输出',
    );
  const linkKey = env.OPINION_LINK_KEY || undefined;
  if (linkKey !== undefined && !parseSpoolKey(linkKey))
    problems.push(
      'OPINION_LINK_KEY 须为 32 字节的密钥（base64 或 64 位十六进制），例如 `openssl rand -base64 32` 的输出',
    );
  for (const k of [
    'JOBS_WORKER',
    'OPINION_BATCH_HOURLY',
    'COOKIE_SECURE',
    'TRUST_PROXY',
    'JIANSHI_DISABLE_RATE_LIMIT',
  ]) {
    const v = env[k];
    if (v !== undefined && v !== '' && !['0', '1', 'true', 'false', 'yes', 'no'].includes(v))
      problems.push(`${k} 须为 0 或 1`);
  }
  const notify = readNotifyConfig(env);
  problems.push(...notify.problems);
  if (problems.length) throw new JianshiError('E_CONFIG', `配置有误：\n  - ${problems.join('\n  - ')}`, { problems });
  return {
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: resolve(env.DATA_DIR || './data'),
    sessionSecret: secret,
    sessionTtlMs: ttlH * 3600_000,
    cookieSecure: bool(env.COOKIE_SECURE),
    trustProxy: bool(env.TRUST_PROXY),
    logLevel,
    webDist: resolve(env.WEB_DIST || './web/dist'),
    evidenceDir: env.EVIDENCE_DIR ? resolve(env.EVIDENCE_DIR) : undefined,
    auditCheckpointFile: env.AUDIT_CHECKPOINT_FILE ? resolve(env.AUDIT_CHECKPOINT_FILE) : undefined,
    opinionDailyCap: cap,
    opinionBatchSize: batch,
    opinionBatchHourly:
      env.OPINION_BATCH_HOURLY === undefined || env.OPINION_BATCH_HOURLY === ''
        ? undefined
        : bool(env.OPINION_BATCH_HOURLY),
    jobsWorker: env.JOBS_WORKER === undefined || env.JOBS_WORKER === '' ? undefined : bool(env.JOBS_WORKER),
    opinionClientCap: clientCap,
    opinionSpoolKey: spoolKey,
    opinionLinkKey: linkKey,
    notify: notify.value,
    rateLimit: !bool(env.JIANSHI_DISABLE_RATE_LIMIT),
    demo: false,
    ...overrides,
  };
}

/** The file of audit checkpoints outside the database (audit-checkpoint.ts): AUDIT_CHECKPOINT_FILE or DATA_DIR/audit-checkpoints.log. */
export function auditCheckpointFileOf(config: Pick<Config, 'dataDir' | 'auditCheckpointFile'>): string {
  return config.auditCheckpointFile ?? join(config.dataDir, 'audit-checkpoints.log');
}

/** Parse OPINION_SPOOL_KEY (64 hex digits or base64 of 32 bytes); null when malformed. */
export function parseSpoolKey(v: string): Buffer | null {
  const s = v.trim();
  const b = /^[0-9a-fA-F]{64}$/.test(s)
    ? Buffer.from(s, 'hex')
    : Buffer.from(s, /[-_]/.test(s) ? 'base64url' : 'base64');
  return b.length === 32 ? b : null;
}
