/**
 * `bin/jianshi corpus …` end to end on a temp folder: index, check --jsonl (the exact line shape that
 * an independent benchmark parses), list by collection, report --docx.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';

const bin = new URL('../../bin/jianshi', import.meta.url).pathname;
const SEED = readFileSync(
  new URL('../fixtures/sample-2023.txt', import.meta.url),
  'utf8',
); /* the sample material, a copy of shared/seeds/000_36651b71203e1f41.txt */
const INDEPENDENT = readFileSync(
  new URL('../../src/core/similarity/fixtures/independent-six.txt', import.meta.url),
  'utf8',
);
const MEMBER = readFileSync(new URL('../fixtures/materials/member-four-checks.txt', import.meta.url), 'utf8');

const dir = mkdtempSync(join(tmpdir(), 'jianshi-corpus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (...args: string[]) => spawnSync(bin, args, { encoding: 'utf8', timeout: 120_000 });
const cps = (s: string) => [...s].length;

describe('bin/jianshi corpus', { timeout: 240_000 }, () => {
  const store = join(dir, 'store');
  const queries = join(dir, 'queries');
  const db = join(dir, 'sim.db');

  it('indexes every *.txt of a folder, with collection metadata', () => {
    mkdirSync(store);
    writeFileSync(join(store, '范文甲.txt'), SEED);
    writeFileSync(join(store, 'member.txt'), MEMBER);
    writeFileSync(join(store, 'notes.md'), '不是材料');
    const r = run('corpus', 'index', store, '--db', db, '--org', '发改局', '--year', '2023');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('已索引 2 份');
    const l = run('corpus', 'list', '--db', db, '--org', '发改局', '--year', '2023', '--json');
    expect(l.status, l.stderr).toBe(0);
    expect(
      JSON.parse(l.stdout)
        .map((d: { id: string }) => d.id)
        .sort(),
    ).toEqual(['member', '范文甲']);
  });

  it('check --jsonl prints one line per file in the exact shape of the issue', () => {
    mkdirSync(queries);
    // A copy of the seed without its watermarks, with a new title; and an independent material.
    const copy =
      '某局2024年度专题民主生活会发言\n' +
      SEED.replace(/稿子铺整理，?/g, '')
        .replace(/##paid\w+##/g, '')
        .split('\n')
        .slice(1)
        .join('\n');
    writeFileSync(join(queries, 'copy.txt'), copy);
    writeFileSync(join(queries, 'own.txt'), INDEPENDENT);
    const r = run('corpus', 'check', queries, '--db', db, '--jsonl');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const texts: Record<string, string> = { copy, own: INDEPENDENT };
    const sources: Record<string, string> = { 范文甲: SEED, member: MEMBER };
    const byQuery: Record<string, { matches: { id: string; coverage: number }[] }> = {};
    for (const line of lines) {
      const j = JSON.parse(line);
      expect(Object.keys(j)).toEqual(['query', 'matches', 'ms']);
      expect(typeof j.query).toBe('string');
      expect(typeof j.ms).toBe('number');
      expect(j.ms).toBeGreaterThanOrEqual(0);
      expect(Array.isArray(j.matches)).toBe(true);
      for (const m of j.matches) {
        expect(Object.keys(m)).toEqual(['id', 'score', 'coverage', 'passages']);
        expect(typeof m.id).toBe('string');
        for (const k of ['score', 'coverage']) {
          expect(m[k]).toBeGreaterThanOrEqual(0);
          expect(m[k]).toBeLessThanOrEqual(1);
        }
        expect(m.passages.length).toBeGreaterThan(0);
        for (const p of m.passages) {
          expect(Object.keys(p)).toEqual(['q', 's']);
          for (const [span, text] of [
            [p.q, texts[j.query]],
            [p.s, sources[m.id]],
          ] as const) {
            expect(span).toHaveLength(2);
            expect(Number.isInteger(span[0]) && Number.isInteger(span[1])).toBe(true);
            expect(0 <= span[0] && span[0] < span[1] && span[1] <= cps(text)).toBe(true);
          }
        }
      }
      byQuery[j.query] = j;
    }
    expect(Object.keys(byQuery).sort()).toEqual(['copy', 'own']);
    expect(byQuery.copy.matches.map((m) => m.id)).toEqual(['范文甲']);
    expect(byQuery.copy.matches[0].coverage).toBeGreaterThan(0.9);
    expect(byQuery.own.matches).toEqual([]);
  });

  it('report --docx writes a Word report with the figures and the passages', async () => {
    const out = join(dir, 'r.docx');
    const r = run('corpus', 'report', join(queries, 'copy.txt'), '--db', db, '--docx', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('最大单一来源：范文甲');
    const xml = await (await JSZip.loadAsync(readFileSync(out))).file('word/document.xml')!.async('string');
    expect(xml).toContain('查重报告');
    expect(xml).toContain('总重复率');
    expect(xml).toContain('范文甲');
    expect(xml).toContain('片段对照');
  });

  it('check skips a file it cannot read (binary, empty) and goes on with the others', () => {
    const mixed = join(dir, 'mixed');
    mkdirSync(mixed);
    writeFileSync(join(mixed, 'a-binary.txt'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    writeFileSync(join(mixed, 'b-empty.txt'), '');
    writeFileSync(join(mixed, 'c-copy.txt'), SEED);
    const r = run('corpus', 'check', mixed, '--db', db, '--jsonl');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.query)).toEqual(['c-copy']);
    expect(lines[0].matches[0].id).toBe('范文甲');
    expect(r.stderr).toContain('跳过 a-binary.txt');
    expect(r.stderr).toContain('跳过 b-empty.txt');
  });
});
