/** The server-side commands: `user add`, `audit verify` (and its report of a tampered chain), `backup` / `restore`. */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../../src/storage/db.js';
import { createRepositories } from '../../src/storage/repositories/index.js';
import { verifyPassword } from '../../src/server/auth/passwords.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'jianshi-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string>, input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, DATABASE_URL: '' },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('server commands', () => {
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  it('adds the first administrator with a password from stdin, backs up and restores', () => {
    const bad = cli(
      ['user', 'add', '王管理', '--email', 'not-an-address', '--password-stdin'],
      { DATA_DIR: a },
      'very-secret-9\n',
    );
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('电子邮箱格式不正确');
    const add = cli(
      ['user', 'add', '王管理', '--username', 'boss', '--admin', '--email', 'boss@example.org', '--password-stdin'],
      { DATA_DIR: a },
      'very-secret-9\n',
    );
    expect(add.code, add.err).toBe(0);
    expect(add.out).toContain('系统管理员');
    const bak = cli(['backup', join(dir, 'a.bak')], { DATA_DIR: a });
    expect(bak.code, bak.err).toBe(0);
    const res = cli(['restore', join(dir, 'a.bak')], { DATA_DIR: b });
    expect(res.code, res.err).toBe(0);
  }, 60_000);

  it('restored accounts work, and audit verify names the first tampered entry', async () => {
    const store = await openDatabase({ dataDir: b });
    try {
      const r = createRepositories(store);
      const boss = await r.people.getByUsername('boss');
      expect(boss?.isAdmin).toBe(true);
      expect(boss?.email).toBe('boss@example.org');
      expect(await verifyPassword(boss!.passwordHash, 'very-secret-9')).toBe(true);
      for (let i = 0; i < 3; i++)
        await r.audit.append({ actorId: boss!.id, action: 'test', entity: 'x', after: { i } });
      await sql`drop trigger audit_log_no_update`.execute(store.db);
      // The last of the three: entry 3 of the shard of entity 'x' (seq is an id, not a position).
      await sql`update audit_log set actor_id = null where seq = (select max(seq) from audit_log where entity = 'x')`.execute(
        store.db,
      );
    } finally {
      await store.close();
    }
    const v = cli(['audit', 'verify'], { DATA_DIR: b });
    expect(v.code).toBe(2);
    expect(v.err).toContain('E_AUDIT_BROKEN');
    expect(v.err).toMatch(/分片 \d+ 第 \d+ 条（序号 \d+）起哈希链断开/);
  }, 60_000);
});
