/**
 * The meeting procedure's routes (src/server/routes/procedure/*): 征求意见, 谈心谈话, 会议记录,
 * 会议情况报告, 民主评议党员 — and the two ledger calls the record page makes after the meeting.
 * Kept beside the pages (web/src/api/endpoints.ts holds the other resources).
 */
import { api, request } from '../../api/client';
import type * as P from './types';
import type { OkBody } from '../../../../src/contract/common';
import type { LedgerList, LedgerListItem } from '../../../../src/contract/ledger';

/** Lists come wrapped as `{ items }` (src/contract/common.ts). */
type Items<T> = { items: T[] };

export const procedure = {
  // 征求意见
  collections: async (meetingId: string) =>
    (await api.get<Items<P.OpinionCollection>>(`/api/meetings/${meetingId}/opinion-collections`)).items,
  openCollection: (meetingId: string, b: P.OpenCollectionBody) =>
    api.post<P.OpinionLink>(`/api/meetings/${meetingId}/opinion-collections`, b),
  closeCollection: (id: string) => api.post<P.OpinionCollection>(`/api/opinion-collections/${id}/close`),
  rotateLink: (id: string, b: P.RotateLinkBody) => api.post<P.OpinionLink>(`/api/opinion-collections/${id}/rotate`, b),
  /** The collection's current link and QR code, shown again to its organizers. */
  currentLink: (id: string, baseUrl: string) =>
    api.get<P.OpinionLink>(`/api/opinion-collections/${id}/link?baseUrl=${encodeURIComponent(baseUrl)}`),
  /** The QR code as a PNG blob (for download/printing at print resolution). */
  qrPng: async (id: string, token: string, url: string) =>
    (
      await request<Response>(`/api/opinion-collections/${id}/qr`, {
        method: 'POST',
        body: { token, url, format: 'png' },
        raw: true,
      })
    ).blob(),
  opinionSummary: (meetingId: string) => api.get<P.OpinionSummary>(`/api/meetings/${meetingId}/opinions/summary`),
  myOpinions: (meetingId: string) => api.get<P.MyOpinions>(`/api/meetings/${meetingId}/opinions/mine`),
  manageOpinions: async (meetingId: string) =>
    (await api.get<Items<P.ManagedOpinion>>(`/api/meetings/${meetingId}/opinions`)).items,
  hideOpinion: (id: string, hidden: boolean) => api.post<P.HiddenResult>(`/api/opinions/${id}/hidden`, { hidden }),
  hideSameText: (id: string, hidden: boolean) =>
    api.post<P.HiddenSameTextResult>(`/api/opinions/${id}/hidden-same-text`, { hidden }),
  // 谈心谈话
  talks: async (meetingId: string) => (await api.get<Items<P.Talk>>(`/api/meetings/${meetingId}/talks`)).items,
  addTalk: (meetingId: string, t: P.TalkInput) => api.post<P.Talk>(`/api/meetings/${meetingId}/talks`, t),
  updateTalk: (id: string, t: P.TalkPatch) => api.patch<P.Talk>(`/api/talks/${id}`, t),
  deleteTalk: (id: string) => api.del<OkBody>(`/api/talks/${id}`),
  talkCoverage: (meetingId: string, rules?: P.TalkRuleSet) =>
    api.get<P.TalkCoverage>(`/api/meetings/${meetingId}/talks/coverage`, { rules }),
  // 会议记录
  record: (meetingId: string) => api.get<P.RecordView>(`/api/meetings/${meetingId}/record`),
  saveRecord: (meetingId: string, patch: P.RecordPatch) =>
    api.put<P.MeetingRecord>(`/api/meetings/${meetingId}/record`, patch),
  defaultAgenda: (meetingId: string) => api.post<P.Agenda>(`/api/meetings/${meetingId}/record/agenda/default`),
  setAttendance: (meetingId: string, entries: P.AttendanceEntry[]) =>
    api.put<P.QuorumResult>(`/api/meetings/${meetingId}/attendance`, { entries }),
  addSpeech: (meetingId: string, s: P.SpeechInput) => api.post<P.Speech>(`/api/meetings/${meetingId}/speeches`, s),
  updateSpeech: (id: string, s: P.SpeechPatch) => api.patch<P.Speech>(`/api/speeches/${id}`, s),
  deleteSpeech: (id: string) => api.del<OkBody>(`/api/speeches/${id}`),
  addCriticism: (meetingId: string, c: P.CriticismInput) =>
    api.post<P.Criticism>(`/api/meetings/${meetingId}/criticisms`, c),
  updateCriticism: (id: string, c: P.CriticismPatch) => api.patch<P.Criticism>(`/api/criticisms/${id}`, c),
  deleteCriticism: (id: string) => api.del<OkBody>(`/api/criticisms/${id}`),
  addComment: (meetingId: string, c: P.CommentInput) =>
    api.post<P.MeetingComment>(`/api/meetings/${meetingId}/comments`, c),
  deleteComment: (id: string) => api.del<OkBody>(`/api/comments/${id}`),
  // 会后：整改事项
  ledgerDrafts: async (meetingId: string) =>
    (await api.get<Items<P.LedgerDraft>>(`/api/meetings/${meetingId}/ledger-drafts`)).items,
  ledgerItemsOfMeeting: async (meetingId: string) =>
    (await api.get<LedgerList<LedgerListItem>>('/api/ledger/items', { meetingId, limit: 500 })).items,
  createLedgerItems: async (orgId: string, items: P.LedgerItemDraftBody[]) =>
    (await api.post<Items<P.LedgerItemBrief>>('/api/ledger/items', { orgId, items })).items,
  // 会议情况报告
  report: (meetingId: string, q: P.ReportQuery = {}) =>
    api.get<P.ReportPreview>(`/api/meetings/${meetingId}/report`, reportQuery(q)),
  reportDocxUrl: (meetingId: string, q: P.ReportQuery = {}) => {
    const s = new URLSearchParams(
      Object.entries(reportQuery(q))
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => [k, String(v)]),
    );
    return `/api/meetings/${meetingId}/report.docx${s.size ? `?${s}` : ''}`;
  },
  reportDeadlines: async () => (await api.get<Items<P.ReportDeadlineItem>>('/api/procedure/report-deadlines')).items,
  reportSettings: (orgId: string) => api.get<P.ReportSettings>('/api/procedure/settings', { orgId }),
  saveReportSettings: (orgId: string, reportDeadlineDays: number | null) =>
    api.put<P.ReportSettings>('/api/procedure/settings', { orgId, reportDeadlineDays }),
  // 民主评议党员
  appraisal: (meetingId: string) => api.get<P.AppraisalResults>(`/api/meetings/${meetingId}/appraisal`),
  appraisalGiven: (meetingId: string) => api.get<P.AppraisalGiven>(`/api/meetings/${meetingId}/appraisal/given`),
  appraisalMine: (meetingId: string) => api.get<P.AppraisalMine>(`/api/meetings/${meetingId}/appraisal/mine`),
  saveSelf: (meetingId: string, b: P.SelfInput) => api.put<P.Appraisal>(`/api/meetings/${meetingId}/appraisal/self`, b),
  savePeer: (meetingId: string, b: P.PeerInput) => api.put<P.Appraisal>(`/api/meetings/${meetingId}/appraisal/peer`, b),
  castBallot: (meetingId: string, lines: P.BallotLine[]) =>
    api.post<P.BallotResult>(`/api/meetings/${meetingId}/appraisal/ballots`, { lines }),
  saveFinal: (meetingId: string, grades: Record<string, P.Grade>) =>
    api.put<P.AppraisalResults>(`/api/meetings/${meetingId}/appraisal/final`, { grades }),
};

function reportQuery(q: P.ReportQuery): Record<string, string | number | null | undefined> {
  return {
    studySessions: q.studySessions ?? undefined,
    superiorName: q.superiorName?.trim() || undefined,
    reportOn: q.reportOn ?? undefined,
  };
}
