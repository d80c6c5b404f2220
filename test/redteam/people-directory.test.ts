/**
 * Red team: the people list a secretary uses to set up meetings. A secretary of one branch sees
 * every person of the whole instance (by design: 设置会议参会人员需要人员名单), but each row also
 * carries account state: isAdmin (who the system administrators are), disabled, and
 * mustChangePassword (which accounts still have the password an administrator issued — the best
 * targets for a password guesser). None of that is needed to pick participants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../http/harness.js';

describe('GET /api/people as a secretary of another branch', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    // memberB1 (branch 1) has not yet changed the password the administrator gave him.
    await t.repos.db
      .updateTable('people')
      .set({ must_change_password: 1 } as never)
      .where('id', '=', t.world.person.memberB1)
      .execute();
  }, 60_000);
  afterAll(async () => t?.close());

  it('does not tell secB2 which accounts are administrators or still on an issued password', async () => {
    const r = await (await t.as('secB2')).get('/api/people');
    expect(r.status).toBe(200);
    const byName = new Map<string, Record<string, unknown>>(
      r.body.items.map((p: Record<string, unknown>) => [p.name as string, p]),
    );
    const member = byName.get('测试-memberB1');
    expect(member).toBeDefined();
    expect(member!.mustChangePassword).toBeUndefined();
    expect(byName.get('测试-sysadmin')?.isAdmin).toBeUndefined();
  });
});
