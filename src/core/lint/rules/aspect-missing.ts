/** An aspect of the meeting's framework that no problem addresses. */
import { aspectScore, ASPECT_THRESHOLD } from '../../frameworks/framework.js';
import type { Rule } from '../types.js';
import { partHeading } from './shared.js';

export const aspectMissing: Rule = {
  id: 'aspect-missing',
  title: '缺少检视方面',
  severity: 'warning',
  why: '会议通知规定了对照检视的方面，每个方面都要查摆问题；漏掉一个方面，审核时通常会被退回补充。',
  check({ material: m, framework: fw, ctx }) {
    if (!fw || !m.problems.length || fw.partial) return [];
    // A text that stops inside its problems part (no causes, no measures: a draft or an excerpt) may
    // simply not have reached the other aspects yet; part-balance already says what is missing.
    if (!m.causes.length && !m.measures.length) return [];
    const covered = new Set(m.problems.map((p) => p.aspect).filter(Boolean));
    // A framework only the headings suggested (no meeting setting, nothing in the title) is not
    // certain enough to demand its aspects unless most of them are there.
    if (
      !ctx.framework &&
      m.framework === fw.id &&
      m.frameworkFit === 'headings' &&
      covered.size * 2 < fw.aspects.length
    )
      return [];
    const at = partHeading(m, 'problems');
    const out = [];
    for (const a of fw.aspects) {
      if (covered.has(a.id)) continue;
      // One heading may cover two aspects ("在政治素质和能力本领方面"): count it as covered.
      if (m.problems.some((p) => p.heading && aspectScore(a, p.heading) >= ASPECT_THRESHOLD)) continue;
      out.push({ message: `缺少“${a.name}”方面的问题查摆。`, part: 'problems' as const, item: null, ...at });
    }
    return out;
  },
};
