/** People and their (optional) local accounts. */
import type { Kysely, Selectable } from 'kysely';
import { PEOPLE_COLUMNS, type Database, type PeopleTable } from '../schema.js';
import { JianshiError } from '../../core/errors.js';
import { isUniqueViolation, newId, nowIso } from './util.js';
import { prepared } from '../prepared.js';

const byIdQ = prepared((db, id: string) => db.selectFrom('people').select(PEOPLE_COLUMNS).where('id', '=', id));

export interface Person {
  id: string;
  name: string;
  username: string | null;
  isAdmin: boolean;
  disabled: boolean;
  mustChangePassword: boolean;
  title: string | null;
  /** For notices by e-mail (整改台账 deadlines, daily digest); null: in-app only. */
  email: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PersonWithSecret extends Person {
  passwordHash: string | null;
}

/** A `people` row as a Person: never the password hash (also for queries that join people). */
export function personFromRow(r: Omit<Selectable<PeopleTable>, 'password_hash'>): Person {
  return {
    id: r.id,
    name: r.name,
    username: r.username,
    isAdmin: !!r.is_admin,
    disabled: !!r.disabled,
    mustChangePassword: !!r.must_change_password,
    title: r.title,
    email: r.email ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function withSecret(r: Selectable<PeopleTable>): PersonWithSecret {
  return { ...personFromRow(r), passwordHash: r.password_hash };
}

export function peopleRepository(db: Kysely<Database>) {
  return {
    async create(input: {
      name: string;
      username?: string | null;
      passwordHash?: string | null;
      isAdmin?: boolean;
      title?: string | null;
      mustChangePassword?: boolean;
      id?: string;
      email?: string | null;
    }): Promise<Person> {
      const t = nowIso();
      const row = {
        id: input.id ?? newId(),
        name: input.name,
        username: input.username ?? null,
        password_hash: input.passwordHash ?? null,
        is_admin: input.isAdmin ? 1 : 0,
        disabled: 0,
        must_change_password: input.mustChangePassword ? 1 : 0,
        title: input.title ?? null,
        email: input.email ?? null,
        created_at: t,
        updated_at: t,
      };
      try {
        await db.insertInto('people').values(row).execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw new JianshiError('E_CONFLICT', `用户名“${input.username}”已被使用。`);
        throw e;
      }
      return personFromRow(row);
    },
    async get(id: string): Promise<Person | null> {
      const r = await byIdQ.first(db, id);
      return r ? personFromRow(r) : null;
    },
    async getByUsername(username: string): Promise<PersonWithSecret | null> {
      const r = await db.selectFrom('people').selectAll().where('username', '=', username).executeTakeFirst();
      return r ? withSecret(r) : null;
    },
    async getWithSecret(id: string): Promise<PersonWithSecret | null> {
      const r = await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? withSecret(r) : null;
    },
    async list(): Promise<Person[]> {
      const rows = await db.selectFrom('people').selectAll().orderBy('name').orderBy('id').execute();
      return rows.map((r) => personFromRow(r));
    },
    /** The enabled system administrators' ids, in id order (who is told of an audit checkpoint). */
    async activeAdminIds(): Promise<string[]> {
      const rows = await db
        .selectFrom('people')
        .select('id')
        .where('is_admin', '=', 1)
        .where('disabled', '=', 0)
        .orderBy('id')
        .execute();
      return rows.map((r) => r.id);
    },
    async count(): Promise<number> {
      const r = await db
        .selectFrom('people')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async update(
      id: string,
      patch: { name?: string; title?: string | null; disabled?: boolean; isAdmin?: boolean; email?: string | null },
    ): Promise<Person | null> {
      const set: Partial<Record<keyof PeopleTable, unknown>> = { updated_at: nowIso() };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.title !== undefined) set.title = patch.title;
      if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
      if (patch.isAdmin !== undefined) set.is_admin = patch.isAdmin ? 1 : 0;
      if (patch.email !== undefined) set.email = patch.email;
      await db
        .updateTable('people')
        .set(set as never)
        .where('id', '=', id)
        .execute();
      return this.get(id);
    },
    async setAccount(id: string, username: string, passwordHash: string, mustChange: boolean): Promise<void> {
      try {
        await db.deleteFrom('known_devices').where('person_id', '=', id).execute();
        await db
          .updateTable('people')
          .set({
            username,
            password_hash: passwordHash,
            must_change_password: mustChange ? 1 : 0,
            updated_at: nowIso(),
          })
          .where('id', '=', id)
          .execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw new JianshiError('E_CONFLICT', `用户名“${username}”已被使用。`);
        throw e;
      }
    },
    /** E-mail address for notifications; null removes it. */
    async setEmail(id: string, email: string | null): Promise<void> {
      await db.updateTable('people').set({ email, updated_at: nowIso() }).where('id', '=', id).execute();
    },
    /** The e-mail addresses of these people (those without one are absent). */
    async emails(ids: readonly string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for (let k = 0; k < ids.length; k += 500) {
        const rows = await db
          .selectFrom('people')
          .select(['id', 'email'])
          .where('id', 'in', ids.slice(k, k + 500))
          .where('email', 'is not', null)
          .where('disabled', '=', 0)
          .execute();
        for (const r of rows) if (r.email) out.set(r.id, r.email);
      }
      return out;
    },
    /** The display names of these people (unknown ids are absent). */
    async names(ids: readonly string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      const unique = [...new Set(ids)];
      for (let k = 0; k < unique.length; k += 500) {
        const rows = await db
          .selectFrom('people')
          .select(['id', 'name'])
          .where('id', 'in', unique.slice(k, k + 500))
          .execute();
        for (const r of rows) out.set(r.id, r.name);
      }
      return out;
    },
    /** Whether this actor created this person (read from the audit log's `person.create` entries). */
    async wasCreatedBy(personId: string, actorId: string): Promise<boolean> {
      const r = await db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'person.create')
        .where('entity_id', '=', personId)
        .where('actor_id', '=', actorId)
        .executeTakeFirst();
      return !!r;
    },
    /** Set the password hash; any outstanding one-time link (invitation, reset) for the person is revoked. */
    async setPassword(id: string, passwordHash: string, mustChange: boolean): Promise<void> {
      await db.deleteFrom('account_tokens').where('person_id', '=', id).execute();
      await db.deleteFrom('known_devices').where('person_id', '=', id).execute();
      await db
        .updateTable('people')
        .set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0, updated_at: nowIso() })
        .where('id', '=', id)
        .execute();
    },
  };
}

export type PeopleRepository = ReturnType<typeof peopleRepository>;
