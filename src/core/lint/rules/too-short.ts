/** A material far too short to hold cases, causes and measures. */
import type { Rule } from '../types.js';
import { norm } from '../util.js';
import { partHeading } from './shared.js';

/** Minimum characters of body text (punctuation excluded), by kind of material. */
export const MIN_CHARS = { 个人: 800, 班子: 1500 } as const;

export const tooShort: Rule = {
  id: 'too-short',
  title: '篇幅过短',
  severity: 'warning',
  why: '篇幅过短的材料写不下具体事例、深层原因和有时限的措施，通常只是提纲式的表态；审核会要求充实。',
  check({ material: m, kind }) {
    const from = m.titleSpan.end > m.titleSpan.start ? m.titleSpan.end : 0;
    const n = norm(m.text.slice(from)).length;
    const min = MIN_CHARS[kind ?? '个人'];
    if (n >= min) return [];
    const at = m.titleSpan.end > m.titleSpan.start ? m.titleSpan : partHeading(m, 'problems');
    return [
      {
        message: `正文仅约${n}字，${kind === '班子' ? '班子' : '个人'}对照检查材料一般不少于${min}字。`,
        part: m.titleSpan.end > m.titleSpan.start ? 'title' : 'problems',
        item: null,
        start: at.start,
        end: at.end,
      },
    ];
  },
};
