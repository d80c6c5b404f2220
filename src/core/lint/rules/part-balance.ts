/** A part missing, or much thinner than the others; a problem much thinner than its siblings. */
import type { PartKind } from '../../material/model.js';
import type { RawFinding, Rule } from '../types.js';
import { itemHead, partHeading } from './shared.js';
import { wordCount } from '../../text/count.js';

const NAME: Record<PartKind, string> = { problems: '存在的问题', causes: '原因剖析', measures: '整改措施' };
/** A part below this share of the three parts together is "much thinner". */
export const MIN_PART_SHARE = 0.1;

export const partBalance: Rule = {
  id: 'part-balance',
  title: '结构不完整或失衡',
  severity: 'warning',
  why: '对照检查材料由问题、原因、措施三部分组成，三者要相互对应；缺一部分或某部分只有寥寥几句，说明查摆、剖析或整改没有做实。',
  check({ material: m }) {
    // A speech, guide or article: the import already says it is no material; missing parts tell nothing more.
    if (m.warnings.some((w) => w.code === 'W_NOT_A_MATERIAL')) return [];
    const out: RawFinding[] = [];
    const len: Record<PartKind, number> = {
      // 字数 as the editor shows it (core/text/count.ts).
      problems: m.problems.reduce((s, p) => s + wordCount(p.heading + p.text), 0),
      causes: m.causes.reduce((s, c) => s + wordCount(c.heading + c.text), 0),
      measures: m.measures.reduce((s, x) => s + wordCount(x.heading + x.text), 0),
    };
    const total = len.problems + len.causes + len.measures;
    if (total === 0 && !m.parts.length && wordCount(m.text) >= 300) {
      // Nothing recognized at all: say so once rather than three times.
      const at = m.titleSpan.end > m.titleSpan.start ? m.titleSpan : { start: 0, end: Math.min(m.text.length, 20) };
      return [
        {
          message: '未识别到“存在的问题、原因剖析、整改措施”三个部分：请检查各部分的标题或编号。',
          part: 'title',
          item: null,
          ...at,
        },
      ];
    }
    if (total < 200) return out; // nothing to balance: too-short speaks
    for (const k of ['problems', 'causes', 'measures'] as PartKind[]) {
      const at = partHeading(m, k);
      if (!m.parts.some((p) => p.kind === k) || len[k] === 0) {
        out.push({ message: `未找到“${NAME[k]}”部分。`, part: k, item: null, ...at });
      } else if (len[k] / total < MIN_PART_SHARE) {
        out.push({
          message: `“${NAME[k]}”部分仅约${len[k]}字（占全文${Math.round((len[k] / total) * 100)}%），明显单薄。`,
          part: k,
          item: null,
          ...at,
        });
      }
    }
    const sizes = m.problems.map((p) => wordCount(p.text));
    if (sizes.length >= 3) {
      const med = [...sizes].sort((a, b) => a - b)[Math.floor(sizes.length / 2)];
      sizes.forEach((s, i) => {
        if (s < 40 && s < med * 0.3)
          out.push({
            message: `问题“${m.problems[i].heading || '该条'}”仅约${s}字，远少于其他问题（中位约${med}字）。`,
            severity: 'info',
            part: 'problems',
            item: i,
            ...itemHead(m.text, m.problems[i]),
          });
      });
    }
    return out;
  },
};
