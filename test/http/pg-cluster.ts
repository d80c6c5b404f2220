/**
 * A private, throwaway PostgreSQL cluster for tests that must restart or stop the database (the
 * shared test server of TEST_DATABASE_URL is never touched): initdb into a temp directory, its own
 * free port, the packaged binaries (/usr/lib/postgresql/<n>/bin); as root they run as `postgres`
 * (runuser), as scripts/pg-test.sh does.
 *
 *   const pg = pgBinaries() && await startPrivateCluster();
 *   await pg.restart(); await pg.stop(); await pg.start(); await pg.destroy();
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;

/** The newest PostgreSQL bin directory with initdb and pg_ctl (and runuser, as root), or null. */
export function pgBinaries(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(base, v, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) {
      if (isRoot && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser') && !existsSync('/usr/bin/runuser'))
        return null;
      return bin;
    }
  }
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface PrivateCluster {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url: string;
  port: number;
  dir: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server (immediate) and removes the directory. */
  destroy(): Promise<void>;
  /** The server log (for diagnostics). */
  logFile: string;
}

export async function startPrivateCluster(database = 'jianshi'): Promise<PrivateCluster> {
  const bin = pgBinaries();
  if (!bin) throw new Error('PostgreSQL binaries not found');
  const dir = mkdtempSync(join(tmpdir(), 'jianshi-pgc-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  if (isRoot) {
    chmodSync(dir, 0o755);
    chownSync(dir, (await uidOf('postgres')).uid, (await uidOf('postgres')).gid);
  }
  const asPg = (cmd: string, args: string[]) =>
    isRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]) : run(join(bin, cmd), args);
  await asPg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=100`;
  const pgCtl = (...args: string[]) => asPg('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', ...args]);
  await pgCtl('-o', opts, 'start');
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database} ENCODING 'UTF8'`);
  await admin.end();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    port,
    dir,
    logFile,
    restart: async () => void (await pgCtl('-m', 'fast', '-o', opts, 'restart')),
    stop: async () => void (await pgCtl('-m', 'fast', 'stop')),
    start: async () => void (await pgCtl('-o', opts, 'start')),
    destroy: async () => {
      await pgCtl('-m', 'immediate', 'stop').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function uidOf(user: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
