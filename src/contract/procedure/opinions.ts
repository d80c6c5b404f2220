/**
 * 征求意见: opinion collections (a link and QR code), the summary per member, the opinions one by
 * one for the secretary to hide junk, the feedback to each member — and the PUBLIC anonymous form.
 *
 * ANONYMITY: the public form's answers (`PublicFormSchema`, `PublicSubmitResultSchema`) hold what the
 * form shows and a count, nothing that identifies anyone; an answer is serialized through its schema,
 * so a field added on the server side never reaches the form unless it is declared here.
 */
import { z } from 'zod';
import { OPINION_COLLECTION_STATUSES, OPINION_LIMITS, OPINION_TARGET_KINDS } from '../../core/meeting/opinions.js';
import { DateStr, List } from '../common.js';

// ---------------------------------------------------------------- requests

const BaseUrl = z.string().url().max(500).nullable().optional();

export const OpenCollectionBody = z.strictObject({
  opensOn: DateStr.nullable().optional(),
  closesOn: DateStr.nullable().optional(),
  baseUrl: BaseUrl,
});
export type OpenCollectionBody = z.input<typeof OpenCollectionBody>;

export const RotateLinkBody = z.strictObject({ reopen: z.boolean().optional(), baseUrl: BaseUrl });
export type RotateLinkBody = z.input<typeof RotateLinkBody>;

export const LinkQuery = z.strictObject({ baseUrl: BaseUrl });

export const QrBody = z.strictObject({
  token: z.string().min(32).max(64),
  url: z.string().url().max(1000),
  format: z.enum(['png', 'svg']).default('png'),
});
export type QrBody = z.input<typeof QrBody>;

export const HiddenBody = z.strictObject({ hidden: z.boolean() });

/** The public link's token: from the fragment of `/o#<token>`, sent in the body (never in a URL). */
export const OpinionToken = z.string().regex(/^[A-Za-z0-9_-]{32,64}$/, '链接令牌无效');
export const PublicFormBody = z.strictObject({ token: OpinionToken });

const Target = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('group') }),
  z.strictObject({ kind: z.literal('person'), personId: z.string().min(1).max(64) }),
]);
export const PublicOpinionInputSchema = z.strictObject({
  target: Target,
  category: z.string().max(50).nullable().optional(),
  body: z
    .string()
    .min(1)
    .max(OPINION_LIMITS.maxBodyChars + 200),
});
export type PublicOpinionInput = z.input<typeof PublicOpinionInputSchema>;
/** An anonymous submission: the token and the opinions — nothing else is accepted. */
export const PublicOpinionBody = z.strictObject({
  token: OpinionToken,
  opinions: z.array(PublicOpinionInputSchema).min(1).max(OPINION_LIMITS.maxPerSubmission),
});
export type PublicOpinionBody = z.input<typeof PublicOpinionBody>;

// ---------------------------------------------------------------- answers

/** How anonymous opinions are batched: per `size` submissions, or (hourly) at every full clock hour. */
export const BatchingSchema = z.object({ size: z.number(), hourly: z.boolean() });
export type Batching = z.output<typeof BatchingSchema>;

/**
 * A collection. `count` (not hidden) and `hidden` are given by the list and by closing; `batching`
 * by the list — a static description, never how many opinions wait.
 */
export const OpinionCollectionSchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  opensOn: z.string().nullable(),
  closesOn: z.string().nullable(),
  status: z.enum(OPINION_COLLECTION_STATUSES),
  createdBy: z.string(),
  createdAt: z.string(),
  count: z.number().optional(),
  hidden: z.number().optional(),
  batching: BatchingSchema.optional(),
});
export type OpinionCollection = z.output<typeof OpinionCollectionSchema>;
export const OpinionCollectionListSchema = List(OpinionCollectionSchema);
export type OpinionCollectionList = z.output<typeof OpinionCollectionListSchema>;

/** What opening, rotating or showing a link again answers: the token, its path, the URL and QR code. */
export const OpinionLinkSchema = z.object({
  collection: OpinionCollectionSchema,
  token: z.string(),
  path: z.string(),
  url: z.string().nullable(),
  qrSvg: z.string().nullable(),
});
export type OpinionLink = z.output<typeof OpinionLinkSchema>;

/** Opinions on one target: identical ones merged, most frequent first (core summarizeOpinions). */
export const OpinionGroupSchema = z.object({
  count: z.number(),
  byCategory: z.record(z.string(), z.number()),
  items: z.array(z.object({ body: z.string(), category: z.string().nullable(), count: z.number() })),
});
export type OpinionGroup = z.output<typeof OpinionGroupSchema>;

export const PersonOpinionsNamedSchema = OpinionGroupSchema.extend({ personId: z.string(), name: z.string() });
export type PersonOpinionsNamed = z.output<typeof PersonOpinionsNamedSchema>;

export const OpinionSummarySchema = z.object({
  total: z.number(),
  group: OpinionGroupSchema,
  persons: z.array(PersonOpinionsNamedSchema),
  byCategory: z.record(z.string(), z.number()),
  /** First and last dates with submissions. */
  firstOn: z.string().nullable(),
  lastOn: z.string().nullable(),
  /** Hidden by the secretary (not in the figures above). */
  hidden: z.number(),
  batching: BatchingSchema,
});
export type OpinionSummary = z.output<typeof OpinionSummarySchema>;

/** One opinion, for the secretary to hide junk: what it says and about whom — never who wrote it. */
export const ManagedOpinionSchema = z.object({
  id: z.string(),
  collectionId: z.string(),
  targetKind: z.enum(OPINION_TARGET_KINDS),
  targetPersonId: z.string().nullable(),
  targetName: z.string().nullable(),
  category: z.string().nullable(),
  body: z.string(),
  submittedOn: z.string(),
  hidden: z.boolean(),
});
export type ManagedOpinion = z.output<typeof ManagedOpinionSchema>;
export const ManagedOpinionListSchema = List(ManagedOpinionSchema);

export const HiddenResultSchema = z.object({ id: z.string(), hidden: z.boolean() });
export type HiddenResult = z.output<typeof HiddenResultSchema>;
export const HiddenSameTextResultSchema = z.object({ hidden: z.boolean(), count: z.number() });
export type HiddenSameTextResult = z.output<typeof HiddenSameTextResultSchema>;

/** The opinions on the member himself, and those on the group. */
export const MyOpinionsSchema = z.object({
  mine: OpinionGroupSchema.extend({ personId: z.string() }),
  group: OpinionGroupSchema,
});
export type MyOpinions = z.output<typeof MyOpinionsSchema>;

/** What the public form shows: the meeting, whom opinions may name, the categories and limits. */
export const PublicFormSchema = z.object({
  orgName: z.string(),
  meetingKind: z.string(),
  /** 领导班子, 支部委员会, 党总支委员会, 党小组 … */
  groupName: z.string(),
  year: z.number(),
  theme: z.string(),
  open: z.boolean(),
  closesOn: z.string().nullable(),
  targets: z.array(z.object({ id: z.string(), name: z.string() })),
  categories: z.array(z.string()),
  limits: z.object({ maxBodyChars: z.number(), maxPerSubmission: z.number() }),
});
export type PublicForm = z.output<typeof PublicFormSchema>;

/** The answer to an anonymous submission: how many opinions were taken, nothing else. */
export const PublicSubmitResultSchema = z.object({ accepted: z.number() });
export type PublicSubmitResult = z.output<typeof PublicSubmitResultSchema>;
