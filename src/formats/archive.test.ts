/**
 * The archive's files opened again as a user opens them: the .docx read back (docx-read, the
 * importer's own reader) and its XML checked for the official layout; the .xlsx read back with
 * exceljs; the .zip unpacked with JSZip.
 */
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import {
  ARCHIVE_LIMITS,
  appraisalDoc,
  appraisalSheet,
  opinionSummaryDoc,
  opinionSummarySheet,
  recordDoc,
  talkRegisterSheet,
  talksDoc,
  type MeetingHead,
} from '../core/meeting/archive.js';
import { appraisalResults } from '../core/meeting/appraisal.js';
import { quorum } from '../core/meeting/attendance.js';
import { summarizeOpinions, toAnonymousOpinion } from '../core/meeting/opinions.js';
import type { MeetingPerson } from '../core/meeting/participants.js';
import { JianshiError } from '../core/errors.js';
import { archiveDocToDocx } from './archive-docx.js';
import { archiveSheetToXlsx } from './archive-xlsx.js';
import { archiveZipStream, checkArchiveSize, uniqueNames } from './archive-zip.js';
import { readDocxParagraphs } from './docx-read.js';
import { FONTS } from './gbt9704.js';

const HEAD: MeetingHead = { orgName: '机关第二党支部', orgKind: '党支部', meetingKind: '组织生活会', year: 2025 };
const people: MeetingPerson[] = [
  { id: 'p1', name: '王建国', roles: ['secretary'] },
  { id: 'p2', name: '李秀英', roles: ['leader'] },
  { id: 'p3', name: '张伟', roles: ['member'] },
  { id: 'p4', name: '赵敏', roles: ['member'] },
  { id: 'p5', name: '陈明', roles: ['recorder'] },
];

const text = async (b: Uint8Array) => (await readDocxParagraphs(b)).map((p) => p.text);
const xml = async (b: Uint8Array) => (await JSZip.loadAsync(b)).file('word/document.xml')!.async('string');
async function sheet(b: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(b) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: string[][] = [];
  ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return { ws, rows };
}

describe('会议记录 .docx', () => {
  const attendance = [
    { personId: 'p1', status: 'present' as const },
    { personId: 'p2', status: 'present' as const },
    { personId: 'p3', status: 'present' as const },
    { personId: 'p4', status: 'leave' as const, reason: '住院' },
  ];
  const input = {
    ...HEAD,
    people,
    heldOn: '2026-01-15',
    startedAt: '2026-01-15T06:30:00.000Z',
    endedAt: '2026-01-15T09:00:00.000Z',
    location: '三楼会议室',
    recorderId: 'p5',
    attendance,
    quorum: quorum(people, attendance),
    agenda: [
      { seq: 1, kind: 'open' as const, title: '书记主持会议，通报会议议程', personId: 'p1' },
      { seq: 2, kind: 'speech' as const, title: '张伟作个人对照检查发言', personId: 'p3' },
    ],
    agendaStored: true,
    speeches: [
      {
        id: 's1',
        seq: 1,
        speakerId: 'p3',
        notes: '理论学习不够系统。\n服务群众有差距。',
        materialTitle: '检视剖析材料',
      },
    ],
    criticisms: [
      { speechId: 's1', targetPersonId: 'p3', criticId: 'p2', body: '工作中有畏难情绪。' },
      { speechId: null, targetPersonId: 'p2', criticId: 'p1', body: '调研不够深入。' },
    ],
    comments: [{ kind: 'supervisor', authorId: 'x9', targetPersonId: null, body: '会议开得严肃认真。' }],
    summary: '会议达到了预期目的。',
    names: { x9: '刘督导' },
  };

  it('title, the facts in order, the people by name, in the official layout', async () => {
    const bytes = await archiveDocToDocx(recordDoc(input));
    const t = await text(bytes);
    expect(t[0]).toBe('机关第二党支部2025年度组织生活会会议记录');
    const joined = t.join('\n');
    for (const s of [
      '时间：2026年1月15日 14:30—17:00',
      '地点：三楼会议室',
      '主持人：王建国',
      '记录人：陈明',
      '应到4人，实到3人，请假1人（赵敏，住院）',
      '（一）张伟发言（对照《检视剖析材料》）',
      '服务群众有差距。',
      '李秀英提出批评：工作中有畏难情绪。',
      '王建国对李秀英提出批评：调研不够深入。',
      '刘督导点评：会议开得严肃认真。',
      '会议达到了预期目的。',
    ])
      expect(joined).toContain(s);
    // The attendance table: a header row repeated on each page, the names in cells.
    const x = await xml(bytes);
    expect(x).toMatch(/<w:tblHeader\/>/);
    expect(x).toMatch(/<w:tc>(?:(?!<\/w:tc>).)*赵敏/s);
    expect(x).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(x).toContain(`w:eastAsia="${FONTS.title}"`);
    expect(x).toMatch(/w:eastAsia="黑体"[^]*?一、会议基本情况/);
    const order = [
      '一、会议基本情况',
      '二、出席情况',
      '三、会议议程',
      '四、发言和批评意见',
      '五、上级点评',
      '六、会议总结',
    ];
    expect(order.map((h) => t.indexOf(h))).toEqual([...order.map((h) => t.indexOf(h))].sort((a, b) => a - b));
    expect(order.every((h) => t.includes(h))).toBe(true);
  });

  it('nothing recorded: says so, invents no speech, criticism or summary', async () => {
    const empty = recordDoc({
      ...HEAD,
      people,
      heldOn: null,
      location: null,
      attendance: [],
      quorum: quorum(people, []),
      agenda: [],
      agendaStored: false,
      speeches: [],
      criticisms: [],
      comments: [],
      summary: null,
    });
    const joined = (await text(await archiveDocToDocx(empty))).join('\n');
    for (const s of [
      '时间：未记录',
      '地点：未记录',
      '记录人：未记录',
      '未登记出席情况。',
      '未记录发言。',
      '未记录上级点评。',
      '未记录会议总结。',
    ])
      expect(joined).toContain(s);
    expect(joined).not.toMatch(/应到|发言（|提出批评/);
  });
});

describe('谈心谈话记录 .docx and 登记表 .xlsx', () => {
  const talks = [
    { personAId: 'p1', personBId: 'p3', heldOn: '2025-12-02', topics: '思想状况', notes: '谈了工作压力。' },
    { personAId: 'p2', personBId: 'h1', heldOn: '2025-11-28', topics: '分管工作', notes: null },
  ];
  const input = { ...HEAD, people, talks, names: { h1: '孙科长' } };

  it('every talk with both names, date, topic and content; totals', async () => {
    const t = (await text(await archiveDocToDocx(talksDoc(input)))).join('\n');
    expect(t).toContain('机关第二党支部2025年度组织生活会谈心谈话记录');
    expect(t).toContain('共登记谈心谈话2次、4人次，涉及4人。');
    // In date order: the November talk first.
    expect(t.indexOf('（一）李秀英与孙科长')).toBeLessThan(t.indexOf('（二）王建国与张伟'));
    expect(t).toContain('谈话时间：2025年12月2日');
    expect(t).toContain('谈话内容：谈了工作压力。');
    expect(t).toContain('谈话内容：未记录');
  });

  it('the register: title, header, one row per talk, the total under it', async () => {
    const { ws, rows } = await sheet(await archiveSheetToXlsx(talkRegisterSheet(input)));
    expect(ws.name).toBe('谈心谈话登记表');
    expect(rows[0][0]).toBe('机关第二党支部2025年度组织生活会谈心谈话登记表');
    expect(rows[1]).toEqual(['序号', '谈话人', '谈话对象', '谈话时间', '谈话主题', '谈话内容']);
    expect(rows[2]).toEqual(['1', '李秀英', '孙科长', '2025年11月28日', '分管工作', '']);
    expect(rows[3].slice(0, 3)).toEqual(['2', '王建国', '张伟']);
    expect(rows[4][0]).toBe('共2次、4人次。');
    expect(ws.pageSetup.orientation).toBe('landscape');
  });
});

describe('征求意见汇总表: counts, merged texts, nothing that identifies a submitter', () => {
  // Submitted at distinct instants (hours and minutes apart), in an order a reader must not learn.
  const submissions = [
    {
      at: '2025-12-01T01:05:09Z',
      o: { target: { kind: 'group' as const }, category: '工作作风', body: '文山会海仍然较多。' },
    },
    {
      at: '2025-12-01T03:47:31Z',
      o: { target: { kind: 'person' as const, personId: 'p3' }, category: '理论学习', body: 'Z 学习笔记抄多悟少。' },
    },
    {
      at: '2025-12-03T12:00:00Z',
      o: { target: { kind: 'group' as const }, category: '工作作风', body: '文山会海仍然较多' },
    },
    {
      at: '2025-12-04T08:15:00Z',
      o: { target: { kind: 'person' as const, personId: 'p3' }, category: '理论学习', body: 'A 联系群众不够。' },
    },
  ];
  const ops = submissions.map((s) => toAnonymousOpinion(s.o, new Date(s.at)));
  const targets = people.filter((p) => p.roles.some((r) => r !== 'recorder'));
  const input = { ...HEAD, summary: summarizeOpinions(ops, targets), people: targets };

  it('the document: total, per target, identical texts merged and counted', async () => {
    const bytes = await archiveDocToDocx(opinionSummaryDoc(input));
    const t = (await text(bytes)).join('\n');
    expect(t).toContain('2025年12月1日至2025年12月4日，共征求到意见建议4条，其中对支部委员会的2条、对个人的2条');
    expect(t).toContain('一、对支部委员会的意见建议（2条）');
    expect(t).toContain('文山会海仍然较多。');
    expect(t).toContain('二、对王建国的意见建议（0条）');
    expect(t).toContain('四、对张伟的意见建议（2条）');
  });

  it('no time of day, no order of submission in either file', async () => {
    const docx = await archiveDocToDocx(opinionSummaryDoc(input));
    const { rows } = await sheet(await archiveSheetToXlsx(opinionSummarySheet(input)));
    const seen = [(await text(docx)).join('\n'), rows.flat().join('\n')].join('\n');
    expect(seen).not.toMatch(/\d{1,2}[:：]\d{2}/);
    expect(seen).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // Within a target, texts come by count then text — never as submitted ("Z…" came before "A…").
    const p3 = rows.filter((r) => r[1] === '张伟').map((r) => r[3]);
    expect(p3).toEqual(['A 联系群众不够。', 'Z 学习笔记抄多悟少。']);
    // The merged line counts both submissions.
    expect(rows.find((r) => r[3] === '文山会海仍然较多。')?.[4]).toBe('2');
    // The same opinions given in another order make the same workbook cell for cell.
    const shuffled = { ...input, summary: summarizeOpinions([...ops].reverse(), targets) };
    expect((await sheet(await archiveSheetToXlsx(opinionSummarySheet(shuffled)))).rows).toEqual(rows);
  });
});

describe('民主评议 results', () => {
  const members = ['p1', 'p2', 'p3', 'p4'];
  const results = appraisalResults(members, [
    { rateeId: 'p3', raterId: 'p3', kind: 'self', grade: '合格', comment: '努力不够。' },
    { rateeId: 'p3', raterId: 'p1', kind: 'peer', grade: '优秀', comment: '肯吃苦。' },
    { rateeId: 'p3', raterId: null, kind: 'vote', grade: '优秀' },
    { rateeId: 'p4', raterId: null, kind: 'vote', grade: '基本合格' },
  ]);
  const input = {
    ...HEAD,
    people,
    results,
    finals: { p3: '优秀' as const, p4: '基本合格' as const, p1: null, p2: null },
  };

  it('the document: members, ballots, decided grades, peer comments without their authors', async () => {
    const t = (await text(await archiveDocToDocx(appraisalDoc(input)))).join('\n');
    expect(t).toContain('机关第二党支部2025年度组织生活会民主评议党员结果');
    expect(t).toContain(
      '参加评议党员4名，收回民主测评票1张。经支部研究确定：优秀1名，基本合格1名，尚有2名未确定等次。',
    );
    expect(t).toContain('互评意见：肯吃苦。');
    expect(t).not.toContain('王建国：肯吃苦');
  });

  it('the sheet: one row per member with the counts and the grade', async () => {
    const { rows } = await sheet(await archiveSheetToXlsx(appraisalSheet(input)));
    expect(rows[1].slice(0, 4)).toEqual(['序号', '姓名', '自评等次', '互评优秀']);
    const zhang = rows.find((r) => r[1] === '张伟')!;
    expect(zhang[2]).toBe('合格');
    expect(zhang.at(-1)).toBe('优秀');
    expect(rows.find((r) => r[1] === '王建国')!.at(-1)).toBe('未确定');
  });
});

describe('the whole file set as a .zip', () => {
  const collect = (s: NodeJS.ReadableStream) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      s.pipe(
        new Writable({
          write(c: Buffer, _e, cb) {
            chunks.push(c);
            cb();
          },
        }),
      )
        .on('finish', () => resolve(Buffer.concat(chunks)))
        .on('error', reject);
      s.on('error', reject);
    });

  it('streams every entry under its Chinese name, the same bytes back', async () => {
    const doc = await archiveDocToDocx(
      recordDoc({
        ...HEAD,
        people,
        heldOn: null,
        location: null,
        attendance: [],
        quorum: quorum(people, []),
        agenda: [],
        agendaStored: false,
        speeches: [],
        criticisms: [],
        comments: [],
        summary: null,
      }),
    );
    const zip = await JSZip.loadAsync(
      await collect(
        archiveZipStream([
          { name: '00目录.docx', bytes: doc },
          { name: '09对照检查材料/01张伟-检视剖析材料.docx', bytes: doc },
          { name: '09对照检查材料/01张伟-检视剖析材料.docx', bytes: doc },
        ]),
      ),
    );
    expect(Object.keys(zip.files).filter((n) => !zip.files[n].dir)).toEqual([
      '00目录.docx',
      '09对照检查材料/01张伟-检视剖析材料.docx',
      '09对照检查材料/01张伟-检视剖析材料（2）.docx',
    ]);
    expect(Buffer.from(await zip.file('00目录.docx')!.async('uint8array')).equals(Buffer.from(doc))).toBe(true);
  });

  it('refuses a set over the limit with E_TOO_LARGE and a Chinese message naming the limit', () => {
    const big = { name: 'x.docx', bytes: new Uint8Array(ARCHIVE_LIMITS.maxBytes + 1) };
    try {
      checkArchiveSize([big]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JianshiError);
      expect((e as JianshiError).code).toBe('E_TOO_LARGE');
      expect((e as JianshiError).message).toContain('超过一次下载的上限');
      expect((e as JianshiError).message).toContain('200 MB');
    }
    expect(uniqueNames([{ name: 'a.xlsx', bytes: new Uint8Array() }])[0].name).toBe('a.xlsx');
  });
});
