/**
 * Demo data for the meeting procedure, on top of the demo world of server/demo.ts: the 2023 民主生活会 of 某县机关党委
 * gets opinions collected (a closed collection), all required talks, a recorded meeting day
 * (attendance, agenda, speeches, criticisms, the 督导组's comment, the summary) and its report sent;
 * the 2023 组织生活会 of 第一党支部 gets opinions, talks with pairs still missing, a recorded meeting
 * day with one member on leave, self and peer assessments and appraisal ballots (grades still to
 * be decided, report still to be sent) — so every page of the procedure has something real to show.
 *
 * Call it after `seedDemo(repos)`:   await seedProcedureDemo(repos, secret);
 * Idempotent (a marker in `settings`); does nothing when the demo world is not there.
 */
import type { Repositories } from '../../../storage/repositories/index.js';
import { buildAgenda } from '../../../core/meeting/agenda.js';
import type { Grade } from '../../../core/meeting/appraisal.js';
import { newOpinionToken, opinionTokenHash } from './tokens.js';
import { loadMeeting } from './meeting-context.js';
import { demoOffsetOf, demoShift } from '../../demo.js';

const MARK = 'demo_procedure_seeded';

export async function seedProcedureDemo(repos: Repositories, secret: string): Promise<boolean> {
  if (await repos.settings.get(MARK)) return false;
  const who: Record<string, string> = {};
  for (const u of ['wangjianguo', 'zhangwei', 'sunli', 'zhaomin', 'liming', 'chenjing', 'liuyang']) {
    const p = await repos.people.getByUsername(u);
    if (!p) return false;
    who[u] = p.id;
  }
  const meetings = await repos.meetings.list({ all: true, year: 2023 });
  const dsh = meetings.find((m) => m.kind === '民主生活会');
  const zsh = meetings.find((m) => m.kind === '组织生活会');
  if (!dsh || !zsh) return false;
  // The story's dates keep their distance to the demo meeting, wherever seedDemo placed it (server/demo.ts).
  const S = demoShift(demoOffsetOf(dsh.heldOn));

  await repos.transaction(async (tx) => {
    if (!(await tx.settings.getOrInit(MARK, '1')) || (await tx.procedure.hasCollections())) return;
    const p = tx.procedure;
    const {
      wangjianguo: wang,
      zhangwei: zhang,
      sunli: sun,
      zhaomin: zhao,
      liming: li,
      chenjing: chen,
      liuyang: liu,
    } = who;

    // ---- 民主生活会: opinions (collected, closed, resealed)
    const c = await p.openCollection({
      meetingId: dsh.id,
      tokenHash: opinionTokenHash(secret, newOpinionToken()),
      opensOn: S('2023-11-20'),
      closesOn: S('2023-11-30'),
      createdBy: wang,
    });
    const op = (day: string, body: string, personId: string | null, category: string | null) => ({
      targetKind: personId ? ('person' as const) : ('group' as const),
      targetPersonId: personId,
      category,
      body,
      submittedOn: day,
    });
    const days: [string, ReturnType<typeof op>[]][] = [
      [
        S('2023-11-21'),
        [
          op(S('2023-11-21'), '班子成员到基层调研多是“走过场”，解决实际问题少', null, '工作作风'),
          op(S('2023-11-21'), '理论学习中心组学习形式单一，研讨不深入', null, '理论学习'),
          op(S('2023-11-21'), '分管领域的项目推进慢，遇到难题习惯上交', zhang, '担当作为'),
        ],
      ],
      [
        S('2023-11-24'),
        [
          op(S('2023-11-24'), '会议文件多，基层负担重', null, '工作作风'),
          op(S('2023-11-24'), '听取一般干部意见的渠道不多', wang, '工作作风'),
          op(S('2023-11-24'), '对年轻干部的传帮带不够', sun, '能力本领'),
        ],
      ],
      [
        S('2023-11-28'),
        [
          op(S('2023-11-28'), '会议文件多，基层负担重', null, '工作作风'),
          op(S('2023-11-28'), '廉政提醒偏重形式', null, '廉洁自律'),
          op(S('2023-11-28'), '批评下属时方式简单', zhang, '工作作风'),
          op(S('2023-11-28'), '学习笔记摘抄多、思考少', zhang, '理论学习'),
          op(S('2023-11-28'), '对上级政策的研究不够透', wang, '理论学习'),
          op(S('2023-11-28'), '服务群众的办法不多', sun, '担当作为'),
        ],
      ],
    ];
    for (const [, ops] of days) await p.submitOpinions(c.id, ops, { dailyCap: 500 });
    await p.updateCollection(c.id, { status: 'closed' });
    await p.reseal(c.id);

    // ---- 民主生活会: all required talks
    for (const [a, b, d, topic] of [
      [wang, zhang, S('2023-11-27'), '分管工作和个人思想'],
      [wang, sun, S('2023-11-28'), '班子团结和作风建设'],
      [zhang, sun, S('2023-12-01'), '相互提醒、交换意见'],
    ] as const) {
      await p.addTalk({ meetingId: dsh.id, personAId: a, personBId: b, heldOn: d, topics: topic, recordedBy: a });
    }

    // ---- 民主生活会: the meeting day
    const { people } = await loadMeeting(tx, dsh.id);
    await p.setAttendance(
      dsh.id,
      [wang, zhang, sun, zhao].map((personId) => ({ personId, status: 'present' as const })),
    );
    await p.saveRecord(dsh.id, {
      heldOn: S('2023-12-20'),
      location: '机关党委会议室',
      startedAt: S('2023-12-20T01:00:00.000Z'),
      endedAt: S('2023-12-20T05:30:00.000Z'),
      agenda: buildAgenda(people, { meetingKind: '民主生活会' }).items,
      summary:
        '这次民主生活会准备充分、主题鲜明，批评与自我批评认真开展。会后要把查摆的问题逐条列入整改台账，挂账销号。',
      status: 'finished',
      recorderId: sun,
    });
    const material = await tx.materials.list({ meetingId: dsh.id, authorId: zhang }, { all: true });
    const s1 = await p.addSpeech({ meetingId: dsh.id, speakerId: wang, notes: '代表班子作对照检查，并作个人发言' });
    const s2 = await p.addSpeech({ meetingId: dsh.id, speakerId: zhang, materialId: material[0]?.id ?? null });
    const s3 = await p.addSpeech({ meetingId: dsh.id, speakerId: sun });
    const crit: [string, string, string, string][] = [
      [s1.id, wang, zhang, '到分管单位调研时听汇报多，与一线干部面对面交流少'],
      [s1.id, wang, sun, '对班子成员的日常提醒不够经常'],
      [s2.id, zhang, wang, '分管项目遇到难题时主动协调不够，习惯等上级拍板'],
      [s2.id, zhang, sun, '批评下属时方式方法简单'],
      [s3.id, sun, wang, '学习上满足于完成规定篇目，联系实际思考不够'],
      [s3.id, sun, zhang, '对年轻干部关心指导不够'],
    ];
    for (const [speechId, target, critic, body] of crit)
      await p.addCriticism({ meetingId: dsh.id, speechId, targetPersonId: target, criticId: critic, body });
    await p.addComment({
      meetingId: dsh.id,
      authorId: zhao,
      kind: 'supervisor',
      body: '会前准备扎实，对照检查具体，相互批评有辣味；整改措施要进一步量化、明确时限。',
    });

    // ---- 组织生活会 of 第一党支部: talks with pairs missing, attendance, appraisal
    for (const [a, b, d] of [
      [li, chen, S('2023-12-10')],
      [li, liu, S('2023-12-11')],
      [li, wang, S('2023-12-12')],
      [chen, liu, S('2023-12-13')],
    ] as const) {
      await p.addTalk({
        meetingId: zsh.id,
        personAId: a,
        personBId: b,
        heldOn: d,
        topics: '谈思想、谈工作、谈问题',
        recordedBy: a,
      });
    }
    await p.setAttendance(zsh.id, [
      { personId: li, status: 'present' },
      { personId: chen, status: 'present' },
      { personId: liu, status: 'present' },
      { personId: wang, status: 'present' },
      { personId: zhang, status: 'leave', reason: '参加县委全会' },
    ]);
    // Opinions on the branch and its members (collected, closed, resealed).
    const c2 = await p.openCollection({
      meetingId: zsh.id,
      tokenHash: opinionTokenHash(secret, newOpinionToken()),
      opensOn: S('2023-12-01'),
      closesOn: S('2023-12-15'),
      createdBy: li,
    });
    const branchOps = [
      op(S('2023-12-04'), '支部学习多是读文件，结合岗位交流少', null, '理论学习'),
      op(S('2023-12-04'), '主题党日活动形式比较单一', null, '工作作风'),
      op(S('2023-12-06'), '支部学习多是读文件，结合岗位交流少', null, '理论学习'),
      op(S('2023-12-06'), '开会发言照稿念，联系自身实际不够', liu, '理论学习'),
      op(S('2023-12-08'), '对新入职同事的帮带不够主动', chen, '能力本领'),
      op(S('2023-12-11'), '支部工作布置多、检查落实少', li, '担当作为'),
      op(S('2023-12-11'), '参加支部组织生活有时请假', zhang, '政治素质'),
    ];
    // One submission is one day's opinions.
    for (const day of [...new Set(branchOps.map((o) => o.submittedOn))])
      await p.submitOpinions(
        c2.id,
        branchOps.filter((o) => o.submittedOn === day),
        { dailyCap: 500 },
      );
    await p.updateCollection(c2.id, { status: 'closed' });
    await p.reseal(c2.id);

    // The meeting day of the branch: the record, speeches in order, criticisms, the summary.
    const branch = await loadMeeting(tx, zsh.id);
    const branchAgenda = buildAgenda(branch.people, { meetingKind: '组织生活会', absentIds: [zhang] }).items.map(
      (it) => ({ ...it, done: true }),
    );
    await p.saveRecord(zsh.id, {
      heldOn: S('2023-12-25'),
      location: '党员活动室',
      startedAt: S('2023-12-25T06:30:00.000Z'),
      endedAt: S('2023-12-25T09:00:00.000Z'),
      agenda: branchAgenda,
      summary:
        '大家能够敞开心扉、真点问题，批评意见具体。会后每名同志要对照收到的意见建议和批评意见，列出整改清单，明年组织生活会上逐项通报。',
      status: 'finished',
      recorderId: chen,
    });
    const b1 = await p.addSpeech({
      meetingId: zsh.id,
      speakerId: li,
      notes: '代表支委会作对照检查，并作个人发言：抓支部学习重形式、轻实效',
    });
    const b2 = await p.addSpeech({ meetingId: zsh.id, speakerId: chen, notes: '学习不够系统，对年轻同志关心不够' });
    const b3 = await p.addSpeech({ meetingId: zsh.id, speakerId: liu, notes: '理论学习主动性不强，发言照稿念' });
    const b4 = await p.addSpeech({
      meetingId: zsh.id,
      speakerId: wang,
      notes: '参加支部活动时间少，以普通党员身份参加组织生活不够经常',
    });
    const bcrit: [string, string, string, string][] = [
      [b1.id, li, chen, '布置工作多，跟进检查少'],
      [b1.id, li, liu, '支部学习可以多留时间讨论'],
      [b1.id, li, wang, '谈心谈话可以更经常一些'],
      [b2.id, chen, li, '对分管的宣传工作创新不够'],
      [b2.id, chen, liu, '对新同事的帮带不够主动'],
      [b3.id, liu, li, '学习笔记摘抄多、思考少'],
      [b3.id, liu, chen, '发言可以更联系岗位实际'],
      [b3.id, liu, wang, '要主动承担急难任务'],
      [b4.id, wang, li, '作为普通党员参加支部活动次数偏少'],
      [b4.id, wang, chen, '对支部工作的意见建议提得少'],
    ];
    for (const [speechId, target, critic, body] of bcrit)
      await p.addCriticism({ meetingId: zsh.id, speechId, targetPersonId: target, criticId: critic, body });
    for (const [who, grade, comment] of [
      [li, '合格', '抓支部建设有思路，落实还不够细。'],
      [chen, '合格', '完成了支委分工任务，学习深度不够。'],
      [wang, '合格', '支部活动参加得少，要以普通党员身份多参加。'],
    ] as const) {
      await p.saveAssessment(zsh.id, { rateeId: who, raterId: who, kind: 'self', grade, comment });
    }
    await p.saveAssessment(zsh.id, {
      rateeId: li,
      raterId: liu,
      kind: 'peer',
      grade: '优秀',
      comment: '带头学、带头讲，支部工作有起色。',
    });
    await p.saveAssessment(zsh.id, {
      rateeId: chen,
      raterId: li,
      kind: 'peer',
      grade: '合格',
      comment: '工作认真，对年轻同志可以多指导。',
    });
    await p.saveAssessment(zsh.id, {
      rateeId: liu,
      raterId: liu,
      kind: 'self',
      grade: '合格',
      comment: '能完成本职工作，学习的主动性还不够。',
    });
    await p.saveAssessment(zsh.id, {
      rateeId: liu,
      raterId: chen,
      kind: 'peer',
      grade: '合格',
      comment: '工作踏实，发言可以更积极。',
    });
    const ballots: [string, Grade][][] = [
      [
        [li, '优秀'],
        [chen, '合格'],
        [liu, '合格'],
        [wang, '合格'],
        [zhang, '合格'],
      ],
      [
        [li, '合格'],
        [chen, '优秀'],
        [liu, '合格'],
        [wang, '合格'],
        [zhang, '合格'],
      ],
      [
        [li, '优秀'],
        [chen, '合格'],
        [liu, '基本合格'],
        [wang, '合格'],
        [zhang, '合格'],
      ],
      [
        [li, '优秀'],
        [chen, '合格'],
        [liu, '合格'],
        [wang, '合格'],
        [zhang, '合格'],
      ],
    ];
    for (const b of ballots)
      await p.castBallot(
        zsh.id,
        b.map(([rateeId, grade]) => ({ rateeId, grade })),
        S('2023-12-25'),
      );
    // The 民主生活会's report went to the superior in time; the branch's is still to be sent.
    await tx.procedure.markStageDone(dsh.id, 'report', S('2024-01-03T02:00:00.000Z'));
    await tx.audit.append({
      actorId: null,
      action: 'demo.seed.procedure',
      entity: 'instance',
      details: { meetings: 2 },
    });
  });
  return true;
}
