/**
 * The author's working copy of a material (what autosave writes) and the outbox of work a version
 * leaves behind (查重 indexing). Both are single-statement compare-and-set writes: no transaction
 * and no lock beyond the row they touch, so autosaves of different materials never wait on each other.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db.js';
import type { Database } from '../schema.js';
import { JianshiError } from '../../core/errors.js';
import { EDITABLE_STATES } from '../../core/workflow/material.js';
import { isUniqueViolation, nowIso } from './util.js';

export interface Draft {
  materialId: string;
  baseVersion: number;
  rev: number;
  authorId: string;
  startedAt: string;
  savedAt: string;
  /** The content as the editor sent it. */
  content: unknown;
}

export type JobKind = 'similarity';
export type JobState = 'pending' | 'done' | 'failed';

export interface Job {
  materialId: string;
  version: number;
  kind: JobKind;
  state: JobState;
  attempts: number;
  leaseOwner: string | null;
  leaseUntil: string | null;
  createdAt: string;
  doneAt: string | null;
  error: string | null;
}

const conflict = () =>
  new JianshiError(
    'E_CONFLICT',
    '此材料的未保存修改已在另一个窗口或设备中更新，或材料已有新版本。为免互相覆盖，本窗口的修改未保存，请复制后刷新页面。',
  );

export function draftsRepository(db: Kysely<Database>) {
  // The copy may only be written while the material is at the version it was made on and editable.
  const materialAt = (id: string, version: number) =>
    sql<boolean>`exists (select 1 from materials where id = ${id} and version = ${version} and status in (${sql.join(
      EDITABLE_STATES.map((s) => sql`${s}`),
    )}))`;
  return {
    async get(materialId: string): Promise<Draft | null> {
      const r = await db
        .selectFrom('material_drafts')
        .selectAll()
        .where('material_id', '=', materialId)
        .executeTakeFirst();
      return r
        ? {
            materialId: r.material_id,
            baseVersion: Number(r.base_version),
            rev: Number(r.rev),
            authorId: r.author_id,
            startedAt: r.started_at,
            savedAt: r.saved_at,
            content: JSON.parse(r.content),
          }
        : null;
    },
    /**
     * Write the working copy: revision `baseRev + 1` on version `baseVersion`. E_CONFLICT when another
     * tab wrote the copy first (its revision moved on), or the material has another version or left
     * the editable states meanwhile.
     */
    async put(input: {
      materialId: string;
      baseVersion: number;
      baseRev: number;
      authorId: string;
      contentJson: string;
    }): Promise<{ rev: number; savedAt: string; startedAt: string }> {
      const t = nowIso();
      const rev = input.baseRev + 1;
      if (input.baseRev === 0) {
        try {
          const r =
            await sql`insert into material_drafts (material_id, base_version, rev, author_id, started_at, saved_at, content)
            select ${input.materialId}, ${input.baseVersion}, ${rev}, ${input.authorId}, ${t}, ${t}, ${input.contentJson}
            where ${materialAt(input.materialId, input.baseVersion)}`.execute(db);
          if (Number(r.numAffectedRows ?? 0) !== 1) throw conflict();
        } catch (e) {
          if (isUniqueViolation(e) || /PRIMARY|UNIQUE/i.test(String((e as Error).message))) throw conflict();
          throw e;
        }
        return { rev, savedAt: t, startedAt: t };
      }
      const r = await db
        .updateTable('material_drafts')
        .set({ rev, saved_at: t, content: input.contentJson })
        .where('material_id', '=', input.materialId)
        .where('rev', '=', input.baseRev)
        .where('base_version', '=', input.baseVersion)
        .where(materialAt(input.materialId, input.baseVersion))
        .returning('started_at')
        .executeTakeFirst();
      if (!r) throw conflict();
      return { rev, savedAt: t, startedAt: r.started_at };
    },
    /** A version was made (from this copy or otherwise): the copy is gone. */
    async remove(materialId: string): Promise<void> {
      await db.deleteFrom('material_drafts').where('material_id', '=', materialId).execute();
    },
  };
}

const toJob = (r: {
  material_id: string;
  version: number;
  kind: string;
  state: string;
  attempts: number;
  lease_owner: string | null;
  lease_until: string | null;
  created_at: string;
  done_at: string | null;
  error: string | null;
}): Job => ({
  materialId: r.material_id,
  version: Number(r.version),
  kind: r.kind as JobKind,
  state: r.state as JobState,
  attempts: Number(r.attempts),
  leaseOwner: r.lease_owner,
  leaseUntil: r.lease_until,
  createdAt: r.created_at,
  doneAt: r.done_at,
  error: r.error,
});

export function jobsRepository(db: Kysely<Database>, dialect: DialectName) {
  return {
    /** Queue work for a version (in the transaction that makes the version: both commit or neither). */
    async enqueue(materialId: string, version: number, kind: JobKind = 'similarity'): Promise<void> {
      await db
        .insertInto('material_jobs')
        .values({
          material_id: materialId,
          version,
          kind,
          state: 'pending',
          attempts: 0,
          lease_owner: null,
          lease_until: null,
          created_at: nowIso(),
          done_at: null,
          error: null,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    async get(materialId: string, version: number, kind: JobKind = 'similarity'): Promise<Job | null> {
      const r = await db
        .selectFrom('material_jobs')
        .selectAll()
        .where('material_id', '=', materialId)
        .where('version', '=', version)
        .where('kind', '=', kind)
        .executeTakeFirst();
      return r ? toJob(r) : null;
    },
    /**
     * Claim up to `limit` pending jobs whose lease is free or expired (an instance that died while
     * holding one): compare-and-set per job, so two instances never both win the same one.
     */
    async claim(owner: string, leaseMs: number, limit: number, now = new Date()): Promise<Job[]> {
      const at = now.toISOString();
      const candidates = await db
        .selectFrom('material_jobs')
        .select(['material_id', 'version', 'kind', 'lease_until'])
        .where('state', '=', 'pending')
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
        .orderBy('created_at')
        .limit(limit * 4)
        .execute();
      const until = new Date(now.getTime() + leaseMs).toISOString();
      const won: Job[] = [];
      for (const c of candidates) {
        if (won.length >= limit) break;
        let q = db
          .updateTable('material_jobs')
          .set((eb) => ({ lease_owner: owner, lease_until: until, attempts: eb('attempts', '+', 1) }))
          .where('material_id', '=', c.material_id)
          .where('version', '=', c.version)
          .where('kind', '=', c.kind)
          .where('state', '=', 'pending');
        q = c.lease_until === null ? q.where('lease_until', 'is', null) : q.where('lease_until', '=', c.lease_until);
        const r = await q.returningAll().executeTakeFirst();
        if (r) won.push(toJob(r));
      }
      return won;
    },
    /** Done (or failed for good): only by the lease's holder. */
    async finish(job: Job, owner: string, state: 'done' | 'failed' | 'pending', error: string | null = null) {
      await db
        .updateTable('material_jobs')
        .set({
          state,
          done_at: state === 'pending' ? null : nowIso(),
          error,
          lease_owner: null,
          lease_until: null,
        })
        .where('material_id', '=', job.materialId)
        .where('version', '=', job.version)
        .where('kind', '=', job.kind)
        .where('lease_owner', '=', owner)
        .execute();
    },
    async pendingCount(): Promise<number> {
      const r = await db
        .selectFrom('material_jobs')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('state', '=', 'pending')
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    dialect,
  };
}

export type DraftsRepository = ReturnType<typeof draftsRepository>;
export type JobsRepository = ReturnType<typeof jobsRepository>;
