import { describe, expect, it } from 'vitest';
import { quorum } from './attendance.js';
import { summarizeOpinions } from './opinions.js';
import { BRANCH_TALK_RULES, requiredPairs, talkCoverage } from './talks.js';
import { enumeratePoints, renderReport, type ReportInput } from './report.js';
import { deadlineState, reportDeadline } from './deadline.js';
import { appraisalResults } from './appraisal.js';
import { committeeReportInput, tinyBranch } from '../../../test/fixtures/meeting-shapes.js';
import { ledgerDrafts } from './ledger-drafts.js';

describe('meeting report content', () => {
  it('has the preparation figures, attendance, problems, criticisms, measures and the deadline', () => {
    const r = renderReport(committeeReportInput());
    expect(r.title).toBe('中共某某县发展和改革局党组关于召开2025年度民主生活会情况的报告');
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
      criticisms: 3,
      problems: 3,
      measures: 2,
      dueOn: '2026-01-25',
    });
    const text = r.blocks.map((b) => b.text).join('\n');
    expect(r.blocks[1]).toEqual({ role: 'addressee', text: '中共某某县委组织部：' });
    expect(text).toContain('于2026年1月10日在局机关三楼会议室召开了2025年度民主生活会');
    expect(text).toContain('会前组织集中学习研讨4次');
    expect(text).toContain('共征求到意见建议45条，其中对班子的12条、对班子成员个人的33条');
    expect(text).toContain('谈心谈话18次、36人次，按要求应谈21对，已谈18对');
    expect(text).toContain('应到7人，实到6人，请假1人（周委员，参加省里培训），符合规定');
    expect(text).toContain('郑督导、冯督导到会指导');
    expect(text).toContain('（一）领导班子方面。一是理论学习不够系统；二是调查研究不够深入。');
    expect(text).toContain('张书记1条，王副书记2条');
    expect(text).toContain('1. 每月开展一次集中学习');
    expect(r.blocks.map((b) => b.role).filter((x) => x === 'h1')).toHaveLength(6);
    expect(r.blocks.at(-1)).toEqual({ role: 'date', text: '2026年1月15日' });
    const runIn = r.blocks.find((b) => b.text.startsWith('（一）深入开展学习研讨'))!;
    expect(runIn.headChars).toBe('（一）深入开展学习研讨。'.length);
  });

  it('组织生活会 of a tiny branch, with the appraisal and a failed quorum stated', () => {
    const people = tinyBranch();
    const input: ReportInput = {
      orgName: '中共某某村党支部',
      meetingKind: '组织生活会',
      year: 2025,
      heldOn: '2026-01-20',
      people,
      quorum: quorum(people, [{ personId: 's', status: 'present' }]),
      opinions: summarizeOpinions([], people),
      talks: talkCoverage(people, requiredPairs(people, BRANCH_TALK_RULES), []),
      speeches: 1,
      criticisms: [],
      problems: [],
      measures: [],
      supervisorComments: [],
      appraisal: appraisalResults(['s', 'm1', 'm2'], [{ rateeId: 's', raterId: null, kind: 'vote', grade: '合格' }]),
      reportOn: '2026-01-21',
      deadlineDays: 10,
    };
    const r = renderReport(input);
    const text = r.blocks.map((b) => b.text).join('\n');
    expect(r.figures.dueOn).toBe('2026-01-30');
    expect(text).toContain('未达到规定人数');
    expect(text).toContain('评定优秀0名、合格1名');
    expect(text).toContain('会上未记录相互批评意见');
    expect(text).toContain('共征求到意见建议0条，其中对班子的0条、对党员个人的0条');
    expect(text).toContain('支部委员会将制定整改方案');
    expect(r.blocks.some((b) => b.role === 'addressee')).toBe(false);
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
