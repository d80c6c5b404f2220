/**
 * Who may do what in the meeting procedure: one pure table, in the pattern of core/auth/policy.ts
 * (whose `relationsTo` it extends with the person's role *in this meeting*: a 记录人 is usually
 * named per meeting, not per organization).
 *
 * Not in the table, on purpose: submitting an opinion. It needs no account, and the route that
 * accepts it never looks at who is asking (see routes/procedure/public.ts).
 */
import { relationsTo, type Actor, type Relation, type Target } from '../auth/policy.js';

export const PROCEDURE_RELATIONS = ['meetingSecretary', 'meetingRecorder', 'meetingSupervisor', 'meetingCore'] as const;
export type ProcedureRelation = Relation | (typeof PROCEDURE_RELATIONS)[number];

export const PROCEDURE_ACTIONS = [
  'opinions.manage',
  'opinions.read.all',
  'opinions.read.own',
  'talks.read.all',
  'talks.read.own',
  'talks.write.own',
  'talks.write.any',
  'talks.coverage',
  'record.read',
  'record.write',
  'report.read',
  'report.generate',
  'appraisal.self',
  'appraisal.peer',
  'appraisal.ballot',
  'appraisal.results',
  'appraisal.final',
  'appraisal.read.own',
] as const;
export type ProcedureAction = (typeof PROCEDURE_ACTIONS)[number];

export interface ProcedureRule {
  action: ProcedureAction;
  relations: readonly ProcedureRelation[];
  why: string;
}

const SEC: readonly ProcedureRelation[] = ['secretary', 'meetingSecretary', 'orgAdmin'];
const RECORDER: readonly ProcedureRelation[] = ['recorder', 'meetingRecorder'];

/** THE table of who may do what in the meeting procedure. */
export const PROCEDURE_RULES: readonly ProcedureRule[] = [
  { action: 'opinions.manage', relations: SEC, why: '书记开启、关闭征求意见，更换链接' },
  { action: 'opinions.read.all', relations: [...SEC, 'reviewer'], why: '书记汇总意见并逐人反馈；上级掌握征求意见情况' },
  { action: 'opinions.read.own', relations: ['self'], why: '意见原汁原味反馈给本人' },
  { action: 'talks.read.all', relations: [...SEC, 'reviewer'], why: '书记和上级检查谈心谈话是否全覆盖' },
  { action: 'talks.read.own', relations: ['self'], why: '本人查看自己参加的谈话' },
  { action: 'talks.write.own', relations: ['self'], why: '谈话双方之一登记谈话' },
  { action: 'talks.write.any', relations: SEC, why: '书记代为登记谈话' },
  {
    action: 'talks.coverage',
    relations: [...SEC, 'reviewer', 'participant'],
    why: '参会人员可看应谈未谈的对象（不含谈话内容）',
  },
  {
    action: 'record.read',
    relations: [...SEC, ...RECORDER, 'reviewer', 'participant'],
    why: '参会人员、记录人和上级查看会议记录',
  },
  { action: 'record.write', relations: [...SEC, ...RECORDER], why: '记录人现场记录；书记可补正' },
  { action: 'report.read', relations: [...SEC, ...RECORDER, 'reviewer'], why: '会议情况报告报上级' },
  { action: 'report.generate', relations: [...SEC, ...RECORDER], why: '书记（或记录人）生成会议情况报告' },
  { action: 'appraisal.self', relations: ['self'], why: '个人自评只能本人填写' },
  { action: 'appraisal.peer', relations: ['meetingCore'], why: '参加评议的党员互评' },
  { action: 'appraisal.ballot', relations: [...SEC, ...RECORDER], why: '计票人录入无记名测评票' },
  { action: 'appraisal.results', relations: [...SEC, 'reviewer'], why: '书记和上级查看评议结果' },
  { action: 'appraisal.final', relations: SEC, why: '支部研究确定评议等次' },
  { action: 'appraisal.read.own', relations: ['self'], why: '本人查看对自己的评议结果' },
];

export interface ProcedureTarget extends Target {
  /** The actor-independent roles of each participant in this meeting. */
  meetingRoles?: ReadonlyMap<string, readonly string[]>;
}

export function procedureRelations(actor: Actor, target: ProcedureTarget): Set<ProcedureRelation> {
  const rels = relationsTo(actor, target) as Set<ProcedureRelation>;
  // "Oneself" only counts inside the meeting: a stranger has no own opinions, talks or grades here.
  if (target.participantIds && !target.participantIds.includes(actor.personId)) rels.delete('self');
  const mine = target.meetingRoles?.get(actor.personId) ?? [];
  if (mine.includes('secretary')) rels.add('meetingSecretary');
  if (mine.includes('recorder')) rels.add('meetingRecorder');
  if (mine.includes('supervisor')) rels.add('meetingSupervisor');
  if (mine.some((r) => r === 'secretary' || r === 'leader' || r === 'member')) rels.add('meetingCore');
  return rels;
}

export function canProcedure(actor: Actor, action: ProcedureAction, target: ProcedureTarget): boolean {
  const rels = procedureRelations(actor, target);
  return PROCEDURE_RULES.some((r) => r.action === action && r.relations.some((x) => rels.has(x)));
}
