/**
 * Login sessions, stored in the database so that any server instance accepts any session.
 * Only a keyed hash of the cookie token is stored; the token itself exists only in the cookie.
 */
import { PostgresAdapter, sql } from 'kysely';
import { jsonArrayFrom as pgJsonArrayFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArrayFrom } from 'kysely/helpers/sqlite';
import type { Kysely } from 'kysely';
import { PEOPLE_COLUMNS, SESSION_COLUMNS, type Database } from '../schema.js';
import { newId, nowIso } from './util.js';
import { prepared, stateCache, type ReadView } from '../prepared.js';
import { batchedLookup } from '../batched.js';
import { personFromRow, type Person } from './people.js';

// Every column but the password hash, which no request needs.
const PERSON_OF_SESSION = PEOPLE_COLUMNS.filter(
  (c): c is Exclude<typeof c, 'password_hash'> => c !== 'password_hash',
).map((c) => `people.${c}` as const);
const findValidQ = prepared((db, tokenHash: string, now: string) =>
  db.selectFrom('sessions').select(SESSION_COLUMNS).where('token_hash', '=', tokenHash).where('expires_at', '>', now),
);
// Every request's lookup: the session, its person and the person's memberships (with each
// organization's path) in one query — one round trip, which on PostgreSQL is most of the cost.
const withActor = (db: Kysely<Database>) => {
  const jsonArrayFrom = (
    db.getExecutor().adapter instanceof PostgresAdapter ? pgJsonArrayFrom : sqliteJsonArrayFrom
  ) as typeof sqliteJsonArrayFrom;
  return db
    .selectFrom('sessions')
    .innerJoin('people', 'people.id', 'sessions.person_id')
    .select(PERSON_OF_SESSION)
    .select([
      'sessions.id as session_id',
      'sessions.token_hash as session_token_hash',
      'sessions.created_at as session_created_at',
      'sessions.last_seen_at as session_last_seen_at',
      'sessions.expires_at as session_expires_at',
    ])
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('memberships')
          .innerJoin('organizations', 'organizations.id', 'memberships.org_id')
          .select(['memberships.org_id as orgId', 'organizations.path as orgPath', 'memberships.role as role'])
          .whereRef('memberships.person_id', '=', 'people.id')
          .orderBy('organizations.path'),
      ).as('memberships'),
    );
};
const findWithActorQ = prepared((db, tokenHash: string, now: string) =>
  withActor(db).where('sessions.token_hash', '=', tokenHash).where('sessions.expires_at', '>', now),
);
// PostgreSQL: the lookups of requests arriving together, in one query (batched.ts).
const findManyWithActorQ = prepared((db, tokenHashes: string[], now: string) =>
  withActor(db)
    .where(sql<boolean>`sessions.token_hash = any(${tokenHashes}::text[])`)
    .where('sessions.expires_at', '>', now),
);
type ActorRow = Awaited<ReturnType<typeof findWithActorQ.first>> & object;
export interface Actor {
  readonly session: Readonly<Session>;
  readonly person: Readonly<Person>;
  readonly memberships: readonly Readonly<{ orgId: string; orgPath: string; role: string }>[];
}

function actorFromRow(r: ActorRow): Actor {
  // SQLite answers JSON as text; PostgreSQL's driver parses it.
  const ms = (typeof r.memberships === 'string' ? JSON.parse(r.memberships) : r.memberships) as {
    orgId: string;
    orgPath: string;
    role: string;
  }[];
  return Object.freeze({
    session: Object.freeze({
      id: r.session_id,
      personId: r.id,
      createdAt: r.session_created_at,
      lastSeenAt: r.session_last_seen_at,
      expiresAt: r.session_expires_at,
    }),
    person: Object.freeze(personFromRow(r)),
    memberships: Object.freeze(ms.map((m) => Object.freeze({ orgId: m.orgId, orgPath: m.orgPath, role: m.role }))),
  });
}

export interface Session {
  id: string;
  personId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export function sessionsRepository(db: Kysely<Database>) {
  // Checked at the time of the query (not of each request's arrival, which is earlier).
  const batched =
    !db.isTransaction && db.getExecutor().adapter instanceof PostgresAdapter
      ? batchedLookup<ActorRow>({
          run: (hashes) => findManyWithActorQ.all(db, hashes, nowIso()),
          keyOf: (r) => r.session_token_hash,
        })
      : undefined;
  return {
    async create(input: { personId: string; tokenHash: string; expiresAt: string }): Promise<Session> {
      const t = nowIso();
      const row = {
        id: newId(),
        token_hash: input.tokenHash,
        person_id: input.personId,
        created_at: t,
        last_seen_at: t,
        expires_at: input.expiresAt,
      };
      await db.insertInto('sessions').values(row).execute();
      return { id: row.id, personId: row.person_id, createdAt: t, lastSeenAt: t, expiresAt: row.expires_at };
    },
    /** The live session for a token hash, or null when unknown or expired. */
    async findValid(tokenHash: string, now: string = nowIso()): Promise<Session | null> {
      const r = await findValidQ.first(db, tokenHash, now);
      return r
        ? {
            id: r.id,
            personId: r.person_id,
            createdAt: r.created_at,
            lastSeenAt: r.last_seen_at,
            expiresAt: r.expires_at,
          }
        : null;
    },
    /**
     * The live session for a token hash with its person (no password hash) and the person's
     * memberships: everything authorizing a request needs, in one query. The
     * answer is kept until the next commit (`stateCache`: exact, not a time-to-live), so it is
     * frozen: every request with this session shares it. `view`: the request's (prepared.ts).
     */
    async findValidWithActor(tokenHash: string, opts: { now?: string; view?: ReadView } = {}): Promise<Actor | null> {
      const { now, view } = opts;
      const at = now ?? nowIso();
      const cache = await stateCache<Actor>(db, 'session-actor', view);
      let found = cache?.get(tokenHash);
      if (!found) {
        const r =
          now === undefined && batched ? await batched(tokenHash) : await findWithActorQ.first(db, tokenHash, at);
        if (!r) return null;
        found = actorFromRow(r);
        cache?.set(tokenHash, found);
      }
      // The query compares the expiry too; a kept answer is checked here (ISO strings, as in SQL).
      return found.session.expiresAt > at ? found : null;
    },
    async touch(id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
        .where('id', '=', id)
        .execute();
    },
    async delete(id: string): Promise<void> {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    /** Log out everywhere (after a password change), optionally keeping the current session. */
    async deleteForPerson(personId: string, exceptId?: string): Promise<void> {
      let q = db.deleteFrom('sessions').where('person_id', '=', personId);
      if (exceptId) q = q.where('id', '!=', exceptId);
      await q.execute();
    },
    async deleteExpired(now: string = nowIso()): Promise<number> {
      const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

export type SessionsRepository = ReturnType<typeof sessionsRepository>;
