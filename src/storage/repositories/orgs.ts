/**
 * Organizations (a tree of any depth: 党委 → 党总支 → 党支部 …) and memberships with roles.
 * The tree is stored as a materialised path ("/<root id>/<child id>/"), so "all descendants"
 * is one indexed `LIKE` on both databases.
 */
import type { Kysely, Selectable } from 'kysely';
import {
  ORGANIZATION_COLUMNS,
  MEMBERSHIP_COLUMNS,
  type Database,
  type MembershipsTable,
  type OrganizationsTable,
} from '../schema.js';
import { JianshiError } from '../../core/errors.js';
import { isUniqueViolation, newId, notFound, nowIso } from './util.js';
import { prepared } from '../prepared.js';
import { inTreeOrder } from '../../core/org/tree.js';

const orgByIdQ = prepared((db, id: string) =>
  db.selectFrom('organizations').select(ORGANIZATION_COLUMNS).where('id', '=', id),
);
const membershipsOfQ = prepared((db, personId: string) =>
  db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.org_id')
    .select(MEMBERSHIP_COLUMNS.map((c) => `memberships.${c}` as const))
    .select(['organizations.path as org_path', 'organizations.name as org_name'])
    .where('memberships.person_id', '=', personId)
    .orderBy('organizations.path'),
);

export interface Organization {
  id: string;
  parentId: string | null;
  name: string;
  kind: string;
  path: string;
  sort: number;
  createdAt: string;
}

export interface Membership {
  id: string;
  personId: string;
  orgId: string;
  role: string;
  createdAt: string;
}

const toOrg = (r: Selectable<OrganizationsTable>): Organization => ({
  id: r.id,
  parentId: r.parent_id,
  name: r.name,
  kind: r.kind,
  path: r.path,
  sort: Number(r.sort),
  createdAt: r.created_at,
});
const toMembership = (r: Selectable<MembershipsTable>): Membership => ({
  id: r.id,
  personId: r.person_id,
  orgId: r.org_id,
  role: r.role,
  createdAt: r.created_at,
});

export function orgsRepository(db: Kysely<Database>) {
  return {
    async create(input: {
      name: string;
      kind: string;
      parentId?: string | null;
      sort?: number;
      id?: string;
    }): Promise<Organization> {
      const id = input.id ?? newId();
      let path = `/${id}/`;
      if (input.parentId) {
        const parent = await db
          .selectFrom('organizations')
          .select('path')
          .where('id', '=', input.parentId)
          .executeTakeFirst();
        if (!parent) throw notFound('上级组织');
        path = `${parent.path}${id}/`;
      }
      const row = {
        id,
        parent_id: input.parentId ?? null,
        name: input.name,
        kind: input.kind,
        path,
        sort: input.sort ?? 0,
        created_at: nowIso(),
      };
      await db.insertInto('organizations').values(row).execute();
      return toOrg(row);
    },
    async get(id: string): Promise<Organization | null> {
      const r = await orgByIdQ.first(db, id);
      return r ? toOrg(r) : null;
    },
    /** Every organization in tree order: parent before children, siblings by sort, name, id (core/org/tree.ts). */
    async list(): Promise<Organization[]> {
      // Tree order, decided here and not by the database's collation: the same on SQLite and PostgreSQL.
      return inTreeOrder((await db.selectFrom('organizations').select(ORGANIZATION_COLUMNS).execute()).map(toOrg));
    },
    /** The org and all its descendants, in tree order. */
    async subtree(id: string): Promise<Organization[]> {
      const o = await this.get(id);
      if (!o) return [];
      return inTreeOrder(
        (
          await db
            .selectFrom('organizations')
            .select(ORGANIZATION_COLUMNS)
            .where('path', 'like', `${o.path}%`)
            .execute()
        ).map(toOrg),
      );
    },
    async update(id: string, patch: { name?: string; kind?: string; sort?: number }): Promise<Organization | null> {
      const set: Record<string, unknown> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.kind !== undefined) set.kind = patch.kind;
      if (patch.sort !== undefined) set.sort = patch.sort;
      if (Object.keys(set).length) await db.updateTable('organizations').set(set).where('id', '=', id).execute();
      return this.get(id);
    },
  };
}

export function membershipsRepository(db: Kysely<Database>) {
  return {
    async add(input: { personId: string; orgId: string; role: string }): Promise<Membership> {
      const row = {
        id: newId(),
        person_id: input.personId,
        org_id: input.orgId,
        role: input.role,
        created_at: nowIso(),
      };
      try {
        await db.insertInto('memberships').values(row).execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw new JianshiError('E_CONFLICT', '该人员在此组织中已有此角色。');
        throw e;
      }
      return toMembership(row);
    },
    async get(id: string): Promise<Membership | null> {
      const r = await db.selectFrom('memberships').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toMembership(r) : null;
    },
    async remove(id: string): Promise<void> {
      await db.deleteFrom('memberships').where('id', '=', id).execute();
    },
    async forPerson(personId: string): Promise<(Membership & { orgPath: string; orgName: string })[]> {
      const rows = await membershipsOfQ.all(db, personId);
      return rows.map((r) => ({ ...toMembership(r), orgPath: r.org_path, orgName: r.org_name }));
    },
    async forOrg(orgId: string): Promise<Membership[]> {
      return (
        await db
          .selectFrom('memberships')
          .selectAll()
          .where('org_id', '=', orgId)
          .orderBy('role')
          .orderBy('person_id')
          .execute()
      ).map(toMembership);
    },
  };
}

export type OrgsRepository = ReturnType<typeof orgsRepository>;
export type MembershipsRepository = ReturnType<typeof membershipsRepository>;
