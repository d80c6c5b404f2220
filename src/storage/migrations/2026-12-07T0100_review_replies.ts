/**
 * The author's answers to review comments: replies (any number per comment, kept across versions
 * like the comments themselves) and who marked a comment handled (已处理; `resolved_at` already
 * existed and says when).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('review_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('comment_id', 'text', (c) => c.notNull().references('review_comments.id'))
    .addColumn('material_id', 'text', (c) => c.notNull().references('materials.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('review_replies_material')
    .on('review_replies')
    .columns(['material_id', 'created_at'])
    .execute();
  await db.schema.alterTable('review_comments').addColumn('resolved_by', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('review_comments').dropColumn('resolved_by').execute();
  await db.schema.dropTable('review_replies').ifExists().execute();
}
