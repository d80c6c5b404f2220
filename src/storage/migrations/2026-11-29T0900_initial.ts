/**
 * Initial schema: every table of the first release (see docs/SCHEMA.md and ../schema.ts).
 * Portable types only: text, integer, and one binary type chosen per dialect.
 */
import { sql, type Kysely } from 'kysely';
import { binaryType, isPostgres } from './util.js';

export async function up(db: Kysely<any>): Promise<void> {
  const bin = binaryType(db);
  const t = (name: string) => db.schema.createTable(name);

  await t('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await t('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parent_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organizations_parent').on('organizations').column('parent_id').execute();

  await t('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.unique())
    .addColumn('password_hash', 'text')
    .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('title', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await t('memberships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('memberships_unique', ['person_id', 'org_id', 'role'])
    .execute();
  await db.schema.createIndex('memberships_org').on('memberships').columns(['org_id', 'role']).execute();

  await t('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_person').on('sessions').column('person_id').execute();

  await t('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .execute();

  await t('frameworks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('year', 'integer')
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await t('meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('framework_id', 'text')
    .addColumn('held_on', 'text')
    .addColumn('location', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planning'))
    .addColumn('created_by', 'text', (c) => c.references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meetings_org_year').on('meetings').columns(['org_id', 'year']).execute();

  await t('meeting_stages')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('start_on', 'text')
    .addColumn('due_on', 'text')
    .addColumn('done_at', 'text')
    .addPrimaryKeyConstraint('meeting_stages_pk', ['meeting_id', 'stage'])
    .execute();

  await t('meeting_participants')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_participants_pk', ['meeting_id', 'person_id'])
    .execute();
  await db.schema.createIndex('meeting_participants_person').on('meeting_participants').column('person_id').execute();

  await t('materials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('approved_by', 'text', (c) => c.references('people.id'))
    // Large values last: SQLite then reads the small columns without walking overflow pages.
    .addColumn('content', 'text', (c) => c.notNull())
    .addUniqueConstraint('materials_one_per_author', ['meeting_id', 'kind', 'author_id'])
    .execute();
  await db.schema.createIndex('materials_org_status').on('materials').columns(['org_id', 'status']).execute();
  await db.schema.createIndex('materials_author').on('materials').column('author_id').execute();
  await db.schema.createIndex('materials_updated').on('materials').column('updated_at').execute();
  await db.schema.createIndex('materials_meeting').on('materials').column('meeting_id').execute();

  await t('material_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('material_id', 'text', (c) => c.notNull().references('materials.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('bytes', bin, (c) => c.notNull())
    .execute();

  await t('material_versions')
    .addColumn('material_id', 'text', (c) => c.notNull().references('materials.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('file_id', 'text', (c) => c.references('material_files.id'))
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('material_versions_pk', ['material_id', 'version'])
    .execute();

  await t('review_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('material_id', 'text', (c) => c.notNull().references('materials.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('part', 'text', (c) => c.notNull())
    .addColumn('item', 'integer')
    .addColumn('span_start', 'integer')
    .addColumn('span_end', 'integer')
    .addColumn('quote', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_comments_material').on('review_comments').column('material_id').execute();

  await t('workflow_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('material_id', 'text', (c) => c.notNull().references('materials.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('workflow_events_material').on('workflow_events').column('material_id').execute();

  await t('audit_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before_digest', 'text')
    .addColumn('after_digest', 'text')
    .addColumn('details', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  // Append-only: updates and deletes are refused by the database itself.
  if (isPostgres(db)) {
    await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  }

  // ---------------------------------------------------------------- later issues (5–8)

  await t('org_settings')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('org_settings_pk', ['org_id', 'key'])
    .execute();

  await t('opinion_collections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('opens_on', 'text')
    .addColumn('closes_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Anonymous by design: no author, session, IP, user agent or time column — the date only.
  await t('opinions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('collection_id', 'text', (c) => c.notNull().references('opinion_collections.id'))
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_person_id', 'text', (c) => c.references('people.id'))
    .addColumn('category', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('submitted_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('opinions_collection')
    .on('opinions')
    .columns(['collection_id', 'target_person_id'])
    .execute();

  await t('talks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('person_a_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('person_b_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('held_on', 'text')
    .addColumn('topics', 'text')
    .addColumn('notes', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('talks_meeting').on('talks').column('meeting_id').execute();

  await t('meeting_records')
    .addColumn('meeting_id', 'text', (c) => c.primaryKey().references('meetings.id'))
    .addColumn('held_on', 'text')
    .addColumn('started_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('location', 'text')
    .addColumn('agenda', 'text')
    .addColumn('summary', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('recorder_id', 'text', (c) => c.references('people.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await t('attendance')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addPrimaryKeyConstraint('attendance_pk', ['meeting_id', 'person_id'])
    .execute();

  await t('speeches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('speaker_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('material_id', 'text', (c) => c.references('materials.id'))
    .addColumn('notes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await t('criticisms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('speech_id', 'text', (c) => c.references('speeches.id'))
    .addColumn('target_person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('critic_id', 'text', (c) => c.references('people.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await t('meeting_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('target_person_id', 'text', (c) => c.references('people.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await t('ledger_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('meeting_id', 'text', (c) => c.references('meetings.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text')
    .addColumn('aspect', 'text')
    .addColumn('problem', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('measures', 'text')
    .addColumn('leader_name', 'text')
    .addColumn('department', 'text')
    .addColumn('owner_id', 'text', (c) => c.references('people.id'))
    .addColumn('deadline_kind', 'text', (c) => c.notNull())
    .addColumn('deadline_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('repeated_of_id', 'text', (c) => c.references('ledger_items.id'))
    .addColumn('created_by', 'text', (c) => c.references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text', (c) => c.references('people.id'))
    .addUniqueConstraint('ledger_items_number', ['org_id', 'year', 'number'])
    .execute();
  await db.schema
    .createIndex('ledger_items_org_status')
    .on('ledger_items')
    .columns(['org_id', 'status', 'deadline_on'])
    .execute();
  await db.schema.createIndex('ledger_items_owner').on('ledger_items').columns(['owner_id', 'status']).execute();
  await db.schema.createIndex('ledger_items_aspect').on('ledger_items').columns(['aspect', 'status']).execute();

  await t('ledger_transitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('ledger_items.id'))
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('reason', 'text')
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_transitions_item').on('ledger_transitions').column('item_id').execute();

  await t('ledger_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('ledger_items.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await t('evidence_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('ledger_items.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('evidence_on', 'text')
    .addColumn('storage', 'text', (c) => c.notNull())
    .addColumn('stored_path', 'text')
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('bytes', bin)
    .execute();
  await db.schema.createIndex('evidence_files_item').on('evidence_files').column('item_id').execute();

  await t('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('link', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_person').on('notifications').columns(['person_id', 'read_at']).execute();

  await t('appraisals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('ratee_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('rater_id', 'text', (c) => c.references('people.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('grade', 'text')
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('appraisals_meeting').on('appraisals').columns(['meeting_id', 'ratee_id']).execute();
}

const ALL = [
  'appraisals',
  'notifications',
  'evidence_files',
  'ledger_notes',
  'ledger_transitions',
  'ledger_items',
  'meeting_comments',
  'criticisms',
  'speeches',
  'attendance',
  'meeting_records',
  'talks',
  'opinions',
  'opinion_collections',
  'org_settings',
  'audit_log',
  'workflow_events',
  'review_comments',
  'material_versions',
  'material_files',
  'materials',
  'meeting_participants',
  'meeting_stages',
  'meetings',
  'frameworks',
  'login_throttle',
  'sessions',
  'memberships',
  'people',
  'organizations',
  'settings',
];

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ALL) await db.schema.dropTable(name).ifExists().execute();
  if (isPostgres(db)) await sql`DROP FUNCTION IF EXISTS audit_log_append_only()`.execute(db);
}
