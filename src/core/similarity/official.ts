/**
 * Built-in official formulations (规范表述): phrases that every honest material of this genre shares
 * because they come from the Party's documents and notices. Matching them is not copying. The
 * list works from the first stored document on; document frequency over the stored corpus takes
 * over as the corpus grows (see engine.ts).
 *
 * Phrases are given as written; they are normalized like the texts. An organization may add its
 * own (`officialMatcher(extra)`).
 */
import { normalizePhrase } from './normalize.js';

const PHRASES = `
习近平新时代中国特色社会主义思想|习近平总书记重要讲话精神|习近平总书记重要指示批示精神|以习近平同志为核心的党中央
党的二十大精神|党的二十届三中全会精神|党的十九大精神|党的十九届六中全会精神|党的创新理论|新时代中国特色社会主义
两个确立|两个维护|四个意识|四个自信|四个全面|五位一体|两个务必|两个结合|三个务必|六个必须坚持|十个明确|十四个坚持|十三个方面成就
增强四个意识|坚定四个自信|做到两个维护|深刻领悟两个确立的决定性意义|坚决维护习近平总书记党中央的核心|全党的核心地位
坚决维护党中央权威和集中统一领导|在思想上政治上行动上同党中央保持高度一致|同以习近平同志为核心的党中央保持高度一致
不忘初心、牢记使命|不忘初心牢记使命|为中国人民谋幸福、为中华民族谋复兴|全心全意为人民服务|以人民为中心的发展思想
学思想、强党性、重实践、建新功|以学铸魂、以学增智、以学正风、以学促干|学思用贯通、知信行统一|学懂弄通做实
理想信念|宗旨意识|党性修养|党性锻炼|党性原则|纪律规矩|担当精神|斗争精神|斗争本领|廉洁自律|廉洁从政|廉洁用权|廉洁齐家|廉洁修身
理论学习|政治素质|能力本领|担当作为|工作作风|作风建设|政治能力|政治判断力、政治领悟力、政治执行力|政治判断力|政治领悟力|政治执行力
政治忠诚|政治定力|政治担当|政治能力|政治纪律和政治规矩|政治纪律|组织纪律|廉洁纪律|群众纪律|工作纪律|生活纪律|六大纪律
全面从严治党|全面从严治党主体责任|一岗双责|党风廉政建设|党风廉政建设责任制|党内政治生活|党内政治文化|民主集中制
中央八项规定及其实施细则精神|中央八项规定精神|八项规定|四风|形式主义、官僚主义|形式主义官僚主义|享乐主义和奢靡之风
批评和自我批评|批评与自我批评|红红脸、出出汗|咬耳扯袖|红脸出汗|惩前毖后、治病救人|有则改之、无则加勉|知无不言、言无不尽|言者无罪、闻者足戒
以身作则、率先垂范|以身作则|率先垂范|严以修身、严以用权、严以律己|谋事要实、创业要实、做人要实|三严三实|忠诚干净担当
对党忠诚|对党忠诚老实|绝对忠诚|忠诚于党|心中有党、心中有民、心中有责、心中有戒|讲政治、顾大局、守规矩
从群众中来、到群众中去|从群众中来，到群众中去|群众路线|密切联系群众|急难愁盼|急难愁盼问题|为民办实事|我为群众办实事|人民群众满意不满意
一切为了群众、一切依靠群众|权为民所用、情为民所系、利为民所谋|立党为公、执政为民
马克思主义立场观点方法|马克思主义世界观和方法论|世界观、人生观、价值观|世界观人生观价值观|世界观改造|权力观、政绩观、事业观
总开关|补钙壮骨|固本培元|正心明道|凝心铸魂|铸魂育人|初心使命|守初心、担使命|找差距、抓落实|守初心、担使命、找差距、抓落实
主题教育|党史学习教育|党纪学习教育|两学一做|不忘初心、牢记使命主题教育|专题民主生活会|专题组织生活会|民主生活会|组织生活会
对照检查|对照检视|检视剖析|查摆问题|剖析原因|整改落实|立行立改|边学边查边改|即知即改|建章立制|长期坚持|举一反三
见人见事见思想|深挖细查|刀刃向内|自我革命|勇于自我革命|以刀刃向内的勇气|开展批评和自我批评|真刀真枪|动真碰硬
高质量发展|新发展理念|新发展格局|中国式现代化|全面建设社会主义现代化国家|中华民族伟大复兴|第二个百年奋斗目标|两个大局
统筹发展和安全|防范化解重大风险|意识形态工作责任制|意识形态阵地|基层党组织|党支部标准化规范化建设|三会一课|主题党日
先锋模范作用|战斗堡垒作用|先锋模范作用发挥不够|党员先锋模范作用|领头雁|头雁效应|关键少数
深入基层、深入群众|调查研究|大兴调查研究|四下基层|一线工作法|身入心至|沉下身子|接地气
敢于担当、善于作为|敢于斗争、善于斗争|敢作敢为、善作善成|干字当头|实干担当|担当作为|守土有责、守土负责、守土尽责|为官不为|庸懒散
宁可少些、但要好些|钉钉子精神|功成不必在我|功成必定有我|一张蓝图绘到底|久久为功|抓铁有痕、踏石留印
清清白白做人、干干净净做事|干干净净做事|清清白白做人|慎独慎微慎初|慎独慎初慎微|慎权慎欲慎友|管好亲属和身边工作人员|亲清政商关系
不敢腐、不能腐、不想腐|一体推进不敢腐、不能腐、不想腐|严管就是厚爱|警钟长鸣|以案促改|以案为鉴、以案促改
学习不深不透|理论学习不深不透|学用结合不够|知行合一|学以致用|用以促学|往深里走、往心里走、往实里走|入脑入心
担当精神有所弱化|服务群众意识不强|宗旨意识有所淡化|理想信念有所弱化|党性修养有所放松|纪律规矩意识有所松懈
思想上的问题|思想根源|世界观、人生观、价值观这个总开关|放松了对主观世界的改造|主观世界的改造
存在的问题|存在的不足|原因剖析|整改措施|努力方向|下一步努力方向|今后努力方向|对照检查材料|发言提纲
按照要求|会前|认真学习|深入学习|认真查摆|深刻剖析|广泛征求意见|谈心谈话|征求意见建议|逐条梳理|认真对照
`;

/** Normalized built-in formulations (deduplicated, at least 2 characters). */
export const OFFICIAL_PHRASES: readonly string[] = [
  ...new Set(
    PHRASES.split(/[|\n]/)
      .flatMap((p) => p.split(/[、，]/).concat(p))
      .map(normalizePhrase)
      .filter((p) => p.length >= 2),
  ),
].sort((a, b) => b.length - a.length);

/** A matcher that marks every character covered by a known formulation. */
export interface OfficialMatcher {
  /** 1 where `codes[i]` lies inside a known formulation. */
  mark(codes: Uint16Array): Uint8Array;
}

/**
 * Build a matcher over the built-in list plus `extra` phrases. Matching is a scan with a set of
 * phrase lengths per first character: materials are short, the list is small.
 */
export function officialMatcher(extra: readonly string[] = []): OfficialMatcher {
  const phrases = [...new Set([...OFFICIAL_PHRASES, ...extra.map(normalizePhrase).filter((p) => p.length >= 2)])];
  // A trie over character codes; `end` marks the end of a phrase.
  interface Node {
    next: Map<number, Node>;
    end: boolean;
  }
  const root: Node = { next: new Map(), end: false };
  for (const p of phrases) {
    let n = root;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      let m = n.next.get(c);
      if (!m) n.next.set(c, (m = { next: new Map(), end: false }));
      n = m;
    }
    n.end = true;
  }
  return {
    mark(codes: Uint16Array): Uint8Array {
      const out = new Uint8Array(codes.length);
      let coveredTo = 0;
      for (let i = 0; i < codes.length; i++) {
        let n: Node | undefined = root.next.get(codes[i]);
        let longest = 0;
        for (let j = i + 1; n; j++) {
          if (n.end) longest = j - i;
          if (j >= codes.length) break;
          n = n.next.get(codes[j]);
        }
        if (longest && i + longest > coveredTo) {
          out.fill(1, Math.max(i, coveredTo), i + longest);
          coveredTo = i + longest;
        }
      }
      return out;
    },
  };
}

let DEFAULT: OfficialMatcher | null = null;
export function defaultOfficialMatcher(): OfficialMatcher {
  return (DEFAULT ??= officialMatcher());
}
