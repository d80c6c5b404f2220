/**
 * The database schema as TypeScript types (Kysely's `Database` interface). The migrations in
 * ./migrations create exactly these tables; docs/SCHEMA.md explains them.
 *
 * Portability rules (SQLite and PostgreSQL run the same queries):
 *   - ids are text (random UUIDs), so backups restore into either database without sequences;
 *   - times are ISO-8601 UTC text (`2026-11-29T09:00:00.000Z`), dates are `YYYY-MM-DD` text;
 *   - JSON is stored as text and parsed by the repositories;
 *   - booleans are integers 0/1; binary data is a Buffer (BLOB / BYTEA).
 */
import type { ColumnType, Generated } from 'kysely';

type Bool = number;
type Json = string;
type Bytes = Buffer;

export interface SettingsTable {
  key: string;
  value: string;
}

export interface OrganizationsTable {
  id: string;
  parent_id: string | null;
  name: string;
  /** 党委 | 党总支 | 党支部 | 党组 | 其他 */
  kind: string;
  /** Materialised path of ids: "/root/child/" — descendants are `path LIKE '/root/%'`. */
  path: string;
  sort: Generated<number>;
  created_at: string;
}

export interface PeopleTable {
  id: string;
  name: string;
  /** Login name; null for people without an account. */
  username: string | null;
  password_hash: string | null;
  is_admin: Generated<Bool>;
  disabled: Generated<Bool>;
  must_change_password: Generated<Bool>;
  title: string | null;
  /** For e-mail notifications; null → in-app only. */
  email: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  id: string;
  person_id: string;
  org_id: string;
  /** admin | secretary | leader | member | recorder | reviewer (see core/auth/policy.ts) */
  role: string;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  /** HMAC-SHA256 of the random cookie token; the token itself is never stored. */
  token_hash: string;
  person_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface LoginThrottleTable {
  /** "u:<username>" or "ip:<address>" */
  key: string;
  failures: number;
  window_start: string;
  locked_until: string | null;
}

/** One-time links (invitation / password reset): only SHA-256 of the token (migration 2026-12-06T1100). */
export interface AccountTokensTable {
  token_hash: string;
  person_id: string;
  /** 'invite' (no password yet) or 'reset' (replaces a password) */
  purpose: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
}

/** Known-device cookies (migration 2026-12-06T1500): only SHA-256 of `<person id>:<token>`. */
export interface KnownDevicesTable {
  token_hash: string;
  person_id: string;
  created_at: string;
}

export interface FrameworksTable {
  id: string;
  org_id: string | null;
  name: string;
  year: number | null;
  /** The Framework object of core/frameworks (aspects with aliases). */
  definition: Json;
  created_by: string | null;
  created_at: string;
}

export interface MeetingsTable {
  id: string;
  org_id: string;
  /** 民主生活会 | 组织生活会 | 专题 */
  kind: string;
  year: number;
  theme: string;
  framework_id: string | null;
  held_on: string | null;
  location: string | null;
  status: Generated<string>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface MeetingStagesTable {
  meeting_id: string;
  /** opinions | talks | materials | review | meeting | report | rectification */
  stage: string;
  start_on: string | null;
  due_on: string | null;
  done_at: string | null;
}

export interface MeetingParticipantsTable {
  meeting_id: string;
  person_id: string;
  /** secretary | leader | member | recorder | supervisor | attendee */
  role: string;
}

export interface MaterialsTable {
  id: string;
  meeting_id: string;
  org_id: string;
  /** leadership (班子对照检查材料) | personal (个人对照检查材料) | member (检视剖析材料) */
  kind: string;
  author_id: string;
  title: string;
  status: string;
  version: number;
  /** Full Material model JSON of the current version (core/material/model.ts). */
  content: Json;
  digest: string;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  approved_at: string | null;
  approved_by: string | null;
}

export interface MaterialVersionsTable {
  material_id: string;
  version: number;
  content: Json;
  digest: string;
  author_id: string;
  file_id: string | null;
  note: string | null;
  created_at: string;
}

/** The author's working copy: what autosave writes (one row per material; no version of its own). */
export interface MaterialDraftsTable {
  material_id: string;
  base_version: number;
  rev: number;
  author_id: string;
  started_at: string;
  saved_at: string;
  /** The content as the editor sent it (MaterialContent JSON), not yet parsed. */
  content: string;
}

/** The outbox of work a version leaves behind (查重 indexing), processed under a lease by any instance. */
export interface MaterialJobsTable {
  material_id: string;
  version: number;
  kind: string;
  state: string;
  attempts: Generated<number>;
  lease_owner: string | null;
  lease_until: string | null;
  created_at: string;
  done_at: string | null;
  error: string | null;
}

export interface MaterialFilesTable {
  id: string;
  material_id: string;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  bytes: Bytes;
  uploaded_by: string;
  created_at: string;
}

export interface ReviewCommentsTable {
  id: string;
  material_id: string;
  version: number;
  author_id: string;
  /** title | preface | problems | causes | measures | closing | general */
  part: string;
  item: number | null;
  span_start: number | null;
  span_end: number | null;
  quote: string | null;
  body: string;
  resolved_at: string | null;
  /** Who marked it handled (已处理): the material's author. */
  resolved_by: string | null;
  created_at: string;
}

/** The author's replies to a review comment (kept across versions, like the comment). */
export interface ReviewRepliesTable {
  id: string;
  comment_id: string;
  material_id: string;
  author_id: string;
  body: string;
  created_at: string;
}

export interface WorkflowEventsTable {
  id: string;
  material_id: string;
  action: string;
  from_status: string;
  to_status: string;
  actor_id: string;
  version: number;
  note: string | null;
  at: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before_digest: string | null;
  after_digest: string | null;
  details: Json | null;
  prev_hash: string;
  hash: string;
  /** The entry's chain (NULL: the legacy chain of entries written before the log was sharded). */
  shard: number | null;
  /** Its position in that chain: 1, 2, 3, … */
  shard_seq: number | null;
}

// ---------------------------------------------------------------- later issues (5–8)

export interface OrgSettingsTable {
  org_id: string;
  key: string;
  value: Json;
  updated_at: string;
}

export interface OpinionCollectionsTable {
  id: string;
  meeting_id: string;
  /** HMAC of the public link's token. */
  token_hash: string;
  opens_on: string | null;
  closes_on: string | null;
  status: string;
  created_by: string;
  created_at: string;
  /** The daily cap restarts with a new link: on `cap_day`, `cap_offset` opinions were before it. */
  cap_day: Generated<string | null>;
  cap_offset: Generated<number>;
  /** Random nonce from which, with a key kept outside the database, the link's token is derived (null: a link made before). */
  link_nonce: Generated<string | null>;
}

/** Anonymous by design: no author, session, IP, user agent or time — only the date. */
export interface OpinionsTable {
  id: string;
  collection_id: string;
  /** group | person */
  target_kind: string;
  target_person_id: string | null;
  category: string | null;
  body: string;
  submitted_on: string;
  /** 1 = hidden by the secretary as junk (out of summaries and exports, still counted). */
  hidden: Generated<number>;
}

/** Opinions waiting for their batch: ciphertext only, no time, no order (see opinion-spool.ts). */
export interface OpinionSpoolTable {
  id: string;
  collection_id: string;
  sealed: string;
}

export interface TalksTable {
  id: string;
  meeting_id: string;
  person_a_id: string;
  person_b_id: string;
  held_on: string | null;
  topics: string | null;
  notes: string | null;
  recorded_by: string;
  created_at: string;
}

export interface MeetingRecordsTable {
  meeting_id: string;
  held_on: string | null;
  started_at: string | null;
  ended_at: string | null;
  location: string | null;
  agenda: Json | null;
  summary: string | null;
  status: string;
  recorder_id: string | null;
  updated_at: string;
}

export interface AttendanceTable {
  meeting_id: string;
  person_id: string;
  /** present | absent | leave */
  status: string;
  reason: string | null;
}

export interface SpeechesTable {
  id: string;
  meeting_id: string;
  speaker_id: string;
  seq: number;
  material_id: string | null;
  notes: string | null;
  created_at: string;
}

export interface CriticismsTable {
  id: string;
  meeting_id: string;
  speech_id: string | null;
  target_person_id: string;
  critic_id: string | null;
  body: string;
  created_at: string;
}

export interface MeetingCommentsTable {
  id: string;
  meeting_id: string;
  author_id: string;
  target_person_id: string | null;
  /** supervisor | summary | report */
  kind: string;
  body: string;
  created_at: string;
}

export interface LedgerItemsTable {
  id: string;
  org_id: string;
  meeting_id: string | null;
  year: number;
  number: string;
  /** 征求意见 | 谈心谈话 | 相互批评 | 上级点评 | 巡视巡察 | 审计 | 自查 | 对照检查 */
  source: string;
  source_ref: Json | null;
  aspect: string | null;
  problem: string;
  target: string | null;
  measures: string | null;
  leader_name: string | null;
  department: string | null;
  owner_id: string | null;
  /** date | immediate (立行立改) | ongoing (长期坚持) */
  deadline_kind: string;
  deadline_on: string | null;
  /** pending | in_progress | awaiting_close | closed */
  status: string;
  repeated_of_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  closed_by: string | null;
}

export interface LedgerTransitionsTable {
  id: string;
  item_id: string;
  from_status: string;
  to_status: string;
  actor_id: string;
  reason: string | null;
  snapshot: Json;
  at: string;
}

/** Deadline extension requests and their decisions. */
export interface LedgerExtensionsTable {
  id: string;
  item_id: string;
  status: string;
  requested_by: string;
  requested_at: string;
  old_deadline_on: string;
  new_deadline_on: string;
  reason: string;
  decided_by: string | null;
  decided_at: string | null;
  comment: string | null;
}

export interface LedgerNotesTable {
  id: string;
  item_id: string;
  author_id: string;
  body: string;
  created_at: string;
}

export interface EvidenceFilesTable {
  id: string;
  item_id: string;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  evidence_on: string | null;
  /** db | dir */
  storage: string;
  bytes: Bytes | null;
  /** Server-generated relative path when storage = dir (never from the upload's name). */
  stored_path: string | null;
  uploaded_by: string;
  created_at: string;
}

/** Maintained by triggers (migration 2026-11-29T1310): item counts per (org, year, aspect, status). Derived; not backed up. */
export interface LedgerStatsTable {
  org_id: string;
  year: number;
  /** '' for items without an aspect. */
  aspect_key: string;
  status: string;
  n: number;
  repeated: number;
}
/** Maintained by triggers: items created and closed per (org, year, month 'YYYY-MM'). */
export interface LedgerStatsMonthTable {
  org_id: string;
  year: number;
  month: string;
  created: number;
  closed: number;
}
export interface NotificationsTable {
  id: string;
  person_id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  dedupe_key: string | null;
  created_at: string;
  read_at: string | null;
  /** Mail outbox: null (in-app only) | pending | sent | failed. */
  mail_status: string | null;
  mail_attempts: Generated<number>;
  mail_claimed_at: string | null;
  mailed_at: string | null;
  mail_error: string | null;
}

export interface AppraisalsTable {
  id: string;
  meeting_id: string;
  ratee_id: string;
  /** null for a secret ballot */
  rater_id: string | null;
  /** self | peer | vote */
  kind: string;
  /** 优秀 | 合格 | 基本合格 | 不合格 */
  grade: string | null;
  comment: string | null;
  created_at: string;
}

/**
 * Every column of a table, named: for the prepared queries, which must not say `select *`. On
 * PostgreSQL they are named statements, planned once per connection; a column added by a migration
 * that another instance ran would change a `select *` statement's result type, and PostgreSQL then
 * refuses it ("cached plan must not change result type") until the connection goes away. The type
 * refuses a list that misses a column.
 */
function allColumns<T>() {
  return <const C extends readonly (keyof T & string)[]>(
    cols: C & ([Exclude<keyof T, C[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, C[number]> }),
  ): C => cols;
}
export const ORGANIZATION_COLUMNS = allColumns<OrganizationsTable>()([
  'id',
  'parent_id',
  'name',
  'kind',
  'path',
  'sort',
  'created_at',
]);
export const PEOPLE_COLUMNS = allColumns<PeopleTable>()([
  'id',
  'name',
  'username',
  'password_hash',
  'is_admin',
  'disabled',
  'must_change_password',
  'title',
  'email',
  'created_at',
  'updated_at',
]);
export const MEMBERSHIP_COLUMNS = allColumns<MembershipsTable>()(['id', 'person_id', 'org_id', 'role', 'created_at']);
export const SESSION_COLUMNS = allColumns<SessionsTable>()([
  'id',
  'token_hash',
  'person_id',
  'created_at',
  'last_seen_at',
  'expires_at',
]);
export const MATERIAL_COLUMNS = allColumns<MaterialsTable>()([
  'id',
  'meeting_id',
  'org_id',
  'kind',
  'author_id',
  'title',
  'status',
  'version',
  'content',
  'digest',
  'created_at',
  'updated_at',
  'submitted_at',
  'approved_at',
  'approved_by',
]);

export interface Database {
  settings: SettingsTable;
  organizations: OrganizationsTable;
  people: PeopleTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  account_tokens: AccountTokensTable;
  known_devices: KnownDevicesTable;
  frameworks: FrameworksTable;
  meetings: MeetingsTable;
  meeting_stages: MeetingStagesTable;
  meeting_participants: MeetingParticipantsTable;
  materials: MaterialsTable;
  material_versions: MaterialVersionsTable;
  material_drafts: MaterialDraftsTable;
  material_jobs: MaterialJobsTable;
  material_files: MaterialFilesTable;
  review_comments: ReviewCommentsTable;
  review_replies: ReviewRepliesTable;
  workflow_events: WorkflowEventsTable;
  audit_log: AuditLogTable;
  org_settings: OrgSettingsTable;
  opinion_collections: OpinionCollectionsTable;
  opinions: OpinionsTable;
  opinion_spool: OpinionSpoolTable;
  talks: TalksTable;
  meeting_records: MeetingRecordsTable;
  attendance: AttendanceTable;
  speeches: SpeechesTable;
  criticisms: CriticismsTable;
  meeting_comments: MeetingCommentsTable;
  ledger_items: LedgerItemsTable;
  ledger_transitions: LedgerTransitionsTable;
  ledger_notes: LedgerNotesTable;
  ledger_extensions: LedgerExtensionsTable;
  ledger_stats: LedgerStatsTable;
  ledger_stats_month: LedgerStatsMonthTable;
  evidence_files: EvidenceFilesTable;
  notifications: NotificationsTable;
  appraisals: AppraisalsTable;
}

/** Tables in dependency order (parents first): the order backup writes and restore reads. */
export const TABLES_IN_ORDER = [
  'settings',
  'organizations',
  'people',
  'memberships',
  'sessions',
  'login_throttle',
  'frameworks',
  'meetings',
  'meeting_stages',
  'meeting_participants',
  'materials',
  'material_files',
  'material_versions',
  'material_drafts',
  'review_comments',
  'review_replies',
  'workflow_events',
  'audit_log',
  'org_settings',
  'opinion_collections',
  'opinions',
  'talks',
  'meeting_records',
  'attendance',
  'speeches',
  'criticisms',
  'meeting_comments',
  'ledger_items',
  'ledger_transitions',
  'ledger_notes',
  'ledger_extensions',
  'evidence_files',
  'notifications',
  'appraisals',
  'account_tokens',
  'known_devices',
] as const satisfies readonly (keyof Database)[];

/** Columns holding binary data (written as base64 in backups). */
export const BINARY_COLUMNS: Partial<Record<keyof Database, string[]>> = {
  material_files: ['bytes'],
  evidence_files: ['bytes'],
};

export type { ColumnType };
