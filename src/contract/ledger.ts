/**
 * The rectification ledger's (整改台账) part of the API contract (see ./common.ts for the
 * conventions): the requests of /api/ledger/* and their answers. The item, its views and the
 * dashboard are the core's own shapes (src/core/ledger); these schemas describe them field by field
 * over the core's vocabularies (statuses, sources, deadline kinds, due states, views).
 */
import { z } from 'zod';
import { Id, IsoDate } from './common.js';
import {
  DEADLINE_KINDS,
  DUE_STATES,
  LEDGER_SOURCES,
  LEDGER_STATUSES,
  LEDGER_VIEWS,
  type DueState,
  type LedgerItem,
  type LedgerStatus,
} from '../core/ledger/index.js';
import { EXTENSION_LIMITS, EXTENSION_STATUSES } from '../core/ledger/extension.js';
import { FIELD_LIMITS } from '../core/ledger/create.js';
import { LEDGER_ITEM_ABILITIES } from '../core/ledger/policy.js';
import { LINK_BASES } from '../core/ledger/link.js';

// ---------------------------------------------------------------- requests

export const LedgerStatusSchema = z.enum(LEDGER_STATUSES);
const Year = z.coerce.number().int().min(2000).max(2100);
const Text = (max: number) => z.string().trim().max(max);
const Opt = (max: number) => Text(max).nullable().optional();

/** Which problem each measure answers, as the author or secretary corrected it (null: none in particular). */
export const MeasureLinks = z
  .array(
    z.strictObject({
      measureIndex: z.number().int().min(0).max(1000),
      problemIndex: z.number().int().min(0).max(1000).nullable(),
    }),
  )
  .max(1000);
export type MeasureLinkChoice = z.output<typeof MeasureLinks>[number];

/** Where a hand-made or meeting-made item comes from (measures, splits and imports are made by the server). */
export const DraftSourceRef = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('criticism'), criticismId: Id, meetingId: Id }),
  z.strictObject({ kind: z.literal('comment'), commentId: Id, meetingId: Id }),
  z.strictObject({
    kind: z.literal('opinion'),
    meetingId: Id,
    collectionIds: z.array(Id).max(50),
    count: z.number().int().min(1).max(100_000).optional(),
  }),
  z.strictObject({ kind: z.literal('manual') }),
]);

/** One item of POST /ledger/items. */
export const LedgerDraftSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  meetingId: Id.nullable().optional(),
  sourceRef: DraftSourceRef.nullable().optional(),
  source: z.enum(LEDGER_SOURCES),
  aspect: Opt(FIELD_LIMITS.short),
  problem: Text(FIELD_LIMITS.problem).min(1),
  target: Opt(FIELD_LIMITS.target),
  measures: Opt(FIELD_LIMITS.measures),
  leaderName: Opt(FIELD_LIMITS.short),
  department: Opt(FIELD_LIMITS.short),
  ownerId: Id.nullable().optional(),
  deadlineKind: z.enum(DEADLINE_KINDS),
  deadlineOn: IsoDate.nullable().optional(),
});
export type LedgerDraft = z.output<typeof LedgerDraftSchema>;

export const LedgerCreateBody = z.strictObject({ orgId: Id, items: z.array(LedgerDraftSchema).min(1).max(200) });
export type LedgerCreateBody = z.input<typeof LedgerCreateBody>;

export const LedgerFromMaterialBody = z.strictObject({ links: MeasureLinks.optional() }).nullish();

export const LedgerPatchSchema = z.strictObject({
  aspect: Opt(FIELD_LIMITS.short),
  problem: Text(FIELD_LIMITS.problem).min(1).optional(),
  target: Opt(FIELD_LIMITS.target),
  measures: Opt(FIELD_LIMITS.measures),
  leaderName: Opt(FIELD_LIMITS.short),
  department: Opt(FIELD_LIMITS.short),
  ownerId: Id.nullable().optional(),
  deadlineKind: z.enum(DEADLINE_KINDS).optional(),
  deadlineOn: IsoDate.nullable().optional(),
});
export type LedgerPatchInput = z.input<typeof LedgerPatchSchema>;

export const LedgerSplitPart = z.strictObject({
  problem: Text(FIELD_LIMITS.problem).optional(),
  measures: Opt(FIELD_LIMITS.measures),
  target: Opt(FIELD_LIMITS.target),
  ownerId: Id.nullable().optional(),
  deadlineKind: z.enum(DEADLINE_KINDS).optional(),
  deadlineOn: IsoDate.nullable().optional(),
});
export const LedgerSplitBody = z.strictObject({ parts: z.array(LedgerSplitPart).min(2).max(20) });
export type LedgerSplitPart = z.input<typeof LedgerSplitPart>;

export const LedgerNoteBody = z.strictObject({ body: Text(4000).min(1) });
/** start / apply / close / send-back: an optional reason (send-back's is shown to the owner). */
export const LedgerTransitionBody = z.strictObject({ reason: Text(2000).optional() }).optional();
export const LedgerExtensionBody = z.strictObject({
  newDeadlineOn: IsoDate /* the core checks again that it is after the old deadline */,
  reason: Text(EXTENSION_LIMITS.reason).min(1),
});
export const LedgerExtensionParams = z.strictObject({ id: Id, extensionId: Id });
export const LedgerDecisionBody = z.strictObject({ comment: Text(EXTENSION_LIMITS.comment).optional() }).optional();

/** The filters of the list, the dashboard (without view, limit, cursor). */
export const LedgerListQuery = z.strictObject({
  orgId: Id.optional(),
  /** With orgId: include the organization's whole subtree (default true). */
  subtree: z.enum(['0', '1']).optional(),
  status: z.union([LedgerStatusSchema, z.array(LedgerStatusSchema).max(4)]).optional(),
  aspect: z.string().max(FIELD_LIMITS.short).optional(),
  source: z.enum(LEDGER_SOURCES).optional(),
  ownerId: Id.optional(),
  year: Year.optional(),
  meetingId: Id.optional(),
  due: z.enum(['overdue', 'due_soon']).optional(),
  repeated: z.enum(['0', '1']).optional(),
  /** Only items with an extension request waiting for a decision. */
  extension: z.literal('pending').optional(),
  q: z.string().max(100).optional(),
  view: z.enum(LEDGER_VIEWS).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(500).optional(),
});
export type LedgerListQuery = z.output<typeof LedgerListQuery>;
export const LedgerDashboardQuery = LedgerListQuery.omit({ view: true, limit: true, cursor: true });
export type LedgerDashboardQuery = z.output<typeof LedgerDashboardQuery>;

export const LedgerExportQuery = z.strictObject({
  orgId: Id,
  year: Year.optional(),
  status: LedgerStatusSchema.optional(),
});
export const LedgerImportQuery = z.strictObject({
  orgId: Id,
  allowPartial: z.enum(['0', '1']).optional(),
  year: Year.optional(),
});

// ---------------------------------------------------------------- answers

const DueStateSchema = z.enum(DUE_STATES);
const StatusCounts = z.record(LedgerStatusSchema, z.number());

/** Where an item came from (core/ledger/model.ts SourceRef), as stored. */
export const SourceRefSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('measure'),
    materialId: z.string(),
    measureIndex: z.number(),
    problemIndex: z.number().nullable().optional(),
  }),
  z.object({ kind: z.literal('criticism'), criticismId: z.string(), meetingId: z.string().optional() }),
  z.object({
    kind: z.literal('opinion'),
    meetingId: z.string().optional(),
    collectionIds: z.array(z.string()),
    count: z.number().optional(),
  }),
  z.object({ kind: z.literal('comment'), commentId: z.string(), meetingId: z.string().optional() }),
  z.object({ kind: z.literal('split'), parentId: z.string(), parentNumber: z.string() }),
  z.object({ kind: z.literal('import'), file: z.string().optional(), row: z.number() }),
  z.object({ kind: z.literal('manual') }),
]);

/** One item (core/ledger/model.ts LedgerItem). */
export const LedgerItemSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  meetingId: z.string().nullable(),
  year: z.number(),
  number: z.string(),
  source: z.string(),
  sourceRef: SourceRefSchema.nullable(),
  aspect: z.string().nullable(),
  problem: z.string(),
  target: z.string().nullable(),
  measures: z.string().nullable(),
  leaderName: z.string().nullable(),
  department: z.string().nullable(),
  ownerId: z.string().nullable(),
  deadlineKind: z.enum(DEADLINE_KINDS),
  /** For `date` the stated date; for `immediate` the date it is due by policy; null for `ongoing`. */
  deadlineOn: z.string().nullable(),
  status: LedgerStatusSchema,
  repeatedOfId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
});
export const LedgerItems = z.object({ items: z.array(LedgerItemSchema) });

/** A row of the plain list: the item and whether it is due soon or overdue today. */
export const LedgerListItemSchema = LedgerItemSchema.extend({ dueState: DueStateSchema });
export type LedgerListItem = z.output<typeof LedgerListItemSchema>;

/** 问题清单 (core/ledger/views.ts ProblemRow). */
export const ProblemRowSchema = z.object({
  id: z.string(),
  number: z.string(),
  source: z.string(),
  aspect: z.string().nullable(),
  problem: z.string(),
  status: LedgerStatusSchema,
  statusLabel: z.string(),
  repeatedOfId: z.string().nullable(),
});
/** 任务清单 (TaskRow). */
export const TaskRowSchema = z.object({
  id: z.string(),
  number: z.string(),
  problem: z.string(),
  target: z.string().nullable(),
  measures: z.string().nullable(),
  ownerId: z.string().nullable(),
  deadline: z.string(),
  deadlineOn: z.string().nullable(),
  dueState: DueStateSchema,
  status: LedgerStatusSchema,
  statusLabel: z.string(),
});
/** 责任清单 (ResponsibilityRow): one row per owner (null: the organization's unit items). */
export const ResponsibilityRowSchema = z.object({
  ownerId: z.string().nullable(),
  orgId: z.string(),
  leaderNames: z.array(z.string()),
  departments: z.array(z.string()),
  total: z.number(),
  byStatus: StatusCounts,
  overdue: z.number(),
  itemIds: z.array(z.string()),
});

/**
 * GET /ledger/items: a page of the list in the asked view (the rows of one view never fit another's
 * schema), the cursor of the next page, the total on the first page, the owners' names and the
 * items waiting for an extension decision (id → the requested date).
 */
export const LedgerListSchema = z.object({
  items: z.array(z.union([LedgerListItemSchema, ProblemRowSchema, TaskRowSchema, ResponsibilityRowSchema])),
  nextCursor: z.string().nullable(),
  total: z.number().nullable(),
  /** Owner id → name for the people on this page. */
  names: z.record(z.string(), z.string()),
  pendingExtensions: z.record(z.string(), z.string()),
});
/** The list answer with the rows of one view. */
export type LedgerList<T> = Omit<z.output<typeof LedgerListSchema>, 'items'> & { items: T[] };

const CompletionRowSchema = z.object({
  key: z.string(),
  total: z.number(),
  closed: z.number(),
  awaitingClose: z.number(),
  overdue: z.number(),
  /** closed / total, 0 when empty. */
  rate: z.number(),
});
/** GET /ledger/dashboard (core/ledger/views.ts Dashboard). */
export const LedgerDashboardSchema = z.object({
  total: z.number(),
  byStatus: StatusCounts,
  overdue: z.number(),
  dueSoon: z.number(),
  repeated: z.number(),
  byOrg: z.array(CompletionRowSchema),
  /** Items without an aspect are counted under the key "". */
  byAspect: z.array(CompletionRowSchema),
  trend: z.array(z.object({ month: z.string(), created: z.number(), closed: z.number() })),
});

export const LedgerTransitionSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  fromStatus: LedgerStatusSchema,
  toStatus: LedgerStatusSchema,
  actorId: z.string(),
  reason: z.string().nullable(),
  at: z.string(),
});
export const LedgerNoteSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  authorId: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export const EvidenceFileSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number(),
  sha256: z.string(),
  evidenceOn: z.string().nullable(),
  /** Where the bytes are kept: in the database or in the configured directory. */
  storage: z.enum(['db', 'dir']),
  uploadedBy: z.string(),
  createdAt: z.string(),
});
export const DeadlineExtensionSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  status: z.enum(EXTENSION_STATUSES),
  requestedBy: z.string(),
  requestedAt: z.string(),
  /** The item's deadline when the request was made. */
  oldDeadlineOn: z.string(),
  /** The date asked for (strictly after the old one). */
  newDeadlineOn: z.string(),
  reason: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  comment: z.string().nullable(),
});
export const LedgerDecisionSchema = z.object({ item: LedgerItemSchema, extension: DeadlineExtensionSchema });

/** What the reader may do with an item now (only for a signed-in reader). */
export const LedgerCanSchema = z.partialRecord(z.enum(LEDGER_ITEM_ABILITIES), z.boolean());

/** GET /ledger/items/:id: the item and everything its page shows. */
export const LedgerItemDetailSchema = z.object({
  item: LedgerItemSchema,
  dueState: DueStateSchema,
  transitions: z.array(LedgerTransitionSchema),
  notes: z.array(LedgerNoteSchema),
  evidence: z.array(EvidenceFileSchema),
  /** Deadline extension requests and their decisions, oldest first. */
  extensions: z.array(DeadlineExtensionSchema),
  /** Person id → name of everyone the page mentions. */
  names: z.record(z.string(), z.string()),
  org: z.object({ id: z.string(), name: z.string() }).nullable(),
  meeting: z.object({ id: z.string(), year: z.number(), kind: z.string(), theme: z.string() }).nullable(),
  /** The earlier item this one repeats, when the reader may read it. */
  repeatedOf: z
    .object({
      id: z.string(),
      number: z.string(),
      year: z.number(),
      problem: z.string(),
      status: LedgerStatusSchema,
      closedAt: z.string().nullable(),
    })
    .nullable(),
  can: LedgerCanSchema,
});

/** GET /ledger/from-material/:id/links: the measures, the problems, the proposed links and what is made. */
export const MeasureLinksViewSchema = z.object({
  materialId: z.string(),
  status: z.string(),
  /** The viewer may make ledger items (and so correct the links). */
  mayCreate: z.boolean(),
  problems: z.array(
    z.object({ index: z.number(), aspect: z.string().nullable(), heading: z.string(), summary: z.string() }),
  ),
  measures: z.array(
    z.object({ index: z.number(), heading: z.string(), summary: z.string(), deadline: z.string().nullable() }),
  ),
  links: z.array(
    z.object({
      measureIndex: z.number(),
      problemIndex: z.number().nullable(),
      basis: z.enum(LINK_BASES),
      confidence: z.enum(['high', 'medium', 'low']),
      score: z.number(),
    }),
  ),
  /** Measures already in the ledger, with the problem their item carries. */
  made: z.array(
    z.object({ measureIndex: z.number(), problemIndex: z.number().nullable(), itemId: z.string(), number: z.string() }),
  ),
});

/** A problem of an imported sheet: Excel row (0 = the sheet), column header ('' = the row), code, Chinese message. */
export const SheetProblemSchema = z.object({
  row: z.number(),
  column: z.string(),
  code: z.string(),
  message: z.string(),
});
/** POST /ledger/import: 201 when imported, 422 (`blocked`, nothing imported) with the row errors. */
export const LedgerImportResultSchema = z.object({
  created: z.number(),
  items: z.array(LedgerItemSchema),
  total: z.number(),
  rejected: z.number(),
  blocked: z.boolean(),
  errors: z.array(SheetProblemSchema),
  warnings: z.array(SheetProblemSchema),
});

export type LedgerItemOut = z.output<typeof LedgerItemSchema>;
export type ProblemRow = z.output<typeof ProblemRowSchema>;
export type TaskRow = z.output<typeof TaskRowSchema>;
export type ResponsibilityRow = z.output<typeof ResponsibilityRowSchema>;
export type LedgerDashboard = z.output<typeof LedgerDashboardSchema>;
export type LedgerTransition = z.output<typeof LedgerTransitionSchema>;
export type LedgerNote = z.output<typeof LedgerNoteSchema>;
export type EvidenceFile = z.output<typeof EvidenceFileSchema>;
export type DeadlineExtension = z.output<typeof DeadlineExtensionSchema>;
export type LedgerDecision = z.output<typeof LedgerDecisionSchema>;
export type LedgerCan = z.output<typeof LedgerCanSchema>;
export type LedgerItemDetail = z.output<typeof LedgerItemDetailSchema>;
export type MeasureLinksView = z.output<typeof MeasureLinksViewSchema>;
export type MeasureLink = MeasureLinksView['links'][number];
export type SheetProblem = z.output<typeof SheetProblemSchema>;
export type LedgerImportResult = z.output<typeof LedgerImportResultSchema>;
export type { DueState, LedgerItem, LedgerStatus };
