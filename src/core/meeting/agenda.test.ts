import { describe, expect, it } from 'vitest';
import { buildAgenda, criticismCoverage, validateAgenda } from './agenda.js';
import { branch15, partyCommittee, tinyBranch, twoRoles } from '../../../test/fixtures/meeting-shapes.js';

describe('agenda', () => {
  it('民主生活会 of a 党委班子: open, two reports, 班子 speech, personal speeches with criticisms, supervisors, summary', () => {
    const a = buildAgenda(partyCommittee(), { meetingKind: '民主生活会' });
    expect(a.problems).toEqual([]);
    expect(a.items.map((i) => i.kind)).toEqual([
      'open',
      'report-rectification',
      'report-opinions',
      'speech',
      ...Array(7).fill('speech'),
      'supervisor-comment',
      'summary',
    ]);
    expect(a.items.map((i) => i.seq)).toEqual(a.items.map((_, i) => i + 1));
    const speeches = a.items.filter((i) => i.kind === 'speech');
    expect(speeches[0]).toMatchObject({ personId: 's', subject: 'group', title: '书记代表领导班子作对照检查' });
    expect(speeches[1]).toMatchObject({
      personId: 's',
      subject: 'self',
      critics: ['l1', 'l2', 'l3', 'l4', 'l5', 'l6'],
    });
    expect(speeches.slice(2).map((s) => s.personId)).toEqual(['l1', 'l2', 'l3', 'l4', 'l5', 'l6']);
    expect(speeches[2].critics).toEqual(['s', 'l2', 'l3', 'l4', 'l5', 'l6']);
    expect(a.items.find((i) => i.kind === 'supervisor-comment')?.personIds).toEqual(['sup1', 'sup2']);
    expect(a.items.some((i) => i.kind === 'appraisal')).toBe(false);
  });

  it('组织生活会 of a 党支部: 支委 speak before members, appraisal added, absentees skipped', () => {
    const a = buildAgenda(branch15(), { meetingKind: '组织生活会', absentIds: ['m3'], speakerOrder: ['c2', 'c1'] });
    const selfSpeakers = a.items.filter((i) => i.subject === 'self').map((i) => i.personId);
    expect(selfSpeakers.slice(0, 3)).toEqual(['s', 'c2', 'c1']);
    expect(selfSpeakers).toHaveLength(14);
    expect(selfSpeakers).not.toContain('m3');
    expect(a.skipped).toEqual(['m3']);
    expect(a.items.find((i) => i.subject === 'group')?.title).toBe('书记代表支部委员会作对照检查');
    expect(a.items.some((i) => i.kind === 'appraisal')).toBe(true);
    expect(a.items.every((i) => !(i.critics ?? []).includes('m3'))).toBe(true);
  });

  it('tiny branch and two roles; missing secretary is a problem', () => {
    expect(
      buildAgenda(tinyBranch(), { meetingKind: '组织生活会', skipRectificationReport: true }).items.map((i) => i.kind),
    ).toEqual(['open', 'report-opinions', 'speech', 'speech', 'speech', 'speech', 'appraisal', 'summary']);
    const two = buildAgenda(twoRoles());
    expect(two.items.filter((i) => i.subject === 'self')).toHaveLength(4);
    expect(buildAgenda(tinyBranch().slice(1)).problems).toEqual(['未指定书记（会议主持人）。']);
    expect(buildAgenda(tinyBranch(), { absentIds: ['s'] }).problems[0]).toContain('书记未出席');
  });

  it('criticism coverage: who has not yet criticised each speaker', () => {
    const a = buildAgenda(tinyBranch());
    const cov = criticismCoverage(a, [
      { targetPersonId: 's', criticId: 'm1' },
      { targetPersonId: 's', criticId: 'm1' },
      { targetPersonId: 's', criticId: 'm2' },
      { targetPersonId: 'm1', criticId: null },
    ]);
    expect(cov.find((c) => c.speakerId === 's')).toMatchObject({ from: ['m1', 'm2'], missing: [], count: 3 });
    expect(cov.find((c) => c.speakerId === 'm1')).toMatchObject({ from: [], missing: ['s', 'm2'], count: 1 });
  });

  it('validates a stored agenda', () => {
    expect(validateAgenda(buildAgenda(partyCommittee()).items)).toEqual([]);
    expect(validateAgenda('x')).toEqual(['议程须为列表。']);
    expect(validateAgenda([{ kind: 'dance', title: '' }])).toEqual([
      '第1项议程的类型无效。',
      '第1项议程须有标题（不超过200字）。',
    ]);
  });
});
