/**
 * Shapes of the meeting-procedure routes (src/server/routes/procedure/*): opinions, talks, the
 * meeting record, the report, the appraisal. Core types are reused where the server returns them
 * as they are.
 */
import type { AttendanceStatus, QuorumResult } from '../../../../src/core/meeting/attendance';
import type { Agenda, AgendaItem, SpeakerCriticisms } from '../../../../src/core/meeting/agenda';
import type { Grade, GradeCounts } from '../../../../src/core/meeting/appraisal';
import type { OpinionGroup } from '../../../../src/core/meeting/opinions';
import type { DeadlineState } from '../../../../src/core/meeting/deadline';
import type { ReportBlock, ReportFigures } from '../../../../src/core/meeting/report';

export type {
  AttendanceStatus,
  QuorumResult,
  Agenda,
  AgendaItem,
  Grade,
  GradeCounts,
  OpinionGroup,
  DeadlineState,
  ReportBlock,
  ReportFigures,
  SpeakerCriticisms,
};

// ---------------------------------------------------------------- 征求意见
export interface OpinionCollection {
  id: string;
  meetingId: string;
  opensOn: string | null;
  closesOn: string | null;
  status: 'open' | 'closed';
  createdBy: string;
  createdAt: string;
  count?: number;
  /** Hidden by the secretary (junk); not in `count`. */
  hidden?: number;
  /** How anonymous opinions are batched (static: never how many wait). */
  batching?: Batching;
}

/** Opinions are shown per `size` submissions, or (hourly) at every full clock hour. */
export interface Batching {
  size: number;
  hourly: boolean;
}

/** One opinion, for the secretary to hide junk. */
export interface ManagedOpinion {
  id: string;
  collectionId: string;
  targetKind: 'group' | 'person';
  targetPersonId: string | null;
  targetName: string | null;
  category: string | null;
  body: string;
  submittedOn: string;
  hidden: boolean;
}

/** What opening or rotating a link returns: the token once, never again. */
export interface OpinionLink {
  collection: OpinionCollection;
  token: string;
  path: string;
  url: string | null;
  qrSvg: string | null;
}

export interface PersonOpinionsNamed extends OpinionGroup {
  personId: string;
  name: string;
}

export interface OpinionSummary {
  total: number;
  group: OpinionGroup;
  persons: PersonOpinionsNamed[];
  byCategory: Record<string, number>;
  firstOn: string | null;
  lastOn: string | null;
  /** Hidden by the secretary. */
  hidden?: number;
  batching?: Batching;
}

export interface MyOpinions {
  mine: OpinionGroup & { personId: string };
  group: OpinionGroup;
}

export interface PublicForm {
  orgName: string;
  meetingKind: string;
  /** 领导班子, 支部委员会, 党总支委员会, 党小组 … */
  groupName?: string;
  year: number;
  theme: string;
  open: boolean;
  closesOn: string | null;
  targets: { id: string; name: string }[];
  categories: string[];
  limits: { maxBodyChars: number; maxPerSubmission: number };
}

export interface PublicOpinionInput {
  target: { kind: 'group' } | { kind: 'person'; personId: string };
  category?: string | null;
  body: string;
}

// ---------------------------------------------------------------- 谈心谈话
export interface Talk {
  id: string;
  meetingId: string;
  personAId: string;
  personBId: string;
  heldOn: string | null;
  topics: string | null;
  notes: string | null;
  recordedBy: string;
  createdAt: string;
}

export interface TalkInput {
  personAId: string;
  personBId: string;
  heldOn?: string | null;
  topics?: string | null;
  notes?: string | null;
}

export type TalkRuleSet = 'leadership' | 'branch' | 'branch-committee';

export interface TalkCoverage {
  rules: { id: string; label: string }[];
  required: number;
  done: number;
  ratio: number;
  talkCount: number;
  personTimes: number;
  missingPairs: { a: string; b: string; aName: string; bName: string; rules: string[] }[];
  donePairs: { a: string; b: string; aName: string; bName: string; lastOn: string | null }[];
  perPerson: {
    personId: string;
    name: string;
    required: number;
    done: number;
    missing: string[];
    missingNames: string[];
    talks: number;
  }[];
  extraTalks: number;
  /** The meeting's participants with their names and roles. */
  people: { id: string; name: string; roles: string[] }[];
}

// ---------------------------------------------------------------- 会议记录
export interface RecordPerson {
  id: string;
  name: string;
  roles: string[];
}

export interface MeetingRecord {
  meetingId: string;
  heldOn: string | null;
  startedAt: string | null;
  endedAt: string | null;
  location: string | null;
  agenda: unknown;
  summary: string | null;
  status: string;
  recorderId: string | null;
  updatedAt: string;
}

export interface AttendanceEntry {
  personId: string;
  status: AttendanceStatus;
  reason?: string | null;
}

export interface Speech {
  id: string;
  meetingId: string;
  speakerId: string;
  seq: number;
  materialId: string | null;
  notes: string | null;
  createdAt: string;
}

export interface Criticism {
  id: string;
  meetingId: string;
  speechId: string | null;
  targetPersonId: string;
  criticId: string | null;
  body: string;
  createdAt: string;
}

export interface MeetingComment {
  id: string;
  meetingId: string;
  authorId: string;
  targetPersonId: string | null;
  kind: 'supervisor' | 'summary' | 'report';
  body: string;
  createdAt: string;
}

/** An agenda item as the recorder keeps it: the core item plus a tick. */
export type RecordAgendaItem = AgendaItem & { done?: boolean };

export interface RecordView {
  meeting: { id: string; kind: string; year: number; theme: string; heldOn: string | null; location: string | null };
  people: RecordPerson[];
  record: MeetingRecord | null;
  attendance: AttendanceEntry[];
  quorum: QuorumResult;
  agenda: { items: RecordAgendaItem[]; skipped: string[]; problems: string[] };
  agendaStored: boolean;
  speeches: Speech[];
  criticisms: Criticism[];
  criticismCoverage: SpeakerCriticisms[];
  comments: MeetingComment[];
}

export interface RecordPatch {
  heldOn?: string | null;
  startedAt?: string | null;
  endedAt?: string | null;
  location?: string | null;
  agenda?: RecordAgendaItem[] | null;
  summary?: string | null;
  status?: 'draft' | 'in_progress' | 'finished';
}

// ---------------------------------------------------------------- 会后：整改事项草稿
export interface LedgerDraft {
  key: string;
  source: '相互批评' | '征求意见' | '上级点评';
  ownerId: string | null;
  ownerName: string | null;
  problem: string;
  aspect: string | null;
  sourceRef:
    | { kind: 'criticism' | 'comment'; id?: string; meetingId: string }
    | { kind: 'opinion'; meetingId: string; collectionIds: string[]; count: number };
}

/** The body of POST /api/ledger/items (src/server/routes/ledger/index.ts, `Draft`). */
export interface LedgerItemDraftBody {
  year: number;
  meetingId?: string | null;
  /** The link back to what the item came from (checked by the server against the meeting). */
  sourceRef?:
    | { kind: 'criticism'; criticismId: string; meetingId: string }
    | { kind: 'comment'; commentId: string; meetingId: string }
    | { kind: 'opinion'; meetingId: string; collectionIds: string[]; count?: number }
    | null;
  source: string;
  aspect?: string | null;
  problem: string;
  target?: string | null;
  measures?: string | null;
  ownerId?: string | null;
  deadlineKind: 'date' | 'immediate' | 'ongoing';
  deadlineOn?: string | null;
}

export interface LedgerItemBrief {
  id: string;
  number: string;
  source: string;
  problem: string;
  ownerId: string | null;
  meetingId: string | null;
  status: string;
}

// ---------------------------------------------------------------- 会议情况报告
export interface ReportPreview {
  title: string;
  figures: ReportFigures;
  blocks: ReportBlock[];
  /** What was not recorded, hence not in the text. */
  gaps: string[];
  deadlineDays: number;
  heldOn: string | null;
  deadline: DeadlineState | null;
}

export interface ReportQuery {
  studySessions?: number | null;
  superiorName?: string | null;
  reportOn?: string | null;
}

export interface ReportDeadlineItem {
  meetingId: string;
  orgName: string;
  kind: string;
  year: number;
  theme: string;
  heldOn: string;
  days: number;
  deadline: DeadlineState;
}

export interface ReportSettings {
  orgId: string;
  reportDeadlineDays: number | null;
  effectiveDays: number;
  inheritedFrom: string | null;
  defaultDays: number;
}

// ---------------------------------------------------------------- 民主评议党员
export interface MemberAppraisalRow {
  personId: string;
  name: string;
  self: Grade | null;
  selfComment: string | null;
  peer: GradeCounts;
  peerComments: string[];
  vote: GradeCounts;
  votes: number;
  proposed: Grade | null;
  cappedFromExcellent: boolean;
  final: Grade | null;
}

export interface AppraisalResults {
  members: MemberAppraisalRow[];
  maxExcellent: number;
  proposedCounts: GradeCounts;
  missingSelf: string[];
  missingVotes: string[];
  problems: string[];
}

export interface AppraisalGiven {
  members: { id: string; name: string }[];
  self: { grade: Grade | null; comment: string | null } | null;
  peers: { rateeId: string; grade: Grade | null; comment: string | null }[];
}

export interface AppraisalMine {
  self: { grade: Grade | null; comment: string | null } | null;
  peerComments: string[];
  final: Grade | null;
}
