/**
 * Golden tests on real published materials (test/fixtures/real): every expectation is a separate
 * check. A check listed for its file in KNOWN_GAPS.json is a gap of today's parser and must still
 * fail; a listed gap that now passes fails the test too, so the list stays honest. After a parser
 * change, regenerate with UPDATE_KNOWN_GAPS=1 and review the diff (it should only shrink).
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { checkItem, knownGapsFile, loadItems, loadKnownGaps, type CheckResult } from './checks.js';

const items = loadItems();
const gaps = loadKnownGaps();
const results = new Map<string, CheckResult[]>(items.map((it) => [it.file, checkItem(it)]));

if (process.env.UPDATE_KNOWN_GAPS) {
  const next: Record<string, string[]> = {};
  for (const [file, rs] of results) {
    const failing = rs.filter((r) => !r.pass).map((r) => r.name);
    if (failing.length) next[file] = failing;
  }
  writeFileSync(knownGapsFile, JSON.stringify(next, null, 2) + '\n');
  Object.assign(gaps, next);
  for (const k of Object.keys(gaps)) if (!next[k]) delete gaps[k];
}

describe('real published materials', () => {
  it('has at least 30 items from at least 10 sites, each with its source', () => {
    expect(items.length).toBeGreaterThanOrEqual(30);
    expect(new Set(items.map((i) => i.meta.site)).size).toBeGreaterThanOrEqual(10);
    for (const i of items) expect(i.meta.source).toMatch(/^https?:\/\//);
  });

  it('KNOWN_GAPS.json names only existing files and checks', () => {
    for (const [file, names] of Object.entries(gaps)) {
      const rs = results.get(file);
      expect(rs, `unknown file ${file}`).toBeDefined();
      for (const n of names)
        expect(
          rs!.map((r) => r.name),
          `${file}: unknown check ${n}`,
        ).toContain(n);
    }
  });

  for (const item of items) {
    describe(item.file, () => {
      const known = new Set(gaps[item.file] ?? []);
      for (const r of results.get(item.file)!) {
        it(r.name, () => {
          if (known.has(r.name))
            expect(r.pass, `listed as a known gap but now passes: remove it from KNOWN_GAPS.json`).toBe(false);
          else expect(r.pass, r.detail).toBe(true);
        });
      }
    });
  }
});
