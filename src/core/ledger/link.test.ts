import { describe, expect, it } from 'vitest';
import { applyLinks, linkMeasures, type LinkMeasure, type LinkProblem } from './link.js';
import { draftsFromMaterial } from './create.js';
import type { Material } from '../material/model.js';

const P = (aspect: string | null, heading: string, text = ''): LinkProblem => ({ aspect, heading, text, points: [] });
const M = (heading: string, text = ''): LinkMeasure => ({ heading, text });
const targets = (ls: ReturnType<typeof linkMeasures>) => ls.map((l) => l.problemIndex);

/** A member's 检视剖析材料 on the four 检视 items of a campaign (DOMAIN.md §2). */
const FOUR = [
  P('学习贯彻党的创新理论情况', '学习贯彻党的创新理论情况', '学习不够系统，满足于读原文、记笔记，学用结合不紧。'),
  P('党性修养提高情况', '党性修养提高情况', '党性锻炼有所放松，批评与自我批评不够大胆。'),
  P('联系服务群众情况', '联系服务群众情况', '深入群众不够，对群众反映的问题跟踪解决不到位。'),
  P('发挥先锋模范作用情况', '发挥先锋模范作用情况', '在急难险重任务面前冲锋在前不够，标准不高。'),
];

describe('linking measures to problems', () => {
  it('aspects named in the measures: each measure to its own aspect, the 先锋模范 measure to 先锋模范作用', () => {
    const links = linkMeasures(
      [
        M('持续深化理论武装', '每周自学不少于3小时，学用结合。'),
        M('不断加强党性修养', '严格党内政治生活，大胆开展批评与自我批评。'),
        M('用心用情联系服务群众', '每月走访群众不少于2次，建立问题台账跟踪解决。2027年全年'),
        M('充分发挥先锋模范作用', '在急难险重任务中带头冲锋在前。2027年全年'),
      ],
      FOUR,
    );
    expect(targets(links)).toEqual([0, 1, 2, 3]);
    expect(links[3]).toMatchObject({ basis: 'aspect', confidence: 'high' });
  });

  it('measures in another order than the problems follow their wording, not the order', () => {
    const links = linkMeasures(
      [
        M('充分发挥先锋模范作用', '在急难险重任务中冲锋在前。'),
        M('用心用情联系服务群众', '每月走访群众。'),
        M('持续深化理论学习', '学原文、悟原理。'),
        M('加强党性锻炼', '开展批评与自我批评。'),
      ],
      FOUR,
    );
    expect(targets(links)).toEqual([3, 2, 0, 1]);
  });

  it('no aspects: wording decides where it speaks, the order where it does not', () => {
    const problems = [
      P(null, '一是理论学习不够深入', '满足于读文件、记笔记。'),
      P(null, '二是调查研究不够扎实', '下基层走马观花，听汇报多。'),
      P(null, '三是执行制度不够严格', '请示报告制度执行有偏差。'),
    ];
    const links = linkMeasures(
      [
        M('深入基层调查研究', '每季度到基层蹲点调研一周。'),
        M('原原本本学原文', '读文件要悟原理。'),
        M('严格遵守各项制度'),
      ],
      problems,
    );
    expect(targets(links)).toEqual([1, 0, 2]);
    expect(links[0].basis).toBe('wording');
    // Nothing shared at all: the written order, reported as such (low confidence).
    const blind = linkMeasures([M('甲'), M('乙'), M('丙')], problems);
    expect(targets(blind)).toEqual([0, 1, 2]);
    expect(blind.map((l) => l.basis)).toEqual(['order', 'order', 'order']);
  });

  it('more measures than problems: every problem gets one, the extra ones their best match', () => {
    const links = linkMeasures(
      [
        M('持续深化理论学习'),
        M('坚持读原著学原文', '每天学习一小时理论。'),
        M('加强党性锻炼'),
        M('联系服务群众', '走访群众。'),
        M('发挥先锋模范作用'),
      ],
      FOUR,
    );
    const t = targets(links);
    expect(new Set(t)).toEqual(new Set([0, 1, 2, 3]));
    expect(t).toEqual([0, 0, 1, 2, 3]);
  });

  it('fewer measures than problems: never two measures on one problem', () => {
    const links = linkMeasures([M('联系服务群众'), M('发挥先锋模范作用')], FOUR);
    expect(targets(links)).toEqual([2, 3]);
    const generic = linkMeasures([M('加强学习'), M('改进作风')], FOUR);
    expect(new Set(targets(generic)).size).toBe(2);
  });

  it('a measure whose wording names the problem, with no aspect in its heading', () => {
    const links = linkMeasures(
      [
        M('针对学用结合不紧的问题', '坚持学以致用，每季度撰写一篇学习体会。'),
        M('针对群众反映的问题跟踪解决不到位', '建立台账，逐件销号。'),
      ],
      [
        P(null, '（一）学习方面', '学用结合不紧，停留在表面。'),
        P(null, '（二）服务方面', '群众反映的问题跟踪解决不到位。'),
      ],
    );
    expect(targets(links)).toEqual([0, 1]);
    expect(links.map((l) => l.basis)).toEqual(['wording', 'wording']);
  });

  it('measures worded with the customary words of an aspect, not its name, in another order', () => {
    // 表率 / 为民宗旨 / 党性 / 思想根基: what authors write for 先锋模范 / 服务群众 / 党性修养 / 创新理论.
    const links = linkMeasures(
      [
        M('争当表率', '在本职岗位上建功立业。'),
        M('践行为民宗旨', '为群众办实事。'),
        M('锤炼坚强党性', '严肃党内政治生活。'),
        M('筑牢思想根基', '学深悟透新思想。'),
      ],
      FOUR,
    );
    expect(targets(links)).toEqual([3, 2, 1, 0]);
    // The parser's short aspect keys (as imported materials carry them) work the same.
    const short = FOUR.map((p, i) => ({ ...p, aspect: ['创新理论', '党性修养', '服务群众', '先锋模范'][i] }));
    expect(
      targets(linkMeasures([M('争当表率'), M('践行为民宗旨'), M('锤炼坚强党性'), M('筑牢思想根基')], short)),
    ).toEqual([3, 2, 1, 0]);
    const six = ['理论学习', '政治素质', '能力本领', '担当作为', '工作作风', '廉洁自律'].map((a) => P(a, `${a}方面`));
    expect(
      targets(
        linkMeasures(
          [
            M('严守纪律红线', '清正廉洁，严格执行中央八项规定。'),
            M('转变作风', '坚持“四不两直”调查研究。'),
            M('勇于攻坚克难', '敢于斗争。'),
            M('增强履职本领', '提高专业水平。'),
            M('坚定“两个维护”', '提高政治站位。'),
            M('筑牢信仰之基', '学深悟透新思想。'),
          ],
          six,
        ),
      ),
    ).toEqual([5, 4, 3, 2, 1, 0]);
  });

  it('a measure sharing nothing with any problem, where the counts differ, answers none (not the one at its position)', () => {
    const links = linkMeasures([M('下一步，我将认真抓好整改', '制定整改清单，逐项销号。')], FOUR);
    expect(links[0]).toMatchObject({ problemIndex: null, basis: 'none', confidence: 'low' });
    const extra = linkMeasures(
      [M('加强理论学习'), M('加强党性修养'), M('服务群众'), M('发挥先锋模范作用'), M('其他')],
      FOUR,
    );
    expect(targets(extra)).toEqual([0, 1, 2, 3, null]);
    // One problem only: every measure answers it.
    expect(targets(linkMeasures([M('读原文'), M('即日起严格执行')], [FOUR[0]]))).toEqual([0, 0]);
    // As many measures as problems and nothing shared: the written order, as before.
    expect(targets(linkMeasures([M('甲'), M('乙'), M('丙'), M('丁')], FOUR))).toEqual([0, 1, 2, 3]);
  });

  it('no problems: nothing to link', () => {
    expect(linkMeasures([M('加强学习')], [])).toEqual([
      { measureIndex: 0, problemIndex: null, basis: 'none', confidence: 'low', score: 0 },
    ]);
  });

  it('a person corrects a link; bad corrections are refused in Chinese', () => {
    const proposed = linkMeasures([M('联系服务群众'), M('发挥先锋模范作用')], FOUR);
    expect(applyLinks(proposed, [{ measureIndex: 1, problemIndex: 0 }], 4)).toEqual({ ok: true, byMeasure: [2, 0] });
    expect(applyLinks(proposed, [{ measureIndex: 0, problemIndex: null }], 4)).toEqual({
      ok: true,
      byMeasure: [null, 3],
    });
    const bad = applyLinks(
      proposed,
      [
        { measureIndex: 5, problemIndex: 0 },
        { measureIndex: 0, problemIndex: 9 },
      ],
      4,
    );
    expect(bad).toEqual({
      ok: false,
      errors: ['第 6 条整改措施不存在（材料共 2 条）。', '第 1 条整改措施对应的问题不存在（材料共 4 个问题）。'],
    });
  });
});

describe('ledger drafts from a material use the links', () => {
  const material = {
    problems: FOUR.map((p) => ({ ...p, text: p.text ?? '', points: [], examples: [] })),
    measures: [
      M('持续深化理论武装', '每周自学不少于3小时。'),
      M('不断加强党性修养', '大胆开展批评与自我批评。'),
      M('用心用情联系服务群众', '每月走访群众不少于2次。'),
      M('充分发挥先锋模范作用', '带头冲锋在前。（完成时限：2027年全年）'),
    ].map((m) => ({ ...m, deadline: null as string | null, deadlineDate: null as string | null })),
  } as unknown as Pick<Material, 'problems' | 'measures'>;
  const ctx = { materialId: 'm1', orgId: 'o', year: 2026, ownerId: 'p' };

  it('one item per problem — the 先锋模范 measure carries the 先锋模范 problem — and 2027年全年 as the deadline', () => {
    const drafts = draftsFromMaterial(material, ctx);
    expect(drafts.map((d) => d.aspect)).toEqual(FOUR.map((p) => p.aspect));
    expect(new Set(drafts.map((d) => d.problem)).size).toBe(4);
    expect(drafts[3]).toMatchObject({ deadlineKind: 'date', deadlineOn: '2027-12-31' });
    expect(drafts[3].sourceRef).toEqual({ kind: 'measure', materialId: 'm1', measureIndex: 3, problemIndex: 3 });
  });

  it('measures written in another order still give one item per problem', () => {
    const swapped = { ...material, measures: [...material.measures].reverse() };
    const drafts = draftsFromMaterial(swapped, ctx);
    expect(drafts.map((d) => d.aspect)).toEqual([...FOUR].reverse().map((p) => p.aspect));
  });

  it('a corrected link is what the item carries', () => {
    const drafts = draftsFromMaterial(material, { ...ctx, links: [0, 1, 3, 2] });
    expect(drafts[2]).toMatchObject({ aspect: '发挥先锋模范作用情况' });
    expect(drafts[2].sourceRef).toMatchObject({ measureIndex: 2, problemIndex: 3 });
  });
});
