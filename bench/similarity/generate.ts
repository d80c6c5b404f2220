/**
 * Synthetic materials of this genre for the 查重 benchmark: shared official phrasing (drawn with
 * Zipf-like popularity from a pool of formulaic sentences, as honest writers reuse the notices'
 * wording) plus individual content (cases with dates, projects, numbers, places; sentences composed
 * from a grammar with large vocabularies). Deterministic: material `i` of seed `s` is always the same.
 *
 * The official pool here is written independently of the engine's built-in list (src/core/
 * similarity/official.ts); they overlap only where the genre forces it (理想信念, 宗旨意识 …).
 */

export type Rng = () => number;

const mix32 = (x: number): number => {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
};

/**
 * sfc32 (128-bit state) seeded from integers. A 32-bit-state generator (mulberry32, used before)
 * makes the streams of some seeds shifted copies of one another, and at N = 100,000 that planted
 * "independent" negatives sharing whole passages with stored materials.
 */
export function rng(...seeds: number[]): Rng {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = 1;
  for (const s of seeds) {
    a = mix32(a ^ (s >>> 0) ^ Math.floor(s / 4294967296));
    b = mix32(b ^ a);
    c = mix32(c ^ b);
    d = mix32(d ^ c);
  }
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
/** Zipf-ish pick: index ~ floor(n · u^2.2), popular items first. */
const zipf = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(xs.length * Math.pow(r(), 2.2))];

const split = (s: string) => s.trim().split(/\s+/);

// ---------------------------------------------------------------- vocabularies

export const PLACES = split(
  `东城 西城 南岗 北林 青山 江岸 河西 城关 新城 高新 开发区 滨江 临港 石桥 柳园 梅岭 桂花 龙泉 金牛 锦江 武侯 双流 温江 郫都 新都 青白江 龙华 宝安 福田 罗湖 南山 盐田 海曙 江北 鄞州 余杭 萧山 富阳 临安 桐庐 淳安 建德 滨湖 梁溪 新吴 惠山 锡山 江阴 宜兴 崇川 港闸 通州 海门 启东 如皋 海安 姑苏 吴中 相城 吴江 昆山 太仓 常熟 张家港 鼓楼 玄武 秦淮 建邺 雨花台 栖霞 江宁 浦口 六合 溧水 高淳 天河 越秀 海珠 荔湾 白云 黄埔 番禺 花都 南沙 从化 增城`,
);
export const UNITS = split(
  `发改局 财政局 教育局 卫健委 住建局 交通局 水务局 农业农村局 商务局 文旅局 应急局 市场监管局 生态环境局 自然资源局 人社局 民政局 司法局 审计局 统计局 医保局 信访局 城管局 税务局 供电公司 街道办事处 乡政府 镇政府 管委会 投资集团 城投公司`,
);
const INDUSTRY = split(
  `智能制造 新能源汽车 生物医药 集成电路 现代物流 文化旅游 数字经济 绿色建材 高端装备 食品加工 冷链仓储 跨境电商 乡村旅游 特色农业 光伏发电 污水处理 老旧小区 城市更新 学校建设 医院扩建 道路改造 河道治理 垃圾分类 人才公寓 产业园区 创业孵化 养老服务 托育服务 社区食堂 智慧停车`,
);
const PROJTYPE = split(`项目 工程 专项行动 示范区 试点 改造工程 提升行动 攻坚行动 三年行动 服务中心`);
const PEOPLE = split(
  `企业负责人 基层干部 一线职工 村（社区）书记 驻村工作队员 退休老同志 人大代表 政协委员 网格员 窗口工作人员 分管同志 科室负责人 年轻干部 新入职人员 群众代表 外来务工人员 个体工商户 种养大户`,
);
const ADV = split(
  `有时 个别时候 在一段时间内 特别是在工作繁忙时 面对急难险重任务时 在推进具体工作中 平时 在调研中 在分管领域 在日常管理中 去年以来 今年上半年 在年底考核时 在项目推进中 在疫情防控期间 在防汛救灾中`,
);
const VERB_OBJ = split(
  `研究部署工作 审核报批材料 听取工作汇报 现场督导检查 协调解决问题 推动项目落地 组织专题学习 开展谈心谈话 走访慰问群众 处理来信来访 审定工作方案 组织安全检查 推进招商引资 落实惠企政策 调度工作进度 梳理问题清单 召开推进会议 整理台账资料 谋划年度任务 批阅请示报告 办理议案提案 参加会议活动 开展调查研究 落实整改任务 推动制度建设 解决历史遗留问题 化解矛盾纠纷 压实安全责任 督办重点事项 推进审批改革`,
);
const SHORTFALL = split(
  `满足于听汇报、看材料 习惯于用老办法解决新问题 只注重面上的部署而忽视具体落实 把主要精力放在了迎检上 对细节把关不严 过多依赖分管科室 缺乏跟踪问效 安排部署多、督促检查少 对难点问题绕着走 存在等靠要思想 担心出错而不敢拍板 推进节奏偏慢 对群众反映的问题回应不及时 调研走马观花、浅尝辄止 对下属要求不严 层层转发文件了事 会议多、实效少 重留痕轻实效 对新情况研究不深 统筹兼顾不够`,
);
const CONSEQ = split(
  `导致项目进度滞后 造成群众多次往返 影响了工作成效 使部分问题长期悬而未决 引起了群众的不满 增加了基层负担 错过了最佳时机 导致资金拨付延迟 造成了一定的负面影响 出现了返工现象 造成了资源浪费 使整改效果打了折扣 让企业反映强烈 导致考核排名靠后`,
);
const FEEL = split(
  `回想起来深感愧疚 现在想来十分惭愧 对此我负有直接责任 反思起来根子在思想上 这件事对我触动很大 这些问题虽然表现在工作上，但根子在思想上 说明我的群众观念还不牢固 说明自己的担当精神还不够强 暴露出我在作风上存在短板 反映出自己的能力还有欠缺`,
);
const NUM_UNIT = [
  '家企业',
  '个村（社区）',
  '条意见建议',
  '户群众',
  '个问题',
  '次会议',
  '名干部',
  '个项目',
  '万元资金',
  '件信访事项',
];

/** Synonyms used by the word-swap edit (both directions). */
export const SYNONYMS: [string, string][] =
  `加强 强化|提高 提升|认真 切实|深入 深度|问题 情况|工作 事务|推进 推动|落实 执行|群众 百姓|干部 同志|不够 不足|缺乏 缺少|存在 出现|主动 积极|及时 迅速|重视 关注|思想 观念|能力 本领|要求 标准|责任 职责|措施 办法|经常 时常|仍然 依然|严格 从严|自觉 主动地|坚持 始终|开展 进行|解决 处理|研究 分析|部署 安排|检查 核查|发展 建设|意识 观念|方面 领域|党员 党员同志|基层 一线|学习 研读|理解 领会|把握 掌握|作风 风气|廉洁 清廉|纪律 规矩|担当 担责|政治 政治上|深刻 深层|全面 全方位|系统 系统性|持续 不断|切实 真正|有效 有力|明显 显著|较少 不多|一些 部分|有时 偶尔|真正 切实地|自己 本人|我们 我们自己|没有 未能|不能 无法|进一步 更加|着力 着重|扎实 务实|精神 精神状态|坚决 坚定`
    .split('|')
    .map((p) => p.split(' ') as [string, string]);

// ---------------------------------------------------------------- official pool

const OFFICIAL_HEADS = split(
  `深入学习贯彻 认真学习领会 全面贯彻落实 坚持不懈用 自觉用 始终坚持以 深刻把握 准确理解 扎实推进 牢固树立`,
);
const OFFICIAL_OBJS = [
  '习近平新时代中国特色社会主义思想',
  '党的二十大精神',
  '习近平总书记重要讲话和重要指示批示精神',
  '党中央决策部署',
  '新发展理念',
  '以人民为中心的发展思想',
  '全面从严治党战略部署',
  '中央八项规定及其实施细则精神',
  '新时代党的建设总要求',
  '党的自我革命战略思想',
  '党章党规党纪',
  '马克思主义立场观点方法',
];
const OFFICIAL_TAILS = [
  '增强“四个意识”、坚定“四个自信”、做到“两个维护”',
  '深刻领悟“两个确立”的决定性意义',
  '在思想上政治上行动上同党中央保持高度一致',
  '不断提高政治判断力、政治领悟力、政治执行力',
  '切实把学习成果转化为推动高质量发展的实际成效',
  '做到学思用贯通、知信行统一',
  '始终做到忠诚干净担当',
  '真正把初心使命落实到具体行动上',
  '确保党中央各项决策部署落地见效',
  '以实际行动践行对党忠诚',
  '坚持以学铸魂、以学增智、以学正风、以学促干',
  '推动全面从严治党向纵深发展',
];
const OFFICIAL_FIXED = [
  '按照中央和省委、市委关于开好本次专题民主生活会的要求',
  '会前，我认真学习了规定篇目，广泛征求了意见建议，深入开展了谈心谈话',
  '紧扣主题，对照检视，深刻剖析，明确整改方向',
  '现将个人对照检查情况报告如下，请同志们批评指正',
  '理论学习的系统性、全面性还不够，存在学用脱节现象',
  '政治站位还不够高，政治敏锐性和鉴别力有待加强',
  '宗旨意识有所淡化，服务群众的主动性不够',
  '担当精神有所弱化，攻坚克难的勇气不足',
  '作风建设常抓不懈的韧劲不够，形式主义、官僚主义问题仍有不同程度存在',
  '廉洁自律的标准还不够高，对身边人身边事的管理还不够严',
  '理想信念有所弱化，放松了世界观、人生观、价值观的改造',
  '党性修养有所放松，自我要求有所降低',
  '纪律规矩意识有所松懈，对党规党纪学习不够深入',
  '以身作则、率先垂范，严格落实中央八项规定及其实施细则精神',
  '坚持以人民为中心的发展思想，切实解决群众急难愁盼问题',
  '始终把政治建设摆在首位，不断提高政治能力',
  '坚决反对形式主义、官僚主义，切实为基层减负',
  '严格落实全面从严治党主体责任和“一岗双责”',
  '坚持有则改之、无则加勉，以刀刃向内的勇气开展自我革命',
  '深入开展调查研究，到困难多、问题多、矛盾多的地方去',
  '在今后的工作中，我将以这次民主生活会为契机，坚持问题导向',
  '认真落实“三会一课”、主题党日等制度',
  '严格执行民主集中制，自觉维护班子团结',
  '始终保持“赶考”的清醒和坚定',
  '对照党章党规党纪，对照初心使命，对照群众期盼',
  '以上对照检查，不妥之处，恳请同志们批评指正',
];

/** The formulaic sentences every writer may reuse: fixed ones plus head × object × tail combinations. */
function officialPool(): string[] {
  const r = rng(12345);
  const out = [...OFFICIAL_FIXED];
  for (let i = 0; i < 600; i++)
    out.push(`${pick(r, OFFICIAL_HEADS)}${pick(r, OFFICIAL_OBJS)}，${pick(r, OFFICIAL_TAILS)}`);
  return [...new Set(out)];
}
const POOL = officialPool();

// ---------------------------------------------------------------- frameworks

const FRAMEWORKS = [
  ['理论学习', '政治素质', '能力本领', '担当作为', '工作作风', '廉洁自律'],
  [
    '带头严守政治纪律和政治规矩，维护党的团结统一',
    '带头增强党性、严守纪律、砥砺作风',
    '带头在遵规守纪、清正廉洁前提下勇于担责、敢于创新',
    '带头履行全面从严治党政治责任',
  ],
  ['学习贯彻党的创新理论情况', '党性修养提高情况', '联系服务群众情况', '发挥先锋模范作用情况'],
  ['政治纪律', '班子建设与民主集中制', '正确用权', '廉洁', '群众路线与作风', '全面从严治党责任'],
];
const CAUSES = [
  '理想信念有所弱化',
  '宗旨意识有所淡化',
  '党性修养有所放松',
  '纪律规矩意识有所松懈',
  '担当精神有所减退',
  '群众观点树得不牢',
  '政绩观有所偏差',
  '自我革命精神不强',
];
const MEASURES = [
  '强化理论武装',
  '提升政治能力',
  '践行根本宗旨',
  '勇于担当作为',
  '持续改进作风',
  '严守纪律规矩',
  '筑牢廉洁防线',
  '落实主体责任',
];
const NUMS = '一二三四五六七八九十';
const ORD = ['一是', '二是', '三是', '四是', '五是'];

// ---------------------------------------------------------------- individual content

function date(r: Rng): string {
  return `${int(r, 2021, 2025)}年${int(r, 1, 12)}月`;
}
function project(r: Rng): string {
  return `${pick(r, PLACES)}${pick(r, INDUSTRY)}${pick(r, PROJTYPE)}`;
}
function ownSentence(r: Rng): string {
  switch (int(r, 0, 12)) {
    case 0:
      return `比如，${date(r)}在${project(r)}推进过程中，我${pick(r, SHORTFALL)}，${pick(r, CONSEQ)}`;
    case 1:
      return `再如，${pick(r, ADV)}${pick(r, VERB_OBJ)}时，${pick(r, SHORTFALL)}，${pick(r, CONSEQ)}，${pick(r, FEEL)}`;
    case 2:
      return `${pick(r, ADV)}，我到${pick(r, PLACES)}${pick(r, UNITS)}${pick(r, VERB_OBJ)}${int(r, 2, 19)}次，与${pick(r, PEOPLE)}面对面交流的只有${int(r, 1, 9)}次`;
    case 3:
      return `全年征集到的${int(r, 12, 96)}${pick(r, NUM_UNIT)}中，涉及${pick(r, INDUSTRY)}领域的${int(r, 3, 20)}项，至今仍有${int(r, 1, 9)}项没有办结`;
    case 4:
      return `例如，在${pick(r, PLACES)}${pick(r, INDUSTRY)}领域，${pick(r, PEOPLE)}多次反映${pick(r, VERB_OBJ).slice(2)}不及时，我${pick(r, SHORTFALL)}`;
    case 5:
      return `${pick(r, FEEL)}，今后在${pick(r, VERB_OBJ)}和${pick(r, VERB_OBJ)}中要${pick(r, ['亲自过问', '一抓到底', '靠前指挥', '主动作为', '跟踪问效'])}`;
    case 6:
      return `分管的${pick(r, UNITS)}在${date(r)}的${pick(r, ['专项审计', '巡察', '督查', '考核', '群众满意度测评'])}中被指出${int(r, 2, 12)}个问题，其中${pick(r, SHORTFALL)}的问题比较突出`;
    case 8:
      return `${pick(r, PEOPLE)}${pick(r, ['曾当面指出', '在座谈会上提出', '通过意见箱反映', '在谈心谈话中坦言'])}，我${pick(r, ['在', '对'])}${pick(r, INDUSTRY)}${pick(r, ['方面', '工作中', '问题上'])}${pick(r, SHORTFALL)}，${pick(r, FEEL)}`;
    case 9:
      return `${date(r)}，${pick(r, PLACES)}${pick(r, UNITS)}${pick(r, ['报送的', '提出的', '承担的'])}${project(r)}${pick(r, ['方案', '资金申请', '用地手续', '验收材料'])}，我${pick(r, ['拖了', '压了', '搁置了', '反复退回了'])}${int(r, 2, 9)}${pick(r, ['周', '个月', '天'])}才${pick(r, ['签批', '上会研究', '协调解决', '答复'])}`;
    case 10:
      return `${pick(r, ['去年', '前年', '今年'])}${pick(r, ['春节前', '汛期', '年中', '国庆前后', '年底'])}，${pick(r, PLACES)}${pick(r, ['一家', '两家', '几家'])}${pick(r, INDUSTRY)}企业${pick(r, ['反映', '来信', '打来电话'])}${pick(r, ['融资难', '用工难', '审批慢', '配套不完善', '水电气接入难'])}，我${pick(r, SHORTFALL)}`;
    case 11:
      return `我${pick(r, ['分管', '联系', '包抓'])}的${pick(r, PLACES)}${pick(r, ['社区', '村', '园区', '街道'])}${pick(r, ['连续', '先后'])}${int(r, 2, 4)}年${pick(r, ['考核排名靠后', '信访量居高不下', '安全隐患整改不彻底', '群众满意度偏低'])}，${pick(r, CONSEQ)}`;
    default:
      return `${pick(r, ADV)}${pick(r, VERB_OBJ)}，${pick(r, SHORTFALL)}，对${pick(r, PLACES)}${pick(r, PEOPLE)}提出的${int(r, 2, 30)}${pick(r, NUM_UNIT)}${pick(r, ['跟进不够', '没有及时答复', '研究不深', '落实不到位'])}`;
  }
}
function officialSentence(r: Rng): string {
  return zipf(r, POOL);
}
/** A paragraph body: a mixture of official and own sentences (share of official ≈ `off`). */
function body(r: Rng, sentences: number, off: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) out.push((r() < off ? officialSentence(r) : ownSentence(r)) + '。');
  return out;
}

// ---------------------------------------------------------------- materials

/** A material as sections of paragraphs of sentences, so that edits keep track of provenance. */
export interface Sentence {
  text: string;
  /** Source material id the sentence was copied from, or null for the query's own text. */
  from: number | null;
}
export interface Para {
  sentences: Sentence[];
  /** Heading paragraphs are not moved by reordering. */
  heading?: boolean;
  /** A stock paragraph: the id of its template (stock.ts), in the holder's own variant. */
  stock?: number;
}
export interface Section {
  kind: 'title' | 'preface' | 'problems' | 'causes' | 'measures';
  paras: Para[];
}
export type Doc = Section[];

const own = (text: string, from: number | null = null): Sentence => ({ text, from });

/**
 * Generate material `id` (independent content, shared official phrasing). `offScale` scales the
 * share of formulaic sentences (1: the original generator, stream for stream).
 */
export function material(id: number, seed = 1, offScale = 1): Doc {
  const r = rng(1, id, seed);
  const fw = pick(r, FRAMEWORKS);
  const year = int(r, 2021, 2025);
  const off = (0.3 + r() * 0.2) * offScale;
  const title: Section = {
    kind: 'title',
    paras: [
      {
        sentences: [own(`${year}年度${pick(r, PLACES)}${pick(r, UNITS)}专题民主生活会个人对照检查材料`)],
        heading: true,
      },
    ],
  };
  const preface: Section = {
    kind: 'preface',
    paras: [
      {
        sentences: [
          own(officialSentence(r) + '。'),
          own(`会前共征求到意见建议${int(r, 12, 80)}条，开展谈心谈话${int(r, 10, 40)}人次。`),
          ...body(r, 2, off).map((t) => own(t)),
        ],
      },
    ],
  };
  const problems: Section = { kind: 'problems', paras: [{ sentences: [own('一、存在的问题')], heading: true }] };
  fw.forEach((a, i) => {
    problems.paras.push({ sentences: [own(`（${NUMS[i]}）${a}方面。`)], heading: true });
    const k = int(r, 2, 3);
    for (let j = 0; j < k; j++)
      problems.paras.push({
        sentences: [own(ORD[j] + ownSentence(r) + '。'), ...body(r, int(r, 2, 4), off).map((t) => own(t))],
      });
  });
  const causes: Section = { kind: 'causes', paras: [{ sentences: [own('二、原因剖析')], heading: true }] };
  const cs = [...CAUSES].sort(() => r() - 0.5).slice(0, int(r, 3, 4));
  cs.forEach((c, i) =>
    causes.paras.push({
      sentences: [own(`（${NUMS[i]}）${c}。`), ...body(r, int(r, 3, 5), off + 0.1).map((t) => own(t))],
    }),
  );
  const measures: Section = { kind: 'measures', paras: [{ sentences: [own('三、整改措施')], heading: true }] };
  const ms = [...MEASURES].sort(() => r() - 0.5).slice(0, int(r, 3, 5));
  ms.forEach((c, i) =>
    measures.paras.push({
      sentences: [
        own(`（${NUMS[i]}）${c}。`),
        ...body(r, int(r, 3, 5), off + 0.15).map((t) => own(t)),
        own(
          `力争在${int(r, 2024, 2026)}年${int(r, 1, 12)}月底前${pick(r, ['完成整改', '取得明显成效', '建立长效机制'])}。`,
        ),
      ],
    }),
  );
  return [title, preface, problems, causes, measures];
}

export function render(doc: Doc): string {
  return doc.map((s) => s.paras.map((p) => p.sentences.map((x) => x.text).join('')).join('\n')).join('\n') + '\n';
}

export function renderParas(doc: Doc): string[] {
  return doc.flatMap((s) => s.paras.map((p) => p.sentences.map((x) => x.text).join('')));
}

/** Content characters (what coverage counts) of a string. */
export function contentLength(s: string): number {
  let n = 0;
  for (const ch of s) if (/[\p{Script=Han}A-Za-z0-9０-９Ａ-Ｚａ-ｚ]/u.test(ch)) n++;
  return n;
}

/** True coverage of `doc` by source `src`: content characters of sentences copied from it. */
export function truthCoverage(doc: Doc, src: number): number {
  let all = 0;
  let from = 0;
  for (const s of doc)
    for (const p of s.paras)
      for (const x of p.sentences) {
        const n = contentLength(x.text);
        all += n;
        if (x.from === src) from += n;
      }
  return all ? from / all : 0;
}

export function clone(doc: Doc, from?: number): Doc {
  return doc.map((s) => ({
    kind: s.kind,
    paras: s.paras.map((p) => ({
      heading: p.heading,
      stock: p.stock,
      sentences: p.sentences.map((x) => ({ text: x.text, from: from ?? x.from })),
    })),
  }));
}
