/**
 * The public opinion link can be shown again: its token is derived from a random per-link nonce
 * (stored here) and a key kept outside the database (domain/procedure/link-key.ts). The nonce alone
 * gives nothing: without the key no token can be computed from it. Links made before this migration
 * have no nonce; they keep working and can be replaced by a new, re-showable one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('opinion_collections').addColumn('link_nonce', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('opinion_collections').dropColumn('link_nonce').execute();
}
