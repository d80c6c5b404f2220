import { describe, expect, it } from 'vitest';
import { contentOf, type StructureFix } from './model.js';
import {
  applyFix,
  applyFixes,
  describeFix,
  flatten,
  isStructureFix,
  paragraphKey,
  runIn,
  chosenFramework,
  joinHeading,
  splitHeading,
  splitPoints,
  withFix,
  type Restructurable,
} from './restructure.js';
import { materialFromText } from './pipeline.js';
import { renderText } from './render.js';
import { builtinFrameworks } from '../frameworks/framework.js';

/** A material as the parser might have read it wrongly (built by hand: independent of the parser). */
function misread(): Restructurable {
  return {
    title: '2024年度民主生活会个人对照检查材料',
    preface: '按照要求，我认真学习了有关文件，现将对照检查情况报告如下。',
    problems: [
      {
        aspect: '理论学习',
        heading: '理论学习方面',
        text: '学习不够系统深入，比如只做摘抄。',
        points: ['学习不够系统深入，'],
        examples: ['比如只做摘抄。'],
      },
      {
        aspect: '担当作为',
        heading: '担当作为方面',
        text: '遇到矛盾有时绕着走。\n另外必须正视的是，我在联系服务群众上做得还远远不够。\n下基层调研次数少，比如全年只走访了两个村。',
        points: [],
        examples: [],
      },
    ],
    causes: [{ heading: '理想信念有所松懈', text: '放松了主观世界的改造。' }],
    measures: [
      { heading: '加强理论学习', text: '每月精读一本原著，2025年6月底前完成。', deadline: '2025年6月底前' },
      { heading: '主动担当作为', text: '对难点问题逐一梳理，建立工作台账。', deadline: null },
      {
        heading: '具体来说',
        text: '年内牵头解决两件群众急难愁盼问题，2025年12月底前完成。',
        deadline: '2025年12月底前',
      },
    ],
    closing: '以上发言，请同志们批评指正。',
  };
}

const PARA = '另外必须正视的是，我在联系服务群众上做得还远远不够。';

describe('names of paragraphs', () => {
  it('leave out numbering, punctuation and spaces, so a re-parse that splits a heading differently names it the same', () => {
    expect(paragraphKey('（三）具体来说，年内牵头解决。')).toBe('具体来说年内牵头解决');
    expect(paragraphKey(runIn('具体来说', '年内牵头解决。'))).toBe(paragraphKey('3、具体来说，年内牵头解决'));
    expect(paragraphKey('一是 学习不够')).toBe('学习不够');
    expect(paragraphKey('x'.repeat(200))).toHaveLength(60);
  });

  it('a paragraph turned into a heading gives its first sentence to the heading and reads the same run in', () => {
    expect(splitHeading(PARA)).toEqual({ heading: '另外必须正视的是，我在联系服务群众上做得还远远不够', body: '' });
    const s = splitHeading('在服务群众方面：下基层少（比如。只去两次）。群众意见大。');
    expect(s.heading).toBe('在服务群众方面：');
    expect(runIn(s.heading, s.body)).toBe('在服务群众方面：下基层少（比如。只去两次）。群众意见大。');
  });
});

describe('corrections of the structure', () => {
  it('a paragraph inside a problem becomes the heading of a new problem, with the paragraphs after it as its body', () => {
    const c = misread();
    const e = flatten(c).find((x) => x.text === PARA)!;
    const r = applyFix(c, { op: 'heading', key: e.key, kind: 'problems' });
    expect(r.ok).toBe(true);
    const p = r.content.problems;
    expect(p).toHaveLength(3);
    expect(p[1].text).toBe('遇到矛盾有时绕着走。');
    expect(p[2]).toMatchObject({
      heading: '另外必须正视的是，我在联系服务群众上做得还远远不够',
      text: '下基层调研次数少，比如全年只走访了两个村。',
      aspect: null,
    });
    // The item untouched keeps what the parser found in it.
    expect(p[0].points).toEqual(['学习不够系统深入，']);
    expect(r.content.measures).toEqual(c.measures);
  });

  it('two measures are joined: the second, heading and body, becomes body of the first, and its deadline counts', () => {
    const c = misread();
    const key = flatten(c).find((x) => x.role === 'head' && x.text === '具体来说')!.key;
    const r = applyFix(c, { op: 'merge', key });
    expect(r.ok).toBe(true);
    expect(r.content.measures).toHaveLength(2);
    expect(r.content.measures[1]).toMatchObject({
      heading: '主动担当作为',
      text: '对难点问题逐一梳理，建立工作台账。\n具体来说，年内牵头解决两件群众急难愁盼问题，2025年12月底前完成。',
    });
    expect(r.content.measures[1].deadline).not.toBeNull();
  });

  it('the first item of a part cannot be joined to an item before it, but can become the part’s lead-in', () => {
    const c = misread();
    const key = flatten(c).find((x) => x.text === '加强理论学习')!.key;
    expect(applyFix(c, { op: 'merge', key }).ok).toBe(false);
    const r = applyFix(c, { op: 'body', key });
    expect(r.ok).toBe(true);
    expect(r.content.measures.map((m) => m.heading)).toEqual(['主动担当作为', '具体来说']);
    expect(r.content.parts?.find((p) => p.kind === 'measures')?.intro).toBe(
      '加强理论学习。每月精读一本原著，2025年6月底前完成。',
    );
    // And back: the lead-in paragraph becomes a measure again.
    const back = applyFix(r.content, {
      op: 'heading',
      key: paragraphKey('加强理论学习。每月精读一本原著，2025年6月底前完成。'),
      kind: 'measures',
    });
    expect(back.ok).toBe(true);
    expect(back.content.measures.map((m) => m.heading)).toEqual(['加强理论学习', '主动担当作为', '具体来说']);
    expect(back.content.parts?.find((p) => p.kind === 'measures')?.intro).toBe('');
  });

  it('a preface paragraph made a problem heading takes the rest of the preface as its body', () => {
    const c: Restructurable = {
      ...misread(),
      preface: '按照要求，现报告如下。\n我在纪律规矩方面还有差距。\n有时对请示报告不够重视。',
    };
    const key = paragraphKey('我在纪律规矩方面还有差距。');
    const r = applyFix(c, { op: 'heading', key, kind: 'problems' });
    expect(r.content.preface).toBe('按照要求，现报告如下。');
    expect(r.content.problems[0]).toMatchObject({
      heading: '我在纪律规矩方面还有差距',
      text: '有时对请示报告不够重视。',
    });
    expect(r.content.problems).toHaveLength(3);
  });

  it('an item moves to the end of another part; a problem gets an aspect; a cause cannot', () => {
    const c = misread();
    const key = flatten(c).find((x) => x.text === '理想信念有所松懈')!.key;
    const moved = applyFix(c, { op: 'move', key, to: 'problems' });
    expect(moved.content.causes).toHaveLength(0);
    expect(moved.content.problems.at(-1)).toMatchObject({ heading: '理想信念有所松懈', aspect: null });
    expect(applyFix(c, { op: 'aspect', key, aspect: '理论学习' }).ok).toBe(false);
    const pk = flatten(c).find((x) => x.text === '担当作为方面')!.key;
    expect(applyFix(c, { op: 'aspect', key: pk, aspect: '工作作风' }).content.problems[1].aspect).toBe('工作作风');
    // Setting a measure's paragraph as a cause heading moves the item as well.
    const mk = flatten(c).find((x) => x.text === '主动担当作为')!.key;
    const r = applyFix(c, { op: 'heading', key: mk, kind: 'causes' });
    expect(r.content.causes.map((x) => x.heading)).toEqual(['理想信念有所松懈', '主动担当作为']);
  });

  it('a paragraph that appears twice is named by its occurrence', () => {
    const c = misread();
    c.causes.push({ heading: '宗旨意识淡化', text: '下基层调研次数少，比如全年只走访了两个村。' });
    const e = flatten(c).filter((x) => x.text === '下基层调研次数少，比如全年只走访了两个村。');
    expect(e.map((x) => x.n)).toEqual([0, 1]);
    const r = applyFix(c, { op: 'heading', key: e[1].key, n: 1, kind: 'causes' });
    expect(r.content.causes).toHaveLength(3);
    expect(r.content.problems[1].text).toContain('下基层调研次数少');
  });

  it('a correction whose paragraph is not there changes nothing; withFix records the ones that apply', () => {
    const c = misread();
    expect(applyFix(c, { op: 'heading', key: '没有这一段', kind: 'problems' })).toEqual({ content: c, ok: false });
    expect(withFix(c, { op: 'merge', key: '没有这一段' })).toBeNull();
    const key = flatten(c).find((x) => x.text === PARA)!.key;
    const fixed = withFix(c, { op: 'heading', key, kind: 'problems' })!;
    expect(fixed.fixes).toEqual([{ op: 'heading', key, kind: 'problems' }]);
    expect(c.fixes).toBeUndefined();
    const head = flatten(fixed).find((x) => x.role === 'head' && x.text.startsWith('另外必须正视的是'))!;
    const a1 = withFix(fixed, { op: 'aspect', key: head.key, aspect: '工作作风' })!;
    const a2 = withFix(a1, { op: 'aspect', key: head.key, aspect: '担当作为' })!;
    expect(a2.fixes?.map((f) => f.op)).toEqual(['heading', 'aspect']);
    expect(a2.problems[2].aspect).toBe('担当作为');
  });

  it('recognises well-formed corrections and words them for a report', () => {
    expect(isStructureFix({ op: 'heading', key: 'a', kind: 'problems' })).toBe(true);
    expect(isStructureFix({ op: 'heading', key: 'a', kind: 'opinions' })).toBe(false);
    expect(isStructureFix({ op: 'drop', key: 'a' })).toBe(false);
    expect(describeFix({ op: 'merge', key: '具体来说年内牵头' })).toBe('“具体来说年内牵头”与上一条合并');
  });
});

/** The text a person brought: a problem heading written as a plain sentence, and a measure split in two. */
const IMPORTED = `2024年度民主生活会个人对照检查材料
按照本次民主生活会的要求，我认真学习了有关文件，广泛征求了意见，现将对照检查情况报告如下。
一、存在的问题
（一）理论学习方面。学习不够系统深入，满足于读原文、记笔记，比如去年参加集中学习时只做了摘抄，没有写出心得。
（二）担当作为方面。遇到矛盾有时绕着走，比如对一起拖了半年的信访件没有主动牵头协调。
${PARA}
下基层调研次数少，听取群众意见不主动，比如全年只走访了两个村，群众反映的饮水问题至今没有回音。
二、原因剖析
（一）理想信念有所松懈。对理论武装的重要性认识不足，放松了主观世界的改造。
（二）宗旨意识有所淡化。对群众的感情不够深，习惯于坐在办公室听汇报。
三、整改措施
（一）加强理论学习。每月精读一本原著，写出一篇心得，2025年6月底前完成。
（二）主动担当作为。对分管领域的难点问题逐一梳理，建立工作台账。
（三）具体来说，年内牵头解决两件群众急难愁盼问题，2025年12月底前完成。
以上发言，请同志们批评指正。
`;

function parsed(text: string) {
  const m = materialFromText(text);
  return { ...contentOf(m), parts: m.parts };
}

/** The author's corrections, made on the parse as the editor makes them. */
function correct(c: ReturnType<typeof parsed>) {
  let cur: typeof c & { fixes?: StructureFix[] } = c;
  const para = flatten(cur).find((x) => x.text.startsWith('另外必须正视的是'));
  if (para && para.role !== 'head') cur = withFix(cur, { op: 'heading', key: para.key, n: para.n, kind: 'problems' })!;
  const split = flatten(cur).find((x) => x.role === 'head' && x.kind === 'measures' && x.key.startsWith('具体来说'));
  if (split) cur = withFix(cur, { op: 'merge', key: split.key, n: split.n })!;
  const fresh = flatten(cur).find((x) => x.role === 'head' && x.text.startsWith('另外必须正视的是'))!;
  cur = withFix(cur, { op: 'aspect', key: fresh.key, n: fresh.n, aspect: '工作作风' })!;
  return cur;
}

describe('corrections kept across saves and re-imports', () => {
  it('a save (canonical text parsed again) keeps the corrected structure', () => {
    const fixed = correct(parsed(IMPORTED));
    expect(fixed.problems.map((p) => p.heading)).toContain('另外必须正视的是，我在联系服务群众上做得还远远不够');
    const again = materialFromText(renderText(fixed));
    expect(again.problems.map((p) => p.heading)).toEqual(fixed.problems.map((p) => p.heading));
    expect(again.measures.map((m) => m.heading)).toEqual(fixed.measures.map((m) => m.heading));
    expect(again.measures.every((m) => m.deadline)).toBe(true);
  });

  it('re-importing the same text and replaying the recorded corrections gives the corrected material again', () => {
    const fixed = correct(parsed(IMPORTED));
    const r = applyFixes(parsed(IMPORTED), fixed.fixes!);
    expect(r.missed).toEqual([]);
    expect(r.applied).toHaveLength(fixed.fixes!.length);
    const { fixes: _f, ...want } = fixed;
    expect(r.content).toEqual(want);
    const p = r.content.problems.find((x) => x.heading.startsWith('另外必须正视的是'))!;
    expect(p.aspect).toBe('工作作风');
  });

  it('a re-import where a corrected paragraph was rewritten replays the others and reports that one', () => {
    const fixed = correct(parsed(IMPORTED));
    const edited = IMPORTED.replace('（三）具体来说，', '（三）年内重点做好两件事：');
    const r = applyFixes(parsed(edited), fixed.fixes!);
    expect(r.missed.map((f) => f.op)).toEqual(['merge']);
    expect(r.content.problems.some((x) => x.heading.startsWith('另外必须正视的是'))).toBe(true);
    expect(r.content.measures).toHaveLength(3);
  });

  it('a correction a later parse no longer needs (the paragraph is already body text) counts as applied', () => {
    const fixed = correct(parsed(IMPORTED));
    const merged = IMPORTED.replace('建立工作台账。\n（三）具体来说，', '建立工作台账。\n具体来说，');
    const r = applyFixes(parsed(merged), fixed.fixes!);
    expect(r.missed).toEqual([]);
    expect(r.content.measures).toHaveLength(2);
  });
});

describe('splitting inside a paragraph', () => {
  const LIST =
    '一是学习不够系统深入，满足于读原文、记笔记；二是调查研究不够扎实，下基层次数少；三是为民服务不够主动，群众反映的问题解决不及时。';

  it('finds the numbering markers inside a paragraph, not its opening, not numbers in the text', () => {
    expect(splitPoints(LIST).map((p) => p.at)).toEqual(['二是', '三是']);
    expect(splitPoints('1.学习不够。2.调研不够，全年仅3.5天。（三）服务不够；④作风不实').map((p) => p.at)).toEqual([
      '2.',
      '（三）',
      '④',
    ]);
    expect(splitPoints('全年走访了2个村，开展3.5天调研。')).toEqual([]);
  });

  it('a problem body written as 一是…二是…三是… is split at 二是 and 三是 into problems of their own', () => {
    const c: Restructurable = {
      ...misread(),
      problems: [{ ...misread().problems[0], text: LIST, points: [], examples: [] }],
    };
    const key = flatten(c).find((x) => x.text === LIST)!.key;
    const one = withFix(c, { op: 'split', key, at: '二是' })!;
    expect(one).not.toBeNull();
    expect(one.problems.map((p) => p.heading)).toEqual(['理论学习方面', '调查研究不够扎实，下基层次数少；']);
    expect(one.problems[0].text).toBe('一是学习不够系统深入，满足于读原文、记笔记；');
    expect(one.problems[1].text).toBe('三是为民服务不够主动，群众反映的问题解决不及时。');
    // "三是…" now opens the new item's second paragraph: split there as at any paragraph.
    const key2 = flatten(one).find((x) => x.role === 'body' && x.text.startsWith('三是'))!.key;
    expect(applyFix(one, { op: 'split', key: key2, at: '三是' }).ok).toBe(false);
    const two = withFix(one, { op: 'heading', key: key2, kind: 'problems' })!;
    expect(two.problems.map((p) => p.heading)).toEqual([
      '理论学习方面',
      '调查研究不够扎实，下基层次数少；',
      '为民服务不够主动，群众反映的问题解决不及时',
    ]);
    expect(two.problems[1].text).toBe('');
    expect(two.problems[2].text).toBe('');
    expect(two.fixes).toHaveLength(2);
    // Nothing of the text is lost but the two markers (the part numbers its items).
    const all = (m: Restructurable) => m.problems.map((p) => runIn(p.heading, p.text)).join('');
    expect(all(two).replace(/[^\p{L}\p{N}]/gu, '')).toBe(
      ('理论学习方面' + LIST).replace(/二是|三是/g, '').replace(/[^\p{L}\p{N}]/gu, ''),
    );
  });

  it('a marker that is not in the paragraph does not apply; the measures part keeps deadlines of split items', () => {
    const c = misread();
    const key = flatten(c).find((x) => x.role === 'head' && x.text === '加强理论学习')!.key;
    expect(applyFix(c, { op: 'split', key, at: '二是' }).ok).toBe(false);
    const m: Restructurable = {
      ...c,
      measures: [
        {
          heading: '加强学习',
          text: '1.每月读一本书，2025年6月底前完成。2.每季度写一篇心得，2025年12月底前完成。',
          deadline: null,
        },
      ],
    };
    const k = flatten(m).find((x) => x.role === 'body' && x.text.startsWith('1.'))!.key;
    const r = applyFix(m, { op: 'split', key: k, at: '2.' });
    expect(r.ok).toBe(true);
    expect(r.content.measures.map((x) => x.heading)).toEqual(['加强学习', '每季度写一篇心得，2025年12月底前完成']);
    expect(r.content.measures.map((x) => x.deadline)).toEqual(['2025年6月底前', '2025年12月底前']);
  });

  it('a split a later text already makes at a paragraph boundary counts as applied, and gives the new item', () => {
    const long =
      '对理论武装的重要性认识不足，放松了主观世界的改造，学习停留在表面，满足于读原文、记笔记，没有做到学思用贯通、知信行统一，在运用党的创新理论指导实践上下功夫不够';
    const c: Restructurable = {
      ...misread(),
      causes: [{ heading: '理想信念有所松懈', text: `一是${long}；二是党性修养有所放松。` }],
    };
    const e = flatten(c).find((x) => x.role === 'body' && x.text.includes('二是'))!;
    const fix: StructureFix = { op: 'split', key: e.key, at: '二是' };
    const once = applyFix(c, fix);
    expect(once.content.causes.map((x) => x.heading)).toEqual(['理想信念有所松懈', '党性修养有所放松']);
    // The next version writes 二是 on a line of its own.
    const later: Restructurable = {
      ...c,
      causes: [{ heading: '理想信念有所松懈', text: `一是${long}；\n二是党性修养有所放松。` }],
    };
    const r = applyFixes(later, [fix]);
    expect(r.missed).toEqual([]);
    expect(r.content.causes.map((x) => x.heading)).toEqual(['理想信念有所松懈', '党性修养有所放松']);
    // Where the marker is nowhere near, the split is reported as not applied.
    const gone: Restructurable = { ...c, causes: [{ heading: '理想信念有所松懈', text: `一是${long}。` }] };
    expect(applyFixes(gone, [fix]).missed).toEqual([fix]);
  });

  it('is replayed on a re-import of the same text', () => {
    const text = IMPORTED.replace(
      '（一）理想信念有所松懈。对理论武装的重要性认识不足，放松了主观世界的改造。',
      '（一）理想信念有所松懈。一是对理论武装的重要性认识不足，放松了主观世界的改造；二是宗旨意识淡化，习惯于坐在办公室听汇报。',
    );
    const first = parsed(text);
    const n = first.causes.length;
    const e = flatten(first).find((x) => splitPoints(x.text).some((p) => p.at === '二是'))!;
    const fixed = withFix(first, { op: 'split', key: e.key, at: '二是' })!;
    expect(fixed.causes).toHaveLength(n + 1);
    const r = applyFixes(parsed(text), fixed.fixes!);
    expect(r.missed).toEqual([]);
    expect(r.content.causes.map((x) => x.heading)).toEqual(fixed.causes.map((x) => x.heading));
  });
});

describe('choosing the framework', () => {
  const [a, b] = builtinFrameworks();

  it('matches the problems again to the chosen set, replaces an earlier choice and the aspects chosen from it', () => {
    const c = { ...misread(), fixes: [{ op: 'aspect', key: 'x', aspect: 'y' }] as StructureFix[] };
    const one = withFix(c, { op: 'framework', key: '', id: a.id }, a)!;
    expect(one.fixes).toEqual([{ op: 'framework', key: '', id: a.id }]);
    for (const p of one.problems) expect(p.aspect === null || a.aspects.some((x) => x.id === p.aspect)).toBe(true);
    const two = withFix(one, { op: 'framework', key: '', id: b.id }, b)!;
    expect(two.fixes).toEqual([{ op: 'framework', key: '', id: b.id }]);
    expect(chosenFramework(two.fixes)).toBe(b.id);
    expect(chosenFramework(misread().fixes)).toBeNull();
    // Without the set at hand (a replay after a parse made under it) nothing changes, and it counts as applied.
    const r = applyFixes(misread(), two.fixes!);
    expect(r.applied).toHaveLength(1);
    expect(r.content).toEqual(misread());
  });

  it('is a well-formed correction and is worded for a report', () => {
    expect(isStructureFix({ op: 'framework', key: '', id: a.id })).toBe(true);
    expect(isStructureFix({ op: 'framework', key: '', id: '' })).toBe(false);
    expect(isStructureFix({ op: 'split', key: 'k', at: '二是', k: 1 })).toBe(true);
    expect(isStructureFix({ op: 'split', key: 'k' })).toBe(false);
    expect(describeFix({ op: 'split', key: '学习不够', at: '二是' })).toBe('“学习不够”在“二是”处拆分');
    expect(describeFix({ op: 'framework', key: '', id: a.id })).toContain(a.id);
  });
});

describe('joining a heading back to its text', () => {
  it('continues a lead-in phrase with a comma and a heading sentence with a full stop', () => {
    expect(joinHeading('具体来说', '年内解决两件事。')).toBe('具体来说，年内解决两件事。');
    expect(joinHeading('一是', '学习不够。')).toBe('一是，学习不够。');
    expect(joinHeading('理论学习不够深入', '满足于摘抄。')).toBe('理论学习不够深入。满足于摘抄。');
    expect(joinHeading('理论学习不够深入：', '满足于摘抄。')).toBe('理论学习不够深入：满足于摘抄。');
  });
});
