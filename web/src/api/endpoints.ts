/**
 * Every server route the front end uses, in one file: when a route's shape changes, this is the
 * only place to adapt. The pages show a clear Chinese empty/error state when a route answers 404.
 */
import { api, request, setCsrfToken } from './client';
import type { SubmissionSummary } from '../../../src/core/workflow/submit-check';
import type { MeasureLinkChoice, MeasureLinksView } from '../features/ledger/links';
import type {
  CommentInput,
  DemoAccount,
  Framework,
  Material,
  MaterialContent,
  MaterialRecord,
  MaterialSummary,
  Me,
  Meeting,
  MeetingDetail,
  MeetingInput,
  Membership,
  Organization,
  Person,
  ReviewComment,
  ReviewReply,
  VersionSummary,
  WorkflowEvent,
} from './types';

/** Lists may come bare or wrapped (`{ items }`, `{ data }`): accept both. */
function list<T>(x: unknown, ...keys: string[]): T[] {
  if (Array.isArray(x)) return x as T[];
  if (x && typeof x === 'object') {
    for (const k of [...keys, 'items', 'data', 'results']) {
      const v = (x as Record<string, unknown>)[k];
      if (Array.isArray(v)) return v as T[];
    }
  }
  return [];
}
function one<T>(x: unknown, ...keys: string[]): T {
  if (x && typeof x === 'object')
    for (const k of keys)
      if ((x as Record<string, unknown>)[k] && typeof (x as Record<string, unknown>)[k] === 'object')
        return (x as Record<string, T>)[k];
  return x as T;
}

function normalizeMe(x: unknown): Me {
  const o = (x ?? {}) as Record<string, unknown>;
  const person = (o.person ?? o.user ?? o) as Person;
  const me: Me = {
    person,
    csrfToken: (o.csrfToken ?? o.csrf) as string,
    memberships: list<Membership>(o.memberships ?? (person as unknown as Record<string, unknown>).memberships),
  };
  setCsrfToken(me.csrfToken);
  return me;
}

export const auth = {
  me: async () => normalizeMe(await api.get('/api/auth/me')),
  login: async (username: string, password: string) =>
    normalizeMe(await api.post('/api/auth/login', { username, password })),
  logout: () => api.post<void>('/api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>('/api/auth/password', { currentPassword, newPassword }),
  demoAccounts: async () => list<DemoAccount>(await api.get('/api/demo/accounts'), 'accounts'),
};

export const orgs = {
  list: async () => list<Organization>(await api.get('/api/orgs'), 'orgs', 'organizations'),
  create: (o: { name: string; kind: string; parentId?: string | null }) => api.post<Organization>('/api/orgs', o),
  update: (id: string, patch: { name?: string; kind?: string }) => api.patch<Organization>(`/api/orgs/${id}`, patch),
  memberships: async (orgId: string) =>
    list<Membership>(await api.get(`/api/orgs/${orgId}/memberships`), 'memberships'),
  addMembership: (orgId: string, personId: string, role: string) =>
    api.post<Membership>(`/api/orgs/${orgId}/memberships`, { personId, role }),
  removeMembership: (_orgId: string, id: string) => api.del<void>(`/api/memberships/${id}`),
};

export const people = {
  list: async () => list<Person>(await api.get('/api/people'), 'people'),
  create: (p: {
    name: string;
    username?: string;
    password?: string;
    title?: string;
    isAdmin?: boolean;
    invite?: boolean;
    email?: string | null;
  }) => api.post<Person & { invitation?: Invitation }>('/api/people', p),
  update: (id: string, patch: Partial<Person> & { password?: string }) => api.patch<Person>(`/api/people/${id}`, patch),
  invite: (id: string) => api.post<Invitation>(`/api/people/${id}/invitation`),
};

export interface Invitation {
  token: string;
  path: string;
  expiresAt: string;
}

/** Public (no session): the invitation page. */
export const invitations = {
  describe: (token: string) =>
    api.post<{ name: string; username: string }>('/api/public/invitations/describe', { token }),
  accept: (token: string, password: string) =>
    api.post<{ username: string }>('/api/public/invitations/accept', { token, password }),
  /** The link to hand over: the token after `#`, so it never reaches a server log. */
  link: (i: Invitation) => `${location.origin}${i.path}#${i.token}`,
};

export const frameworks = {
  list: async () => list<Framework>(await api.get('/api/frameworks'), 'frameworks'),
  create: (f: {
    orgId: string;
    id: string;
    name: string;
    year?: number | null;
    aspects: { name: string; aliases?: string[] }[];
  }) => api.post<Framework>('/api/frameworks', f),
};

export const meetings = {
  list: async (q: { year?: number; orgId?: string } = {}) =>
    list<Meeting>(await api.get('/api/meetings', q), 'meetings'),
  get: async (id: string) => one<MeetingDetail>(await api.get(`/api/meetings/${id}`), 'meeting'),
  create: async (m: MeetingInput) => one<MeetingDetail>(await api.post('/api/meetings', m), 'meeting'),
  update: async (id: string, patch: Partial<MeetingInput> & { status?: string }) =>
    one<MeetingDetail>(await api.patch(`/api/meetings/${id}`, patch), 'meeting'),
  /** 谈心谈话: required pairs and those done. */
  talkCoverage: (id: string) =>
    api.get<{ required: number; done: number; ratio: number; talkCount: number }>(`/api/meetings/${id}/talks/coverage`),
  /** 整改台账 figures for the meeting's organization. */
  ledgerDashboard: (orgId: string, meetingId?: string) =>
    api.get<LedgerDashboard>('/api/ledger/dashboard', { orgId, meetingId }),
};

/** The server calls the model `model`; older shapes call it `content`. */
function rec(x: unknown): MaterialRecord {
  const r = one<Record<string, unknown>>(x, 'material');
  return { ...(r as unknown as MaterialRecord), content: (r.content ?? r.model) as Material };
}

/** Exactly the fields the server's MaterialContent schema accepts (it rejects unknown ones). */
export function wireContent(c: MaterialContent): MaterialContent {
  const parts = (
    c as { parts?: readonly { kind: 'problems' | 'causes' | 'measures'; heading: string; intro?: string }[] }
  ).parts;
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

export interface ImportResult {
  material: MaterialRecord;
  /** The parse of the uploaded file (removed watermarks, warnings), when the server returns it separately. */
  parsed?: Material;
}

export const materials = {
  list: async (q: { meetingId?: string; status?: string; authorId?: string } = {}) =>
    list<MaterialSummary>(await api.get('/api/materials', q), 'materials'),
  get: async (id: string) => rec(await api.get(`/api/materials/${id}`)),
  create: async (m: { meetingId: string; kind: string; content?: MaterialContent; text?: string }) =>
    rec(
      await api.post(
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
    return rec(await request<unknown>('/api/materials/import', { method: 'POST', body: fd }));
  },
  /** Upload a file as a new version of an existing material. */
  uploadVersion: async (id: string, baseVersion: number, file: File) => {
    const fd = new FormData();
    fd.append('baseVersion', String(baseVersion));
    fd.append('file', file, file.name);
    return rec(await request<unknown>(`/api/materials/${id}/import`, { method: 'POST', body: fd }));
  },
  /** Save = a new version. `baseVersion` makes concurrent saves fail with 409 instead of overwriting. */
  save: async (id: string, content: MaterialContent, baseVersion: number, note?: string) =>
    rec(
      await api.put(`/api/materials/${id}`, { content: wireContent(content), baseVersion, ...(note ? { note } : {}) }),
    ),
  /** Autosave: the author's working copy (no version). `rev`: the copy's revision this tab last wrote (0: none). */
  autosave: (id: string, content: MaterialContent, baseVersion: number, rev: number) =>
    api.put<AutosaveResult>(`/api/materials/${id}/draft`, { content: wireContent(content), baseVersion, rev }),
  /** The author's working copy (what autosave kept since the last version), or null. */
  draft: async (id: string) => (await api.get<{ draft: MaterialDraft | null }>(`/api/materials/${id}/draft`)).draft,
  versions: async (id: string) => list<VersionSummary>(await api.get(`/api/materials/${id}/versions`), 'versions'),
  version: async (id: string, v: number) => {
    const r = await api.get<Record<string, unknown>>(`/api/materials/${id}/versions/${v}`);
    return { ...(r as object), version: Number(r.version ?? v), content: (r.content ?? r.model) as Material };
  },
  submit: async (id: string, version?: number) =>
    rec(await api.post(`/api/materials/${id}/submit`, version ? { version } : {})),
  /** What the author is shown before submitting: open findings and the 查重 result, summarised. */
  submitCheck: (id: string) => api.get<SubmissionCheck>(`/api/materials/${id}/submit-check`),
  /** 撤回: back to draft (or returned) while the reviewer has not acted. */
  withdraw: async (id: string) => rec(await api.post(`/api/materials/${id}/withdraw`, {})),
  replyToComment: (id: string, commentId: string, body: string) =>
    api.post<ReviewReply>(`/api/materials/${id}/comments/${commentId}/replies`, { body }),
  setCommentHandled: (id: string, commentId: string, handled: boolean) =>
    api.post<{ id: string; resolvedAt: string | null }>(`/api/materials/${id}/comments/${commentId}/handled`, {
      handled,
    }),
  returnTo: async (id: string, note?: string) =>
    rec(await api.post(`/api/materials/${id}/return`, note ? { note } : {})),
  approve: async (id: string, note?: string, links?: MeasureLinkChoice[]) =>
    rec(
      await api.post(`/api/materials/${id}/approve`, {
        ...(note ? { note } : {}),
        ...(links?.length ? { links } : {}),
      }),
    ),
  comments: async (id: string) => list<ReviewComment>(await api.get(`/api/materials/${id}/comments`), 'comments'),
  addComment: (id: string, c: CommentInput) => api.post<ReviewComment>(`/api/materials/${id}/comments`, c),
  events: async (id: string) => list<WorkflowEvent>(await api.get(`/api/materials/${id}/events`), 'events'),
  /**
   * The 查重 report of the current version. The server indexes a saved version off the save's path
   * and answers `pending` until then: asked again each second (the page shows 查重中… meanwhile);
   * after a minute, or when the indexing failed for good, the pending answer itself.
   */
  similarity: async (id: string): Promise<SimilarityReport | SimilarityPending> => {
    for (let i = 0; ; i++) {
      const r = await api.get<SimilarityReport | SimilarityPending>(`/api/materials/${id}/similarity`);
      if (!('pending' in r) || r.failed || i >= 60) return r;
      await new Promise((res) => setTimeout(res, 1000));
    }
  },
  exportUrl: (id: string) => `/api/materials/${id}/export?format=docx`,
};

/** `copyPending`: the saved version's 查重 is still being computed (ask again). */
export type SubmissionCheck = SubmissionSummary & { version: number; copyPending?: boolean };

export interface AutosaveResult {
  version: number;
  rev: number;
  savedAt: string;
  /** This autosave made a version (after long continuous editing). */
  versioned: boolean;
}

export interface MaterialDraft {
  baseVersion: number;
  rev: number;
  savedAt: string;
  content: MaterialContent;
  /** Made on the material's current version (else a version was made elsewhere meanwhile). */
  current: boolean;
}

/** A version whose 查重 is not done yet (or failed for good: `failed` says why). */
export interface SimilarityPending {
  version: number;
  pending: true;
  failed?: string;
}

/** The subset of core/similarity CheckResult the page shows. */
export interface SimilarityReport {
  copyRatio: number;
  copyRatioExcludingShared: number;
  longestRun: number;
  chars: number;
  matches: {
    id: string;
    label: string;
    meta?: { title?: string | null; year?: number | null };
    coverage: number;
    longest: number;
    passages: { q: [number, number] }[];
  }[];
  parts?: { kind: string; ratio: number }[];
  /**
   * Stock passages: text many stored materials share (常见套话、通用段落), never a source; `sources`
   * are indices into `matches` of sources the passage was copied from as well.
   */
  stock?: { q: [number, number]; qn: [number, number]; support: number; sources: number[] }[];
  /** Fraction of the text inside stock passages. */
  stockRatio?: number;
}

export const health = () => api.get<{ ok?: boolean; status?: string; demo?: boolean }>('/api/health');

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
