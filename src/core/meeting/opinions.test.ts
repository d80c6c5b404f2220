import { describe, expect, it } from 'vitest';
import {
  normalizeOpinionBody,
  opinionPrefaceSentence,
  summarizeOpinions,
  toAnonymousOpinion,
  validateOpinion,
  type AnonymousOpinion,
} from './opinions.js';
import { dateInZone, chineseDate } from './dates.js';
import { partyCommittee } from '../../../test/fixtures/meeting-shapes.js';

const people = partyCommittee().filter((p) => p.roles.includes('secretary') || p.roles.includes('leader'));
const ids = people.map((p) => p.id);

describe('anonymous opinions', () => {
  it('keeps only target, category, body and the date (in China time)', () => {
    const o = toAnonymousOpinion(
      { target: { kind: 'person', personId: 'l1' }, category: ' 工作作风 ', body: '  下基层\u200b调研  偏少\r\n' },
      new Date('2026-01-05T17:30:00Z'),
    );
    expect(o).toEqual({
      targetKind: 'person',
      targetPersonId: 'l1',
      category: '工作作风',
      body: '下基层调研 偏少',
      submittedOn: '2026-01-06',
    });
    expect(Object.keys(o).sort()).toEqual(['body', 'category', 'submittedOn', 'targetKind', 'targetPersonId']);
    expect(dateInZone(new Date('2026-01-05T15:59:59Z'))).toBe('2026-01-05');
    expect(dateInZone(new Date('2026-01-05T16:00:00Z'))).toBe('2026-01-06');
    expect(chineseDate('2026-05-01')).toBe('2026年5月1日');
  });

  it('validates target, category and length', () => {
    const ctx = { targetIds: ids, categories: ['工作作风', '其他'] };
    expect(validateOpinion({ target: { kind: 'group' }, body: '好' }, ctx)).toEqual([]);
    expect(validateOpinion({ target: { kind: 'person', personId: 'sup1' }, body: ' ' }, ctx)).toEqual([
      '意见内容不能为空。',
      '意见对象不是本次会议的参会人员。',
    ]);
    expect(validateOpinion({ target: { kind: 'group' }, category: '八卦', body: 'x'.repeat(2001) }, ctx)).toEqual([
      '每条意见不能超过2000字。',
      '意见类别须为工作作风、其他之一。',
    ]);
    expect(normalizeOpinionBody('a\n\n\n\nb')).toBe('a\n\nb');
  });
});

describe('opinion summaries', () => {
  const ops: AnonymousOpinion[] = [
    { targetKind: 'group', targetPersonId: null, category: '工作作风', body: '会议偏多。', submittedOn: '2026-01-03' },
    { targetKind: 'group', targetPersonId: null, category: '工作作风', body: '会议偏多', submittedOn: '2026-01-04' },
    { targetKind: 'group', targetPersonId: null, category: null, body: '调研不够', submittedOn: '2026-01-04' },
    {
      targetKind: 'person',
      targetPersonId: 'l1',
      category: '担当作为',
      body: '遇到难题绕着走',
      submittedOn: '2026-01-02',
    },
    {
      targetKind: 'person',
      targetPersonId: 'l1',
      category: '担当作为',
      body: '分管领域推进慢',
      submittedOn: '2026-01-05',
    },
    { targetKind: 'person', targetPersonId: 's', category: null, body: '听取意见不够', submittedOn: '2026-01-05' },
  ];

  it('per member with merged duplicates, counts for the preface', () => {
    const s = summarizeOpinions(ops, people);
    expect(s.total).toBe(6);
    expect(s.group.count).toBe(3);
    expect(s.group.items[0]).toEqual({ body: '会议偏多。', category: '工作作风', count: 2 });
    expect(s.group.byCategory).toEqual({ 工作作风: 2, 未分类: 1 });
    expect(s.persons).toHaveLength(7);
    expect(s.persons.find((p) => p.personId === 'l1')?.count).toBe(2);
    expect(s.persons.find((p) => p.personId === 'l6')?.count).toBe(0);
    expect([s.firstOn, s.lastOn]).toEqual(['2026-01-02', '2026-01-05']);
    expect(opinionPrefaceSentence(s)).toBe(
      '会前通过多种方式广泛征求意见建议，共征求到意见建议6条，其中对班子的3条、对班子成员个人的3条。',
    );
    expect(opinionPrefaceSentence(s, 'l1')).toBe('会前共征求到对本人的意见建议2条，已逐条认领。');
    expect(opinionPrefaceSentence(s, 'l6')).toBe('会前征求意见中未收到对本人的具体意见建议。');
  });

  it('does not depend on the order opinions were stored in', () => {
    const a = summarizeOpinions(ops, people);
    const b = summarizeOpinions([...ops].reverse(), people);
    expect(b).toEqual(a);
  });
});
