/** Custom frameworks (aspect sets) defined by an organization; built-in ones live in core. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Framework } from '../../core/frameworks/framework.js';
import { JianshiError } from '../../core/errors.js';
import { isUniqueViolation, nowIso } from './util.js';

export interface StoredFramework {
  framework: Framework;
  orgId: string | null;
  createdBy: string | null;
  createdAt: string;
}

export function frameworksRepository(db: Kysely<Database>) {
  return {
    async create(fw: Framework, orgId: string | null, createdBy: string | null): Promise<StoredFramework> {
      const t = nowIso();
      try {
        await db
          .insertInto('frameworks')
          .values({
            id: fw.id,
            org_id: orgId,
            name: fw.name,
            year: fw.year,
            definition: JSON.stringify(fw),
            created_by: createdBy,
            created_at: t,
          })
          .execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw new JianshiError('E_CONFLICT', `框架编号“${fw.id}”已存在。`);
        throw e;
      }
      return { framework: fw, orgId, createdBy, createdAt: t };
    },
    async get(id: string): Promise<StoredFramework | null> {
      const r = await db.selectFrom('frameworks').selectAll().where('id', '=', id).executeTakeFirst();
      return r
        ? {
            framework: JSON.parse(r.definition) as Framework,
            orgId: r.org_id,
            createdBy: r.created_by,
            createdAt: r.created_at,
          }
        : null;
    },
    async list(): Promise<StoredFramework[]> {
      const rows = await db.selectFrom('frameworks').selectAll().orderBy('created_at').execute();
      return rows.map((r) => ({
        framework: JSON.parse(r.definition) as Framework,
        orgId: r.org_id,
        createdBy: r.created_by,
        createdAt: r.created_at,
      }));
    },
  };
}

export type FrameworksRepository = ReturnType<typeof frameworksRepository>;
