/** Helpers for the lint tests: build a material from parts and run one rule on it. */
import { materialFromText } from '../material/pipeline.js';
import type { Material } from '../material/model.js';
import { lint } from './index.js';
import type { Finding, LintContext } from './types.js';

const CN = '一二三四五六七八九十';

export interface Parts {
  title?: string;
  preface?: string;
  problems?: string[];
  causes?: string[];
  measures?: string[];
}

/** A material in the usual shape: title, preface, 一、问题 /（一）…, 二、原因 …, 三、措施 …. */
export function text(p: Parts): string {
  const lines: string[] = [p.title ?? '2023年主题教育专题民主生活会个人对照检查材料'];
  lines.push(p.preface ?? '按照县委统一部署，我认真学习、广泛征求意见，现将个人对照检查情况报告如下。');
  const part = (n: number, head: string, items: string[] | undefined) => {
    if (!items?.length) return;
    lines.push(`${CN[n]}、${head}`);
    items.forEach((it, i) => lines.push(`（${CN[i]}）${it}`));
  };
  part(0, '存在的问题', p.problems);
  part(1, '原因剖析', p.causes);
  part(2, '整改措施', p.measures);
  lines.push('以上发言，请同志们批评指正。');
  return lines.join('\n');
}

export function material(p: Parts | string): Material {
  return materialFromText(typeof p === 'string' ? p : text(p));
}

/** Findings of one rule only. */
export function run(rule: string, p: Parts | string | Material, ctx: LintContext = {}): Finding[] {
  const m = typeof p === 'object' && 'titleSpan' in p ? p : material(p);
  return lint(m, ctx).filter((f) => f.rule === rule);
}

/** The six 2023 aspects with a concrete, honest point each (a clean base for tests). */
export const GOOD_PROBLEMS = [
  '理论学习方面。今年自学时间不足，6月以后有两个月没有读完计划中的书目，学用结合不紧。',
  '政治素质方面。对意识形态风险不敏感，今年4月单位工作群转发不实信息，我第二天才处理。',
  '能力本领方面。推动数字化转型办法不多，今年对接的3个项目没有落地。',
  '担当作为方面。对历史遗留的2宗土地纠纷推动不力，没有在9月前化解。',
  '工作作风方面。调研不深入，今年到基层调研12次，住下来蹲点的只有1次。',
  '廉洁自律方面。对分管领域廉政风险排查不细，今年3月采购审核中没有过问价格比对。',
];
export const GOOD_CAUSES = [
  '理想信念有所弱化。我把理论学习当作软任务，放松了世界观的改造，政治站位不高。',
  '宗旨意识有所淡化。我考虑个人得失多了，对群众的急难愁盼感受不深，担当精神不足，作风不实。',
  '纪律规矩意识有所放松。我对权力运行的风险缺乏警觉，廉洁自律的底线意识不牢，能力本领提升不够主动。',
];
export const GOOD_MEASURES = [
  '加强理论学习。2024年起每周自学不少于4小时，3月底前完成全部书目。',
  '化解矛盾纠纷。2024年6月底前拿出2宗土地纠纷的化解方案并落实。',
  '严守廉洁底线。2024年2月底前完成分管领域廉政风险排查。',
];
