/**
 * The repositories, bound to one database handle (or one transaction). One implementation
 * serves SQLite and PostgreSQL: Kysely compiles the same queries for both; the few differences
 * (row locks, advisory locks) are switched on `dialect`.
 *
 *   const repos = createRepositories(store);
 *   await repos.transaction(async (tx) => { await tx.materials.saveVersion(…); await tx.audit.append(…); });
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { DialectName, Store } from '../db.js';
import { peopleRepository, type PeopleRepository } from './people.js';
import { sessionsRepository, type SessionsRepository } from './sessions.js';
import { throttleRepository, type ThrottleRepository } from './throttle.js';
import { membershipsRepository, orgsRepository, type MembershipsRepository, type OrgsRepository } from './orgs.js';
import { meetingsRepository, type MeetingsRepository } from './meetings.js';
import { frameworksRepository, type FrameworksRepository } from './frameworks.js';
import { materialsRepository, type MaterialsRepository } from './materials.js';
import { auditRepository, type AuditRepository } from './audit.js';
import { settingsRepository, type SettingsRepository } from './settings.js';
import { draftsRepository, jobsRepository, type DraftsRepository, type JobsRepository } from './material-work.js';
import {
  invitationsRepository,
  knownDevicesRepository,
  type InvitationsRepository,
  type KnownDevicesRepository,
} from './accounts.js';
import { ledgerRepository, type LedgerRepository } from './ledger.js';
import { meetingBoard, type MeetingBoard } from './meeting-board.js';
import { meetingProcedureRepository, type MeetingProcedureRepository } from './meeting-procedure.js';
import { orgSettingsRepository, type OrgSettingsRepository } from './org-settings.js';
import { allMemberships, type DirectoryMembership } from './people-directory.js';

export interface Repositories {
  dialect: DialectName;
  /**
   * The raw handle, for storage itself and for tests that set up or inspect rows. Code outside
   * src/storage never uses it (SQL lives here): add a named method to the table's repository instead.
   */
  db: Kysely<Database>;
  /** One round trip to the database (the health check): rejects while it is unreachable. */
  ping(): Promise<void>;
  /** Every membership with its organization's name (the people directory). */
  directoryMemberships(): Promise<DirectoryMembership[]>;
  people: PeopleRepository;
  sessions: SessionsRepository;
  throttle: ThrottleRepository;
  orgs: OrgsRepository;
  memberships: MembershipsRepository;
  meetings: MeetingsRepository;
  frameworks: FrameworksRepository;
  materials: MaterialsRepository;
  audit: AuditRepository;
  /** The authors' working copies (autosave). */
  drafts: DraftsRepository;
  /** The outbox of work versions leave behind (查重 indexing). */
  jobs: JobsRepository;
  settings: SettingsRepository;
  /** The browsers each account has logged in from (known-device tokens, hashed). */
  devices: KnownDevicesRepository;
  /** The accounts' one-time links: invitations and resets by link (hashed). */
  invitations: InvitationsRepository;
  /** The meetings list with phases and progress (search, filters, a page's figures). */
  meetingBoard: MeetingBoard;
  /** The rectification ledger (items, workflow, evidence, notifications); `.configured(…)` for other evidence storage. */
  ledger: LedgerRepository;
  /** The meeting procedure: opinions (anonymous), talks, the record, the appraisal. */
  procedure: MeetingProcedureRepository;
  /** Settings an organization sets for itself and its descendants (the report deadline). */
  orgSettings: OrgSettingsRepository;
  /** Run `fn` in one transaction (joins the current one when already inside). */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
}

export function bindRepositories(db: Kysely<Database>, dialect: DialectName): Repositories {
  const repos: Repositories = {
    dialect,
    db,
    async ping() {
      await sql`select 1`.execute(db);
    },
    directoryMemberships: () => allMemberships(db),
    people: peopleRepository(db),
    sessions: sessionsRepository(db),
    throttle: throttleRepository(db, dialect),
    orgs: orgsRepository(db),
    memberships: membershipsRepository(db),
    meetings: meetingsRepository(db),
    frameworks: frameworksRepository(db),
    materials: materialsRepository(db, dialect),
    audit: auditRepository(db, dialect),
    drafts: draftsRepository(db),
    jobs: jobsRepository(db, dialect),
    settings: settingsRepository(db),
    devices: knownDevicesRepository(db),
    invitations: invitationsRepository(db),
    meetingBoard: meetingBoard(db),
    ledger: ledgerRepository(db, dialect),
    procedure: meetingProcedureRepository(db, dialect),
    orgSettings: orgSettingsRepository(db),
    async transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
      if (db.isTransaction) return fn(repos);
      return db.transaction().execute((trx) => fn(bindRepositories(trx, dialect)));
    },
  };
  return repos;
}

export function createRepositories(store: Store): Repositories {
  return bindRepositories(store.db, store.dialect);
}

export type { Person, PersonWithSecret } from './people.js';
export type { Session } from './sessions.js';
export type { Organization, Membership } from './orgs.js';
export type { Meeting, MeetingDetail, MeetingStage, Participant, MeetingInput } from './meetings.js';
export type {
  MaterialRecord,
  MaterialSummary,
  MaterialScope,
  MaterialFilter,
  ReviewComment,
  WorkflowEvent,
  VersionSummary,
  StoredFile,
} from './materials.js';
export type { AuditEntry, AuditInput, VerifyResult } from './audit.js';
