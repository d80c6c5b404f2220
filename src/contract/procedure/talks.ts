/** 谈心谈话: the talks recorded before the meeting, and which required pairs have talked. */
import { z } from 'zod';
import { MEETING_ROLES } from '../../core/meeting/participants.js';
import { TALK_RULE_SET_NAMES } from '../../core/meeting/talks.js';
import { DateStr, Id, List } from '../common.js';
import { OptText } from './fields.js';

export const TalkBody = z.strictObject({
  personAId: Id,
  personBId: Id,
  heldOn: DateStr.nullable().optional(),
  topics: OptText(500),
  notes: OptText(5000),
});
export type TalkInput = z.input<typeof TalkBody>;
export const TalkPatchBody = TalkBody.omit({ personAId: true, personBId: true });
export type TalkPatch = z.input<typeof TalkPatchBody>;

export const TalkRuleSetSchema = z.enum(TALK_RULE_SET_NAMES);
export type TalkRuleSet = z.output<typeof TalkRuleSetSchema>;
export const CoverageQuery = z.strictObject({ rules: TalkRuleSetSchema.optional() });

export const TalkSchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  personAId: z.string(),
  personBId: z.string(),
  heldOn: z.string().nullable(),
  topics: z.string().nullable(),
  notes: z.string().nullable(),
  recordedBy: z.string(),
  createdAt: z.string(),
});
export type Talk = z.output<typeof TalkSchema>;
export const TalkListSchema = List(TalkSchema);

/** A participant of the meeting as the procedure pages show him: name and meeting roles. */
export const ParticipantBriefSchema = z.object({
  id: z.string(),
  name: z.string(),
  roles: z.array(z.enum(MEETING_ROLES)),
});
export type ParticipantBrief = z.output<typeof ParticipantBriefSchema>;

const NamedPair = { a: z.string(), b: z.string(), aName: z.string(), bName: z.string() };
/** Required pairs, with names: done, missing, per person; and the meeting's participants. */
export const TalkCoverageSchema = z.object({
  rules: z.array(z.object({ id: z.string(), label: z.string() })),
  required: z.number(),
  done: z.number(),
  ratio: z.number(),
  talkCount: z.number(),
  personTimes: z.number(),
  missingPairs: z.array(z.object({ ...NamedPair, rules: z.array(z.string()) })),
  donePairs: z.array(z.object({ ...NamedPair, lastOn: z.string().nullable() })),
  perPerson: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      required: z.number(),
      done: z.number(),
      missing: z.array(z.string()),
      missingNames: z.array(z.string()),
      talks: z.number(),
    }),
  ),
  extraTalks: z.number(),
  /** The meeting's participants with their names and roles. */
  people: z.array(ParticipantBriefSchema),
});
export type TalkCoverage = z.output<typeof TalkCoverageSchema>;
