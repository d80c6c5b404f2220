/**
 * Explicit limits for everything a user can hand us. A material is typically 3–15 thousand
 * characters; these limits leave ample room while keeping every step bounded in time and memory.
 */
export const LIMITS = {
  /** Bytes of a plain-text upload. */
  maxTextBytes: 5 * 1024 * 1024,
  /** Bytes of a .docx upload (compressed). */
  maxDocxBytes: 20 * 1024 * 1024,
  /** Total bytes that the parts of a .docx we read may expand to. */
  maxDocxExpandedBytes: 60 * 1024 * 1024,
  /** Ratio of expanded to compressed size above which a .docx is treated as a zip bomb. */
  maxDocxExpansionRatio: 200,
  /** Characters of text that the parser will structure (after cleaning). */
  maxTextChars: 1_500_000,
  /** Characters in one paragraph; longer runs are split so that no step sees a giant line. */
  maxParagraphChars: 20_000,
  /**
   * What one material may hold: the same limits for a material imported from a file or pasted text
   * (checked after parsing) and for one saved from the editor (checked on the submitted content), so
   * that whatever is imported can also be saved. A genuine 对照检查材料 has a few dozen items.
   */
  material: {
    maxProblems: 100,
    maxCauses: 100,
    maxMeasures: 100,
    /** Points (要点) and examples (事例) of one problem. */
    maxPointsPerProblem: 200,
    maxExamplesPerProblem: 200,
    /** Characters of each text of a material saved from the editor or the API. */
    chars: {
      title: 500,
      byline: 2000,
      preface: 200_000,
      /** A problem's aspect, a measure's deadline, a part's heading. */
      label: 200,
      heading: 2000,
      text: 200_000,
      /** One point (要点) or example (事例) of a problem; a part's lead-in. */
      point: 50_000,
      closing: 50_000,
    },
    /** How many structure corrections (core/material/restructure.ts) one material keeps. */
    maxFixes: 1000,
  },
  /**
   * A material read from a JSON file (`jianshi import`, an export brought back): looser than a save,
   * since the file may hold a whole model (offsets, provenance); the item limits above apply after parsing.
   */
  materialFile: {
    maxItems: 10_000,
    maxChars: 2_000_000,
  },
} as const;

/** The parts of a material, as the messages name them. */
const PART_NAMES = { problems: '问题', causes: '原因分析', measures: '整改措施' } as const;

/** Where a material exceeds LIMITS.material, in Chinese, with the numbers; null when it fits. */
export function materialOverLimit(m: {
  problems: readonly { points?: readonly unknown[]; examples?: readonly unknown[] }[];
  causes: readonly unknown[];
  measures: readonly unknown[];
}): { part: keyof typeof PART_NAMES | 'points' | 'examples'; count: number; max: number; message: string } | null {
  const L = LIMITS.material;
  const parts = [
    ['problems', m.problems.length, L.maxProblems],
    ['causes', m.causes.length, L.maxCauses],
    ['measures', m.measures.length, L.maxMeasures],
  ] as const;
  for (const [part, count, max] of parts)
    if (count > max)
      return {
        part,
        count,
        max,
        message: `材料中识别出${count}条${PART_NAMES[part]}，超过每份材料最多${max}条的上限，无法保存。请确认文件是一份对照检查材料（几份材料合在一个文件里、或编号格式异常都会这样），拆分或整理后再导入。`,
      };
  for (const [i, p] of m.problems.entries()) {
    for (const [part, list, max, name] of [
      ['points', p.points, L.maxPointsPerProblem, '要点'],
      ['examples', p.examples, L.maxExamplesPerProblem, '事例'],
    ] as const)
      if ((list?.length ?? 0) > max)
        return {
          part,
          count: list!.length,
          max,
          message: `第${i + 1}个问题识别出${list!.length}条${name}，超过每个问题最多${max}条的上限，无法保存。请整理该问题的内容后再导入。`,
        };
  }
  return null;
}
