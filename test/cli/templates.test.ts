/**
 * `bin/jianshi templates …` writes the 网络范文 library into the server's own 查重 index (the file
 * next to the database in DATA_DIR), where the server's checks find it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkText } from '../../src/core/similarity/engine.js';
import { SqliteSimilarityIndex } from '../../src/storage/similarity/sqlite-index.js';
import { paragraphsToDocx } from '../../src/formats/docx-write.js';

const bin = new URL('../../bin/jianshi', import.meta.url).pathname;
const SEED = readFileSync(
  new URL('../fixtures/sample-2023.txt', import.meta.url),
  'utf8',
); /* the sample material, a copy of shared/seeds/000_36651b71203e1f41.txt */
const dir = mkdtempSync(join(tmpdir(), 'jianshi-templates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataDir = join(dir, 'data');
const run = (...args: string[]) =>
  spawnSync(bin, args, {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
  });

describe('bin/jianshi templates', { timeout: 240_000 }, () => {
  it('imports .txt and .docx templates into the server index, lists and removes them', async () => {
    const lib = join(dir, 'lib');
    mkdirSync(lib);
    writeFileSync(join(lib, '稿子铺范文.txt'), SEED);
    const other = readFileSync(new URL('../fixtures/materials/member-four-checks.txt', import.meta.url), 'utf8').split(
      '\n',
    );
    writeFileSync(join(lib, '另一篇.docx'), await paragraphsToDocx(other[0], other.slice(1)));
    writeFileSync(join(lib, 'README.md'), '不是范文');
    const r = run('templates', 'import', lib);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('已导入网络范文 2 份');
    const l = run('templates', 'list');
    expect(l.status, l.stderr).toBe(0);
    expect(l.stdout).toContain('稿子铺范文');
    expect(l.stdout).toContain('另一篇');

    // Where the server looks: similarity.db next to jianshi.db in DATA_DIR.
    const idx = new SqliteSimilarityIndex(join(dataDir, 'similarity.db'), { readonly: true });
    const copy = '2024年度组织生活会个人发言\n' + SEED.split('\n').slice(1).join('\n');
    const res = await checkText(idx, copy);
    await idx.close();
    expect(res.matches[0]).toMatchObject({ id: 'template:稿子铺范文', label: '网络范文' });
    expect(res.matches[0].coverage).toBeGreaterThan(0.9);

    const d = run('templates', 'remove', '稿子铺范文', '不存在的');
    expect(d.stdout).toContain('已删除 稿子铺范文');
    expect(d.stdout).toContain('不存在 不存在的');
    expect(run('templates', 'list').stdout).not.toContain('稿子铺范文');
  });

  it('says so for a folder that does not exist', () => {
    const r = run('templates', 'import', join(dir, 'nope'));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/无法读取目录|不是目录/);
  });
});
