import { describe, expect, it } from 'vitest';
import { cleanText, findWatermarks } from './clean.js';
import { decodeText } from './decode.js';
import iconv from 'iconv-lite';

describe('watermarks are found from the text itself', () => {
  it('removes a phrase inserted mid-sentence in unrelated places, keeping the punctuation whole', () => {
    const t =
      '我们要加强学习，云端范文库，不断提高政治能力。对群众反映的问题，云端范文库，要及时研究解决。坚持问题导向、云端范文库，狠抓整改落实。';
    const r = cleanText(t);
    expect(r.text).toBe(
      '我们要加强学习，不断提高政治能力。对群众反映的问题，要及时研究解决。坚持问题导向、狠抓整改落实。',
    );
    expect(r.removed).toEqual([{ kind: 'watermark', text: '云端范文库', count: 3 }]);
  });

  it('finds a watermark of plain words when it recurs three times mid-sentence', () => {
    const t =
      '学习不够深入，春风十里，满足于一般化。工作中存在畏难情绪，春风十里，推进缓慢。对分管领域，春风十里，监督不够。';
    expect(findWatermarks(t)).toEqual(['春风十里']);
  });

  it('never removes legitimate repetition', () => {
    const texts = [
      '最关键的，就是持之以恒地学习、学习、再学习！',
      '要坚持“不忘初心、牢记使命”，始终把人民放在心中。我们要以“不忘初心、牢记使命”的自觉，推动工作落实。',
      '反思自己，理想信念有所淡化。反思自己，宗旨意识有所弱化。反思自己，担当精神有所减退。',
      '要不断提高政治判断力、政治领悟力、政治执行力，做到两个维护。班子成员要提高政治判断力、政治领悟力、政治执行力，站稳立场。',
      '不肯主动到基层、到群众中去，怕接地气。要坚持“从群众中来，到群众中去”。',
      // 繁体 mirror pages gloss characters with pinyin; a recurring reading is text, not a watermark.
      '紀(jì)檢組的監(jiān)督權(quán)力得不到落實，人權(quán)、財權(quán)和話語權(quán)過於集中，權(quán)力的情況不能及時公開。',
    ];
    for (const t of texts) {
      const r = cleanText(t);
      expect(r.removed).toEqual([]);
      expect(r.text).toBe(t);
    }
  });
});

describe('paywall markers, page furniture and advertisements', () => {
  it('removes paywall markers anywhere, also mid-sentence', () => {
    const r = cleanText('出现了不少长期滞留##paidbegin##的问题。\n##paidend##');
    expect(r.text).toBe('出现了不少长期滞留的问题。');
    expect(r.removed.map((x) => x.kind)).toEqual(['paywall', 'paywall']);
  });

  it('removes page-number lines in their common forms', () => {
    for (const l of ['第 3 页 共 9 页', '- 2 -', '— 4 —', '3/9', 'Page 2 of 5', '12']) {
      const r = cleanText(`一、存在的问题\n${l}\n（一）理论学习方面。学习不深入。`);
      expect(r.text, l).toBe('一、存在的问题\n（一）理论学习方面。学习不深入。');
      expect(r.removed[0].kind).toBe('page-furniture');
    }
  });

  it('removes only the advertisement from a line that also holds content', () => {
    const r = cleanText(
      '（一）理论学习方面。今年自学时间不足，只读了3本书。（文章来源：www.fanwen.com）\n（二）作风方面。调研少，更多范文请访问 www.fanwen.com，下乡镇只有2次。',
    );
    expect(r.text).toBe('（一）理论学习方面。今年自学时间不足，只读了3本书。\n（二）作风方面。调研少，下乡镇只有2次。');
    expect(r.removed.map((x) => x.kind)).toEqual(['advertisement', 'advertisement']);
  });

  it('removes advertisement lines at the end', () => {
    const r = cleanText(
      '以上发言，请同志们批评指正。\n关注公众号“笔杆子”获取更多材料\n本文档由某某文库整理，下载后可编辑',
    );
    expect(r.text).toBe('以上发言，请同志们批评指正。');
    expect(r.removed.every((x) => x.kind === 'advertisement')).toBe(true);
  });
});

describe('encodings are detected from the bytes', () => {
  const s = '对照检查材料：理论学习方面存在差距。';
  it('UTF-8, UTF-8 with BOM, GBK and GB18030', () => {
    expect(decodeText(new TextEncoder().encode(s))).toEqual({ text: s, encoding: 'utf-8' });
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(s)]))).toEqual({
      text: s,
      encoding: 'utf-8-bom',
    });
    expect(decodeText(iconv.encode(s, 'gbk'))).toEqual({ text: s, encoding: 'gbk' });
    expect(decodeText(iconv.encode('党员𠮷某：' + s, 'gb18030'))).toEqual({
      text: '党员𠮷某：' + s,
      encoding: 'gb18030',
    });
    expect(decodeText(iconv.encode('你好', 'gbk'))).toEqual({ text: '你好', encoding: 'gbk' }); // even very short
  });
});
