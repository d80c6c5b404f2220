/**
 * The checks of a material, off the main thread: parse the rendered text with the core and run
 * the core's lint on it, so typing never waits for them. Messages:
 *   in:  { seq, text, ctx: { framework, kind, meetingYear } }
 *   out: { seq, text, findings, outline, ms } | { seq, error }
 */
import { materialFromText } from '../../../../src/core/material/pipeline';
import type { Material } from '../../../../src/core/material/model';
import type { Finding, LintContext } from '../../../../src/core/lint/types';
import { findFramework, type Framework } from '../../../../src/core/frameworks/framework';

export interface CheckRequest {
  seq: number;
  text: string;
  ctx: {
    framework?: string | Framework | null;
    kind?: '个人' | '班子';
    meetingYear?: number;
    /** The author's aspect of each problem: kept where the parse of the text has as many problems (as the server does). */
    aspects?: (string | null)[];
  };
}

export interface ItemOutline {
  points: { start: number; end: number }[];
  examples: { start: number; end: number }[];
  aspect?: string | null;
  deadline?: string | null;
}

export interface CheckResponse {
  seq: number;
  text: string;
  findings: Finding[];
  /** Per item: where the parser found the points, examples and deadlines (offsets into text). */
  outline: { problems: ItemOutline[]; causes: ItemOutline[]; measures: ItemOutline[] };
  ms: number;
  error?: string;
  engine: 'lint' | 'rules' | 'none';
}

type LintFn = (m: Material, ctx?: LintContext) => Finding[];
type RuleLike = {
  id: string;
  severity: Finding['severity'];
  why: string;
  check: (i: unknown) => (Omit<Finding, 'rule' | 'severity' | 'why'> & { severity?: Finding['severity'] })[];
};

// The lint module is being written alongside; load it when it is there, else run the rule files.
const lintModules = import.meta.glob<{ lint?: LintFn }>('../../../../src/core/lint/index.ts');
// Test files are left out: they import vitest, which a production install does not have.
const ruleModules = import.meta.glob<Record<string, unknown>>([
  '../../../../src/core/lint/rules/*.ts',
  '!../../../../src/core/lint/rules/*.test.ts',
]);

let engine: Promise<{ run: LintFn; kind: CheckResponse['engine'] }> | null = null;
function loadEngine() {
  engine ??= (async () => {
    const idx = Object.values(lintModules)[0];
    if (idx) {
      try {
        const m = await idx();
        if (typeof m.lint === 'function') return { run: m.lint, kind: 'lint' as const };
      } catch {
        /* fall through */
      }
    }
    const rules: RuleLike[] = [];
    for (const load of Object.values(ruleModules)) {
      try {
        const mod = await load();
        for (const v of Object.values(mod))
          if (
            v &&
            typeof v === 'object' &&
            typeof (v as RuleLike).check === 'function' &&
            typeof (v as RuleLike).id === 'string'
          )
            rules.push(v as RuleLike);
      } catch {
        /* a rule that does not load is skipped */
      }
    }
    if (!rules.length) return { run: () => [], kind: 'none' as const };
    const run: LintFn = (material, ctx = {}) => {
      const fw = ctx.framework && typeof ctx.framework === 'object' ? ctx.framework : null;
      const fwId = typeof ctx.framework === 'string' ? ctx.framework : material.framework;
      const input = {
        material,
        ctx,
        framework: fw ?? (fwId ? (findFramework(fwId) ?? null) : null),
        kind: ctx.kind ?? null,
        meetingYear: ctx.meetingYear ?? null,
      };
      const out: Finding[] = [];
      for (const r of rules) {
        try {
          for (const f of r.check(input))
            out.push({ ...f, rule: r.id, severity: f.severity ?? r.severity, why: r.why });
        } catch {
          /* one failing rule does not stop the others */
        }
      }
      return out.sort((a, b) => a.start - b.start);
    };
    return { run, kind: 'rules' as const };
  })();
  return engine;
}

export function outlineOf(m: Material): CheckResponse['outline'] {
  return {
    problems: m.problems.map((p) => ({ points: p.pointSpans, examples: p.exampleSpans, aspect: p.aspect })),
    causes: m.causes.map(() => ({ points: [], examples: [] })),
    measures: m.measures.map((x) => ({ points: [], examples: [], deadline: x.deadline })),
  };
}

let latest = 0;
self.onmessage = async (e: MessageEvent<CheckRequest>) => {
  const { seq, text, ctx } = e.data;
  latest = seq;
  const { run, kind } = await loadEngine();
  if (seq !== latest) return; // a newer text arrived while loading
  const t0 = performance.now();
  try {
    const material = materialFromText(text, { framework: ctx.framework ?? undefined });
    if (ctx.aspects && ctx.aspects.length === material.problems.length)
      ctx.aspects.forEach((a, i) => {
        material.problems[i].aspect = a;
      });
    const findings = run(material, {
      framework: ctx.framework ?? undefined,
      kind: ctx.kind,
      meetingYear: ctx.meetingYear,
    });
    const res: CheckResponse = {
      seq,
      text: material.text,
      findings,
      outline: outlineOf(material),
      ms: performance.now() - t0,
      engine: kind,
    };
    (self as unknown as Worker).postMessage(res);
  } catch (err) {
    (self as unknown as Worker).postMessage({
      seq,
      text,
      findings: [],
      outline: { problems: [], causes: [], measures: [] },
      ms: performance.now() - t0,
      engine: kind,
      error: (err as Error).message,
    } satisfies CheckResponse);
  }
};
