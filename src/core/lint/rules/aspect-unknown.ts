/** A problem that belongs to no aspect of the meeting's framework. */
import type { Rule } from '../types.js';
import { itemHead } from './shared.js';

export const aspectUnknown: Rule = {
  id: 'aspect-unknown',
  title: '问题未对应方面',
  severity: 'info',
  why: '问题应按会议通知规定的方面逐项查摆；不属于任何方面的问题，要么标题写得不清楚，要么偏离了会议主题。',
  check({ material: m, framework: fw, ctx }) {
    if (!fw) return [];
    // Problems without aspect headings ("一是…") under a framework only the headings suggested: silent.
    if (!ctx.framework && m.framework === fw.id && m.frameworkFit === 'headings') return [];
    const out = [];
    for (let i = 0; i < m.problems.length; i++) {
      const p = m.problems[i];
      if (p.aspect !== null) continue;
      out.push({
        message: `问题“${p.heading || p.text.slice(0, 16)}”未对应到“${fw.name}”的任何方面。`,
        part: 'problems' as const,
        item: i,
        ...itemHead(m.text, p),
      });
    }
    return out;
  },
};
