import { COMMENT_PART_LABELS, MATERIAL_STATE_LABELS } from '../../../src/core/workflow/material';
import { ROLE_LABELS, MATERIAL_KIND_LABELS } from '../../../src/core/auth/policy';

export { MATERIAL_STATE_LABELS, ROLE_LABELS, MATERIAL_KIND_LABELS };

export const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'error',
  resubmitted: 'processing',
  approved: 'success',
};

export const MEETING_KINDS = ['民主生活会', '组织生活会', '专题'] as const;

/** Stages of a meeting in order (storage: meeting_stages.stage). */
export const STAGES: { id: string; label: string; hint: string }[] = [
  { id: 'opinions', label: '征求意见', hint: '座谈会、征求意见表、意见箱等方式广泛征求意见' },
  { id: 'talks', label: '谈心谈话', hint: '书记与每名成员、成员之间开展谈心谈话' },
  { id: 'materials', label: '材料提交', hint: '撰写对照检查材料并提交审核' },
  { id: 'review', label: '审核', hint: '上级审核对照检查材料' },
  { id: 'meeting', label: '召开会议', hint: '开展批评与自我批评' },
  { id: 'report', label: '会议报告', hint: '会后向上级报送情况报告（一般15日内）' },
  { id: 'rectification', label: '整改落实', hint: '制定整改清单，逐项销号' },
];
export const STAGE_LABEL: Record<string, string> = Object.fromEntries(STAGES.map((s) => [s.id, s.label]));

export const PARTICIPANT_ROLES: Record<string, string> = {
  secretary: '书记',
  leader: '班子成员/支委',
  member: '党员',
  recorder: '记录人',
  supervisor: '督导组',
  attendee: '列席',
};

export const ORG_KINDS = ['党委', '党总支', '党支部', '党组', '其他'];

/** Where a review comment or a finding points (core/workflow/material.ts). */
export const PART_LABELS: Record<string, string> = COMMENT_PART_LABELS;
