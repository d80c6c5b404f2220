/**
 * Materials (对照检查材料): their content, versions, the author's working copy, review comments and
 * replies, the workflow (submit / return / approve / withdraw) and the quality checks. Routes in
 * src/server/routes/materials/.
 *
 * The content of a material is described once, here (`materialContent`): the shape a save from the
 * editor or the API accepts (`MaterialContentSchema`, limits from LIMITS.material) and the looser
 * one a JSON file is read with (`MaterialFileContentSchema`, src/formats/import.ts) are the same
 * shape under two sets of limits. Both are checked against the core's MaterialContent at compile time.
 */
import { z } from 'zod';
import { LIMITS } from '../core/limits.js';
import type { Material, MaterialContent, StructureFix } from '../core/material/model.js';
import { MATERIAL_STATES, COMMENT_PARTS } from '../core/workflow/material.js';
import { FINDING_PARTS, SEVERITIES, type Finding } from '../core/lint/types.js';
import { COPY_LEVELS, type SubmissionSummary } from '../core/workflow/submit-check.js';
import type { DiffOp } from '../core/workflow/diff.js';
import { Id, MaterialKindSchema, Page, List } from './common.js';

/** True when A and B are the same type (a compile-time check: `const x: Same<A, B> = true`). */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// ---------------------------------------------------------------- content

const PART_KINDS = ['problems', 'causes', 'measures'] as const;
const PartKindSchema = z.enum(PART_KINDS);
const S = (max: number) => z.string().max(max);
const FixKey = { key: S(200), n: z.number().int().min(0).max(10_000).optional() };
/** The author's corrections of the structure (core/material/restructure.ts), kept for re-imports. */
export const StructureFixSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('heading'), ...FixKey, kind: PartKindSchema }),
  z.strictObject({ op: z.literal('body'), ...FixKey }),
  z.strictObject({ op: z.literal('merge'), ...FixKey }),
  z.strictObject({ op: z.literal('move'), ...FixKey, to: PartKindSchema }),
  z.strictObject({ op: z.literal('aspect'), ...FixKey, aspect: S(200).nullable() }),
  z.strictObject({
    op: z.literal('split'),
    ...FixKey,
    at: z.string().min(1).max(20),
    k: z.number().int().min(0).max(10_000).optional(),
  }),
  z.strictObject({ op: z.literal('framework'), key: z.literal(''), id: z.string().min(1).max(200) }),
]);
const fixMatchesCore: Same<z.output<typeof StructureFixSchema>, StructureFix> = true;

/**
 * The content of a material, under the limits of a save (`'save'`: strict objects, LIMITS.material)
 * or of a JSON file (`'file'`: objects may carry more — a whole model with its offsets —, texts up
 * to LIMITS.materialFile.maxChars, lists up to LIMITS.materialFile.maxItems, and what a file may
 * leave out takes its empty value). The output is the same either way.
 */
function materialContent(mode: 'save' | 'file') {
  const save = mode === 'save';
  const C = LIMITS.material.chars;
  const F = LIMITS.materialFile;
  /** A text of at most `max` characters when saved (a file's: LIMITS.materialFile.maxChars, or `fileMax`). */
  const text = (max: number, fileMax: number | null = F.maxChars) =>
    save ? S(max) : fileMax === null ? z.string() : S(fileMax);
  /** A list of at most `max` items when saved (a file's: LIMITS.materialFile.maxItems, or `fileMax`). */
  const list = <T extends z.ZodType>(item: T, max: number, fileMax: number | null = F.maxItems) =>
    save ? z.array(item).max(max) : fileMax === null ? z.array(item) : z.array(item).max(fileMax);
  // Typed as the strict object: the loose one differs only in keeping fields nobody reads.
  const object = <T extends z.ZodRawShape>(shape: T) =>
    (save ? z.strictObject(shape) : z.looseObject(shape)) as z.ZodObject<T, z.core.$strict>;
  /** Required when saved; a file may leave it out (then `empty`). */
  const orEmpty = <T extends z.ZodType>(t: T, empty: z.output<T>): T =>
    save ? t : (t.default(empty as never) as unknown as T);
  return z.strictObject({
    title: text(C.title),
    preface: orEmpty(text(C.preface), ''),
    problems: list(
      object({
        aspect: text(C.label, null).nullable(),
        heading: text(C.heading),
        text: text(C.text),
        points: orEmpty(list(text(C.point), LIMITS.material.maxPointsPerProblem, null), []),
        examples: orEmpty(list(text(C.point), LIMITS.material.maxExamplesPerProblem, null), []),
      }),
      LIMITS.material.maxProblems,
    ),
    causes: list(object({ heading: text(C.heading), text: text(C.text) }), LIMITS.material.maxCauses),
    measures: list(
      object({ heading: text(C.heading), text: text(C.text), deadline: orEmpty(text(C.label, null).nullable(), null) }),
      LIMITS.material.maxMeasures,
    ),
    closing: orEmpty(text(C.closing), ''),
    /** Lines under the title (date, author). */
    byline: text(C.byline).optional(),
    /** Part headings as the author wrote them ("对照六个方面存在的问题") and their lead-in paragraphs. */
    parts: z
      .array(z.object({ kind: PartKindSchema, heading: text(C.label), intro: text(C.point).optional() }))
      .max(PART_KINDS.length)
      .optional(),
    /** Corrections of the structure the author made in the editor, replayed when the material is imported again. */
    fixes: z.array(StructureFixSchema).max(LIMITS.material.maxFixes).optional(),
  });
}

/** The content of a material as the editor and the API save it (POST/PUT /materials, autosave). */
export const MaterialContentSchema = materialContent('save');
/** Besides the core's MaterialContent, a save carries the part headings as the author wrote them. */
export type MaterialContentInput = z.output<typeof MaterialContentSchema>;
const contentMatchesCore: Same<Omit<MaterialContentInput, 'parts'>, MaterialContent> = true;

/**
 * The content of a material read from a JSON file (src/formats/import.ts): the same shape, under the
 * file's limits; what is not content (byline, part headings, corrections) is read apart or not at
 * all. The importer adds what a file may carry besides (encoding, removals, warnings).
 */
export const MaterialFileContentSchema = z
  .looseObject(materialContent('file').shape)
  .omit({ byline: true, parts: true, fixes: true });
void [fixMatchesCore, contentMatchesCore];

// ---------------------------------------------------------------- requests

const Version = z.number().int().min(1).max(1_000_000);
const Note = z.string().max(500).nullable().optional();
/** Pasted text, read into a material by the server (the parser's limit). */
const PastedText = z.string().min(1).max(LIMITS.maxTextChars);

export const CreateMaterialBody = z.strictObject({
  meetingId: Id,
  kind: MaterialKindSchema,
  content: MaterialContentSchema.optional(),
  text: PastedText.optional(),
});
export type CreateMaterialBody = z.output<typeof CreateMaterialBody>;

/** The text fields of the multipart form of POST /materials/import (besides `file`). */
export const ImportMaterialFields = z.strictObject({ meetingId: Id, kind: MaterialKindSchema });
export type ImportMaterialFields = z.output<typeof ImportMaterialFields>;
/** The text fields of the multipart form of POST /materials/:id/import (besides `file`). */
export const ImportVersionFields = z.strictObject({ baseVersion: z.coerce.number().int().min(1) });
export type ImportVersionFields = z.output<typeof ImportVersionFields>;

export const MaterialListQuery = z.strictObject({
  meetingId: Id.optional(),
  orgId: Id.optional(),
  status: z.enum(MATERIAL_STATES).optional(),
  kind: MaterialKindSchema.optional(),
  authorId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  /** Keyset paging: `next` of the previous page. */
  after: z.string().min(1).max(300).optional(),
});
export type MaterialListQuery = z.output<typeof MaterialListQuery>;

export const SaveMaterialBody = z.strictObject({
  baseVersion: Version,
  content: MaterialContentSchema.optional(),
  text: PastedText.optional(),
  note: Note,
});
export type SaveMaterialBody = z.output<typeof SaveMaterialBody>;

export const AutosaveBody = z.strictObject({
  baseVersion: Version,
  rev: z.number().int().min(0).max(100_000_000),
  content: MaterialContentSchema,
});
export type AutosaveBody = z.output<typeof AutosaveBody>;

export const VersionParams = z.strictObject({ id: Id, version: z.coerce.number().int().min(1) });
export const DiffQuery = z.strictObject({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });
export type DiffQuery = z.output<typeof DiffQuery>;
export const EXPORT_FORMATS = ['docx', 'md', 'json', 'txt'] as const;
export const ExportQuery = z.strictObject({ format: z.enum(EXPORT_FORMATS).default('docx') });
export type ExportQuery = z.output<typeof ExportQuery>;
export const FileParams = z.strictObject({ id: Id, fileId: Id });
export const CommentParams = z.strictObject({ id: Id, commentId: Id });

/** A review comment: where it points (a part, an item of it, a range of the text) and what it says. */
export const CommentInputSchema = z.strictObject({
  part: z.enum(COMMENT_PARTS),
  item: z.number().int().min(0).max(1000).nullable().optional(),
  start: z.number().int().min(0).nullable().optional(),
  end: z.number().int().min(0).nullable().optional(),
  quote: z.string().max(2000).nullable().optional(),
  body: z.string().trim().min(1).max(5000),
});
export type CommentInput = z.output<typeof CommentInputSchema>;
export const ReplyBody = z.strictObject({ body: z.string().trim().min(1).max(5000) });
export type ReplyBody = z.output<typeof ReplyBody>;
export const HandledBody = z.strictObject({ handled: z.boolean() });
export type HandledBody = z.output<typeof HandledBody>;

/** Submit and withdraw: the version the author saw (409 when it is no longer current) and a note. */
export const DecisionFields = z.strictObject({ version: Version.optional(), note: Note });
export const DecisionBody = DecisionFields.default({});
export type DecisionBody = z.output<typeof DecisionBody>;
export const ReturnBody = z.strictObject({
  version: Version.optional(),
  note: Note,
  comments: z.array(CommentInputSchema).max(200).default([]),
});
export type ReturnBody = z.output<typeof ReturnBody>;

// ---------------------------------------------------------------- answers

/**
 * A material without its content. `kind` is one of MATERIAL_KINDS, `status` one of MATERIAL_STATES
 * (core/auth/policy.ts, core/workflow/material.ts): as stored, strings.
 */
export const MaterialSummarySchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  orgId: z.string(),
  kind: z.string(),
  authorId: z.string(),
  title: z.string(),
  status: z.string(),
  version: z.number(),
  /** Digest of the current version's content. */
  digest: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
});
export type MaterialSummary = z.output<typeof MaterialSummarySchema>;

/** A material in a list: with its author's name (whoever may read it sees who wrote it). */
export const MaterialListItemSchema = MaterialSummarySchema.extend({ authorName: z.string().nullable() });
export type MaterialListItem = z.output<typeof MaterialListItemSchema>;
export const MaterialPageSchema = Page(MaterialListItemSchema);
export type MaterialPage = z.output<typeof MaterialPageSchema>;

/**
 * The structured model of a version (core/material/model.ts Material) as the server made it: content
 * is normalised on every save (rendered and parsed again), so it is always a whole Material. Sent
 * as stored, not re-described field by field.
 */
export const MaterialModelSchema = z
  .custom<Material>((v) => typeof v === 'object' && v !== null && !Array.isArray(v))
  .meta({ description: '材料的结构化模型（src/core/material/model.ts Material）', type: 'object' });

/** A material with the model of its current version. */
export const MaterialViewSchema = MaterialSummarySchema.extend({ model: MaterialModelSchema });
export type MaterialView = z.output<typeof MaterialViewSchema>;

export const AutosaveResultSchema = z.object({
  /** The material's version now (a new one when this autosave made a version). */
  version: z.number(),
  /** The working copy's revision now (0 when a version was made from it). */
  rev: z.number(),
  savedAt: z.string(),
  /** This autosave made a version (after long continuous editing). */
  versioned: z.boolean(),
});
export type AutosaveResult = z.output<typeof AutosaveResultSchema>;

/** The author's working copy (what autosave kept since the last version). */
export const MaterialDraftSchema = z.object({
  baseVersion: z.number(),
  rev: z.number(),
  savedAt: z.string(),
  content: z
    .custom<MaterialContentInput>((v) => typeof v === 'object' && v !== null)
    .meta({ description: '自动保存的内容（与保存时的 content 相同）', type: 'object' }),
  /** Made on the material's current version (else a version was made elsewhere meanwhile). */
  current: z.boolean(),
});
export type MaterialDraft = z.output<typeof MaterialDraftSchema>;
export const DraftAnswerSchema = z.object({ draft: MaterialDraftSchema.nullable() });
export type DraftAnswer = z.output<typeof DraftAnswerSchema>;

export const VersionSummarySchema = z.object({
  version: z.number(),
  digest: z.string(),
  authorId: z.string(),
  /** The uploaded file this version was read from. */
  fileId: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type VersionSummary = z.output<typeof VersionSummarySchema>;
export const VersionListSchema = List(VersionSummarySchema);
export type VersionList = z.output<typeof VersionListSchema>;
export const VersionViewSchema = VersionSummarySchema.extend({ model: MaterialModelSchema });
export type VersionView = z.output<typeof VersionViewSchema>;

export const DiffSchema = z.object({
  from: z.number(),
  to: z.number(),
  /** Paragraph by paragraph (core/workflow/diff.ts). */
  ops: z.array(z.object({ op: z.enum(['same', 'add', 'del']), text: z.string() })),
  stats: z.object({ added: z.number(), deleted: z.number(), same: z.number() }),
});
export type Diff = z.output<typeof DiffSchema>;
const diffMatchesCore: Same<Diff['ops'][number], DiffOp> = true;

/** A finding of the quality checks (core/lint/types.ts Finding). */
export const FindingSchema = z.object({
  rule: z.string(),
  severity: z.enum(SEVERITIES),
  message: z.string(),
  part: z.enum(FINDING_PARTS),
  /** Index of the problem / cause / measure within its part, or null. */
  item: z.number().nullable(),
  /** `[start, end)` in the model's text. */
  start: z.number(),
  end: z.number(),
  /** Why a reviewer asks for this (说明). */
  why: z.string(),
});
const findingMatchesCore: Same<z.output<typeof FindingSchema>, Finding> = true;
export const ChecksSchema = z.object({ version: z.number(), findings: z.array(FindingSchema) });
export type Checks = z.output<typeof ChecksSchema>;

/** A review comment (part: one of COMMENT_PARTS). */
export const ReviewCommentSchema = z.object({
  id: z.string(),
  materialId: z.string(),
  /** The version it was written on. */
  version: z.number(),
  authorId: z.string(),
  part: z.string(),
  item: z.number().nullable(),
  start: z.number().nullable(),
  end: z.number().nullable(),
  quote: z.string().nullable(),
  body: z.string(),
  /** When the author marked it handled (已处理). */
  resolvedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ReviewComment = z.output<typeof ReviewCommentSchema>;

/** The author's answer to a review comment, with the author's name. */
export const ReviewReplySchema = z.object({
  id: z.string(),
  commentId: z.string(),
  authorId: z.string(),
  body: z.string(),
  createdAt: z.string(),
  authorName: z.string().nullable(),
});
export type ReviewReply = z.output<typeof ReviewReplySchema>;

/** A review comment with names, who marked it handled, and the author's replies (kept across versions). */
export const CommentThreadSchema = ReviewCommentSchema.extend({
  authorName: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  replies: z.array(ReviewReplySchema),
});
export type CommentThread = z.output<typeof CommentThreadSchema>;
export const CommentThreadListSchema = List(CommentThreadSchema);
export type CommentThreadList = z.output<typeof CommentThreadListSchema>;

export const HandledAnswerSchema = z.object({
  id: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
});
export type HandledAnswer = z.output<typeof HandledAnswerSchema>;

/** One step of the material's workflow (action: one of MATERIAL_EVENTS), with the actor's name. */
export const WorkflowEventSchema = z.object({
  id: z.string(),
  materialId: z.string(),
  action: z.string(),
  fromStatus: z.string(),
  toStatus: z.string(),
  actorId: z.string(),
  version: z.number(),
  note: z.string().nullable(),
  at: z.string(),
  actorName: z.string().nullable(),
});
export type WorkflowEvent = z.output<typeof WorkflowEventSchema>;
export const WorkflowEventListSchema = List(WorkflowEventSchema);
export type WorkflowEventList = z.output<typeof WorkflowEventListSchema>;

/**
 * What the author is shown before submitting (core/workflow/submit-check.ts SubmissionSummary), for
 * the stored version; `copyPending`: its 查重 is still being computed (ask again).
 */
export const SubmissionCheckSchema = z.object({
  version: z.number(),
  copyPending: z.boolean(),
  findings: z.object({
    counts: z.object({ error: z.number(), warning: z.number(), info: z.number() }),
    total: z.number(),
    /** The first few, the most serious first. */
    first: z.array(FindingSchema.pick({ rule: true, severity: true, message: true, part: true, item: true })),
  }),
  /** null: no 查重 result (the 查重 could not run). */
  copy: z
    .object({
      copyRatio: z.number(),
      copyRatioExcludingShared: z.number(),
      stockRatio: z.number(),
      stockPassages: z.number(),
      sharedRatio: z.number(),
      longestRun: z.number(),
      sources: z.number(),
      top: z.object({ label: z.string(), title: z.string().nullable(), coverage: z.number() }).nullable(),
      level: z.enum(COPY_LEVELS),
    })
    .nullable(),
});
export type SubmissionCheck = z.output<typeof SubmissionCheckSchema>;
const summaryMatchesCore: Same<Omit<SubmissionCheck, 'version' | 'copyPending'>, SubmissionSummary> = true;
void [diffMatchesCore, findingMatchesCore, summaryMatchesCore];

/** The submit answer: the material, and what was submitted as the author saw it (null if that failed). */
export const SubmitAnswerSchema = MaterialViewSchema.extend({ check: SubmissionCheckSchema.nullable() });
export type SubmitAnswer = z.output<typeof SubmitAnswerSchema>;
/** The approve answer: the material, and how many ledger items its measures made (null if that failed). */
export const ApproveAnswerSchema = MaterialViewSchema.extend({ ledgerItems: z.number().nullable() });
export type ApproveAnswer = z.output<typeof ApproveAnswerSchema>;
