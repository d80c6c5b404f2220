/**
 * Every server route the front end uses, in one file: when a route's shape changes, this is the
 * only place to adapt. The pages show a clear Chinese empty/error state when a route answers 404.
 */
import { api, request, setCsrfToken } from './client';
import type { TalkCoverage } from '../../../src/contract/procedure/talks';
import type {
  ApproveAnswer,
  AutosaveResult,
  CommentInput,
  CommentThreadList,
  DraftAnswer,
  MaterialContentInput,
  MaterialDraft,
  MaterialListQuery,
  MaterialPage,
  MaterialView,
  ReviewComment,
  ReviewReply,
  HandledAnswer,
  SubmissionCheck,
  SubmitAnswer,
  VersionList,
  VersionView,
  WorkflowEventList,
} from '../../../src/contract/materials';
import type { SimilarityAnswer, SimilarityPending, SimilarityReport } from '../../../src/contract/similarity';
import type { MeasureLinkChoice, MeasureLinksView } from '../features/ledger/links';
import type { MaterialContent, MaterialRecord } from './types';
import type { OkBody } from '../../../src/contract/common';
import type { DemoAccountList, LoginAnswer, Me } from '../../../src/contract/auth';
import type {
  Membership,
  MembershipList,
  OrgCreate,
  Organization,
  OrgList,
  OrgPatch,
} from '../../../src/contract/orgs';
import type {
  CreatedPerson,
  Invitation,
  InvitationAccepted,
  InvitationAccount,
  PeopleList,
  PeopleQuery,
  PersonCreate,
  PersonPatch,
  Person,
} from '../../../src/contract/people';
import type { Framework, FrameworkCreate, FrameworkList } from '../../../src/contract/frameworks';
import type { MeetingDetail, MeetingInput, MeetingList, MeetingPatch } from '../../../src/contract/meetings';
import type { Health } from '../../../src/contract/system';

/** The session's CSRF token travels with every state-changing request (client.ts). */
function withCsrf<T extends { csrfToken: string }>(x: T): T {
  setCsrfToken(x.csrfToken);
  return x;
}

export const auth = {
  me: async () => withCsrf(await api.get<Me>('/api/auth/me')),
  /** The answer holds no memberships: read them from `me()`. */
  login: async (username: string, password: string) =>
    withCsrf(await api.post<LoginAnswer>('/api/auth/login', { username, password })),
  logout: () => api.post<OkBody>('/api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<OkBody>('/api/auth/password', { currentPassword, newPassword }),
  demoAccounts: async () => (await api.get<DemoAccountList>('/api/demo/accounts')).items,
};

export const orgs = {
  list: async () => (await api.get<OrgList>('/api/orgs')).items,
  create: (o: OrgCreate) => api.post<Organization>('/api/orgs', o),
  update: (id: string, patch: OrgPatch) => api.patch<Organization>(`/api/orgs/${id}`, patch),
  memberships: async (orgId: string) => (await api.get<MembershipList>(`/api/orgs/${orgId}/memberships`)).items,
  addMembership: (orgId: string, personId: string, role: string) =>
    api.post<Membership>(`/api/orgs/${orgId}/memberships`, { personId, role }),
  removeMembership: (_orgId: string, id: string) => api.del<OkBody>(`/api/memberships/${id}`),
};

export const people = {
  list: async () => (await api.get<PeopleList>('/api/people')).items,
  /** Searched on the server by name, title, organization and role (those the viewer may see). */
  search: async (q: PeopleQuery) => (await api.get<PeopleList>('/api/people', q)).items,
  create: (p: PersonCreate) => api.post<CreatedPerson>('/api/people', p),
  update: (id: string, patch: PersonPatch) => api.patch<Person>(`/api/people/${id}`, patch),
  invite: (id: string) => api.post<Invitation>(`/api/people/${id}/invitation`),
};

export type { Invitation };

/** Public (no session): the invitation page. */
export const invitations = {
  describe: (token: string) => api.post<InvitationAccount>('/api/public/invitations/describe', { token }),
  accept: (token: string, password: string) =>
    api.post<InvitationAccepted>('/api/public/invitations/accept', { token, password }),
  /** The link to hand over: the token after `#`, so it never reaches a server log. */
  link: (i: Invitation) => `${location.origin}${i.path}#${i.token}`,
};

export const frameworks = {
  list: async () => (await api.get<FrameworkList>('/api/frameworks')).items,
  create: (f: FrameworkCreate) => api.post<Framework>('/api/frameworks', f),
};

export const meetings = {
  list: async (q: { year?: number; orgId?: string } = {}) => (await api.get<MeetingList>('/api/meetings', q)).items,
  get: (id: string) => api.get<MeetingDetail>(`/api/meetings/${id}`),
  create: (m: MeetingInput) => api.post<MeetingDetail>('/api/meetings', m),
  update: (id: string, patch: MeetingPatch) => api.patch<MeetingDetail>(`/api/meetings/${id}`, patch),
  /** 谈心谈话: required pairs and those done. */
  talkCoverage: (id: string) => api.get<TalkCoverage>(`/api/meetings/${id}/talks/coverage`),
  /** 整改台账 figures for the meeting's organization. */
  ledgerDashboard: (orgId: string, meetingId?: string) =>
    api.get<LedgerDashboard>('/api/ledger/dashboard', { orgId, meetingId }),
};

/** The pages hold a material's model as `content` (MaterialRecord); the server sends it as `model`. */
function rec({ model, ...summary }: MaterialView): MaterialRecord {
  return { ...summary, content: model };
}

/** Exactly the fields the server's MaterialContent schema accepts (it rejects unknown ones). */
export function wireContent(c: MaterialContent & Pick<MaterialContentInput, 'parts'>): MaterialContentInput {
  const parts = c.parts;
  return {
    title: c.title,
    preface: c.preface,
    problems: c.problems.map((p) => ({
      aspect: p.aspect,
      heading: p.heading,
      text: p.text,
      points: p.points ?? [],
      examples: p.examples ?? [],
    })),
    causes: c.causes.map((x) => ({ heading: x.heading, text: x.text })),
    measures: c.measures.map((x) => ({ heading: x.heading, text: x.text, deadline: x.deadline ?? null })),
    closing: c.closing,
    // Part headings and lead-ins as the author has them, and his corrections of the structure.
    ...(parts?.length ? { parts: parts.map((p) => ({ kind: p.kind, heading: p.heading, intro: p.intro ?? '' })) } : {}),
    ...(c.fixes?.length ? { fixes: c.fixes } : {}),
  };
}

export const materials = {
  list: async (q: Pick<MaterialListQuery, 'meetingId' | 'status' | 'authorId'> = {}) =>
    (await api.get<MaterialPage>('/api/materials', q)).items,
  get: async (id: string) => rec(await api.get<MaterialView>(`/api/materials/${id}`)),
  create: async (m: { meetingId: string; kind: string; content?: MaterialContent; text?: string }) =>
    rec(
      await api.post<MaterialView>(
        '/api/materials',
        m.content
          ? { meetingId: m.meetingId, kind: m.kind, content: wireContent(m.content) }
          : { meetingId: m.meetingId, kind: m.kind, text: m.text },
      ),
    ),
  /** Upload a .docx/.txt: the server decodes, cleans and parses it, and keeps the original file. */
  upload: async (meetingId: string, kind: string, file: File) => {
    const fd = new FormData();
    fd.append('meetingId', meetingId);
    fd.append('kind', kind);
    fd.append('file', file, file.name);
    return rec(await request<MaterialView>('/api/materials/import', { method: 'POST', body: fd }));
  },
  /** Upload a file as a new version of an existing material. */
  uploadVersion: async (id: string, baseVersion: number, file: File) => {
    const fd = new FormData();
    fd.append('baseVersion', String(baseVersion));
    fd.append('file', file, file.name);
    return rec(await request<MaterialView>(`/api/materials/${id}/import`, { method: 'POST', body: fd }));
  },
  /** Save = a new version. `baseVersion` makes concurrent saves fail with 409 instead of overwriting. */
  save: async (id: string, content: MaterialContent, baseVersion: number, note?: string) =>
    rec(
      await api.put<MaterialView>(`/api/materials/${id}`, {
        content: wireContent(content),
        baseVersion,
        ...(note ? { note } : {}),
      }),
    ),
  /** Autosave: the author's working copy (no version). `rev`: the copy's revision this tab last wrote (0: none). */
  autosave: (id: string, content: MaterialContent, baseVersion: number, rev: number) =>
    api.put<AutosaveResult>(`/api/materials/${id}/draft`, { content: wireContent(content), baseVersion, rev }),
  /** The author's working copy (what autosave kept since the last version), or null. */
  draft: async (id: string) => (await api.get<DraftAnswer>(`/api/materials/${id}/draft`)).draft,
  versions: async (id: string) => (await api.get<VersionList>(`/api/materials/${id}/versions`)).items,
  version: async (id: string, v: number) => {
    const { model, ...version } = await api.get<VersionView>(`/api/materials/${id}/versions/${v}`);
    return { ...version, content: model };
  },
  submit: async (id: string, version?: number) =>
    rec(await api.post<SubmitAnswer>(`/api/materials/${id}/submit`, version ? { version } : {})),
  /** What the author is shown before submitting: open findings and the 查重 result, summarised. */
  submitCheck: (id: string) => api.get<SubmissionCheck>(`/api/materials/${id}/submit-check`),
  /** 撤回: back to draft (or returned) while the reviewer has not acted. */
  withdraw: async (id: string) => rec(await api.post<MaterialView>(`/api/materials/${id}/withdraw`, {})),
  replyToComment: (id: string, commentId: string, body: string) =>
    api.post<ReviewReply>(`/api/materials/${id}/comments/${commentId}/replies`, { body }),
  setCommentHandled: (id: string, commentId: string, handled: boolean) =>
    api.post<HandledAnswer>(`/api/materials/${id}/comments/${commentId}/handled`, { handled }),
  returnTo: async (id: string, note?: string) =>
    rec(await api.post<MaterialView>(`/api/materials/${id}/return`, note ? { note } : {})),
  approve: async (id: string, note?: string, links?: MeasureLinkChoice[]) =>
    rec(
      await api.post<ApproveAnswer>(`/api/materials/${id}/approve`, {
        ...(note ? { note } : {}),
        ...(links?.length ? { links } : {}),
      }),
    ),
  comments: async (id: string) => (await api.get<CommentThreadList>(`/api/materials/${id}/comments`)).items,
  addComment: (id: string, c: CommentInput) => api.post<ReviewComment>(`/api/materials/${id}/comments`, c),
  events: async (id: string) => (await api.get<WorkflowEventList>(`/api/materials/${id}/events`)).items,
  /**
   * The 查重 report of the current version. The server indexes a saved version off the save's path
   * and answers `pending` until then: asked again each second (the page shows 查重中… meanwhile);
   * after a minute, or when the indexing failed for good, the pending answer itself.
   */
  similarity: async (id: string): Promise<SimilarityAnswer> => {
    for (let i = 0; ; i++) {
      const r = await api.get<SimilarityAnswer>(`/api/materials/${id}/similarity`);
      if (!('pending' in r) || r.failed || i >= 60) return r;
      await new Promise((res) => setTimeout(res, 1000));
    }
  },
  exportUrl: (id: string) => `/api/materials/${id}/export?format=docx`,
};

export type { SimilarityPending, SimilarityReport, SubmissionCheck, AutosaveResult, MaterialDraft };

export const health = () => api.get<Health>('/api/health');

// ---------------------------------------------------------------- ledger (整改台账)
// Types from the contract (src/contract/ledger.ts, through web/src/features/ledger/types.ts).
import type {
  Dashboard as LedgerDashboard,
  EvidenceFile as LedgerEvidence,
  LedgerFilterInput,
  LedgerImportResult,
  LedgerItem,
  LedgerItemDetail,
  LedgerList,
  LedgerListItem,
  LedgerNote,
  LedgerPatchInput,
  ProblemRow,
  ResponsibilityRow,
  TaskRow,
  DeadlineExtension,
} from '../features/ledger/types';
import type { LedgerDecision, LedgerDraft, LedgerSplitPart } from '../../../src/contract/ledger';

/** The list/dashboard query string; `status` may repeat (status=pending&status=in_progress). */
function ledgerQuery(f: LedgerFilterInput & { view?: string; limit?: number; cursor?: string | null }): string {
  const q = new URLSearchParams();
  const put = (k: string, v: string | number | boolean | null | undefined) => {
    if (v !== undefined && v !== null && v !== '') q.append(k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  };
  put('orgId', f.orgId);
  if (f.orgId && f.subtree === false) put('subtree', false);
  for (const s of f.status ?? []) q.append('status', s);
  put('aspect', f.aspect);
  put('source', f.source);
  put('ownerId', f.ownerId);
  put('year', f.year);
  put('meetingId', f.meetingId);
  put('due', f.due);
  put('repeated', f.repeated);
  put('q', f.q?.trim());
  put('extension', f.extension);
  put('view', f.view);
  put('limit', f.limit);
  put('cursor', f.cursor);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const ledger = {
  items: (f: LedgerFilterInput & { limit?: number; cursor?: string | null } = {}) =>
    api.get<LedgerList<LedgerListItem>>(`/api/ledger/items${ledgerQuery(f)}`),
  problems: (f: LedgerFilterInput & { limit?: number; cursor?: string | null } = {}) =>
    api.get<LedgerList<ProblemRow>>(`/api/ledger/items${ledgerQuery({ ...f, view: 'problems' })}`),
  tasks: (f: LedgerFilterInput & { limit?: number; cursor?: string | null } = {}) =>
    api.get<LedgerList<TaskRow>>(`/api/ledger/items${ledgerQuery({ ...f, view: 'tasks' })}`),
  responsibilities: (f: LedgerFilterInput & { limit?: number; cursor?: string | null } = {}) =>
    api.get<LedgerList<ResponsibilityRow>>(`/api/ledger/items${ledgerQuery({ ...f, view: 'responsibilities' })}`),
  dashboard: (f: LedgerFilterInput = {}) => api.get<LedgerDashboard>(`/api/ledger/dashboard${ledgerQuery(f)}`),
  get: (id: string) => api.get<LedgerItemDetail>(`/api/ledger/items/${id}`),
  create: async (orgId: string, items: LedgerDraft[]) =>
    (await api.post<{ items: LedgerItem[] }>('/api/ledger/items', { orgId, items })).items,
  fromMaterial: async (materialId: string, links?: MeasureLinkChoice[]) =>
    (
      await api.post<{ items: LedgerItem[] }>(
        `/api/ledger/from-material/${materialId}`,
        links?.length ? { links } : undefined,
      )
    ).items,
  /** Which problem each measure answers: the proposal, and what items already carry. */
  measureLinks: (materialId: string) => api.get<MeasureLinksView>(`/api/ledger/from-material/${materialId}/links`),
  update: (id: string, patch: LedgerPatchInput) => api.patch<LedgerItem>(`/api/ledger/items/${id}`, patch),
  split: async (id: string, parts: LedgerSplitPart[]) =>
    (await api.post<{ items: LedgerItem[] }>(`/api/ledger/items/${id}/split`, { parts })).items,
  addNote: (id: string, body: string) => api.post<LedgerNote>(`/api/ledger/items/${id}/notes`, { body }),
  uploadEvidence: (id: string, file: File, evidenceOn: string | null) => {
    const fd = new FormData();
    if (evidenceOn) fd.append('evidenceOn', evidenceOn);
    fd.append('file', file, file.name);
    return request<LedgerEvidence>(`/api/ledger/items/${id}/evidence`, { method: 'POST', body: fd });
  },
  evidenceUrl: (fileId: string) => `/api/ledger/evidence/${fileId}`,
  start: (id: string) => api.post<LedgerItem>(`/api/ledger/items/${id}/start`, {}),
  apply: (id: string) => api.post<LedgerItem>(`/api/ledger/items/${id}/apply`, {}),
  close: (id: string) => api.post<LedgerItem>(`/api/ledger/items/${id}/close`, {}),
  sendBack: (id: string, reason: string) => api.post<LedgerItem>(`/api/ledger/items/${id}/send-back`, { reason }),
  unmarkRepeated: (id: string) => api.del<{ ok: true }>(`/api/ledger/items/${id}/repeated`),
  requestExtension: (id: string, newDeadlineOn: string, reason: string) =>
    api.post<DeadlineExtension>(`/api/ledger/items/${id}/extensions`, { newDeadlineOn, reason }),
  decideExtension: (id: string, extensionId: string, decision: 'approve' | 'refuse', comment: string | null) =>
    api.post<LedgerDecision>(
      `/api/ledger/items/${id}/extensions/${extensionId}/${decision}`,
      comment ? { comment } : {},
    ),
  exportUrl: (orgId: string, year?: number) =>
    `/api/ledger/export?${new URLSearchParams({ orgId, ...(year ? { year: String(year) } : {}) })}`,
  /** Import a filled-in sheet: a 422 with row errors is a result (nothing imported), not an exception. */
  importXlsx: async (
    orgId: string,
    file: File,
    allowPartial: boolean,
    csrfToken: string,
  ): Promise<LedgerImportResult> => {
    const fd = new FormData();
    fd.append('file', file, file.name);
    const res = await fetch(
      `/api/ledger/import?${new URLSearchParams({ orgId, ...(allowPartial ? { allowPartial: '1' } : {}) })}`,
      {
        method: 'POST',
        body: fd,
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'X-CSRF-Token': csrfToken },
      },
    ).catch(() => null);
    if (!res) throw new Error('无法连接服务器，请检查网络或确认服务已启动。');
    const body = await res.json().catch(() => null);
    if (res.status === 422 && body && Array.isArray(body.errors)) return body as LedgerImportResult;
    if (!res.ok) throw new Error(body?.message ?? `导入失败（${res.status}）。`);
    return body as LedgerImportResult;
  },
};
