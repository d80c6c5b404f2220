/**
 * Where a meeting stands in its procedure (征求意见 → 谈心谈话 → 材料提交 → 审核 → 召开会议 → 会议报告 →
 * 整改落实): the same notion the home page shows as 当前阶段, for the meetings list and its filter.
 *
 *   currentStage({ status: 'planning', heldOn: null, stages }, '2026-05-01', false)
 *     → 'talks' when 征求意见 is done or past due and 谈心谈话 is due after today
 */

/** The procedure's stages in order (ids as stored in meeting_stages.stage). */
export const PROCEDURE_STAGES = [
  'opinions',
  'talks',
  'materials',
  'review',
  'meeting',
  'report',
  'rectification',
] as const;
export type ProcedureStage = (typeof PROCEDURE_STAGES)[number];

/** What each stage asks for (the meeting form shows it beside the stage's dates). Labels: PHASE_LABELS. */
export const STAGE_HINTS: Record<ProcedureStage, string> = {
  opinions: '座谈会、征求意见表、意见箱等方式广泛征求意见',
  talks: '书记与每名成员、成员之间开展谈心谈话',
  materials: '撰写对照检查材料并提交审核',
  review: '上级审核对照检查材料',
  meeting: '开展批评与自我批评',
  report: '会后向上级报送情况报告（一般15日内）',
  rectification: '制定整改清单，逐项销号',
};

/**
 * A meeting's phase for lists: one of the procedure's stages, `unscheduled` (no stage ahead has a
 * date, and the meeting has not been held) or `ended` (the meeting has been held and nothing ahead
 * is planned, or it is closed).
 */
export type MeetingPhase = ProcedureStage | 'unscheduled' | 'ended';

export const PHASE_LABELS: Record<MeetingPhase, string> = {
  opinions: '征求意见',
  talks: '谈心谈话',
  materials: '材料提交',
  review: '审核',
  meeting: '召开会议',
  report: '会议报告',
  rectification: '整改落实',
  unscheduled: '未排期',
  ended: '已结束',
};

export interface StagedMeeting {
  status: string;
  heldOn: string | null;
  stages: readonly { stage: string; dueOn: string | null; doneAt: string | null }[];
}

const order = (s: string) => {
  const i = (PROCEDURE_STAGES as readonly string[]).indexOf(s);
  return i < 0 ? PROCEDURE_STAGES.length : i;
};

/** Has the meeting itself taken place (record finished, status moved on, or its day past)? */
export function meetingHeld(m: StagedMeeting, today: string, recordFinished: boolean): boolean {
  return recordFinished || ['held', 'reported', 'closed'].includes(m.status) || (!!m.heldOn && m.heldOn < today);
}

/**
 * The stage the meeting is in: the first stage in the procedure's order that is neither done nor
 * past its due date. Once the meeting has been held the stages up to the meeting itself are over,
 * whatever their planned dates said. Null when no stage lies ahead.
 */
export function currentStage(m: StagedMeeting, today: string, recordFinished: boolean): string | null {
  const held = meetingHeld(m, today, recordFinished);
  const ahead = m.stages
    .filter((s) => s.dueOn && !s.doneAt && s.dueOn >= today)
    .filter((s) => !(held && order(s.stage) <= order('meeting')))
    .sort((a, b) => order(a.stage) - order(b.stage));
  return ahead[0]?.stage ?? null;
}

/** The phase a list shows and filters by (see MeetingPhase). */
export function meetingPhase(m: StagedMeeting, today: string, recordFinished: boolean): MeetingPhase {
  if (m.status === 'closed') return 'ended';
  const s = currentStage(m, today, recordFinished);
  if (s && (PROCEDURE_STAGES as readonly string[]).includes(s)) return s as ProcedureStage;
  return meetingHeld(m, today, recordFinished) ? 'ended' : 'unscheduled';
}
