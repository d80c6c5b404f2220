/**
 * Weak passwords are refused everywhere a password is set (accepting an
 * invitation, a reset by an administrator, a change, `jianshi user add --password-stdin`) with
 * E_WEAK_PASSWORD and a Chinese reason; login names go to system administrators only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

const WEAK = ['12345678', 'qwertyui', 'password1', 'jianshi2023', 'aaaaaaaa'];
const PUBLIC = { 'x-csrf-token': 'public' };

describe('weak passwords and login names', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  it('refuses 12345678 and other common passwords everywhere a password is set', async () => {
    const sys = await t.as('sysadmin');
    const created = await sys.post('/api/people', { name: '弱密码测试', username: 'ruomima', invite: true });
    const token = created.body.invitation.token as string;
    for (const weak of WEAK) {
      const accept = await t.anon().post('/api/public/invitations/accept', { token, password: weak }, PUBLIC);
      expect([accept.status, accept.body.code], `accept ${weak}`).toEqual([422, 'E_WEAK_PASSWORD']);
      expect(accept.body.message).toMatch(/[\u4e00-\u9fff]/);
      const reset = await sys.patch(`/api/people/${t.world.person.memberB2}`, { password: weak });
      expect([reset.status, reset.body.code], `reset ${weak}`).toEqual([422, 'E_WEAK_PASSWORD']);
      const create = await sys.post('/api/people', { name: '弱', username: `ruo${weak.length}x`, password: weak });
      expect([create.status, create.body.code], `create ${weak}`).toEqual([422, 'E_WEAK_PASSWORD']);
      const change = await (
        await t.as('author')
      ).post('/api/auth/password', { currentPassword: 'test-password-1', newPassword: weak });
      expect([change.status, change.body.code], `change ${weak}`).toEqual([422, 'E_WEAK_PASSWORD']);
    }
    // A password made up by the person is fine, and the link is still unspent after the refusals.
    expect(
      (await t.anon().post('/api/public/invitations/accept', { token, password: 'my-own-pass-1' }, PUBLIC)).status,
    ).toBe(200);
  });

  it('refuses a weak password on the command line (jianshi user add --password-stdin)', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'jianshi-cli-weak-'));
    try {
      const r = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'src/cli/main.ts',
          'user',
          'add',
          '管理员',
          '--username',
          'boss',
          '--admin',
          '--password-stdin',
        ],
        {
          cwd: root,
          env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' },
          input: '12345678\n',
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/全是数字/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists login names to system administrators only', async () => {
    const bySecretary = (await (await t.as('secB1')).get('/api/people')).body.items as {
      id: string;
      username: string | null;
      hasAccount?: boolean;
    }[];
    const byOrgAdmin = (await (await t.as('orgAdmin')).get('/api/people')).body.items as typeof bySecretary;
    const bySys = (await (await t.as('sysadmin')).get('/api/people')).body.items as typeof bySecretary;
    const other = (xs: typeof bySecretary) => xs.find((p) => p.id === t.world.person.author)!;
    expect(other(bySys).username).toBe('author');
    for (const xs of [bySecretary, byOrgAdmin]) {
      expect(other(xs).username).toBeNull();
      expect(other(xs).hasAccount).toBe(true);
      // Only his own login name.
      expect(xs.filter((p) => p.username !== null)).toHaveLength(1);
    }
    expect(bySecretary.find((p) => p.id === t.world.person.secB1)!.username).toBe('secb1');
  });
});
