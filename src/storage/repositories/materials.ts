/**
 * Materials, their versions (every save is one), original files, review comments and workflow
 * events. Saves and status changes are compare-and-set on (version, status), so two concurrent
 * saves can never both win: the loser gets E_CONFLICT and nothing is half-written.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { DialectName } from '../db.js';
import { prepared, stateCache, type ReadView } from '../prepared.js';
import { batchedLookup } from '../batched.js';
import { MATERIAL_COLUMNS, type Database, type MaterialsTable } from '../schema.js';
import { JianshiError } from '../../core/errors.js';
import { newId, nowIso } from './util.js';

export interface MaterialSummary {
  id: string;
  meetingId: string;
  orgId: string;
  kind: string;
  authorId: string;
  title: string;
  status: string;
  version: number;
  digest: string;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
}

export interface MaterialRecord extends MaterialSummary {
  content: unknown;
}

export interface VersionSummary {
  version: number;
  digest: string;
  authorId: string;
  fileId: string | null;
  note: string | null;
  createdAt: string;
}

export interface StoredFile {
  id: string;
  materialId: string;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  createdAt: string;
}

export interface ReviewComment {
  id: string;
  materialId: string;
  version: number;
  authorId: string;
  part: string;
  item: number | null;
  start: number | null;
  end: number | null;
  quote: string | null;
  body: string;
  resolvedAt: string | null;
  createdAt: string;
}

/** A review comment with the author's answers: whether (and by whom) it is handled, and the replies. */
export interface ReviewCommentThread extends ReviewComment {
  resolvedBy: string | null;
  replies: ReviewReply[];
}

export interface ReviewReply {
  id: string;
  commentId: string;
  authorId: string;
  body: string;
  createdAt: string;
}

export interface WorkflowEvent {
  id: string;
  materialId: string;
  action: string;
  fromStatus: string;
  toStatus: string;
  actorId: string;
  version: number;
  note: string | null;
  at: string;
}

/**
 * Which materials a person may see, as SQL conditions (OR-ed): computed by core/auth from the
 * authorization table, so listing and single reads agree.
 */
export interface MaterialScope {
  all?: boolean;
  authorId?: string;
  /** Every material of these organizations. */
  orgIds?: string[];
  /** Only the 班子 (leadership) materials of these organizations. */
  leadershipOrgIds?: string[];
  /** Every material of the strict descendants of these org paths ("/a/b/"). */
  descendantOfPaths?: string[];
}

export interface MaterialFilter {
  meetingId?: string;
  orgId?: string;
  status?: string;
  kind?: string;
  authorId?: string;
  limit?: number;
  offset?: number;
  /** Keyset paging: the materials after this one in the list's order (newest change first). */
  after?: { updatedAt: string; id: string };
}

const SUMMARY_COLUMNS = [
  'id',
  'meeting_id',
  'org_id',
  'kind',
  'author_id',
  'title',
  'status',
  'version',
  'digest',
  'created_at',
  'updated_at',
  'submitted_at',
  'approved_at',
  'approved_by',
] as const;

type SummaryRow = Pick<Selectable<MaterialsTable>, (typeof SUMMARY_COLUMNS)[number]>;
const toSummary = (r: SummaryRow): MaterialSummary => ({
  id: r.id,
  meetingId: r.meeting_id,
  orgId: r.org_id,
  kind: r.kind,
  authorId: r.author_id,
  title: r.title,
  status: r.status,
  version: Number(r.version),
  digest: r.digest,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  submittedAt: r.submitted_at,
  approvedAt: r.approved_at,
  approvedBy: r.approved_by,
});

function scopeCondition(eb: ExpressionBuilder<Database, 'materials'>, s: MaterialScope): Expression<SqlBool> {
  if (s.all) return eb.lit(true);
  const ors: Expression<SqlBool>[] = [];
  if (s.authorId) ors.push(eb('materials.author_id', '=', s.authorId));
  if (s.orgIds?.length) ors.push(eb('materials.org_id', 'in', s.orgIds));
  if (s.leadershipOrgIds?.length)
    ors.push(eb.and([eb('materials.org_id', 'in', s.leadershipOrgIds), eb('materials.kind', '=', 'leadership')]));
  for (const p of s.descendantOfPaths ?? []) {
    ors.push(
      eb(
        'materials.org_id',
        'in',
        eb
          .selectFrom('organizations')
          .select('organizations.id')
          .where('organizations.path', 'like', `${p}%`)
          .where('organizations.path', '!=', p),
      ),
    );
  }
  return ors.length ? eb.or(ors) : eb.lit(false);
}

const getQ = prepared((db, id: string) => db.selectFrom('materials').select(MATERIAL_COLUMNS).where('id', '=', id));
const summaryQ = prepared((db, id: string) => db.selectFrom('materials').select(SUMMARY_COLUMNS).where('id', '=', id));
// The summary with the organization's path, which every authorization of a material needs.
const head = (db: Kysely<Database>) =>
  db
    .selectFrom('materials')
    .innerJoin('organizations', 'organizations.id', 'materials.org_id')
    .select([...SUMMARY_COLUMNS.map((c) => `materials.${c}` as const), 'organizations.path as org_path']);
const headQ = prepared((db, id: string) => head(db).where('materials.id', '=', id));
// PostgreSQL: the head reads of requests arriving together, in one query (batched.ts).
const headManyQ = prepared((db, ids: string[]) => head(db).where(sql<boolean>`materials.id = any(${ids}::text[])`));
// A version's model as stored JSON. SQLite hands a BLOB over as bytes: no UTF-8 → string → UTF-8
// round trip for the 20–60 KB of JSON.
const versionSqliteQ = prepared((db, id: string, version: string) =>
  db
    .selectFrom('material_versions')
    .select(sql<Uint8Array>`cast(content as blob)`.as('content'))
    .where('material_id', '=', id)
    .where('version', '=', version as unknown as number),
);
const versionPgQ = prepared((db, id: string, version: string) =>
  db
    .selectFrom('material_versions')
    .select('content')
    .where('material_id', '=', id)
    .where('version', '=', version as unknown as number),
);

/** What reading a material needs first: its summary and its organization's path (for authorization). */
export interface MaterialHead {
  readonly summary: Readonly<MaterialSummary>;
  readonly orgPath: string;
}

/** Above this many characters of content a SQLite save lets other requests run between its statements. */
const LARGE_WRITE_CHARS = 256 * 1024;

export function materialsRepository(db: Kysely<Database>, dialect: DialectName) {
  // SQLite runs each statement synchronously on the event loop, and a transaction's statements and
  // its COMMIT would otherwise follow one another in microtasks: writing megabytes twice (head and
  // version) blocked every other request for ~200 ms. Between the large statements the event loop
  // gets a turn; nobody else can use the writer connection meanwhile (Kysely holds it for the
  // transaction), and reads go through the read-only connection.
  const yieldIfLarge = async (json: string) => {
    if (dialect === 'sqlite' && json.length > LARGE_WRITE_CHARS) await new Promise<void>((r) => setImmediate(r));
  };
  const batchedHead =
    dialect === 'postgres' && !db.isTransaction
      ? batchedLookup({ run: (ids) => headManyQ.all(db, ids), keyOf: (r) => r.id })
      : undefined;
  return {
    async create(input: {
      meetingId: string;
      orgId: string;
      kind: string;
      authorId: string;
      title: string;
      content: unknown;
      digest: string;
      fileId?: string | null;
      id?: string;
      note?: string | null;
    }): Promise<MaterialRecord> {
      const t = nowIso();
      const id = input.id ?? newId();
      const json = JSON.stringify(input.content);
      const row = {
        id,
        meeting_id: input.meetingId,
        org_id: input.orgId,
        kind: input.kind,
        author_id: input.authorId,
        title: input.title,
        status: 'draft',
        version: 1,
        content: json,
        digest: input.digest,
        created_at: t,
        updated_at: t,
        submitted_at: null,
        approved_at: null,
        approved_by: null,
      };
      try {
        await db.insertInto('materials').values(row).execute();
      } catch (e) {
        if (/UNIQUE|23505/.test(String((e as { code?: string }).code ?? (e as Error).message)))
          throw new JianshiError('E_CONFLICT', '此会议中已有您的同类材料。');
        throw e;
      }
      await db
        .insertInto('material_versions')
        .values({
          material_id: id,
          version: 1,
          content: json,
          digest: input.digest,
          author_id: input.authorId,
          file_id: input.fileId ?? null,
          note: input.note ?? null,
          created_at: t,
        })
        .execute();
      return { ...toSummary(row), content: input.content };
    },
    async get(id: string): Promise<MaterialRecord | null> {
      const r = await getQ.first(db, id);
      return r ? { ...toSummary(r), content: JSON.parse(r.content) } : null;
    },
    /** The summary of the current version and the path of its organization (no content). */
    /** Kept until the next commit on SQLite (`stateCache`, exact), hence frozen. */
    async getHead(id: string, view?: ReadView): Promise<MaterialHead | null> {
      const cache = await stateCache<MaterialHead>(db, 'material-head', view);
      let head = cache?.get(id);
      if (!head) {
        const r = batchedHead ? await batchedHead(id) : await headQ.first(db, id);
        if (!r) return null;
        head = Object.freeze({ summary: Object.freeze(toSummary(r)), orgPath: r.org_path });
        cache?.set(id, head);
      }
      return head;
    },
    /** A version's model as the stored JSON, unparsed (for sending as is). Versions never change. */
    async versionJson(id: string, version: number): Promise<Uint8Array | string | null> {
      const r = await (dialect === 'sqlite' ? versionSqliteQ : versionPgQ).first(db, id, String(version));
      return r ? r.content : null;
    },
    async getSummary(id: string): Promise<MaterialSummary | null> {
      const r = await summaryQ.first(db, id);
      return r ? toSummary(r) : null;
    },
    async list(filter: MaterialFilter, scope: MaterialScope): Promise<MaterialSummary[]> {
      let q = db
        .selectFrom('materials')
        .select(SUMMARY_COLUMNS.map((c) => `materials.${c}` as const))
        .where((eb) => scopeCondition(eb, scope));
      if (filter.meetingId) q = q.where('materials.meeting_id', '=', filter.meetingId);
      if (filter.orgId) q = q.where('materials.org_id', '=', filter.orgId);
      if (filter.status) q = q.where('materials.status', '=', filter.status);
      if (filter.kind) q = q.where('materials.kind', '=', filter.kind);
      if (filter.authorId) q = q.where('materials.author_id', '=', filter.authorId);
      // The next page starts after the last one's (updated_at, id): no rows skipped and read again.
      const after = filter.after;
      if (after)
        q = q.where((eb) =>
          eb.or([
            eb('materials.updated_at', '<', after.updatedAt),
            eb.and([eb('materials.updated_at', '=', after.updatedAt), eb('materials.id', '<', after.id)]),
          ]),
        );
      const rows = await q
        .orderBy('materials.updated_at', 'desc')
        .orderBy('materials.id', 'desc')
        .limit(filter.limit ?? 100)
        .offset(filter.offset ?? 0)
        .execute();
      return rows.map(toSummary);
    },
    /** Append version `baseVersion + 1`; E_CONFLICT when someone saved first or the status moved on. */
    async saveVersion(
      id: string,
      input: {
        baseVersion: number;
        expectStatus: readonly string[];
        content: unknown;
        contentJson?: string;
        digest: string;
        title: string;
        authorId: string;
        fileId?: string | null;
        note?: string | null;
      },
    ): Promise<MaterialRecord> {
      const t = nowIso();
      // contentJson: JSON.stringify(content) done before the transaction (megabytes for a large material).
      const json = input.contentJson ?? JSON.stringify(input.content);
      const next = input.baseVersion + 1;
      const r = await db
        .updateTable('materials')
        .set({ version: next, content: json, digest: input.digest, title: input.title, updated_at: t })
        .where('id', '=', id)
        .where('version', '=', input.baseVersion)
        .where('status', 'in', [...input.expectStatus])
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1)
        throw new JianshiError('E_CONFLICT', '材料已被修改（版本不一致）或当前状态不允许保存，请刷新后重试。');
      await yieldIfLarge(json);
      await db
        .insertInto('material_versions')
        .values({
          material_id: id,
          version: next,
          content: json,
          digest: input.digest,
          author_id: input.authorId,
          file_id: input.fileId ?? null,
          note: input.note ?? null,
          created_at: t,
        })
        .execute();
      await yieldIfLarge(json);
      // The content just written, not read back and parsed again (megabytes for a large material).
      return { ...(await this.getSummary(id))!, content: input.content };
    },
    /** Compare-and-set of the status; E_CONFLICT when it changed meanwhile. */
    async setStatus(
      id: string,
      from: string,
      to: string,
      fields: { submittedAt?: string; approvedAt?: string | null; approvedBy?: string | null } = {},
    ): Promise<void> {
      const set: Record<string, unknown> = { status: to, updated_at: nowIso() };
      if (fields.submittedAt !== undefined) set.submitted_at = fields.submittedAt;
      if (fields.approvedAt !== undefined) set.approved_at = fields.approvedAt;
      if (fields.approvedBy !== undefined) set.approved_by = fields.approvedBy;
      const r = await db
        .updateTable('materials')
        .set(set)
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new JianshiError('E_CONFLICT', '材料状态已变化，请刷新后重试。');
    },
    async versions(id: string): Promise<VersionSummary[]> {
      const rows = await db
        .selectFrom('material_versions')
        .select(['version', 'digest', 'author_id', 'file_id', 'note', 'created_at'])
        .where('material_id', '=', id)
        .orderBy('version')
        .execute();
      return rows.map((r) => ({
        version: Number(r.version),
        digest: r.digest,
        authorId: r.author_id,
        fileId: r.file_id,
        note: r.note,
        createdAt: r.created_at,
      }));
    },
    async version(id: string, version: number): Promise<(VersionSummary & { content: unknown }) | null> {
      const r = await db
        .selectFrom('material_versions')
        .selectAll()
        .where('material_id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return r
        ? {
            version: Number(r.version),
            digest: r.digest,
            authorId: r.author_id,
            fileId: r.file_id,
            note: r.note,
            createdAt: r.created_at,
            content: JSON.parse(r.content),
          }
        : null;
    },
    async addFile(input: {
      materialId: string;
      fileName: string;
      mime: string;
      bytes: Uint8Array;
      sha256: string;
      uploadedBy: string;
    }): Promise<StoredFile> {
      const row = {
        id: newId(),
        material_id: input.materialId,
        file_name: input.fileName,
        mime: input.mime,
        size: input.bytes.byteLength,
        sha256: input.sha256,
        bytes: Buffer.from(input.bytes),
        uploaded_by: input.uploadedBy,
        created_at: nowIso(),
      };
      await db.insertInto('material_files').values(row).execute();
      return {
        id: row.id,
        materialId: row.material_id,
        fileName: row.file_name,
        mime: row.mime,
        size: row.size,
        sha256: row.sha256,
        uploadedBy: row.uploaded_by,
        createdAt: row.created_at,
      };
    },
    /** Record that this version was read from this uploaded file. */
    async setVersionFile(materialId: string, version: number, fileId: string): Promise<void> {
      await db
        .updateTable('material_versions')
        .set({ file_id: fileId })
        .where('material_id', '=', materialId)
        .where('version', '=', version)
        .execute();
    },
    async getFile(fileId: string): Promise<(StoredFile & { bytes: Buffer }) | null> {
      const r = await db.selectFrom('material_files').selectAll().where('id', '=', fileId).executeTakeFirst();
      return r
        ? {
            id: r.id,
            materialId: r.material_id,
            fileName: r.file_name,
            mime: r.mime,
            size: Number(r.size),
            sha256: r.sha256,
            uploadedBy: r.uploaded_by,
            createdAt: r.created_at,
            bytes: Buffer.from(r.bytes),
          }
        : null;
    },
    async addComment(input: Omit<ReviewComment, 'id' | 'createdAt' | 'resolvedAt'>): Promise<ReviewComment> {
      const c: ReviewComment = { ...input, id: newId(), createdAt: nowIso(), resolvedAt: null };
      await db
        .insertInto('review_comments')
        .values({
          id: c.id,
          material_id: c.materialId,
          version: c.version,
          author_id: c.authorId,
          part: c.part,
          item: c.item,
          span_start: c.start,
          span_end: c.end,
          quote: c.quote,
          body: c.body,
          resolved_at: null,
          created_at: c.createdAt,
        })
        .execute();
      return c;
    },
    async comments(materialId: string): Promise<ReviewComment[]> {
      const rows = await db
        .selectFrom('review_comments')
        .selectAll()
        .where('material_id', '=', materialId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        materialId: r.material_id,
        version: Number(r.version),
        authorId: r.author_id,
        part: r.part,
        item: r.item === null ? null : Number(r.item),
        start: r.span_start === null ? null : Number(r.span_start),
        end: r.span_end === null ? null : Number(r.span_end),
        quote: r.quote,
        body: r.body,
        resolvedAt: r.resolved_at,
        createdAt: r.created_at,
      }));
    },
    /** The comments with their replies and handled state (one query each, in order). */
    async threads(materialId: string): Promise<ReviewCommentThread[]> {
      const [list, resolvers, replies] = await Promise.all([
        this.comments(materialId),
        db
          .selectFrom('review_comments')
          .select(['id', 'resolved_by'])
          .where('material_id', '=', materialId)
          .where('resolved_by', 'is not', null)
          .execute(),
        db
          .selectFrom('review_replies')
          .selectAll()
          .where('material_id', '=', materialId)
          .orderBy('created_at')
          .orderBy('id')
          .execute(),
      ]);
      const by = new Map(resolvers.map((r) => [r.id, r.resolved_by]));
      const of = new Map<string, ReviewReply[]>();
      for (const r of replies)
        of.set(r.comment_id, [
          ...(of.get(r.comment_id) ?? []),
          { id: r.id, commentId: r.comment_id, authorId: r.author_id, body: r.body, createdAt: r.created_at },
        ]);
      return list.map((c) => ({ ...c, resolvedBy: by.get(c.id) ?? null, replies: of.get(c.id) ?? [] }));
    },
    async addReply(input: {
      commentId: string;
      materialId: string;
      authorId: string;
      body: string;
    }): Promise<ReviewReply> {
      const r: ReviewReply = {
        id: newId(),
        commentId: input.commentId,
        authorId: input.authorId,
        body: input.body,
        createdAt: nowIso(),
      };
      await db
        .insertInto('review_replies')
        .values({
          id: r.id,
          comment_id: r.commentId,
          material_id: input.materialId,
          author_id: r.authorId,
          body: r.body,
          created_at: r.createdAt,
        })
        .execute();
      return r;
    },
    /** Mark a comment handled (by `personId`) or open again (null). */
    async setResolved(commentId: string, personId: string | null): Promise<string | null> {
      const at = personId ? nowIso() : null;
      await db
        .updateTable('review_comments')
        .set({ resolved_at: at, resolved_by: personId })
        .where('id', '=', commentId)
        .execute();
      return at;
    },
    async addEvent(input: Omit<WorkflowEvent, 'id' | 'at'>): Promise<WorkflowEvent> {
      const ev: WorkflowEvent = { ...input, id: newId(), at: nowIso() };
      await db
        .insertInto('workflow_events')
        .values({
          id: ev.id,
          material_id: ev.materialId,
          action: ev.action,
          from_status: ev.fromStatus,
          to_status: ev.toStatus,
          actor_id: ev.actorId,
          version: ev.version,
          note: ev.note,
          at: ev.at,
        })
        .execute();
      return ev;
    },
    async events(materialId: string): Promise<WorkflowEvent[]> {
      const rows = await db
        .selectFrom('workflow_events')
        .selectAll()
        .where('material_id', '=', materialId)
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        materialId: r.material_id,
        action: r.action,
        fromStatus: r.from_status,
        toStatus: r.to_status,
        actorId: r.actor_id,
        version: Number(r.version),
        note: r.note,
        at: r.at,
      }));
    },
    async count(): Promise<number> {
      const r = await db
        .selectFrom('materials')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}

export type MaterialsRepository = ReturnType<typeof materialsRepository>;
