/**
 * The problems and measures the report lists, taken from a material as the import pipeline parses
 * it: each claim, never an aspect's name standing in for a problem.
 */
import { describe, expect, it } from 'vitest';
import { materialFromText } from '../../../core/material/pipeline.js';
import { measureStatements, problemStatements } from './report.js';

describe('problem statements for the report', () => {
  it('a point that only repeats the aspect heading ("…方面。") is not listed as a problem', () => {
    const content = {
      problems: [
        {
          aspect: '两个确立',
          heading: '',
          text: '',
          points: [
            '带头深刻领悟“两个确立”的决定性意义，增强“四个意识”、做到“两个维护”方面。',
            '全面系统认识和把握“两个确立”内涵上有差距。班子成员学习不深。',
            '政治“三力”有待提升。',
          ],
        },
        { aspect: '担当作为', heading: '担当作为方面存在的问题', text: '', points: [] },
        { aspect: null, heading: '（三）调查研究不够深入', text: '', points: [] },
      ],
    };
    expect(problemStatements(content)).toEqual([
      '全面系统认识和把握“两个确立”内涵上有差距',
      '政治“三力”有待提升',
      '调查研究不够深入',
    ]);
  });

  it('an imported material: one statement per claim, each measure by its heading', () => {
    const m = materialFromText(
      [
        '个人对照检查材料',
        '一、存在的问题',
        '（一）理论学习方面',
        '学习不够系统，满足于碎片化学习。',
        '（二）工作作风方面',
        '调查研究不深入，听汇报多。',
        '二、整改措施',
        '（一）加强理论学习。每周自学不少于3小时，2025年底完成。',
        '（二）改进工作作风。每月蹲点调研不少于3天。',
      ].join('\n'),
    );
    const c = JSON.parse(JSON.stringify(m));
    expect(problemStatements(c)).toEqual(['学习不够系统，满足于碎片化学习', '调查研究不深入，听汇报多']);
    expect(measureStatements(c)).toEqual(['加强理论学习', '改进工作作风']);
  });
});
