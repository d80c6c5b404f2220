/** Zod schemas shared by several routes. Objects are strict: unknown fields are rejected. */
import { z } from 'zod';

// The generic pieces moved to the contract; re-exported while the routes move over.
export { Id, IdParams, IsoDate, DateStr, IsoDateTime, Role, MaterialKindSchema, Ok } from '../../contract/common.js';
import { Id, IsoDateTime, DateStr } from '../../contract/common.js';

export const STAGES = ['opinions', 'talks', 'materials', 'review', 'meeting', 'report', 'rectification'] as const;
export const StageSchema = z.strictObject({
  stage: z.enum(STAGES),
  startOn: DateStr.nullable().default(null),
  dueOn: DateStr.nullable().default(null),
  doneAt: IsoDateTime.nullable().default(null),
});
export const ParticipantSchema = z.strictObject({
  personId: Id,
  role: z.enum(['secretary', 'leader', 'member', 'recorder', 'supervisor', 'attendee']),
});
