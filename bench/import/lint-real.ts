/**
 * Lint precision on the real collection (test/fixtures/real): every finding is listed with a
 * verdict, and the share of false findings is printed. How a finding is judged:
 *   - a finding on an item the parser invented (its index is beyond the expected count of its part,
 *     written from reading the text) is false;
 *   - part-balance "未找到X部分" is false when the expectation counts X items in the opening, true otherwise;
 *   - the findings listed in FALSE below were judged false by reading them (reason given);
 *   - every other finding was read and judged true (placeholders that are placeholders, measures
 *     without a deadline, problems with no case, openings shorter than a material).
 *   npx tsx bench/import/lint-real.ts [--list]
 */
import { checkItem as _unused, loadItems } from '../../test/real/checks.js';
import { materialFromText } from '../../src/core/material/pipeline.js';
import { lint } from '../../src/core/lint/index.js';

void _unused;

/** file prefix, rule, item (or null), and why the finding is false; optionally the flagged text's start. */
const FALSE: [string, string, number | null, string, string?][] = [
  ['004', 'no-concrete-case', 0, 'the first "point" is the aspect heading sentence itself', '带头深刻领悟'],
  ['007', 'no-concrete-case', 1, 'point 1 names its case (如肃贪反腐、机构改革)', '大局意識不夠高'],
  ['041', 'no-concrete-case', 0, 'the first "point" is the achievement sentence that opens the aspect', '党组班子能够'],
  ['035', 'no-concrete-case', 0, 'a speech: the "problem" is a sentence of the speech'],
  ['004', 'aspect-missing', null, 'the opening is cut after the first aspect; the material has the others'],
  ['040', 'aspect-missing', null, 'the opening is cut after the first aspect; the material has the others'],
  ['032', 'residue-marker', null, '"人民网发布了" is the article\'s own words, not a watermark'],
  ['022', 'measure-orphan', null, 'the measure answers the problems in other words'],
  ['023', 'measure-orphan', null, 'the measure answers 责任意识淡薄'],
  ['025', 'measure-orphan', null, 'the problems it answers were not parsed'],
  ['044', 'cause-circumstance', null, '"…的根源在于自己的事业心、责任心不强" finds the root in itself'],
  ['045', 'cause-circumstance', null, '"客观上强调工作忙…" is itself the self-criticism'],
  ['048', 'residue-place', null, 'a 镇 班子 material: 全镇 is its own level'],
  ['017', 'part-balance', 3, 'the opening is cut inside this problem: it is thin only in the excerpt'],
  ['037', 'achievement-disguise', null, 'comparing the bureau with other units is no achievement in disguise'],
  // Holdout items (051–068), read after the parser changes of this round.
  [
    '055',
    'measure-orphan',
    null,
    'the three measures answer the three problems in other words (创新组织生活形式, 规范记录, 党建与业务融合)',
  ],
];

const list = process.argv.includes('--list');
const perRule: Record<string, { all: number; false: number }> = {};
const perSet: Record<string, { all: number; false: number }> = {};
let all = 0;
let bad = 0;
for (const item of loadItems()) {
  const set = (item.meta as unknown as { holdout?: boolean }).holdout ? 'holdout (051–068)' : 'in-sample (001–050)';
  const m = materialFromText(item.text);
  const e = (item.meta as unknown as { expect: Record<string, number | null> }).expect;
  const id = item.file.slice(0, 3);
  for (const f of lint(m)) {
    let why = '';
    const expected = f.part === 'problems' || f.part === 'causes' || f.part === 'measures' ? e[f.part] : null;
    if (f.item !== null && typeof expected === 'number' && f.item >= expected) why = 'on an item the parser invented';
    const missing = /未找到“(原因剖析|整改措施|存在的问题)”部分/.exec(f.message);
    if (f.rule === 'part-balance' && missing) {
      const part = { 原因剖析: 'causes', 整改措施: 'measures', 存在的问题: 'problems' }[missing[1]]!;
      if ((e[part] ?? 0) > 0) why = `the opening has ${e[part]} ${part}; the parser missed them`;
    }
    const flagged = m.text.slice(f.start, f.end);
    const j = FALSE.find(
      ([p, r, i, , at]) => p === id && r === f.rule && (i === null || i === f.item) && (!at || flagged.startsWith(at)),
    );
    if (!why && j) why = j[3];
    if (f.rule === 'placeholder') why = ''; // a placeholder is one, whatever the parse
    all++;
    if (why) bad++;
    const r = (perRule[f.rule] ??= { all: 0, false: 0 });
    r.all++;
    if (why) r.false++;
    const ps = (perSet[set] ??= { all: 0, false: 0 });
    ps.all++;
    if (why) ps.false++;
    if (list)
      console.log(
        `${id}\t${f.rule}\t${f.part}[${f.item}]\t${why ? 'FALSE: ' + why : 'true'}\t${m.text.slice(f.start, f.end).slice(0, 40).replace(/\n/g, ' ')}`,
      );
  }
}
console.table(perRule);
for (const [k, v] of Object.entries(perSet))
  console.log(`${k}: findings ${v.all}, false ${v.false}, false share ${(v.false / v.all).toFixed(3)}`);
console.log(
  `findings ${all}, false ${bad}, false share ${(bad / all).toFixed(3)}, precision ${(1 - bad / all).toFixed(3)}`,
);
