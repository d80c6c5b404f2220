/**
 * A backup grants nothing.
 *
 *  - `account_tokens`: one-time links (invitations, password resets by link) as random 256-bit
 *    tokens of which only SHA-256 is kept; single use, expiring, revoked when a newer one is issued
 *    for the same person or the password is set otherwise. They replace links signed with a key
 *    kept in `settings` over data kept beside it (anyone with a backup could compute a link).
 *  - the generated `session_secret` is deleted from `settings`: nothing in the database signs or
 *    keys anything. Links signed with it stop working; sessions and opinion links hashed with it
 *    stop matching (log in again; rotate an open opinion link) — unless SESSION_SECRET is set in
 *    the environment, which still keys those hashes.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('account_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_tokens_person').on('account_tokens').column('person_id').execute();
  await sql`DELETE FROM settings WHERE key = 'session_secret'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_tokens').ifExists().execute();
}
