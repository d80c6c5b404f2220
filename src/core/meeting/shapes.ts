/**
 * Organizations of different shapes, for tests and the demo: a 党委 班子 of 7, a 党支部 of 3 支委 +
 * 12 members, a tiny branch of 3, and a person holding two roles.
 */
import type { MeetingPerson, MeetingRole } from './participants.js';
import { quorum } from './attendance.js';
import { summarizeOpinions, type AnonymousOpinion } from './opinions.js';
import { LEADERSHIP_TALK_RULES, requiredPairs, talkCoverage } from './talks.js';
import type { ReportInput } from './report.js';

const P = (id: string, name: string, ...roles: MeetingRole[]): MeetingPerson => ({ id, name, roles });

/** 党委班子: 书记 + 6 班子成员, a recorder and two 督导组 members who do not count. */
export function partyCommittee(): MeetingPerson[] {
  return [
    P('s', '张书记', 'secretary'),
    ...['王副书记', '李委员', '赵委员', '钱委员', '孙委员', '周委员'].map((n, i) => P(`l${i + 1}`, n, 'leader')),
    P('rec', '吴记录', 'recorder'),
    P('sup1', '郑督导', 'supervisor'),
    P('sup2', '冯督导', 'supervisor'),
  ];
}

/** 党支部: 书记 + 2 支委 + 12 党员, in two 党小组. */
export function branch15(): MeetingPerson[] {
  const names = ['陈', '褚', '卫', '蒋', '沈', '韩', '杨', '朱', '秦', '尤', '许', '何'];
  return [
    { ...P('s', '林书记', 'secretary'), group: 'g1' },
    { ...P('c1', '黄支委', 'leader'), group: 'g1' },
    { ...P('c2', '马支委', 'leader'), group: 'g2' },
    ...names.map((n, i) => ({ ...P(`m${i + 1}`, `${n}党员`, 'member'), group: i < 6 ? 'g1' : 'g2' })),
  ];
}

/** A tiny branch of 3: the secretary and two members. */
export function tinyBranch(): MeetingPerson[] {
  return [P('s', '甲书记', 'secretary'), P('m1', '乙党员', 'member'), P('m2', '丙党员', 'member')];
}

/** A 班子 of 4 where one member also keeps the minutes and another is listed twice. */
export function twoRoles(): MeetingPerson[] {
  return [P('s', '书记甲', 'secretary'), P('l1', '委员乙', 'leader', 'recorder'), P('l2', '委员丙', 'leader'), P('l3', '委员丁', 'leader', 'member')];
}

/** A complete report input for the 党委班子 above: 45 opinions (12 on the 班子), 18 of 21 talks, one on leave. */
export function committeeReportInput(): ReportInput {
  const people = partyCommittee();
  const pairs = requiredPairs(people, LEADERSHIP_TALK_RULES);
  const talks = pairs.slice(0, 18).map((p, i) => ({ id: `t${i}`, personAId: p.a, personBId: p.b, heldOn: '2026-01-03' }));
  const ops: AnonymousOpinion[] = [
    ...Array.from({ length: 12 }, (_, i) => ({ targetKind: 'group' as const, targetPersonId: null, category: '工作作风', body: `对班子的意见${i}`, submittedOn: '2026-01-02' })),
    ...Array.from({ length: 33 }, (_, i) => ({ targetKind: 'person' as const, targetPersonId: `l${(i % 6) + 1}`, category: null, body: `个人意见${i}`, submittedOn: '2026-01-03' })),
  ];
  const present = people.filter((p) => p.id !== 'l6').map((p) => ({ personId: p.id, status: 'present' as const }));
  return {
    orgName: '中共某某县发展和改革局党组',
    superiorName: '中共某某县委组织部',
    meetingKind: '民主生活会',
    year: 2025,
    theme: '深入贯彻中央八项规定精神',
    heldOn: '2026-01-10',
    location: '局机关三楼会议室',
    people,
    quorum: quorum(people, [...present, { personId: 'l6', status: 'leave', reason: '参加省里培训' }]),
    studySessions: 4,
    opinions: summarizeOpinions(ops, people),
    talks: talkCoverage(people, pairs, talks),
    materials: 7,
    speeches: 6,
    criticisms: [
      { targetPersonId: 's', criticId: 'l1', body: '调研多、解决问题少' },
      { targetPersonId: 'l1', criticId: 's', body: '分管工作抓落实不够' },
      { targetPersonId: 'l1', criticId: 'l2', body: '批评意见' },
    ],
    problems: [
      { subject: '领导班子', items: ['理论学习不够系统', '调查研究不够深入。'] },
      { subject: '张书记', items: ['听取意见不够'] },
    ],
    measures: ['每月开展一次集中学习（2026年3月底前）', '建立班子成员联系基层制度'],
    supervisorComments: ['会议准备充分，批评有辣味。'],
    summary: '要抓好整改落实。',
    reportOn: '2026-01-15',
  };
}
