import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, testDialects, type TestStore } from '../testing.js';
import { createRepositories, type Repositories } from './index.js';

describe.each(testDialects())('account devices, one-time links and settings leases (%s)', (dialect) => {
  let store: TestStore;
  let repos: Repositories;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    repos = createRepositories(store);
  });
  afterAll(async () => store?.close());

  it('keeps the newest devices of an account, replaces the presented one, forgets them all', async () => {
    const p = await repos.people.create({ name: '设备甲', username: 'device-a' });
    const other = await repos.people.create({ name: '设备乙', username: 'device-b' });
    await repos.devices.register({
      personId: other.id,
      tokenHash: 'o1',
      replaces: null,
      at: '2026-01-01T00:00:00Z',
      keep: 3,
    });
    for (let i = 1; i <= 4; i++)
      await repos.devices.register({
        personId: p.id,
        tokenHash: `h${i}`,
        replaces: null,
        at: `2026-01-0${i}T00:00:00Z`,
        keep: 3,
      });
    expect(await repos.devices.registeredAt('h1', p.id)).toBeNull(); // the oldest was dropped
    expect(await repos.devices.registeredAt('h4', p.id)).toBe('2026-01-04T00:00:00Z');
    expect(await repos.devices.registeredAt('h4', other.id)).toBeNull(); // another account's hash is not his
    await repos.devices.register({
      personId: p.id,
      tokenHash: 'h5',
      replaces: 'h4',
      at: '2026-01-05T00:00:00Z',
      keep: 3,
    });
    expect(await repos.devices.registeredAt('h4', p.id)).toBeNull();
    expect(await repos.devices.registeredAt('h2', p.id)).toBe('2026-01-02T00:00:00Z');
    await repos.devices.forgetPerson(p.id);
    for (const h of ['h2', 'h3', 'h5']) expect(await repos.devices.registeredAt(h, p.id)).toBeNull();
    expect(await repos.devices.registeredAt('o1', other.id)).toBe('2026-01-01T00:00:00Z');
  });

  it('a newer link revokes the older; a link is spent once, also by two at the same time', async () => {
    const p = await repos.people.create({ name: '链接甲', username: 'link-a' });
    const admin = await repos.people.create({ name: '管理员', username: 'link-admin', isAdmin: true });
    const issue = (tokenHash: string) =>
      repos.invitations.issue({
        tokenHash,
        personId: p.id,
        purpose: 'invite',
        createdBy: admin.id,
        createdAt: '2026-01-01T00:00:00Z',
        expiresAt: '2026-01-08T00:00:00Z',
      });
    await issue('t1');
    await issue('t2');
    expect(await repos.invitations.find('t1')).toBeNull();
    expect(await repos.invitations.find('t2')).toEqual({ personId: p.id, expiresAt: '2026-01-08T00:00:00Z' });
    expect(await repos.invitations.consume('t2', admin.id)).toBe(false); // not the link's person
    const spent = await Promise.all([repos.invitations.consume('t2', p.id), repos.invitations.consume('t2', p.id)]);
    expect(spent.filter(Boolean)).toHaveLength(1);
    expect(await repos.invitations.find('t2')).toBeNull();
    await issue('t3');
    await repos.invitations.revokeForPerson(p.id);
    expect(await repos.invitations.find('t3')).toBeNull();
  });

  it('tells who created a person from the audit log', async () => {
    const admin = await repos.people.create({ name: '创建者', username: 'creator' });
    const p = await repos.people.create({ name: '被创建者' });
    expect(await repos.people.wasCreatedBy(p.id, admin.id)).toBe(false);
    await repos.audit.append({ actorId: admin.id, action: 'person.create', entity: 'person', entityId: p.id });
    expect(await repos.people.wasCreatedBy(p.id, admin.id)).toBe(true);
    expect(await repos.people.wasCreatedBy(admin.id, p.id)).toBe(false);
  });

  it('settings: compare-and-set and a conditional write take effect only on the value they expect', async () => {
    const v0 = await repos.settings.getOrInit('test.lease', '{"day":"","state":"done"}');
    const [a, b] = await Promise.all([
      repos.settings.swap('test.lease', v0, '{"day":"2026-01-01","state":"running","owner":"a"}'),
      repos.settings.swap('test.lease', v0, '{"day":"2026-01-01","state":"running","owner":"b"}'),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const owner = a ? 'a' : 'b';
    const other = a ? 'b' : 'a';
    await repos.settings.setIfContains('test.lease', `"owner":"${other}"`, 'taken by the wrong one');
    expect(await repos.settings.get('test.lease')).toContain(`"owner":"${owner}"`);
    await repos.settings.setIfContains('test.lease', `"state":"running","owner":"${owner}"`, 'done');
    expect(await repos.settings.get('test.lease')).toBe('done');
    await repos.settings.delete('test.lease');
    expect(await repos.settings.get('test.lease')).toBeNull();
  });
});
