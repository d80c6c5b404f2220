/**
 * Traces of a bought or downloaded template: watermarks and paywall markers (those the cleaner
 * removed are reported too — the author should know the text came with them) and web leftovers.
 * Unfilled placeholders have their own rule (placeholder.ts).
 */
import type { RawFinding, Rule } from '../types.js';
import { locate } from '../util.js';

const KIND: Record<string, string> = { watermark: '水印', paywall: '付费标记', advertisement: '广告' };

const LEFTOVER = new RegExp(
  [
    'https?://\\S+',
    'www\\.[\\w.-]+',
    '关注公众号|公众号[“"]',
    '(?:免费|点击|立即)(?:下载|阅读|查看)',
    '下载地址|更多范文|范文网|精品范文|文章来源[:：]|本文(?:由|来源|转载|系)',
    '版权(?:所有|归)|侵权(?:请)?(?:联系|删除)',
    '会员专享|VIP(?:专享|会员|文档)|付费(?:内容|阅读|下载)',
    '扫码(?:关注|下载|阅读)',
  ].join('|'),
  'g',
);

export const residueMarker: Rule = {
  id: 'residue-marker',
  title: '模板残留标记',
  severity: 'warning',
  why: '水印、付费标记、网址和未替换的“××”占位符，说明材料是从模板网站下载或拼凑的；抄袭、拼凑材料是明令禁止的，审核一看便知。',
  check({ material: m }) {
    const out: RawFinding[] = [];
    const bought = m.removed.filter((r) => KIND[r.kind]);
    if (bought.length) {
      const at = m.titleSpan.end > m.titleSpan.start ? m.titleSpan : { start: 0, end: Math.min(1, m.text.length) };
      const list = bought
        .map(
          (r) =>
            `${KIND[r.kind]}“${r.text.length > 16 ? r.text.slice(0, 16) + '…' : r.text}”${r.count > 1 ? `×${r.count}` : ''}`,
        )
        .join('、');
      out.push({
        message: `原文中含有模板网站的${list}（已在导入时清除），请确认材料是本人撰写。`,
        part: 'title',
        item: null,
        start: at.start,
        end: at.end,
      });
    }
    for (const re of [LEFTOVER]) {
      re.lastIndex = 0;
      let x: RegExpExecArray | null;
      let n = 0;
      while ((x = re.exec(m.text)) && n++ < 20) {
        const what = '网页或模板残留';
        out.push({
          message: `“${x[0]}”是${what}。`,
          ...locate(m, x.index),
          start: x.index,
          end: x.index + x[0].length,
        });
      }
    }
    return out;
  },
};
