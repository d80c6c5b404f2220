import { describe, expect, it } from 'vitest';
import {
  appraisalDoc,
  archiveFileName,
  archiveIndexDoc,
  opinionSummaryDoc,
  recordDoc,
  talksDoc,
  type ArchiveDoc,
} from './archive.js';
import { appraisalResults } from './appraisal.js';
import { quorum } from './attendance.js';
import { summarizeOpinions } from './opinions.js';
import type { MeetingPerson } from './participants.js';

const people: MeetingPerson[] = [
  { id: 'a', name: '王书记', roles: ['secretary'] },
  { id: 'b', name: '李委员', roles: ['leader'] },
  { id: 'c', name: '张党员', roles: ['member'] },
];
const text = (d: ArchiveDoc) =>
  d.blocks.map((b) => (b.role === 'table' ? b.rows.map((r) => r.join('|')).join('\n') : b.text)).join('\n');
const head = { orgName: '某局党组', meetingKind: '民主生活会', year: 2024 };

describe('archive documents from recorded facts', () => {
  it('a 民主生活会 summary names the 领导班子; none collected says so', () => {
    const none = text(opinionSummaryDoc({ ...head, people, summary: summarizeOpinions([], people) }));
    expect(none).toContain('未征集到意见建议。');
    expect(none).toContain('一、对领导班子的意见建议（0条）');
    expect(none).not.toContain('共征求到');
  });

  it('criticisms sit under the speech they answer; one of a person who did not speak is listed apart', () => {
    const d = text(
      recordDoc({
        ...head,
        people,
        heldOn: '2024-12-20',
        location: null,
        attendance: [],
        quorum: quorum(people, []),
        agenda: [],
        agendaStored: false,
        speeches: [{ id: 's1', seq: 1, speakerId: 'c', notes: null }],
        criticisms: [
          { speechId: null, targetPersonId: 'c', criticId: 'b', body: '表态多落实少。' },
          { speechId: null, targetPersonId: 'b', criticId: null, body: '调研少。' },
        ],
        comments: [],
        summary: null,
      }),
    );
    expect(d).toContain('（一）张党员发言\n发言要点未记录。\n李委员提出批评：表态多落实少。');
    expect(d).toContain('（二）其他批评意见\n与会同志对李委员提出批评：调研少。');
  });

  it("a member's talk record says it holds only his own talks", () => {
    const d = talksDoc({
      ...head,
      people,
      talks: [{ personAId: 'a', personBId: 'c', heldOn: null, topics: null, notes: null }],
      ownOnly: { personId: 'c' },
    });
    expect(d.title).toBe('某局党组2024年度民主生活会谈心谈话记录（张党员本人参加）');
    expect(text(d)).toContain('谈话时间：未记录');
  });

  it('appraisal without decided grades says so, and names the cap on 优秀', () => {
    const r = appraisalResults(['a', 'b', 'c'], []);
    const d = text(appraisalDoc({ ...head, people, results: r, finals: {} }));
    expect(d).toContain('参加评议党员3名，收回民主测评票0张。评议等次尚未确定。');
    expect(d).toContain('本次至多1名');
  });

  it('file names without characters file systems refuse; the 目录 names what was left out', () => {
    expect(archiveFileName('关于"2024"年度 /会议:记录?', 'docx')).toBe('关于2024年度会议记录.docx');
    const idx = text(
      archiveIndexDoc(
        head,
        [{ fileName: '01会议情况报告.docx', what: '报告', bytes: 2048 }],
        ['整改台账（无权导出）'],
        '2025-01-02',
      ),
    );
    expect(idx).toContain('本档案共1个文件（不含本目录），2025年1月2日生成。');
    expect(idx).toContain('1|01会议情况报告.docx|报告|2 KB');
    expect(idx).toContain('未收入：整改台账（无权导出）。');
  });
});
