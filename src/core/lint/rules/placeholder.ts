/**
 * Unfilled placeholders of an anonymised template: "**镇", "XX同志", "×××", "x人", "*年度", "____",
 * "某某县", "（单位名称）". Each one is a gap the author has to fill before the material can be read
 * out; the cleaner keeps them in the text ("**" is not Markdown bold there) so that this rule can
 * point at every one.
 */
import type { RawFinding, Rule } from '../types.js';
import { locate } from '../util.js';

const CJK = '\\u4e00-\\u9fff';
const UNIT = '人名次个条项件篇天年月日时周期批户家万元亿%％';

const PLACEHOLDER = new RegExp(
  [
    // Asterisks standing for a name or a number: "**镇", "XX县**局", "*年度", "＊＊".
    `[*＊]{1,6}(?=[${CJK}\\d])|(?<=[${CJK}\\d])[*＊]{1,6}`,
    // XX, ×××, ＸＸ (a run of two or more), next to Chinese text or alone.
    `(?<![A-Za-z])(?:[XxＸｘ×]{2,6})(?![A-Za-z])`,
    // A single x / × standing for a number before a unit: "x人", "×月", "X年".
    `(?<![A-Za-z\\d])[XxＸｘ×](?=[${UNIT}])`,
    // Blanks to fill in: "____", "＿＿", "□□", "○○".
    `[_＿]{2,}|□{2,}|○{2,}`,
    // 某某 before a place or unit, and bracketed prompts.
    `某某(?=[县市区局镇乡村单位公司同志部门科处])`,
    `[（(][^（）()]{0,6}(?:单位名称|姓名|填写|此处|名称)[^（）()]{0,6}[）)]`,
  ].join('|'),
  'g',
);

export const placeholder: Rule = {
  id: 'placeholder',
  title: '未填写的占位符',
  severity: 'warning',
  why: '从模板下载的材料常用“**镇”“XX同志”“x人”“____”代替名称和数字；占位符没有换成实际内容，材料无法宣读，也说明是照搬模板。',
  check({ material: m }) {
    const out: RawFinding[] = [];
    PLACEHOLDER.lastIndex = 0;
    let x: RegExpExecArray | null;
    while ((x = PLACEHOLDER.exec(m.text)) && out.length < 50) {
      out.push({
        message: `“${x[0]}”是未填写的占位符，请换成实际的名称或数字。`,
        ...locate(m, x.index),
        start: x.index,
        end: x.index + x[0].length,
      });
    }
    return out;
  },
};
