import { describe, expect, it } from 'vitest';
import { summarizeOpinions, type AnonymousOpinion } from './opinions.js';
import { BRANCH_TALK_RULES, LEADERSHIP_TALK_RULES, requiredPairs, talkCoverage } from './talks.js';
import { enumeratePoints, renderReport, signatureDate, type ReportContent, type ReportInput } from './report.js';
import { deadlineState, reportDeadline } from './deadline.js';
import { appraisalResults } from './appraisal.js';
import { committeeReportInput, partyCommittee, tinyBranch } from '../../../test/fixtures/meeting-shapes.js';
import { ledgerDrafts } from './ledger-drafts.js';
import type { MeetingPerson } from './participants.js';

/** The report as text: each block on its own line, role first (so a test reads sentence by sentence). */
const lines = (r: ReportContent) => r.blocks.map((b) => `${b.role}: ${b.text}`);

function empty(people: readonly MeetingPerson[], kind: string, orgName: string, heldOn: string | null): ReportInput {
  const branch = kind === '组织生活会';
  return {
    orgName,
    meetingKind: kind,
    year: 2025,
    heldOn,
    people,
    attendance: [],
    opinions: summarizeOpinions([], people),
    talks: talkCoverage(people, requiredPairs(people, branch ? BRANCH_TALK_RULES : LEADERSHIP_TALK_RULES), []),
    materials: { group: 'none', personal: 0, personalApproved: 0 },
    speeches: [],
    criticisms: [],
    problems: [],
    measures: [],
    ledger: {},
    supervisorComments: [],
    reportOn: '2026-01-05',
  };
}

const opinion = (targetPersonId: string | null, body: string): AnonymousOpinion => ({
  targetKind: targetPersonId ? 'person' : 'group',
  targetPersonId,
  category: null,
  body,
  submittedOn: '2026-01-02',
});

describe('meeting report: nothing recorded', () => {
  it('组织生活会 of a branch: title, opening and signature only; the date is not before the meeting', () => {
    const r = renderReport(empty(tinyBranch(), '组织生活会', '中共某某村党支部', '2026-01-20'));
    expect(lines(r)).toEqual([
      'title: 中共某某村党支部关于召开2025年度组织生活会情况的报告',
      'body: 根据上级关于召开2025年度组织生活会的有关要求，现将中共某某村党支部2025年度组织生活会有关情况报告如下。',
      'signature: 中共某某村党支部',
      'date: 2026年1月20日',
    ]);
    expect(r.gaps).toEqual(
      expect.arrayContaining([
        '会议尚无出席、发言、批评意见、点评或总结的记录，报告未写会议召开情况。',
        '未撰写支部委员会对照检查材料。',
        '尚无审核通过的对照检查材料，报告未列查摆的问题。',
      ]),
    );
    expect(r.figures).toMatchObject({ speeches: 0, criticisms: 0, problems: 0, measures: 0, ledgerItems: 0 });
  });

  it('民主生活会 of a 班子: no host, no speeches, no 班子 material claimed', () => {
    const r = renderReport({
      ...empty(partyCommittee(), '民主生活会', '中共某某县发展和改革局党组', '2026-01-10'),
      superiorName: '中共某某县委组织部',
      reportOn: '2026-01-12',
    });
    expect(lines(r)).toEqual([
      'title: 中共某某县发展和改革局党组关于召开2025年度民主生活会情况的报告',
      'addressee: 中共某某县委组织部：',
      'body: 根据上级关于召开2025年度民主生活会的有关要求，现将中共某某县发展和改革局党组2025年度民主生活会有关情况报告如下。',
      'signature: 中共某某县发展和改革局党组',
      'date: 2026年1月12日',
    ]);
    expect(r.gaps).toContain('未撰写领导班子对照检查材料。');
  });
});

describe('meeting report: partly recorded', () => {
  /** One speaker recorded, no 班子 material, one member's material approved, items in the ledger. */
  function branchPartial(): ReportInput {
    const people = tinyBranch();
    return {
      ...empty(people, '组织生活会', '中共某某村党支部', '2026-01-20'),
      attendance: [
        { personId: 's', status: 'present' },
        { personId: 'm1', status: 'present' },
      ],
      opinions: summarizeOpinions([opinion('m1', '学习不够主动')], people),
      materials: { group: 'none', personal: 2, personalApproved: 1 },
      speeches: [{ speakerId: 'm1' }],
      problems: [{ subject: '乙党员同志', items: ['学习党的创新理论不够系统', '联系服务群众不够主动'] }],
      measures: [{ subject: '乙党员同志', items: ['每周学习不少于3小时', '每月走访群众一次'] }],
      ledger: { 对照检查: 2 },
      ledgerAssigned: { owner: 2, deadline: 2 },
      reportOn: '2026-01-18',
    };
  }

  it('组织生活会: says who spoke, not that the secretary spoke for the 支部委员会; the real problems and measures', () => {
    const r = renderReport(branchPartial());
    expect(lines(r)).toEqual([
      'title: 中共某某村党支部关于召开2025年度组织生活会情况的报告',
      'body: 根据上级关于召开2025年度组织生活会的有关要求，中共某某村党支部召开了2025年度组织生活会。现将有关情况报告如下。',
      'h1: 一、会前准备情况',
      'body: （一）广泛征求意见建议。会前共征求到意见建议1条，均为对党员个人的意见建议。',
      'body: （二）撰写对照检查材料。2名同志撰写了个人对照检查材料，其中1份已审核通过。',
      'h1: 二、会议召开情况',
      'body: 会议由甲书记主持。',
      'body: 会上，乙党员作个人对照检查发言。共有1名同志发言。',
      'h1: 三、查摆的主要问题',
      'body: （一）乙党员同志。一是学习党的创新理论不够系统；二是联系服务群众不够主动。',
      'h1: 四、整改措施',
      'body: 对照检查材料共提出整改措施2条。',
      'body: （一）乙党员同志。一是每周学习不少于3小时；二是每月走访群众一次。',
      'body: 已将2项整改事项列入整改台账（对照检查2项），逐项明确责任人和完成时限。',
      'h1: 五、下一步工作',
      'body: 针对查摆的问题，支部委员会将逐项抓好整改、挂账销号，并在下一年度组织生活会上通报整改落实情况。',
      'signature: 中共某某村党支部',
      'date: 2026年1月20日',
    ]);
    const text = r.blocks.map((b) => b.text).join('\n');
    expect(text).not.toMatch(/代表支部委员会|带头|对班子|0条|将在整改方案中/);
    expect(r.gaps).toEqual(
      expect.arrayContaining([
        '尚有1人未登记出席情况，报告未写到会人数。',
        '未记录相互批评意见。',
        '未撰写支部委员会对照检查材料。',
      ]),
    );
  });

  it('民主生活会: the 班子 speech is stated only when the speech presented the 班子 material', () => {
    const people = partyCommittee();
    const base: ReportInput = {
      ...empty(people, '民主生活会', '中共某某县发展和改革局党组', '2026-01-10'),
      attendance: people
        .filter((p) => !['rec', 'sup1', 'sup2'].includes(p.id))
        .map((p) => ({ personId: p.id, status: 'present' as const })),
      materials: { group: 'written', groupAuthorId: 's', personal: 6, personalApproved: 0 },
      speeches: [{ speakerId: 's' }, { speakerId: 'l1' }],
      criticisms: [{ targetPersonId: 'l1', criticId: 's', body: '分管工作抓落实不够' }],
      reportOn: '2026-01-11',
    };
    const r = renderReport(base);
    expect(lines(r)).toEqual([
      'title: 中共某某县发展和改革局党组关于召开2025年度民主生活会情况的报告',
      'body: 根据上级关于召开2025年度民主生活会的有关要求，中共某某县发展和改革局党组于2026年1月10日召开了2025年度民主生活会。现将有关情况报告如下。',
      'h1: 一、会前准备情况',
      'body: （一）撰写对照检查材料。张书记牵头起草了领导班子对照检查材料，尚未审核通过；6名同志撰写了个人对照检查材料，尚未审核通过。',
      'h1: 二、会议召开情况',
      'body: 会议由张书记主持。应到7人，实到7人，符合规定。',
      'body: 会上，张书记带头作个人对照检查发言；王副书记作个人对照检查发言；相互提出批评意见1条。共有2名同志发言。',
      'h1: 三、相互批评情况',
      'body: 会上共提出批评意见1条，其中对王副书记1条。',
      'h1: 四、下一步工作',
      'body: 针对会上提出的批评意见，领导班子将逐项抓好整改、挂账销号，并在下一年度民主生活会上通报整改落实情况。',
      'signature: 中共某某县发展和改革局党组',
      'date: 2026年1月11日',
    ]);
    const withGroup = renderReport({ ...base, speeches: [{ speakerId: 's', forGroup: true }, ...base.speeches] });
    expect(lines(withGroup)).toContain(
      'body: 会上，张书记代表领导班子作对照检查；张书记带头作个人对照检查发言；王副书记作个人对照检查发言；相互提出批评意见1条。共有2名同志发言。',
    );
  });
});

describe('meeting report: completely recorded', () => {
  it('民主生活会 of a 班子: every figure and name from the record', () => {
    const r = renderReport(committeeReportInput());
    expect(r.figures).toMatchObject({
      studySessions: 4,
      opinionsTotal: 45,
      opinionsGroup: 12,
      opinionsPersonal: 33,
      talkCount: 18,
      talkPersonTimes: 36,
      talkPairsRequired: 21,
      talkPairsDone: 18,
      materials: 7,
      expected: 7,
      present: 6,
      quorumMet: true,
      attendanceRecorded: true,
      speeches: 6,
      criticisms: 3,
      problems: 3,
      measures: 3,
      ledgerItems: 6,
      dueOn: '2026-01-25',
    });
    expect(lines(r)).toEqual([
      'title: 中共某某县发展和改革局党组关于召开2025年度民主生活会情况的报告',
      'addressee: 中共某某县委组织部：',
      'body: 根据上级关于召开2025年度民主生活会的有关要求，中共某某县发展和改革局党组于2026年1月10日在局机关三楼会议室召开了2025年度民主生活会，会议主题为“深入贯彻中央八项规定精神”。现将有关情况报告如下。',
      'h1: 一、会前准备情况',
      'body: （一）深入开展学习研讨。会前组织集中学习研讨4次。',
      'body: （二）广泛征求意见建议。会前共征求到意见建议45条，其中对领导班子的12条、对班子成员个人的33条。',
      'body: （三）开展谈心谈话。会前开展谈心谈话18次、36人次，按要求应谈21对，已谈18对。',
      'body: （四）撰写对照检查材料。张书记牵头起草了领导班子对照检查材料，已经审核通过；6名同志撰写了个人对照检查材料，均已审核通过。',
      'h1: 二、会议召开情况',
      'body: 会议由张书记主持。应到7人，实到6人，请假1人（周委员，参加省里培训），符合规定。郑督导、冯督导到会指导。',
      'body: 会上，张书记代表领导班子作对照检查；张书记带头作个人对照检查发言；王副书记、李委员、赵委员、钱委员和孙委员依次作个人对照检查发言；相互提出批评意见3条。共有6名同志发言。',
      'body: 督导组点评指出：会议准备充分，批评有辣味。',
      'body: 张书记作总结讲话：要抓好整改落实。',
      'h1: 三、查摆的主要问题',
      'body: （一）领导班子。一是理论学习不够系统；二是调查研究不够深入。',
      'body: （二）张书记同志。一是听取意见不够。',
      'h1: 四、相互批评情况',
      'body: 会上共提出批评意见3条，其中对张书记1条，对王副书记2条。已有3条列入整改台账。',
      'h1: 五、整改措施',
      'body: 对照检查材料共提出整改措施3条。',
      'body: （一）领导班子。一是每月开展一次集中学习（2026年3月底前）；二是建立班子成员联系基层制度。',
      'body: （二）张书记同志。一是每季度到联系点调研一次。',
      'body: 已将6项整改事项列入整改台账（对照检查3项，相互批评3项），逐项明确责任人和完成时限。',
      'h1: 六、下一步工作',
      'body: 针对查摆的问题和会上提出的批评意见，领导班子将逐项抓好整改、挂账销号，并在下一年度民主生活会上通报整改落实情况。',
      'signature: 中共某某县发展和改革局党组',
      'date: 2026年1月15日',
    ]);
    const runIn = r.blocks.find((b) => b.text.startsWith('（一）深入开展学习研讨'))!;
    expect(runIn.headChars).toBe('（一）深入开展学习研讨。'.length);
  });

  it('组织生活会 of a branch: the appraisal, a failed quorum stated, 支部 wording throughout', () => {
    const people = tinyBranch();
    const r = renderReport({
      ...empty(people, '组织生活会', '中共某某村党支部', '2026-01-20'),
      attendance: [
        { personId: 's', status: 'present' },
        { personId: 'm1', status: 'absent', reason: '外出务工' },
        { personId: 'm2', status: 'leave', reason: '住院' },
      ],
      studySessions: 2,
      opinions: summarizeOpinions([opinion(null, '活动形式单一'), opinion('m1', '学习不够主动')], people),
      talks: talkCoverage(people, requiredPairs(people, BRANCH_TALK_RULES), [
        { id: 't1', personAId: 's', personBId: 'm1', heldOn: '2026-01-10' },
        { id: 't2', personAId: 's', personBId: 'm2', heldOn: '2026-01-11' },
        { id: 't3', personAId: 'm1', personBId: 'm2', heldOn: '2026-01-12' },
      ]),
      materials: { group: 'approved', groupAuthorId: 's', personal: 3, personalApproved: 3 },
      speeches: [{ speakerId: 's', forGroup: true }, { speakerId: 's' }],
      criticisms: [],
      problems: [{ subject: '支部委员会', items: ['组织生活不够规范'] }],
      measures: [{ subject: '支部委员会', items: ['严格落实“三会一课”制度'] }],
      ledger: { 对照检查: 1, 征求意见: 2 },
      ledgerAssigned: { owner: 3, deadline: 3 },
      appraisal: appraisalResults(['s', 'm1', 'm2'], [{ rateeId: 's', raterId: null, kind: 'vote', grade: '合格' }]),
      reportOn: '2026-01-21',
      deadlineDays: 10,
    });
    expect(r.figures.dueOn).toBe('2026-01-30');
    expect(lines(r)).toEqual([
      'title: 中共某某村党支部关于召开2025年度组织生活会情况的报告',
      'body: 根据上级关于召开2025年度组织生活会的有关要求，中共某某村党支部于2026年1月20日召开了2025年度组织生活会。现将有关情况报告如下。',
      'h1: 一、会前准备情况',
      'body: （一）深入开展学习研讨。会前组织集中学习研讨2次。',
      'body: （二）广泛征求意见建议。会前共征求到意见建议2条，其中对支部委员会的1条、对党员个人的1条。',
      'body: （三）开展谈心谈话。会前开展谈心谈话3次、6人次，按要求应谈3对，已全部谈到。',
      'body: （四）撰写对照检查材料。甲书记牵头起草了支部委员会对照检查材料，已经审核通过；3名同志撰写了个人对照检查材料，均已审核通过。',
      'h1: 二、会议召开情况',
      'body: 会议由甲书记主持。应到3人，实到1人，请假1人（丙党员，住院），缺席1人（乙党员，外出务工），未达到规定人数。',
      'body: 会上，甲书记代表支部委员会作对照检查；甲书记作个人对照检查发言。共有1名同志发言。',
      'body: 会上开展了民主评议党员，评定优秀0名、合格1名、基本合格0名、不合格0名。',
      'h1: 三、查摆的主要问题',
      'body: （一）支部委员会。一是组织生活不够规范。',
      'h1: 四、整改措施',
      'body: 对照检查材料共提出整改措施1条。',
      'body: （一）支部委员会。一是严格落实“三会一课”制度。',
      'body: 已将3项整改事项列入整改台账（对照检查1项，征求意见2项），逐项明确责任人和完成时限。',
      'h1: 五、下一步工作',
      'body: 针对查摆的问题和征求到的意见建议，支部委员会将逐项抓好整改、挂账销号，并在下一年度组织生活会上通报整改落实情况。',
      'signature: 中共某某村党支部',
      'date: 2026年1月21日',
    ]);
  });

  it('the signature date is the report day, never before the meeting', () => {
    expect(signatureDate('2026-01-05', '2026-01-20')).toBe('2026-01-20');
    expect(signatureDate('2026-01-25', '2026-01-20')).toBe('2026-01-25');
    expect(signatureDate('2026-01-25', null)).toBe('2026-01-25');
  });

  it('enumerates points', () => {
    expect(enumeratePoints(['甲；', '乙', ''])).toBe('一是甲；二是乙。');
    expect(enumeratePoints(Array.from({ length: 11 }, (_, i) => `x${i}`))).toContain('十一是x10。');
  });
});

describe('report deadline', () => {
  it('15 days by default, configurable, with a state for the home page', () => {
    expect(reportDeadline('2026-12-20')).toBe('2027-01-04');
    expect(reportDeadline('2026-02-20', 10)).toBe('2026-03-02');
    expect(() => reportDeadline('2026-01-01', 0)).toThrow();
    expect(deadlineState('2026-01-25', '2026-01-20')).toMatchObject({ daysLeft: 5, level: 'ok', label: '还剩5天' });
    expect(deadlineState('2026-01-25', '2026-01-23')).toMatchObject({ level: 'soon' });
    expect(deadlineState('2026-01-25', '2026-01-25')).toMatchObject({ label: '今天到期' });
    expect(deadlineState('2026-01-25', '2026-01-27')).toMatchObject({ overdue: true, label: '已超期2天' });
    expect(deadlineState('2026-01-25', '2026-01-27', '2026-01-24')).toMatchObject({
      level: 'done',
      label: '已按时报送',
    });
  });
});

describe('ledger drafts from the meeting', () => {
  it('criticisms to the person, opinions merged and anonymous, supervisor comments', () => {
    const input = committeeReportInput();
    const drafts = ledgerDrafts({
      criticisms: input.criticisms.map((c, i) => ({ id: `c${i}`, ...c })),
      opinions: input.opinions,
      comments: [
        { id: 'k1', targetPersonId: null, body: '整改要具体', kind: 'supervisor' },
        { id: 'k2', targetPersonId: null, body: '总结', kind: 'summary' },
      ],
    });
    expect(drafts.filter((d) => d.source === '相互批评')).toHaveLength(3);
    expect(drafts.filter((d) => d.source === '征求意见')).toHaveLength(45);
    expect(drafts.filter((d) => d.source === '上级点评')).toEqual([
      {
        source: '上级点评',
        ownerId: null,
        problem: '整改要具体',
        aspect: null,
        sourceRef: { kind: 'comment', id: 'k1' },
      },
    ]);
    expect(drafts.find((d) => d.source === '征求意见')?.sourceRef).toEqual({ kind: 'opinion', count: 1 });
  });
});

describe('meeting report: states a branch records in an unusual order', () => {
  const branchInput = (heldOn: string | null = '2026-01-20') =>
    empty(tinyBranch(), '组织生活会', '中共某某村党支部', heldOn);
  const committee = () => empty(partyCommittee(), '民主生活会', '中共某某县发展和改革局党组', '2026-01-10');

  it('the 督导组 comment, the summary and the 民主评议 are reported even when no attendance or speech was entered', () => {
    const r = renderReport({
      ...committee(),
      supervisorComments: ['会议准备充分，批评有辣味。'],
      summary: '要抓好整改落实。',
    });
    expect(lines(r)).toContain('body: 督导组点评指出：会议准备充分，批评有辣味。');
    expect(lines(r).join('\n')).toContain('要抓好整改落实。');
    expect(r.gaps).not.toContain('会议尚无出席、发言、批评意见、点评或总结的记录，报告未写会议召开情况。');
    const appraisal = renderReport({
      ...branchInput(),
      appraisal: appraisalResults(
        ['s', 'm1', 'm2'],
        ['s', 'm1', 'm2'].flatMap((voterId) =>
          ['s', 'm1', 'm2'].map((rateeId) => ({
            raterId: voterId,
            rateeId,
            kind: 'vote' as const,
            grade: '合格' as const,
          })),
        ),
      ),
    });
    expect(lines(appraisal).join('\n')).toContain('会上开展了民主评议党员');
  });

  it('a 督导组 member who spoke is not said to have made a 个人对照检查', () => {
    const r = renderReport({ ...committee(), speeches: [{ speakerId: 's' }, { speakerId: 'sup1' }] });
    const text = lines(r).join('\n');
    expect(text).toContain('张书记作个人对照检查发言');
    expect(text).not.toContain('郑督导作个人对照检查发言');
    expect(text).toContain('郑督导');
  });

  it('a summary with no one recorded as present reads as Chinese (no "会议作总结讲话")', () => {
    const r = renderReport({ ...branchInput(), speeches: [{ speakerId: 'm1' }], summary: '抓好整改。' });
    expect(lines(r).join('\n')).not.toContain('会议作总结讲话');
    expect(lines(r).join('\n')).toContain('抓好整改。');
  });

  it('ledger items from opinions or comments only: the closing names what they answer, not "查摆的问题"', () => {
    const opinions = renderReport({ ...branchInput(), ledger: { 征求意见: 5 } });
    expect(lines(opinions).join('\n')).not.toContain('针对查摆的问题');
    expect(lines(opinions).join('\n')).toContain('针对征求到的意见建议');
    const comments = renderReport({ ...branchInput(), ledger: { 上级点评: 2 } });
    expect(lines(comments).join('\n')).toContain('针对督导组点评指出的问题');
  });

  it('a 党总支 and a 党小组 are not called 支部委员会', () => {
    const opinion1 = summarizeOpinions([opinion(null, '组织生活不够规范')], tinyBranch());
    const zongzhi = renderReport({
      ...empty(tinyBranch(), '组织生活会', '中共某某学校党总支', '2026-01-20'),
      orgKind: '党总支',
      opinions: opinion1,
      criticisms: [{ targetPersonId: 'm1', criticId: 's', body: 'x' }],
    });
    const t = lines(zongzhi).join('\n');
    expect(t).not.toContain('支部委员会');
    expect(t).toContain('对党总支委员会的意见建议');
    expect(t).toContain('党总支委员会将逐项抓好整改');
    const group = renderReport({
      ...empty(tinyBranch(), '组织生活会', '第一党小组', '2026-01-20'),
      orgKind: '党小组',
      opinions: opinion1,
    });
    expect(lines(group).join('\n')).toContain('均为对党小组的意见建议');
  });

  it('a report made before the meeting date does not say the meeting was held on that date', () => {
    const r = renderReport({
      ...branchInput('2027-03-01'),
      reportOn: '2026-12-06',
      attendance: tinyBranch().map((p) => ({ personId: p.id, status: 'present' as const })),
    });
    expect(lines(r).join('\n')).not.toContain('于2027年3月1日召开了');
    expect(r.gaps.join('')).toContain('会议日期（2027年3月1日）晚于报告日期');
  });

  it('two participants of the same name: the secretary is told the report cannot tell them apart', () => {
    const people: MeetingPerson[] = [
      { id: 's', name: '张伟', roles: ['secretary'] },
      { id: 'm1', name: '张伟', roles: ['member'] },
      { id: 'm2', name: '李娜', roles: ['member'] },
    ];
    const r = renderReport({
      ...empty(people, '组织生活会', '中共某某村党支部', '2026-01-20'),
      criticisms: [
        { targetPersonId: 's', criticId: 'm1', body: 'x' },
        { targetPersonId: 'm1', criticId: 's', body: 'y' },
      ],
    });
    expect(r.gaps).toContain('参会人员中有同名的（张伟），报告中无法区分，请在名单中加以区别（如注明职务）。');
  });
});

describe('meeting report: who drafted the 班子 material', () => {
  it('the recorded author is named, not the secretary by assumption; no author recorded, no name', () => {
    const base = empty(tinyBranch(), '组织生活会', '中共某某村党支部', '2026-01-20');
    const byMember = renderReport({
      ...base,
      materials: { group: 'approved', groupAuthorId: 'm1', personal: 0, personalApproved: 0 },
    });
    expect(lines(byMember).join('\n')).toContain('乙党员牵头起草了支部委员会对照检查材料');
    const unknown = renderReport({ ...base, materials: { group: 'written', personal: 0, personalApproved: 0 } });
    expect(lines(unknown).join('\n')).toContain('（一）撰写对照检查材料。起草了支部委员会对照检查材料，尚未审核通过。');
  });
});

describe('meeting report: a 专题民主生活会', () => {
  it('promises to report back at the next 民主生活会, not at a "下一年度专题民主生活会"', () => {
    const r = renderReport({
      ...empty(partyCommittee(), '专题', '中共某某县发展和改革局党组', '2026-01-10'),
      criticisms: [{ targetPersonId: 'l1', criticId: 's', body: '调研不深' }],
    });
    const t = lines(r).join('\n');
    expect(t).not.toContain('下一年度专题民主生活会');
    expect(t).toContain('领导班子将逐项抓好整改、挂账销号，并在下一次民主生活会上通报整改落实情况。');
  });
});

describe('meeting report: a criticised person no longer on the participant list', () => {
  it('no raw id in the text; the count stays and the secretary is told', () => {
    const r = renderReport({
      ...empty(tinyBranch(), '组织生活会', '中共某某村党支部', '2026-01-20'),
      criticisms: [
        { targetPersonId: 'm1', criticId: 's', body: 'x' },
        { targetPersonId: '0f9c2d8e-removed', criticId: 's', body: 'y' },
      ],
    });
    const t = lines(r).join('\n');
    expect(t).not.toContain('0f9c2d8e');
    expect(t).toContain('会上共提出批评意见2条，其中对乙党员1条，对其他同志1条。');
    expect(r.gaps).toContain('有1条批评意见的对象已不在参会人员名单中。');
  });
});

describe('meeting report: a speaker no longer on the participant list', () => {
  it('no raw id among the speakers; the secretary is told', () => {
    const r = renderReport({
      ...empty(tinyBranch(), '组织生活会', '中共某某村党支部', '2026-01-20'),
      speeches: [{ speakerId: 's' }, { speakerId: '0f9c2d8e-removed' }, { speakerId: 'm1' }],
    });
    const t = lines(r).join('\n');
    expect(t).not.toContain('0f9c2d8e');
    expect(t).toContain('会上，甲书记带头作个人对照检查发言；乙党员作个人对照检查发言。共有3名同志发言。');
    expect(r.gaps).toContain('有1名发言人已不在参会人员名单中，报告未写其姓名。');
  });
});

describe('meeting report: what the ledger items carry', () => {
  const base = () => ({
    ...empty(tinyBranch(), '组织生活会', '中共某某村党支部', '2026-01-20'),
    ledger: { 征求意见: 3 },
  });
  it('"逐项明确责任人和完成时限" only when every item has both', () => {
    const all = renderReport({ ...base(), ledgerAssigned: { owner: 3, deadline: 3 } });
    expect(lines(all)).toContain('body: 已将3项整改事项列入整改台账（征求意见3项），逐项明确责任人和完成时限。');
    const some = renderReport({ ...base(), ledgerAssigned: { owner: 1, deadline: 2 } });
    expect(lines(some)).toContain(
      'body: 已将3项整改事项列入整改台账（征求意见3项），其中1项已明确责任人，2项已明确完成时限。',
    );
    expect(some.gaps).toContain('整改台账中有2项未明确责任人、1项未明确完成时限。');
    const unknown = renderReport(base());
    expect(lines(unknown)).toContain('body: 已将3项整改事项列入整改台账（征求意见3项）。');
  });
});
