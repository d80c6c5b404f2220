/** Backup and restore round trips: SQLite → SQLite, and (with TEST_DATABASE_URL) PostgreSQL → PostgreSQL and SQLite → PostgreSQL. */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore, testDialects, type TestStore } from './testing.js';
import { createRepositories } from './repositories/index.js';
import { backup, restore } from './backup.js';
import { TABLES_IN_ORDER } from './schema.js';
import { sha256Hex } from './digest.js';
import type { DialectName } from './db.js';
import { MemoryIndex } from '../core/similarity/memory-index.js';
import { indexDocument } from '../core/similarity/engine.js';

const dir = mkdtempSync(join(tmpdir(), 'jianshi-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function fill(store: TestStore) {
  const r = createRepositories(store);
  const org = await r.orgs.create({ name: '党委', kind: '党委' });
  const p = await r.people.create({ name: '张三', username: 'zhangsan', passwordHash: 'h' });
  await r.memberships.add({ personId: p.id, orgId: org.id, role: 'secretary' });
  const m = await r.meetings.create({
    orgId: org.id,
    kind: '民主生活会',
    year: 2023,
    theme: '主题',
    participants: [{ personId: p.id, role: 'secretary' }],
  });
  const mat = await r.materials.create({
    meetingId: m.id,
    orgId: org.id,
    kind: 'leadership',
    authorId: p.id,
    title: '班子材料',
    content: { text: '中文内容' },
    digest: 'd',
  });
  await r.materials.addFile({
    materialId: mat.id,
    fileName: 'a.docx',
    mime: 'x',
    bytes: new Uint8Array([0, 255, 1, 2]),
    sha256: 's',
    uploadedBy: p.id,
  });
  for (let i = 0; i < 5; i++) await r.audit.append({ actorId: p.id, action: 'x', entity: 'y', after: { i } });
}

async function digestAll(store: TestStore): Promise<string> {
  const parts: string[] = [];
  for (const t of TABLES_IN_ORDER) {
    const rows = await store.db.selectFrom(t).selectAll().execute();
    parts.push(
      t +
        rows
          .map((r) =>
            JSON.stringify(r, (_k, v) =>
              v && typeof v === 'object' && v.type === 'Buffer'
                ? Buffer.from(v.data).toString('base64')
                : typeof v === 'number' || typeof v === 'bigint'
                  ? String(v)
                  : v,
            ),
          )
          .sort()
          .join('\n'),
    );
  }
  return sha256Hex(parts.join('\n'));
}

const pairs: [DialectName, DialectName][] = testDialects().includes('postgres')
  ? [
      ['sqlite', 'sqlite'],
      ['postgres', 'postgres'],
      ['sqlite', 'postgres'],
      ['postgres', 'sqlite'],
    ]
  : [['sqlite', 'sqlite']];

describe('backup and restore', () => {
  for (const [from, to] of pairs) {
    it(`round-trips ${from} → ${to}`, async () => {
      const src = await openTestStore(from);
      const dst = await openTestStore(to);
      try {
        await fill(src);
        const out = join(dir, `${from}-${to}.bak`);
        const b = await backup(src, out);
        expect(b.kind).toBe(from === 'sqlite' ? 'sqlite' : 'jsonl');
        expect(b.rows).toBeGreaterThan(10);
        const r = await restore(dst, out);
        expect(r.rows).toBe(b.rows);
        expect(await digestAll(dst)).toBe(await digestAll(src));
        expect(await createRepositories(dst).audit.verify()).toEqual({ ok: true, count: 5 });
        const f = await dst.db.selectFrom('material_files').select('bytes').executeTakeFirstOrThrow();
        expect(Array.from(f.bytes)).toEqual([0, 255, 1, 2]);
        // A non-empty target is refused unless forced.
        await expect(restore(dst, out)).rejects.toMatchObject({ code: 'E_BACKUP' });
        expect((await restore(dst, out, { force: true })).rows).toBe(b.rows);
        expect(await digestAll(dst)).toBe(await digestAll(src));
      } finally {
        await src.close();
        await dst.close();
      }
    });
  }
});

describe('the 网络范文 library in a backup', () => {
  it('goes into the target index; stale materials leave it, and --force replaces its templates', async () => {
    const text = (k: number) =>
      Array.from(
        { length: 30 },
        (_, i) => `第${k}篇范文第${i}句，坚持以习近平新时代中国特色社会主义思想为指导，认真查摆问题${k * 100 + i}。`,
      ).join('');
    const src = await openTestStore('sqlite');
    const dst = await openTestStore('sqlite');
    try {
      await fill(src);
      const a = new MemoryIndex();
      await a.put([
        indexDocument('template:甲', text(1), { kind: 'template', title: '甲' }),
        indexDocument('m1', text(2), { kind: 'material' }),
      ]);
      const out = join(dir, 'templates.bak');
      const b = await backup(src, out, { index: a });
      expect(b.templates).toBe(1);
      const target = new MemoryIndex();
      await target.put([
        indexDocument('template:乙', text(3), { kind: 'template', title: '乙' }),
        indexDocument('stale', text(4), { kind: 'material' }),
      ]);
      expect(await restore(dst, out, { index: target })).toMatchObject({ templates: 1 });
      expect((await target.list()).map((d) => d.name).sort()).toEqual(['template:乙', 'template:甲']);
      const [甲] = await target.fetch([(await target.idOf('template:甲'))!]);
      expect(甲).toMatchObject({ text: text(1), meta: { kind: 'template', title: '甲' } });
      await restore(dst, out, { index: target, force: true });
      expect((await target.list()).map((d) => d.name)).toEqual(['template:甲']);
    } finally {
      await src.close();
      await dst.close();
    }
  });
});
