/**
 * Known devices: a browser where an account logged in successfully holds a random
 * 256-bit "known device" cookie; only its SHA-256 (keyed with the account) is kept here. A login
 * that presents one for its account is counted on its own per-device series instead of the
 * account-wide and address-wide ones, so guesses spread over many addresses cannot keep the owner
 * out. Deleted when the password is set or the account disabled; at most 10 per account.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('known_devices')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('known_devices_person')
    .on('known_devices')
    .columns(['person_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('known_devices').ifExists().execute();
}
