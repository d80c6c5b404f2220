/**
 * Shapes of the meeting-procedure routes (src/server/routes/procedure/*): opinions, talks, the
 * meeting record, the report, the appraisal — the API contract's types (src/contract/procedure),
 * re-exported for the pages. Type-only: no zod reaches the browser.
 */
export type {
  Appraisal,
  AppraisalGiven,
  AppraisalMine,
  AppraisalResults,
  Agenda,
  Batching,
  Criticism,
  CriticismInput,
  CriticismPatch,
  CommentInput,
  DeadlineState,
  Grade,
  GradeCounts,
  HiddenResult,
  HiddenSameTextResult,
  LedgerDraft,
  ManagedOpinion,
  MeetingComment,
  MeetingRecord,
  MemberAppraisalRow,
  MyOpinions,
  OpenCollectionBody,
  OpinionCollection,
  OpinionGroup,
  OpinionLink,
  OpinionSummary,
  ParticipantBrief,
  PeerInput,
  PersonOpinionsNamed,
  PublicForm,
  PublicOpinionInput,
  PublicSubmitResult,
  QuorumResult,
  RecordAgendaItem,
  RecordPatch,
  RecordView,
  ReportBlock,
  ReportDeadlineItem,
  ReportFigures,
  ReportPreview,
  ReportQuery,
  ReportSettings,
  RotateLinkBody,
  SelfInput,
  SpeakerCriticisms,
  Speech,
  SpeechInput,
  SpeechPatch,
  Talk,
  TalkCoverage,
  TalkInput,
  TalkPatch,
  TalkRuleSet,
  AttendanceEntry,
  BallotLine,
  BallotResult,
} from '../../../../src/contract/procedure';
export type { AttendanceStatus } from '../../../../src/core/meeting/attendance';

// ---------------------------------------------------------------- 会后：整改事项（the ledger's routes）
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
