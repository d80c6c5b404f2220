/**
 * The lint end to end: the sample material (a bought template), the good materials of
 * test/fixtures/good (precision: at most one finding per 1,000 characters), overrides and the
 * shape of a finding.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { materialFromBytes } from '../material/pipeline.js';
import { lint, RULES } from './index.js';

const root = join(import.meta.dirname, '../../../test/fixtures');
const load = (p: string) => materialFromBytes(new Uint8Array(readFileSync(p)));

describe('the sample material', () => {
  const m = load(join(root, 'sample-2023.txt'));
  const f = lint(m);
  it('has a residue finding for 成都 against 全县', () => {
    const r = f.filter((x) => x.rule === 'residue-place' && m.text.slice(x.start, x.end) === '成都');
    expect(r).toHaveLength(1);
    expect(r[0].message).toContain('全县');
    expect(r[0].part).toBe('measures');
  });
  it('has findings for measures without a deadline', () => {
    const d = f.filter((x) => x.rule === 'measure-no-deadline');
    expect(d.length).toBe(m.measures.length);
    expect(d.every((x) => x.part === 'measures' && x.severity === 'warning')).toBe(true);
  });
  it('has no missing-aspect finding', () => {
    expect(f.filter((x) => x.rule === 'aspect-missing')).toEqual([]);
  });
  it('also reports what a reviewer would: no cases, template density, the paywall and watermarks', () => {
    const rules = new Set(f.map((x) => x.rule));
    for (const r of ['no-concrete-case', 'boilerplate-density', 'residue-marker']) expect(rules).toContain(r);
  });
  it('gives findings with the contract fields and offsets into the cleaned text', () => {
    for (const x of f) {
      expect(Object.keys(x)).toEqual(['rule', 'severity', 'message', 'part', 'item', 'start', 'end', 'why']);
      expect(x.start).toBeGreaterThanOrEqual(0);
      expect(x.end).toBeGreaterThan(x.start);
      expect(x.end).toBeLessThanOrEqual(m.text.length);
    }
    const sorted = [...f].sort((a, b) => a.start - b.start);
    expect(f.map((x) => x.start)).toEqual(sorted.map((x) => x.start));
  });
});

describe('precision on good materials', () => {
  const dir = join(root, 'good');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  it('has at least five of them, each 1,500–4,000 characters', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) {
      const n = readFileSync(join(dir, f), 'utf8').length;
      expect(n, f).toBeGreaterThanOrEqual(1500);
      expect(n, f).toBeLessThanOrEqual(4000);
    }
  });
  it('gives at most one finding per 1,000 characters, on each and over the set', () => {
    let chars = 0;
    let findings = 0;
    const report: string[] = [];
    for (const f of files) {
      const m = load(join(dir, f));
      const got = lint(m);
      chars += m.text.length;
      findings += got.length;
      report.push(`${f}: ${m.text.length} chars, ${got.length} findings ${got.map((x) => x.rule).join(',')}`);
      expect(
        got.length / (m.text.length / 1000),
        `${f}: ${got.map((x) => `${x.rule} ${x.message}`).join(' | ')}`,
      ).toBeLessThanOrEqual(1);
    }
    report.push(`total: ${chars} chars, ${findings} findings, ${((findings / chars) * 1000).toFixed(2)} per 1,000`);
    console.log(report.join('\n'));
    expect(findings / (chars / 1000)).toBeLessThanOrEqual(1);
  });
});

describe('previous-year material', () => {
  it('finds every point of a material copied from last year, and none between different materials', () => {
    const m = load(join(root, 'sample-2023.txt'));
    const again = lint(m, { previous: m }).filter((x) => x.rule === 'repeated-from-last-year');
    expect(again.length).toBe(m.problems.reduce((n, p) => n + p.points.filter((t) => t.length >= 10).length, 0));
    const dir = join(root, 'good');
    const good = readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => load(join(dir, f)));
    good.forEach((g, i) =>
      expect(
        lint(g, { previous: good[(i + 1) % good.length] }).filter((x) => x.rule === 'repeated-from-last-year'),
      ).toEqual([]),
    );
  });
});

describe('organization overrides', () => {
  const m = load(join(root, 'sample-2023.txt'));
  it('switches a rule off and changes a severity', () => {
    const f = lint(m, {
      config: { 'measure-no-deadline': 'off', 'residue-place': { severity: 'error' }, 'no-concrete-case': 'info' },
    });
    expect(f.some((x) => x.rule === 'measure-no-deadline')).toBe(false);
    expect(f.filter((x) => x.rule === 'residue-place').every((x) => x.severity === 'error')).toBe(true);
    expect(f.filter((x) => x.rule === 'no-concrete-case').every((x) => x.severity === 'info')).toBe(true);
  });
  it('every rule has an id, a severity, a title and a reason', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z-]+$/);
      expect(['error', 'warning', 'info']).toContain(r.severity);
      expect(r.title.length).toBeGreaterThan(2);
      expect(r.why.length).toBeGreaterThan(20);
    }
  });
});

describe('robustness', () => {
  it('never throws and keeps every span inside the text, on every fixture and on odd shapes', () => {
    const dir = join(root, 'materials');
    const ms = readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => load(join(dir, f)));
    for (const t of [
      '只有一行',
      '一、存在的问题\n二、原因剖析\n三、整改措施',
      '标题材料\n（一）理论学习方面。\n（二）',
      'XX同志：\nhttps://example.com',
    ])
      ms.push(load_(t));
    for (const m of ms) {
      for (const x of lint(m, {
        previous: m,
        meetingYear: 2023,
        kind: '个人',
        organization: { places: ['青山县'], level: '县' },
        commonPhrases: () => 0.5,
      })) {
        expect(x.start).toBeGreaterThanOrEqual(0);
        expect(x.end).toBeGreaterThanOrEqual(x.start);
        expect(x.end).toBeLessThanOrEqual(m.text.length);
      }
    }
  });
});

function load_(t: string) {
  return materialFromBytes(new TextEncoder().encode(t));
}
