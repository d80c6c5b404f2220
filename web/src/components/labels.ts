import { COMMENT_PART_LABELS, MATERIAL_STATE_LABELS } from '../../../src/core/workflow/material';
import { ROLE_LABELS, MATERIAL_KIND_LABELS } from '../../../src/core/auth/policy';
import { MEETING_KINDS } from '../../../src/core/meeting/kinds';
import { MEETING_ROLE_LABELS } from '../../../src/core/meeting/participants';
import { PHASE_LABELS, PROCEDURE_STAGES, STAGE_HINTS, type ProcedureStage } from '../../../src/core/meeting/stage';
import { ORG_KINDS } from '../../../src/core/org/kinds';

export { MATERIAL_STATE_LABELS, ROLE_LABELS, MATERIAL_KIND_LABELS };

export const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'error',
  resubmitted: 'processing',
  approved: 'success',
};

export { MEETING_KINDS, ORG_KINDS };

/** Stages of a meeting in order (storage: meeting_stages.stage), as the core lists them. */
export const STAGES: { id: ProcedureStage; label: string; hint: string }[] = PROCEDURE_STAGES.map((id) => ({
  id,
  label: PHASE_LABELS[id],
  hint: STAGE_HINTS[id],
}));
export const STAGE_LABEL: Record<string, string> = Object.fromEntries(STAGES.map((s) => [s.id, s.label]));

/** A participant's role in a meeting → its label (the core's list: core/meeting/participants.ts). */
export const PARTICIPANT_ROLES: Record<string, string> = MEETING_ROLE_LABELS;

/** Where a review comment or a finding points (core/workflow/material.ts). */
export const PART_LABELS: Record<string, string> = COMMENT_PART_LABELS;
