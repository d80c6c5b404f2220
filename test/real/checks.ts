/**
 * Checks of the real-materials collection (test/fixtures/real): each expectation, written from
 * reading the text, becomes one named check on the output of the import pipeline. Shared by the
 * golden test (test/real/real.test.ts) and the pass-rate bench (bench/import/real.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { materialFromText } from '../../src/core/material/pipeline.js';
import { findFramework } from '../../src/core/frameworks/framework.js';
import type { Material } from '../../src/core/material/model.js';

export const realDir = new URL('../fixtures/real/', import.meta.url).pathname;
export const knownGapsFile = join(realDir, 'KNOWN_GAPS.json');

export interface Expectation {
  title: string | null;
  furniture: string[];
  duplicates?: { text: string; max: number }[];
  keep: string[];
  problems: number | null;
  causes: number | null;
  measures: number | null;
  aspects: (string | null)[] | null;
  placeholders: string[];
}

export interface RealItem {
  file: string;
  text: string;
  meta: {
    source: string;
    site: string;
    kind: string;
    year: number | null;
    truncated: boolean;
    multiArticle: boolean;
    expect: Expectation;
    notes: string;
  };
}

export type Family =
  'title' | 'furniture' | 'keep' | 'problems' | 'causes' | 'measures' | 'aspects' | 'placeholders' | 'removed-only';

/** The rows the benches report, each over one or more check families (counts = the three parts). */
export const FAMILY_ROWS: Record<string, Family[]> = {
  title: ['title'],
  furniture: ['furniture'],
  keep: ['keep'],
  counts: ['problems', 'causes', 'measures'],
  '  problems': ['problems'],
  '  causes': ['causes'],
  '  measures': ['measures'],
  aspects: ['aspects'],
  placeholders: ['placeholders'],
  'removed-only': ['removed-only'],
};

export interface CheckResult {
  name: string;
  family: Family;
  pass: boolean;
  detail: string;
}

export function loadItems(): RealItem[] {
  return readdirSync(realDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const base = f.slice(0, -4);
      return {
        file: base,
        text: readFileSync(join(realDir, f), 'utf8'),
        meta: JSON.parse(readFileSync(join(realDir, base + '.json'), 'utf8')) as RealItem['meta'],
      };
    });
}

/** Text without any whitespace: PDF copies break lines anywhere, so fragments are compared this way. */
export const norm = (s: string): string => s.replace(/\s+/gu, '');

function countOf(hay: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) n++;
  return n;
}

function aspectMatches(m: Material, expected: string | null, got: string | null): boolean {
  if (expected === null) return got === null;
  if (got === null) return false;
  if (got === expected || got.includes(expected) || expected.includes(got)) return true;
  const name = m.framework ? findFramework(m.framework)?.aspects.find((a) => a.id === got)?.name : undefined;
  return !!name && (name.includes(expected) || expected.includes(name));
}

const show = (s: string) => (s.length > 40 ? s.slice(0, 40) + '…' : s);

/** Run the pipeline on one item and evaluate every expectation as a separate check. */
export function checkItem(item: RealItem): CheckResult[] {
  const e = item.meta.expect;
  const out: CheckResult[] = [];
  const add = (name: string, family: Family, pass: boolean, detail = '') => out.push({ name, family, pass, detail });
  let m: Material;
  try {
    m = materialFromText(item.text);
  } catch (err) {
    // Every check fails when the import itself fails.
    const why = `import failed: ${(err as Error).message}`;
    add('title', 'title', false, why);
    for (const f of e.furniture) add(`furniture:${f}`, 'furniture', false, why);
    for (const d of e.duplicates ?? []) add(`duplicate:${d.text}`, 'furniture', false, why);
    for (const k of e.keep) add(`keep:${k}`, 'keep', false, why);
    for (const p of ['problems', 'causes', 'measures'] as const) if (e[p] !== null) add(p, p, false, why);
    if (e.aspects !== null) add('aspects', 'aspects', false, why);
    for (const t of e.placeholders) add(`placeholder:${t}`, 'placeholders', false, why);
    add('removed-only', 'removed-only', false, why);
    return out;
  }
  const text = norm(m.text);
  const removed = m.removed.map((r) => ({ ...r, n: norm(r.text) }));

  if (e.title === null)
    add('title', 'title', m.title.trim() === '', `expected no title, got ${JSON.stringify(m.title)}`);
  else
    add(
      'title',
      'title',
      norm(m.title) === norm(e.title),
      `expected ${JSON.stringify(e.title)}, got ${JSON.stringify(m.title)}`,
    );

  for (const f of e.furniture) {
    const nf = norm(f);
    const absent = !text.includes(nf);
    const reported = removed.some((r) => r.n.includes(nf) || (r.n.length > 0 && nf.includes(r.n)));
    add(
      `furniture:${f}`,
      'furniture',
      absent && reported,
      `${absent ? 'absent' : 'still in the cleaned text'}; ${reported ? 'reported' : 'not reported in removed'}`,
    );
  }
  for (const d of e.duplicates ?? []) {
    const n = countOf(text, norm(d.text));
    add(`duplicate:${d.text}`, 'furniture', n <= d.max, `occurs ${n} times, at most ${d.max} expected`);
  }
  for (const k of e.keep)
    add(`keep:${k}`, 'keep', text.includes(norm(k)), `"${show(k)}" missing from the cleaned text`);

  const got = { problems: m.problems.length, causes: m.causes.length, measures: m.measures.length };
  for (const p of ['problems', 'causes', 'measures'] as const) {
    const want = e[p];
    if (want !== null) add(p, p, got[p] === want, `expected ${want}, got ${got[p]}`);
  }
  if (e.aspects !== null) {
    const aspects = m.problems.map((p) => p.aspect);
    const pass = aspects.length === e.aspects.length && e.aspects.every((a, i) => aspectMatches(m, a, aspects[i]));
    add(
      'aspects',
      'aspects',
      pass,
      `expected ${JSON.stringify(e.aspects)}, got ${JSON.stringify(aspects)} (framework ${m.framework})`,
    );
  }
  for (const t of e.placeholders)
    add(`placeholder:${t}`, 'placeholders', m.text.includes(t), `"${t}" not kept verbatim`);

  // Nothing but what `removed` reports is removed: delete every reported removal from the input
  // (up to its count) and compare with the cleaned text, both without whitespace.
  let rest = norm(item.text);
  for (const r of removed) {
    if (!r.n) continue;
    for (let i = 0; i < Math.max(1, r.count); i++) {
      const at = rest.indexOf(r.n);
      if (at < 0) break;
      rest = rest.slice(0, at) + rest.slice(at + r.n.length);
    }
  }
  let firstDiff = 0;
  while (firstDiff < rest.length && rest[firstDiff] === text[firstDiff]) firstDiff++;
  add(
    'removed-only',
    'removed-only',
    rest === text,
    `input minus removed differs from the cleaned text at ${firstDiff}: …${rest.slice(firstDiff, firstDiff + 20)}… vs …${text.slice(firstDiff, firstDiff + 20)}…`,
  );
  return out;
}

export function loadKnownGaps(): Record<string, string[]> {
  try {
    return JSON.parse(readFileSync(knownGapsFile, 'utf8')) as Record<string, string[]>;
  } catch {
    return {};
  }
}
