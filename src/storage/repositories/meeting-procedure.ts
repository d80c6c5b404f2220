/**
 * The meeting procedure around a material: anonymous opinions and their collections (procedure/
 * opinions.ts — read its header: what the storage guarantees about anonymity), heart-to-heart
 * talks (talks.ts), the meeting record (record.ts: attendance, speeches, criticisms, comments), the
 * appraisal of members (appraisal.ts) and what the report reads of the ledger (report.ts). One
 * implementation for SQLite and PostgreSQL; one object, registered in bindRepositories:
 *
 *   await repos.procedure.listTalks(meetingId);
 *   await repos.transaction(async (tx) => tx.procedure.addTalk(…));
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { DialectName } from '../db.js';
import { opinionsRepository } from './procedure/opinions.js';
import { talksRepository } from './procedure/talks.js';
import { meetingRecordRepository } from './procedure/record.js';
import { appraisalRepository } from './procedure/appraisal.js';
import { reportFiguresRepository } from './procedure/report.js';

export type { CollectionStatus, OpinionCollection, StoredOpinion } from './procedure/opinions.js';
export { opinionId } from './procedure/opinions.js';
export type { Talk } from './procedure/talks.js';
export type { MeetingRecord, Speech, Criticism, MeetingComment } from './procedure/record.js';
export type { StoredAppraisal } from './procedure/appraisal.js';

export function meetingProcedureRepository(db: Kysely<Database>, dialect: DialectName) {
  return {
    ...opinionsRepository(db, dialect),
    ...talksRepository(db),
    ...meetingRecordRepository(db),
    ...appraisalRepository(db),
    ...reportFiguresRepository(db),
  };
}

export type MeetingProcedureRepository = ReturnType<typeof meetingProcedureRepository>;
