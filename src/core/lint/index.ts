/**
 * The lint: quality checks of a material, the way an experienced reviewer reads it.
 *
 *   const findings = lint(material, { kind: '个人', previous: lastYear, meetingYear: 2023 });
 *   // → [{ rule: 'measure-no-deadline', severity: 'warning', message: '措施“加强理论学习”…',
 *   //      part: 'measures', item: 0, start: 1822, end: 1828, why: '整改措施要具体、可衡量…' }]
 *
 * Pure and synchronous (no I/O, no node: imports): the server runs it on save, the browser as the
 * author types. Offsets point into `material.text`. Precision over recall: a rule stays silent
 * when it cannot tell.
 */
import type { Material } from '../material/model.js';
import { findFramework, type Framework } from '../frameworks/framework.js';
import type { Finding, LintContext, Rule, RuleOverride, Severity } from './types.js';
import { inferKind, yearOf } from './util.js';
import { aspectMissing } from './rules/aspect-missing.js';
import { aspectUnknown } from './rules/aspect-unknown.js';
import { noConcreteCase } from './rules/no-concrete-case.js';
import { achievementDisguise } from './rules/achievement-disguise.js';
import { workSuggestion } from './rules/work-suggestion.js';
import { groupNotSelf } from './rules/group-not-self.js';
import { causeCircumstance } from './rules/cause-circumstance.js';
import { causeUncovered } from './rules/cause-uncovered.js';
import { measureNoDeadline } from './rules/measure-no-deadline.js';
import { measureOrphan } from './rules/measure-orphan.js';
import { boilerplateDensity } from './rules/boilerplate-density.js';
import { repeatedFromLastYear } from './rules/repeated-from-last-year.js';
import { residuePlace } from './rules/residue-place.js';
import { residueEra } from './rules/residue-era.js';
import { residueMarker } from './rules/residue-marker.js';
import { placeholder } from './rules/placeholder.js';
import { tooShort } from './rules/too-short.js';
import { partBalance } from './rules/part-balance.js';

export type { Finding, FindingPart, LintContext, OrganizationContext, Rule, RuleOverride, Severity } from './types.js';

/** Every rule, in the order a reviewer reads: structure, problems, causes, measures, whole text. */
export const RULES: readonly Rule[] = [
  aspectMissing,
  aspectUnknown,
  noConcreteCase,
  achievementDisguise,
  workSuggestion,
  groupNotSelf,
  causeCircumstance,
  causeUncovered,
  measureNoDeadline,
  measureOrphan,
  repeatedFromLastYear,
  residuePlace,
  residueEra,
  residueMarker,
  placeholder,
  boilerplateDensity,
  tooShort,
  partBalance,
];

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

function override(config: LintContext['config'], id: string): RuleOverride {
  const o = config?.[id];
  if (o === undefined) return {};
  if (o === 'off') return { enabled: false };
  if (typeof o === 'string') return SEVERITIES.includes(o) ? { severity: o } : {};
  return o;
}

function resolveFramework(m: Material, ctx: LintContext): Framework | null {
  const f = ctx.framework;
  if (f && typeof f === 'object') return f;
  const id = typeof f === 'string' ? f : m.framework;
  return id ? (findFramework(id, ctx.customFrameworks) ?? null) : null;
}

/** Run every enabled rule; findings sorted by position, then by rule order. */
export function lint(material: Material, ctx: LintContext = {}): Finding[] {
  const input = {
    material,
    ctx,
    framework: resolveFramework(material, ctx),
    kind: ctx.kind ?? inferKind(material),
    meetingYear: ctx.meetingYear ?? yearOf(material),
  };
  const out: (Finding & { order: number })[] = [];
  RULES.forEach((rule, order) => {
    const o = override(ctx.config, rule.id);
    if (o.enabled === false) return;
    for (const f of rule.check(input)) {
      out.push({
        rule: rule.id,
        severity: o.severity ?? f.severity ?? rule.severity,
        message: f.message,
        part: f.part,
        item: f.item,
        start: f.start,
        end: f.end,
        why: rule.why,
        order,
      });
    }
  });
  out.sort((a, b) => a.start - b.start || a.order - b.order);
  return out.map(({ order: _order, ...f }) => f);
}
