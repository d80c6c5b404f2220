/**
 * What an account has besides its password: the browsers it has logged in from (`known_devices`,
 * the hashes of their device tokens) and its outstanding one-time links (`account_tokens`:
 * invitations and resets by link, stored as hashes). The rules — how many devices, how long a
 * link lives, who may issue one — are the domain's (server/domain/accounts.ts, invitations.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export function knownDevicesRepository(db: Kysely<Database>) {
  return {
    /** When the device with this token hash was registered for this person; null when it is not his. */
    async registeredAt(tokenHash: string, personId: string): Promise<string | null> {
      const row = await db
        .selectFrom('known_devices')
        .select('created_at')
        .where('token_hash', '=', tokenHash)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      return row?.created_at ?? null;
    },
    /**
     * Register a device of this person (replacing the presented one, if any), then keep only his
     * `keep` newest devices.
     */
    async register(input: {
      personId: string;
      tokenHash: string;
      replaces: string | null;
      at: string;
      keep: number;
    }): Promise<void> {
      if (input.replaces) await db.deleteFrom('known_devices').where('token_hash', '=', input.replaces).execute();
      await db
        .insertInto('known_devices')
        .values({ token_hash: input.tokenHash, person_id: input.personId, created_at: input.at })
        .execute();
      const keep = await db
        .selectFrom('known_devices')
        .select('token_hash')
        .where('person_id', '=', input.personId)
        .orderBy('created_at', 'desc')
        .orderBy('token_hash')
        .limit(input.keep)
        .execute();
      await db
        .deleteFrom('known_devices')
        .where('person_id', '=', input.personId)
        .where(
          'token_hash',
          'not in',
          keep.map((r) => r.token_hash),
        )
        .execute();
    },
    /** Forget every device of this person (the account is disabled). */
    async forgetPerson(personId: string): Promise<void> {
      await db.deleteFrom('known_devices').where('person_id', '=', personId).execute();
    },
  };
}

export type KnownDevicesRepository = ReturnType<typeof knownDevicesRepository>;

export interface AccountLink {
  personId: string;
  expiresAt: string;
}

/** The one-time links (invitation, reset by link) of accounts, by the hash of their token. */
export function invitationsRepository(db: Kysely<Database>) {
  return {
    /** Store a new link for the person; his older links are revoked. */
    async issue(input: {
      tokenHash: string;
      personId: string;
      purpose: 'invite' | 'reset';
      createdBy: string;
      createdAt: string;
      expiresAt: string;
    }): Promise<void> {
      await db.deleteFrom('account_tokens').where('person_id', '=', input.personId).execute();
      await db
        .insertInto('account_tokens')
        .values({
          token_hash: input.tokenHash,
          person_id: input.personId,
          purpose: input.purpose,
          created_by: input.createdBy,
          created_at: input.createdAt,
          expires_at: input.expiresAt,
        })
        .execute();
    },
    async find(tokenHash: string): Promise<AccountLink | null> {
      const row = await db
        .selectFrom('account_tokens')
        .select(['person_id', 'expires_at'])
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row ? { personId: row.person_id, expiresAt: row.expires_at } : null;
    },
    /**
     * Spend the link: true for the one caller that deletes its row (also against two acceptances
     * at once), false when it is gone already.
     */
    async consume(tokenHash: string, personId: string): Promise<boolean> {
      const spent = await db
        .deleteFrom('account_tokens')
        .where('token_hash', '=', tokenHash)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      return Number(spent.numDeletedRows) === 1;
    },
    /** Revoke every outstanding link of this person. */
    async revokeForPerson(personId: string): Promise<void> {
      await db.deleteFrom('account_tokens').where('person_id', '=', personId).execute();
    },
  };
}

export type InvitationsRepository = ReturnType<typeof invitationsRepository>;
