/**
 * Demo data for the rectification ledger (整改台账), on top of the demo world (server/demo.ts) and the procedure demo:
 * last year's (2022) 民主生活会 of 某县机关党委 with its ledger — most items closed during 2023, one
 * still open and overdue — and this year's (2023) ledgers of the 党委 and both branches, built from
 * the 2023 meeting's criticisms, the 督导组's comment and collected opinions, with items in every
 * status: 待整改, 整改中 (some overdue, one due within days), 待销号 (waiting for the superior) and
 * 已销号 (some after being sent back once). Recent dates are computed from TODAY at seeding time, so
 * the overdue and due-soon items stay meaningful whenever the demo starts. Every status change runs
 * through the core state machine (applyLedgerEvent) and is stored with its transition record, notes
 * and evidence files; the 重复出现 mark is computed by the core recurrence check against last
 * year's closed items, not set by hand.
 *
 *   await seedLedgerDemo(repos);   // after seedDemo and seedProcedureDemo
 *
 * Idempotent (a marker in `settings`); does nothing when the demo world is not there.
 */
import type { Repositories } from '../../../storage/repositories/index.js';
import {
  addDays,
  applyLedgerEvent,
  assignNumbers,
  findRecurrence,
  type DeadlineKind,
  type LedgerEvent,
  type LedgerItem,
  type LedgerSource,
  type NewLedgerItem,
  type SourceRef,
} from '../../../core/ledger/index.js';
import { demoOffsetOf, demoShift } from '../../demo.js';
import { today as todayIn } from '../../../core/meeting/dates.js';

const MARK = 'demo_ledger_seeded';

/** A small valid PDF (the evidence type is recognised from the bytes). */
function pdf(title: string): Uint8Array {
  const text = title.replace(/[^\x20-\x7e]/g, '?');
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/** What happens to an item after it is created: the owner starts, files evidence, applies; the superior decides. */
type Step =
  | { at: string; event: LedgerEvent; by: string; reason?: string }
  | { at: string; note: string; by: string }
  | { at: string; evidence: string; on: string; by: string };

interface Plan {
  orgId: string;
  year: number;
  meetingId: string | null;
  createdAt: string;
  createdBy: string;
  source: LedgerSource;
  sourceRef?: SourceRef | null;
  aspect: string | null;
  problem: string;
  target?: string | null;
  measures: string;
  leaderName?: string | null;
  department?: string | null;
  ownerId: string | null;
  deadlineKind: DeadlineKind;
  deadlineOn?: string | null;
  steps: Step[];
}

export async function seedLedgerDemo(repos: Repositories, today = todayIn()): Promise<boolean> {
  if (await repos.settings.get(MARK)) return false;
  const who: Record<string, string> = {};
  for (const u of [
    'wangjianguo',
    'zhangwei',
    'sunli',
    'zhaomin',
    'liming',
    'chenjing',
    'liuyang',
    'zhouqiang',
    'wuhua',
    'zhengxin',
  ]) {
    const p = await repos.people.getByUsername(u);
    if (!p) return false;
    who[u] = p.id;
  }
  const orgs = await repos.orgs.list();
  const org = orgs.find((o) => o.name === '某县机关党委');
  const b1 = orgs.find((o) => o.name === '第一党支部');
  const b2 = orgs.find((o) => o.name === '第二党支部');
  const meetings2023 = await repos.meetings.list({ all: true, year: 2023 });
  const dsh = meetings2023.find((m) => m.kind === '民主生活会' && m.orgId === org?.id);
  const zsh = meetings2023.find((m) => m.kind === '组织生活会' && m.orgId === b1?.id);
  if (!org || !b1 || !b2 || !dsh || !zsh) return false;
  // The story's dates keep their distance to the demo meeting, wherever seedDemo placed it (server/demo.ts).
  const S = demoShift(demoOffsetOf(dsh.heldOn));

  const {
    wangjianguo: wang,
    zhangwei: zhang,
    sunli: sun,
    zhaomin: zhao,
    liming: li,
    chenjing: chen,
    liuyang: liu,
    zhouqiang: zhou,
    wuhua: wu,
    zhengxin: zheng,
  } = who;
  // Times relative to today (noon UTC, so the day is the same in China).
  const T = (days: number, hour = 2) => `${addDays(today, days)}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  const D = (days: number) => addDays(today, days);

  return repos.transaction(async (tx) => {
    if (!(await tx.settings.getOrInit(MARK, '1')) || (await tx.ledger.count()) > 0) return false;
    const L = tx.ledger;
    const proc = tx.procedure;

    // ---- last year's meeting
    const m2022 = await tx.meetings.create({
      orgId: org.id,
      kind: '民主生活会',
      year: 2022,
      theme: '某县机关党委2022年度民主生活会',
      heldOn: S('2022-12-28'),
      location: '机关党委会议室',
      createdBy: wang,
      participants: [
        { personId: wang, role: 'secretary' },
        { personId: zhang, role: 'leader' },
        { personId: sun, role: 'leader' },
        { personId: zhao, role: 'supervisor' },
      ],
      stages: [
        { stage: 'meeting', startOn: S('2022-12-28'), dueOn: S('2022-12-28'), doneAt: S('2022-12-28T08:00:00.000Z') },
        { stage: 'rectification', startOn: S('2023-01-06'), dueOn: S('2023-06-30'), doneAt: null },
      ],
    });
    await tx.meetings.update(m2022.id, { status: 'closed' });
    const c22 = S('2023-01-06T02:00:00.000Z');
    const y22 = { year: 2022, meetingId: m2022.id, createdAt: c22, createdBy: wang };
    const closedPath = (
      owner: string,
      closer: string,
      start: string,
      ev: string,
      evOn: string,
      apply: string,
      close: string,
      file: string,
      note: string,
    ): Step[] => [
      { at: start, event: 'start', by: owner },
      { at: start.replace('T02', 'T03'), note, by: owner },
      { at: ev, evidence: file, on: evOn, by: owner },
      { at: apply, event: 'apply', by: owner },
      { at: close, event: 'close', by: closer },
    ];

    const plans: Plan[] = [
      // ---- 2022, 某县机关党委 (closed by the 督导组 during 2023; one still open)
      {
        ...y22,
        orgId: org.id,
        source: '对照检查',
        aspect: '理论学习',
        ownerId: zhang,
        leaderName: '张伟',
        problem: '理论学习不深不透，学用结合不够紧密',
        target: '学深悟透，做到学用贯通',
        measures: '每月自学不少于2次并撰写心得体会；每季度围绕分管工作开展一次专题研讨。',
        deadlineKind: 'date',
        deadlineOn: S('2023-06-30'),
        steps: closedPath(
          zhang,
          zhao,
          S('2023-01-10T02:00:00.000Z'),
          S('2023-06-08T02:00:00.000Z'),
          S('2023-06-05'),
          S('2023-06-12T02:00:00.000Z'),
          S('2023-06-20T02:00:00.000Z'),
          '2023年上半年学习心得汇编.pdf',
          '已制定个人学习计划，1—3月完成自学6次。',
        ),
      },
      {
        ...y22,
        orgId: org.id,
        source: '征求意见',
        aspect: '工作作风',
        ownerId: zhang,
        leaderName: '张伟',
        problem: '到基层调研次数偏少，调查研究不够深入',
        target: '每季度到分管单位调研不少于2次',
        measures: '制定年度调研计划，形成调研报告并推动问题解决。',
        deadlineKind: 'date',
        deadlineOn: S('2023-09-30'),
        steps: [
          { at: S('2023-01-12T02:00:00.000Z'), event: 'start', by: zhang },
          { at: S('2023-07-03T02:00:00.000Z'), evidence: '调研计划.pdf', on: S('2023-07-01'), by: zhang },
          { at: S('2023-07-05T02:00:00.000Z'), event: 'apply', by: zhang },
          {
            at: S('2023-07-10T02:00:00.000Z'),
            event: 'send_back',
            by: zhao,
            reason: '只有调研计划，缺少调研报告和问题解决情况，请补充。',
          },
          { at: S('2023-09-18T02:00:00.000Z'), evidence: '三季度调研报告.pdf', on: S('2023-09-15'), by: zhang },
          {
            at: S('2023-09-18T03:00:00.000Z'),
            note: '已到分管单位调研5次，形成调研报告2篇，推动解决问题3个。',
            by: zhang,
          },
          { at: S('2023-09-20T02:00:00.000Z'), event: 'apply', by: zhang },
          { at: S('2023-09-26T02:00:00.000Z'), event: 'close', by: zhao },
        ],
      },
      {
        ...y22,
        orgId: org.id,
        source: '对照检查',
        aspect: '担当作为',
        ownerId: sun,
        leaderName: '孙丽',
        problem: '对分管领域风险隐患排查不够及时',
        measures: '建立风险隐患清单，每月排查一次。',
        deadlineKind: 'date',
        deadlineOn: S('2023-05-31'),
        steps: closedPath(
          sun,
          zhao,
          S('2023-01-09T02:00:00.000Z'),
          S('2023-05-20T02:00:00.000Z'),
          S('2023-05-18'),
          S('2023-05-22T02:00:00.000Z'),
          S('2023-05-29T02:00:00.000Z'),
          '风险隐患排查台账.pdf',
          '已建立风险隐患清单，共梳理隐患12项。',
        ),
      },
      {
        ...y22,
        orgId: org.id,
        source: '上级点评',
        aspect: '能力本领',
        ownerId: sun,
        leaderName: '孙丽',
        department: '组织人事科',
        problem: '干部队伍梯队建设统筹谋划不够',
        target: '形成年轻干部培养规划并落实',
        measures: '制定年轻干部培养规划，建立结对帮带机制。',
        deadlineKind: 'date',
        deadlineOn: D(-45),
        steps: [
          { at: S('2023-01-15T02:00:00.000Z'), event: 'start', by: sun },
          {
            at: S('2023-08-01T02:00:00.000Z'),
            note: '培养规划初稿已形成，因机构改革调整，经书记同意完成时限顺延。',
            by: sun,
          },
          { at: T(-70), note: '结对帮带名单已确定，规划待党委会审议。', by: sun },
        ],
      },
      {
        ...y22,
        orgId: org.id,
        source: '征求意见',
        aspect: '工作作风',
        ownerId: wang,
        leaderName: '王建国',
        problem: '听取一般干部意见的渠道不多',
        measures: '每半年召开一次青年干部座谈会，设立意见箱。',
        deadlineKind: 'date',
        deadlineOn: S('2023-04-30'),
        steps: closedPath(
          wang,
          zhao,
          S('2023-01-08T02:00:00.000Z'),
          S('2023-04-20T02:00:00.000Z'),
          S('2023-04-18'),
          S('2023-04-21T02:00:00.000Z'),
          S('2023-04-27T02:00:00.000Z'),
          '青年干部座谈会纪要.pdf',
          '已召开青年干部座谈会1次，收集意见15条。',
        ),
      },
      {
        ...y22,
        orgId: org.id,
        source: '自查',
        aspect: '组织生活',
        ownerId: null,
        leaderName: '王建国',
        department: '机关党委办公室',
        problem: '基层党组织标准化建设推进不平衡',
        measures: '对照标准逐项检查，补齐短板。',
        deadlineKind: 'date',
        deadlineOn: S('2023-10-31'),
        steps: closedPath(
          wang,
          zhao,
          S('2023-02-01T02:00:00.000Z'),
          S('2023-10-20T02:00:00.000Z'),
          S('2023-10-18'),
          S('2023-10-23T02:00:00.000Z'),
          S('2023-11-02T02:00:00.000Z'),
          '标准化建设验收表.pdf',
          '两个支部均已完成标准化建设自查。',
        ),
      },
      // ---- 2022, branches
      {
        ...y22,
        meetingId: null,
        orgId: b1.id,
        createdBy: li,
        source: '对照检查',
        aspect: '理论学习',
        ownerId: liu,
        problem: '学习强国积分靠突击，日常学习不经常',
        measures: '每天学习不少于30分钟。',
        deadlineKind: 'date',
        deadlineOn: S('2023-03-31'),
        steps: closedPath(
          liu,
          li,
          S('2023-01-10T02:00:00.000Z'),
          S('2023-03-28T02:00:00.000Z'),
          S('2023-03-27'),
          S('2023-03-29T02:00:00.000Z'),
          S('2023-04-03T02:00:00.000Z'),
          '学习记录截图.pdf',
          '坚持每日学习。',
        ),
      },
      {
        ...y22,
        meetingId: null,
        orgId: b1.id,
        createdBy: li,
        source: '相互批评',
        aspect: '组织生活',
        ownerId: chen,
        problem: '组织委员职责履行不到位，党费收缴不及时',
        measures: '按月收缴党费并公示。',
        deadlineKind: 'immediate',
        deadlineOn: S('2023-02-05'),
        steps: closedPath(
          chen,
          li,
          S('2023-01-11T02:00:00.000Z'),
          S('2023-02-01T02:00:00.000Z'),
          S('2023-01-31'),
          S('2023-02-02T02:00:00.000Z'),
          S('2023-02-06T02:00:00.000Z'),
          '党费收缴公示.pdf',
          '已补齐党费收缴并公示。',
        ),
      },
      {
        ...y22,
        meetingId: null,
        orgId: b2.id,
        createdBy: zhou,
        source: '对照检查',
        aspect: '担当作为',
        ownerId: wu,
        problem: '服务群众主动性不强',
        measures: '每月参加一次社区志愿服务。',
        deadlineKind: 'date',
        deadlineOn: S('2023-06-30'),
        steps: closedPath(
          wu,
          zhou,
          S('2023-01-12T02:00:00.000Z'),
          S('2023-06-25T02:00:00.000Z'),
          S('2023-06-24'),
          S('2023-06-26T02:00:00.000Z'),
          S('2023-06-30T02:00:00.000Z'),
          '志愿服务记录.pdf',
          '已参加社区志愿服务6次。',
        ),
      },
    ];

    // ---- this year (2023): from the 2023 meeting's criticisms, the 督导组's comment and opinions
    const c23 = T(-150);
    const y23 = { year: 2023, meetingId: dsh.id, createdAt: c23, createdBy: wang };
    const crit = await proc.listCriticisms(dsh.id).catch(() => []);
    const comment = (await proc.listComments(dsh.id, { kind: 'supervisor' }).catch(() => []))[0];
    const opinion = (await proc.listOpinions({ meetingId: dsh.id }).catch(() => [])).find(
      (o) => o.body === '会议文件多，基层负担重',
    );
    const critRef = (body: string): SourceRef | null => {
      const c = crit.find((x) => x.body === body);
      return c ? { kind: 'criticism', criticismId: c.id, meetingId: dsh.id } : null;
    };
    const criticism = (
      owner: string,
      leader: string,
      body: string,
      aspect: string,
      measures: string,
      rest: Pick<Plan, 'deadlineKind' | 'deadlineOn' | 'steps'>,
    ): Plan => ({
      ...y23,
      orgId: org.id,
      source: '相互批评',
      sourceRef: critRef(body),
      aspect,
      problem: body,
      measures,
      ownerId: owner,
      leaderName: leader,
      ...rest,
    });
    plans.push(
      criticism(
        wang,
        '王建国',
        '到分管单位调研时听汇报多，与一线干部面对面交流少',
        '工作作风',
        '每月到基层一线蹲点调研1天，与一线干部座谈。',
        {
          deadlineKind: 'date',
          deadlineOn: D(10),
          steps: [
            { at: T(-140), event: 'start', by: wang },
            { at: T(-60), note: '已到3个基层单位蹲点调研，召开一线干部座谈会2次。', by: wang },
            { at: T(-4), evidence: '蹲点调研记录.pdf', on: D(-5), by: wang },
            { at: T(-3), event: 'apply', by: wang },
          ],
        },
      ),
      criticism(
        wang,
        '王建国',
        '对班子成员的日常提醒不够经常',
        '组织生活',
        '建立班子成员谈心提醒制度，每季度至少谈心一次。',
        {
          deadlineKind: 'date',
          deadlineOn: D(-30),
          steps: [
            { at: T(-140), event: 'start', by: wang },
            { at: T(-50), evidence: '谈心谈话记录.pdf', on: D(-52), by: wang },
            { at: T(-48), event: 'apply', by: wang },
            {
              at: T(-44),
              event: 'send_back',
              by: zhao,
              reason: '谈心记录只有一次，不能说明已形成经常性提醒制度，请补充制度文件。',
            },
            { at: T(-32), evidence: '班子成员谈心提醒制度.pdf', on: D(-33), by: wang },
            { at: T(-31), event: 'apply', by: wang },
            { at: T(-20), event: 'close', by: zhao },
          ],
        },
      ),
      criticism(
        zhang,
        '张伟',
        '分管项目遇到难题时主动协调不够，习惯等上级拍板',
        '担当作为',
        '建立分管项目难题清单，每月召开协调会推动解决。',
        {
          deadlineKind: 'date',
          deadlineOn: D(-12),
          steps: [
            { at: T(-130), event: 'start', by: zhang },
            { at: T(-40), note: '已梳理分管项目难题清单7项，解决2项。', by: zhang },
          ],
        },
      ),
      criticism(zhang, '张伟', '批评下属时方式方法简单', '工作作风', '改进工作方法，批评前先了解情况，注意方式方法。', {
        deadlineKind: 'date',
        deadlineOn: D(5),
        steps: [{ at: T(-120), event: 'start', by: zhang }],
      }),
      criticism(
        sun,
        '孙丽',
        '学习上满足于完成规定篇目，联系实际思考不够',
        '理论学习',
        '每次学习结合分管工作撰写一篇体会。',
        {
          deadlineKind: 'date',
          deadlineOn: D(-40),
          steps: closedPath(
            sun,
            zhao,
            T(-145),
            T(-50),
            D(-51),
            T(-45),
            T(-35),
            '学习体会汇编.pdf',
            '已撰写学习体会4篇。',
          ),
        },
      ),
      criticism(sun, '孙丽', '对年轻干部关心指导不够', '能力本领', '与年轻干部结对，定期谈心指导。', {
        deadlineKind: 'ongoing',
        deadlineOn: null,
        steps: [],
      }),
      {
        ...y23,
        orgId: org.id,
        source: '上级点评',
        sourceRef: comment ? { kind: 'comment', commentId: comment.id, meetingId: dsh.id } : null,
        aspect: null,
        ownerId: null,
        leaderName: '王建国',
        department: '机关党委办公室',
        problem: '整改措施不够量化，部分措施没有明确时限',
        target: '每项措施都有量化标准和完成时限',
        measures: '逐项修订整改措施，明确责任人、完成时限和量化标准，报督导组备案。',
        deadlineKind: 'date',
        deadlineOn: D(20),
        steps: [
          { at: T(-148), event: 'start', by: wang },
          { at: T(-100), note: '已完成班子整改措施修订，个人措施修订完成2/3。', by: wang },
        ],
      },
      {
        ...y23,
        orgId: org.id,
        source: '征求意见',
        sourceRef: opinion
          ? { kind: 'opinion', meetingId: dsh.id, collectionIds: [opinion.collectionId], count: 1 }
          : null,
        aspect: '工作作风',
        ownerId: null,
        leaderName: '孙丽',
        department: '机关党委办公室',
        problem: '会议文件多，基层负担重',
        measures: '压减会议和文件数量，能合并的合并召开。',
        deadlineKind: 'immediate',
        deadlineOn: D(-3),
        steps: [],
      },
      // The same complaint as last year's closed item of 张伟: the recurrence check marks it 重复出现.
      {
        ...y23,
        orgId: org.id,
        source: '自查',
        aspect: '理论学习',
        ownerId: zhang,
        leaderName: '张伟',
        problem: '理论学习不够深入，学用结合不紧密',
        measures: '制定个人学习计划，每月专题学习并交流研讨，学习成果运用到分管工作中。',
        deadlineKind: 'date',
        deadlineOn: D(40),
        steps: [],
      },
      // ---- 2023, 第一党支部 (the secretary closes members' items) and 第二党支部
      {
        ...y23,
        meetingId: zsh.id,
        orgId: b1.id,
        createdBy: li,
        source: '相互批评',
        aspect: '组织生活',
        ownerId: liu,
        problem: '参加支部活动主动性不强，发言不够积极',
        measures: '每次组织生活会前准备发言提纲，主动发言。',
        deadlineKind: 'date',
        deadlineOn: D(-5),
        steps: [{ at: T(-100), event: 'start', by: liu }],
      },
      {
        ...y23,
        meetingId: zsh.id,
        orgId: b1.id,
        createdBy: li,
        source: '对照检查',
        aspect: '组织生活',
        ownerId: chen,
        problem: '支部活动记录不完整，会议记录不规范',
        measures: '按“三会一课”要求规范记录，每月检查一次。',
        deadlineKind: 'date',
        deadlineOn: D(15),
        steps: [
          { at: T(-110), event: 'start', by: chen },
          { at: T(-6), evidence: '支部会议记录本（扫描件）.pdf', on: D(-7), by: chen },
          { at: T(-2), event: 'apply', by: chen },
        ],
      },
      {
        ...y23,
        meetingId: zsh.id,
        orgId: b1.id,
        createdBy: li,
        source: '上级点评',
        aspect: '组织生活',
        ownerId: li,
        leaderName: '李明',
        problem: '“三会一课”质量不高，主题党日活动形式单一',
        measures: '每季度开展一次特色主题党日。',
        deadlineKind: 'date',
        deadlineOn: D(60),
        steps: [{ at: T(-90), event: 'start', by: li }],
      },
      {
        ...y23,
        meetingId: zsh.id,
        orgId: b1.id,
        createdBy: li,
        source: '征求意见',
        aspect: '担当作为',
        ownerId: liu,
        problem: '业务学习不够主动，解决群众诉求办法不多',
        measures: '参加业务培训，总结群众诉求办理经验。',
        deadlineKind: 'date',
        deadlineOn: D(-20),
        steps: closedPath(
          liu,
          li,
          T(-120),
          T(-25),
          D(-26),
          T(-22),
          T(-10),
          '业务培训结业证书.pdf',
          '已参加业务培训2次。',
        ),
      },
      {
        ...y23,
        meetingId: null,
        orgId: b2.id,
        createdBy: zhou,
        source: '对照检查',
        aspect: '理论学习',
        ownerId: wu,
        problem: '学习笔记摘抄多、思考少',
        measures: '每月撰写一篇学习心得。',
        deadlineKind: 'date',
        deadlineOn: D(30),
        steps: [],
      },
      {
        ...y23,
        meetingId: null,
        orgId: b2.id,
        createdBy: zhou,
        source: '谈心谈话',
        aspect: '工作作风',
        ownerId: zheng,
        problem: '工作中存在推诿现象，首问负责落实不到位',
        measures: '严格执行首问负责制。',
        deadlineKind: 'immediate',
        deadlineOn: D(-60),
        steps: closedPath(
          zheng,
          zhou,
          T(-140),
          T(-70),
          D(-70),
          T(-68),
          T(-62),
          '首问负责登记表.pdf',
          '已落实首问负责登记。',
        ),
      },
    );

    // ---- create (numbered per organization and year), then replay each item's history
    const names = new Map(orgs.map((o) => [o.id, o.name]));
    const groups = new Map<string, Plan[]>();
    for (const p of plans)
      groups.set(`${p.orgId}|${p.year}|${p.createdAt}`, [
        ...(groups.get(`${p.orgId}|${p.year}|${p.createdAt}`) ?? []),
        p,
      ]);
    let created = 0;
    let repeated = 0;
    for (const [, ps] of groups) {
      const { orgId, year, createdAt } = ps[0];
      const drafts: NewLedgerItem[] = ps.map((p) => ({
        orgId,
        year,
        meetingId: p.meetingId,
        source: p.source,
        sourceRef: p.sourceRef ?? { kind: 'manual' },
        aspect: p.aspect,
        problem: p.problem,
        target: p.target ?? null,
        measures: p.measures,
        leaderName: p.leaderName ?? null,
        department: p.department ?? null,
        ownerId: p.ownerId,
        deadlineKind: p.deadlineKind,
        deadlineOn: p.deadlineOn ?? null,
      }));
      const numbered = assignNumbers(drafts, names.get(orgId)!, year, await L.numbers(orgId, year));
      const items = await L.insertMany(
        numbered.map((d) => ({ ...d, number: d.number! })),
        ps[0].createdBy,
        createdAt,
      );
      for (const [k, item] of items.entries()) {
        created++;
        await replay(item, ps[k].steps);
        const hit = findRecurrence(item, await L.recurrenceCandidates(item));
        if (hit) {
          await L.setRepeated(item.id, hit.id);
          repeated++;
        }
      }
    }

    async function replay(start: LedgerItem, steps: Step[]) {
      let item = start;
      for (const s of steps) {
        if ('note' in s) await L.addNote(item.id, s.by, s.note, s.at);
        else if ('evidence' in s)
          await L.addEvidence(
            { itemId: item.id, bytes: pdf(s.evidence), fileName: s.evidence, evidenceOn: s.on, uploadedBy: s.by },
            s.at,
          );
        else {
          const evidence = (await L.listEvidence(item.id)).map((e) => ({
            id: e.id,
            fileName: e.fileName,
            sha256: e.sha256,
            evidenceOn: e.evidenceOn,
          }));
          const r = applyLedgerEvent(item, s.event, { actorId: s.by, at: s.at, reason: s.reason ?? null, evidence });
          await L.transition(r.record);
          item = r.item;
        }
      }
    }

    await tx.audit.append({
      actorId: null,
      action: 'demo.seed.ledger',
      entity: 'instance',
      details: { items: created, repeated, meetings: 1 },
    });
    return true;
  });
}
