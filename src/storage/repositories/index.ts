/**
 * The repositories, bound to one database handle (or one transaction). One implementation
 * serves SQLite and PostgreSQL: Kysely compiles the same queries for both; the few differences
 * (row locks, advisory locks) are switched on `dialect`.
 *
 *   const repos = createRepositories(store);
 *   await repos.transaction(async (tx) => { await tx.materials.saveVersion(…); await tx.audit.append(…); });
 */
import type { Kysely } from 'kysely';
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
import { ledgerRepository, type LedgerRepository } from './ledger.js';

export interface Repositories {
  dialect: DialectName;
  db: Kysely<Database>;
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
  /** The rectification ledger (items, workflow, evidence, notifications); `.configured(…)` for other evidence storage. */
  ledger: LedgerRepository;
  /** Run `fn` in one transaction (joins the current one when already inside). */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
}

export function bindRepositories(db: Kysely<Database>, dialect: DialectName): Repositories {
  const repos: Repositories = {
    dialect,
    db,
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
    ledger: ledgerRepository(db, dialect),
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
