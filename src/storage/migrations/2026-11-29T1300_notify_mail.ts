/**
 * Notifications by e-mail: people get an optional `email`; a notification that should
 * also go out by mail carries its own outbox state, so a mail that could not be sent (SMTP down) is
 * never lost — it stays `pending` and is retried by the next scheduler tick, on whichever instance.
 *
 *   notifications.mail_status      null (in-app only) | pending | sent | failed (gave up after N attempts)
 *   notifications.mail_attempts    attempts so far
 *   notifications.mail_claimed_at  an instance claimed it (compare-and-set) at this time; stale claims expire
 *   notifications.mailed_at        when the SMTP server accepted it
 *   notifications.mail_error       the last error (for administrators; never mail content)
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').addColumn('email', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('mail_status', 'text').execute();
  await db.schema
    .alterTable('notifications')
    .addColumn('mail_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('notifications').addColumn('mail_claimed_at', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('mailed_at', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('mail_error', 'text').execute();
  await db.schema
    .createIndex('notifications_mail_status')
    .on('notifications')
    .columns(['mail_status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('notifications_person_time')
    .on('notifications')
    .columns(['person_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('notifications_person_time').ifExists().execute();
  await db.schema.dropIndex('notifications_mail_status').ifExists().execute();
  for (const c of ['mail_error', 'mailed_at', 'mail_claimed_at', 'mail_attempts', 'mail_status'])
    await db.schema.alterTable('notifications').dropColumn(c).execute();
  await db.schema.alterTable('people').dropColumn('email').execute();
}
