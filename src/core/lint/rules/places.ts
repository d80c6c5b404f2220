/** Provinces and larger cities, for recognizing a place a copied text brought with it. */
import type { AdminLevel } from '../types.js';

const PROVINCES =
  '河北 山西 内蒙古 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 海南 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆';
const CITIES =
  '北京 天津 上海 重庆 石家庄 太原 呼和浩特 沈阳 长春 哈尔滨 南京 杭州 合肥 福州 南昌 济南 郑州 武汉 长沙 广州 南宁 海口 成都 贵阳 昆明 拉萨 西安 兰州 西宁 银川 乌鲁木齐 ' +
  '大连 青岛 宁波 厦门 深圳 苏州 无锡 常州 徐州 南通 温州 绍兴 金华 台州 嘉兴 湖州 泉州 漳州 佛山 东莞 珠海 汕头 惠州 中山 江门 湛江 烟台 潍坊 临沂 淄博 济宁 ' +
  '洛阳 南阳 开封 新乡 唐山 保定 邯郸 廊坊 包头 鞍山 抚顺 吉林市 大庆 齐齐哈尔 芜湖 蚌埠 赣州 九江 宜昌 襄阳 岳阳 常德 衡阳 株洲 湘潭 柳州 桂林 三亚 绵阳 德阳 宜宾 ' +
  '南充 泸州 乐山 遵义 曲靖 宝鸡 咸阳 天水 克拉玛依';

export const PLACES: ReadonlyMap<string, AdminLevel> = new Map<string, AdminLevel>([
  ...PROVINCES.split(' ').map((p) => [p, '省'] as [string, AdminLevel]),
  ...CITIES.split(' ').map((c) => [c, '市'] as [string, AdminLevel]),
]);

/** A sorted alternation (longest first) for a RegExp. */
export const PLACE_ALT = [...PLACES.keys()].sort((a, b) => b.length - a.length).join('|');

export const RANK: Record<AdminLevel, number> = { 省: 4, 市: 3, 县: 2, 区: 2, 乡镇: 1 };

export function levelOf(ch: string): AdminLevel {
  return ch === '乡' || ch === '镇' ? '乡镇' : (ch as AdminLevel);
}
