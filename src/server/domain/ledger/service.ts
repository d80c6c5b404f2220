/**
 * Ledger operations: authorize with the pure table (core/ledger/policy.ts) → call the core →
 * persist through the ledger repository → append to the audit log, all in one transaction. The
 * HTTP handlers (routes/ledger/index.ts) and the CLI (cli/commands/ledger.ts) call these; an `actor` of null
 * is the system itself (the CLI on the configured database, the daily job), which is allowed
 * everything and audited as such.
 *
 *   const svc = ledgerService(repos, { evidence: { mode: 'dir', dir: './data/evidence' } });
 *   await svc.apply(actor, itemId);            // owner, with ≥ 1 evidence file
 *   await svc.close(superior, itemId);         // the superior, not the owner
 */
import { stripLeadingMarker } from '../../../core/text/numerals.js';
import type { Repositories } from '../../../storage/repositories/index.js';
import {
  type LedgerFilter,
  type LedgerListScope,
  type LedgerPage,
  type LedgerRepositoryOptions,
} from '../../../storage/repositories/ledger.js';
import { JianshiError } from '../../../core/errors.js';
import type { Actor } from '../../../core/auth/policy.js';
import type { Material } from '../../../core/material/model.js';
import { can } from '../../../core/auth/policy.js';
import { applyLinks, linkMeasures, type MeasureLink } from '../../../core/ledger/link.js';
import {
  applyLedgerEvent,
  assignNumbers,
  dailyNotifications,
  draftsFromMaterial,
  findRecurrence,
  ledgerDecision,
  ledgerReadScope,
  ledgerRelations,
  problemView,
  responsibilityView,
  splitItem,
  taskView,
  transitionNotifications,
  validateDraft,
  dueState,
  assertMutable,
  LEDGER_STATUS_LABELS,
  type LedgerAction,
  type LedgerEvent,
  type LedgerItem,
  type LedgerItemDraft,
  type LedgerPatch,
  type LedgerView,
  type Mailer,
  type NewLedgerItem,
  type SplitPart,
  type LedgerNotification,
  changesDeadline,
  decideExtension,
  deadlineAfter,
  extensionNotifications,
  extensionText,
  requestExtension,
  splitDeadlineProblem,
  type DeadlineExtension,
  type ExtensionDecision,
  OPEN_STATUSES,
  LEDGER_ITEM_ABILITIES,
  type LedgerItemAbility,
  type LedgerStatus,
} from '../../../core/ledger/index.js';
import type { LedgerDashboardQuery, LedgerDraft as LedgerDraftInput } from '../../../contract/ledger.js';
import { randomUUID as newId } from 'node:crypto';
import { today as todayIn } from '../../../core/meeting/dates.js';
import type { Actor as PolicyActor } from '../../../core/auth/policy.js';
import {
  exportLedgerXlsx,
  importLedgerXlsx,
  type LedgerExportRow,
  type LedgerImportResult,
} from '../../../formats/ledger-xlsx.js';

export interface LedgerServiceOptions extends LedgerRepositoryOptions {
  /**
   * The zone whose calendar day is "today" for due states, lists, exports and the daily pass (the
   * configured NOTIFY_TIME_ZONE; default Asia/Shanghai): never the UTC date, a day behind in China
   * from 00:00 to 08:00.
   */
  timeZone?: string;
  mailer?: Mailer | null;
  /** E-mail address of a person (none → no mail). */
  addressOf?: (personId: string) => Promise<string | null>;
}

function deny(decision: string): never {
  if (decision === 'hidden') throw new JianshiError('E_NOT_FOUND', '未找到该整改事项。');
  if (decision === 'bad_state')
    throw new JianshiError('E_BAD_STATE', '整改事项当前状态不允许此操作（已销号的事项不可更改）。');
  throw new JianshiError('E_FORBIDDEN');
}

/** The first clause of a passage, without its numbering, at most 80 characters (for a list). */
function firstClause(t: string): string {
  const s = stripLeadingMarker(t.trim());
  const c = s.split(/[。；;！!？?\n]/u)[0]?.trim() ?? '';
  return c.length > 80 ? `${c.slice(0, 79)}…` : c;
}

/** The problem of every measure: the proposal with a person's corrections applied. */
function chosenLinks(
  content: Partial<Pick<Material, 'problems' | 'measures'>>,
  links: readonly { measureIndex: number; problemIndex: number | null }[],
): (number | null)[] {
  const problems = content.problems ?? [];
  const r = applyLinks(linkMeasures(content.measures ?? [], problems), links, problems.length);
  if (!r.ok) throw new JianshiError('E_VALIDATION', r.errors.join(''));
  return r.byMeasure;
}

export function ledgerService(repos: Repositories, opts: LedgerServiceOptions = {}) {
  const today = () => todayIn(opts.timeZone);
  const { timeZone: _zone, mailer: _mailer, addressOf: _addressOf, ...storage } = opts;
  const configured = Object.keys(storage).length > 0;
  /** The ledger repository of `r` (a transaction's, by default the service's own), with the configured storage. */
  const L = (r: Repositories = repos) => (configured ? r.ledger.configured(storage) : r.ledger);

  async function orgOf(orgId: string) {
    const o = await repos.orgs.get(orgId);
    if (!o) throw new JianshiError('E_NOT_FOUND', '未找到该组织。');
    return o;
  }

  /** Load an item and authorize `action` on it (404 when the actor may not even read it). */
  async function authorized(
    actor: Actor | null,
    id: string,
    action: LedgerAction,
  ): Promise<{ item: LedgerItem; orgPath: string }> {
    const item = await L().get(id);
    if (!item) throw new JianshiError('E_NOT_FOUND', '未找到该整改事项。');
    const org = await orgOf(item.orgId);
    if (actor) {
      const d = ledgerDecision(actor, action, { orgPath: org.path, ownerId: item.ownerId, status: item.status });
      if (d !== 'allow') deny(d);
    } else if (action !== 'ledger.read') assertStatusFor(action, item);
    return { item, orgPath: org.path };
  }

  /** The system actor is not bound by the table, but closed items stay immutable for it too. */
  function assertStatusFor(action: LedgerAction, item: LedgerItem) {
    if (
      ['ledger.edit', 'ledger.assign', 'ledger.split', 'ledger.note', 'ledger.evidence', 'ledger.apply'].includes(
        action,
      )
    )
      assertMutable(item.status);
  }

  async function authorizeOrg(actor: Actor | null, orgId: string, action: LedgerAction) {
    const org = await orgOf(orgId);
    if (actor) {
      const d = ledgerDecision(actor, action, { orgPath: org.path });
      if (d !== 'allow') deny(d);
    }
    return org;
  }

  async function markRecurrence(r: Repositories, items: LedgerItem[]): Promise<LedgerItem[]> {
    const out: LedgerItem[] = [];
    for (const i of items) {
      const hit = findRecurrence(i, await L(r).recurrenceCandidates(i));
      if (hit) {
        await L(r).setRepeated(i.id, hit.id);
        out.push({ ...i, repeatedOfId: hit.id });
      } else out.push(i);
    }
    return out;
  }

  const svc = {
    repo: L,

    /**
     * Create items (numbered, checked for recurrence) in one organization. `keep`, when given, runs
     * inside the transaction and may drop drafts that exist by then (see createFromMaterial).
     */
    async create(
      actor: Actor | null,
      orgId: string,
      drafts: readonly (NewLedgerItem | (LedgerItemDraft & { year: number; meetingId?: string | null }))[],
      keep?: (tx: Repositories, drafts: NewLedgerItem[]) => Promise<NewLedgerItem[]>,
    ): Promise<LedgerItem[]> {
      const org = await authorizeOrg(actor, orgId, 'ledger.create');
      for (const [k, d] of drafts.entries()) {
        const errs = validateDraft(d);
        if (errs.length) throw new JianshiError('E_VALIDATION', `第 ${k + 1} 项：${errs.join('；')}`);
      }
      return repos.transaction(async (tx) => {
        let all: NewLedgerItem[] = drafts.map((d) => ({ ...d, orgId }));
        if (keep) all = await keep(tx, all);
        const byYear = new Map<number, NewLedgerItem[]>();
        for (const d of all) byYear.set(d.year, [...(byYear.get(d.year) ?? []), d]);
        const created: LedgerItem[] = [];
        for (const [year, list] of byYear) {
          const numbered = assignNumbers(list, org.name, year, await L(tx).numbers(orgId, year));
          created.push(...(await markRecurrence(tx, await L(tx).insertMany(numbered, actor?.personId ?? null))));
        }
        for (const i of created)
          await tx.audit.append({
            actorId: actor?.personId ?? null,
            action: 'ledger.create',
            entity: 'ledger_item',
            entityId: i.id,
            after: i,
            details: { number: i.number, source: i.source },
          });
        return created;
      });
    },

    /**
     * Create hand-made or meeting-made items (POST /ledger/items): who may not add to the
     * organization's ledger learns nothing else; every link back must point at something real of
     * this organization's meeting (the criticism, the comment, the opinion collections).
     */
    async createChecked(actor: Actor | null, orgId: string, drafts: readonly LedgerDraftInput[]) {
      await authorizeOrg(actor, orgId, 'ledger.create');
      for (const [k, d] of drafts.entries()) {
        const ref = d.sourceRef;
        if (!ref || ref.kind === 'manual') continue;
        const bad = (why: string) => new JianshiError('E_VALIDATION', `第 ${k + 1} 项的来源无效：${why}`);
        if (d.meetingId && d.meetingId !== ref.meetingId) throw bad('与所属会议不一致');
        const target = await L().sourceRefTarget(ref);
        if (target.meetingOrgId !== orgId) throw bad('会议不属于该组织');
        if (!target.found)
          throw bad(
            ref.kind === 'criticism'
              ? '没有这条批评意见'
              : ref.kind === 'comment'
                ? '没有这条点评'
                : '征求意见不属于该会议',
          );
      }
      return svc.create(actor, orgId, drafts);
    },

    /** The list's and the dashboard's filter from the query (an organization means its subtree unless subtree=0). */
    async filterOf(q: LedgerDashboardQuery): Promise<LedgerFilter> {
      const f: LedgerFilter = {
        status: q.status === undefined ? undefined : Array.isArray(q.status) ? q.status : [q.status],
        aspect: q.aspect,
        source: q.source,
        ownerId: q.ownerId,
        year: q.year,
        meetingId: q.meetingId,
        due: q.due,
        repeated: q.repeated === undefined ? undefined : q.repeated === '1',
        q: q.q,
        extensionPending: q.extension === 'pending' ? true : undefined,
      };
      if (q.orgId) {
        if (q.subtree === '0') f.orgIds = [q.orgId];
        else {
          const org = await repos.orgs.get(q.orgId);
          f.subtreeOf = org?.path ?? '/nonexistent/';
        }
      }
      return f;
    },

    /** 403/404 unless the actor may add items to the organization's ledger (before anything else is told). */
    async authorizeCreate(actor: Actor | null, orgId: string): Promise<void> {
      await authorizeOrg(actor, orgId, 'ledger.create');
    },

    /**
     * Which problem each measure of a material answers: the proposal (core/ledger/link.ts) and, for
     * measures already in the ledger, the problem their item carries. Shown to the author and the
     * secretary (whoever may read the material) before items are made.
     */
    async measureLinks(actor: Actor | null, materialId: string) {
      const m = await repos.materials.get(materialId);
      if (!m) throw new JianshiError('E_NOT_FOUND', '未找到该材料。');
      const org = await orgOf(m.orgId);
      if (actor && !can(actor, 'material.read', { orgPath: org.path, authorId: m.authorId, kind: m.kind }))
        throw new JianshiError('E_NOT_FOUND', '未找到该材料。');
      const content = (m.content ?? {}) as Partial<Material>;
      const problems = content.problems ?? [];
      const measures = content.measures ?? [];
      const made = await L().measureItems(m.orgId, materialId);
      const mayCreate = !actor || ledgerDecision(actor, 'ledger.create', { orgPath: org.path }) === 'allow';
      return {
        materialId,
        status: m.status,
        mayCreate,
        problems: problems.map((p, index) => ({
          index,
          aspect: p.aspect ?? null,
          heading: p.heading ?? '',
          summary: firstClause(p.points?.[0] ?? p.text ?? ''),
        })),
        measures: measures.map((x, index) => ({
          index,
          heading: x.heading ?? '',
          summary: firstClause(x.text ?? ''),
          deadline: x.deadline ?? null,
        })),
        links: linkMeasures(measures, problems) as MeasureLink[],
        made,
      };
    },

    /** Corrected links checked against the material (E_VALIDATION with the problems in Chinese). */
    async checkLinks(materialId: string, links: readonly { measureIndex: number; problemIndex: number | null }[]) {
      const m = await repos.materials.get(materialId);
      if (m) chosenLinks(m.content as Material, links);
    },

    /**
     * One item per measure of an approved material; idempotent (measures already converted are
     * skipped). `links` are the author's or secretary's corrections of the proposed measure → problem
     * links (measures not listed keep the proposal).
     */
    async createFromMaterial(
      actor: Actor | null,
      materialId: string,
      links?: readonly { measureIndex: number; problemIndex: number | null }[] | null,
    ): Promise<LedgerItem[]> {
      const m = await repos.materials.get(materialId);
      if (!m) throw new JianshiError('E_NOT_FOUND', '未找到该材料。');
      // Who may not add to this organization's ledger learns nothing about the material's state.
      await authorizeOrg(actor, m.orgId, 'ledger.create');
      if (m.status !== 'approved') throw new JianshiError('E_BAD_STATE', '只有审核通过的材料才能生成整改台账。');
      const content = m.content as Material;
      const chosen = links?.length ? chosenLinks(content, links) : undefined;
      const meeting = await repos.meetings.get(m.meetingId);
      const year = meeting?.year ?? Number(m.createdAt.slice(0, 4));
      const doneIn = async (r: Repositories) =>
        new Set(
          (await L(r).existingSourceRefs(m.orgId, 'measure', materialId)).map((x) =>
            x.kind === 'measure' ? x.measureIndex : -1,
          ),
        );
      const notDone = (done: Set<number>) => (d: NewLedgerItem) =>
        d.sourceRef?.kind === 'measure' && !done.has(d.sourceRef.measureIndex);
      const all = draftsFromMaterial(content, {
        materialId,
        orgId: m.orgId,
        year,
        meetingId: m.meetingId,
        ownerId: m.kind === 'leadership' ? null : m.authorId,
        links: chosen,
      });
      if (!all.filter(notDone(await doneIn(repos))).length) return [];
      // Checked again inside the transaction, after locking the material (PostgreSQL; SQLite's write
      // transactions are serial): two approvals or clicks at once make each measure's item once.
      return svc.create(actor, m.orgId, all, async (tx, drafts) => {
        await L(tx).lockMaterial(materialId);
        return drafts.filter(notDone(await doneIn(tx)));
      });
    },

    /**
     * One item with everything its page shows: transitions, notes, evidence, the names of the people
     * involved (readers of an item may not list people), its organization and meeting, the earlier
     * item it repeats (when the reader may read that one too), and what the reader may do now.
     */
    async get(actor: Actor | null, id: string) {
      const { item, orgPath } = await authorized(actor, id, 'ledger.read');
      const [transitions, notes, evidence, org, meeting, extensions] = await Promise.all([
        L().transitions(id),
        L().notes(id),
        L().listEvidence(id),
        repos.orgs.get(item.orgId),
        item.meetingId ? repos.meetings.get(item.meetingId) : null,
        L().extensions(id),
      ]);
      let repeatedOf: {
        id: string;
        number: string;
        year: number;
        problem: string;
        status: LedgerStatus;
        closedAt: string | null;
      } | null = null;
      if (item.repeatedOfId) {
        const r = await L().get(item.repeatedOfId);
        const ro = r && (await repos.orgs.get(r.orgId));
        if (
          r &&
          ro &&
          (!actor ||
            ledgerDecision(actor, 'ledger.read', { orgPath: ro.path, ownerId: r.ownerId, status: r.status }) ===
              'allow')
        ) {
          repeatedOf = {
            id: r.id,
            number: r.number,
            year: r.year,
            problem: r.problem,
            status: r.status,
            closedAt: r.closedAt,
          };
        }
      }
      const can: Partial<Record<LedgerItemAbility, boolean>> = {};
      if (actor) {
        const t = { orgPath, ownerId: item.ownerId, status: item.status };
        for (const a of LEDGER_ITEM_ABILITIES)
          if (a !== 'ledger.start') can[a] = ledgerDecision(actor, a, t) === 'allow';
        can['ledger.start'] = can['ledger.edit'] === true && item.status === 'pending';
      }
      const names = await namesOf([
        item.ownerId,
        item.createdBy,
        item.closedBy,
        ...transitions.map((t) => t.actorId),
        ...notes.map((n) => n.authorId),
        ...evidence.map((e) => e.uploadedBy),
        ...extensions.flatMap((x) => [x.requestedBy, x.decidedBy]),
      ]);
      return {
        item,
        dueState: dueState(item, today(), L().policy),
        transitions: transitions.map(({ snapshot: _s, ...t }) => t),
        notes,
        evidence,
        extensions,
        names,
        org: org ? { id: org.id, name: org.name } : null,
        meeting: meeting ? { id: meeting.id, year: meeting.year, kind: meeting.kind, theme: meeting.theme } : null,
        repeatedOf,
        can,
      };
    },

    async list(actor: Actor | null, filter: LedgerFilter, page: LedgerPage, view?: LedgerView) {
      const scope: LedgerListScope = actor ? ledgerReadScope(actor) : { all: true };
      const t = today();
      const r = await L().list(filter, scope, page, t);
      const rows =
        view === 'problems'
          ? problemView(r.items)
          : view === 'tasks'
            ? taskView(r.items, t, L().policy)
            : view === 'responsibilities'
              ? responsibilityView(r.items, t, L().policy)
              : r.items.map((i) => ({ ...i, dueState: dueState(i, t, L().policy) }));
      // Names of the owners on this page (a reader of the ledger may not be allowed to list people).
      // Items of this page with an extension request waiting (the 延期待批 badge): id → the requested date.
      const waiting = await L().extensionsOf(
        r.items.filter((i) => OPEN_STATUSES.includes(i.status)).map((i) => i.id),
        true,
      );
      const pendingExtensions = Object.fromEntries([...waiting].map(([itemId, xs]) => [itemId, xs[0].newDeadlineOn]));
      return {
        items: rows,
        nextCursor: r.nextCursor,
        total: r.total,
        names: await namesOf(r.items.map((i) => i.ownerId)),
        pendingExtensions,
      };
    },

    /** With `orgId` the actor needs ledger.dashboard there; without, the figures cover only what the actor may read. */
    async dashboard(actor: Actor | null, filter: LedgerFilter, orgId?: string) {
      if (actor && orgId) await authorizeOrg(actor, orgId, 'ledger.dashboard');
      const scope: LedgerListScope = actor ? ledgerReadScope(actor) : { all: true };
      return L().dashboard(filter, scope, today());
    },

    async update(actor: Actor | null, id: string, patch: LedgerPatch): Promise<LedgerItem> {
      const assigning = patch.ownerId !== undefined || patch.leaderName !== undefined;
      // Resending the same 完成时限 is no change; a different one needs a deadline setter (never the
      // owner), who may change the deadline alone without the right to edit the content (the superior).
      const { item, orgPath } = await authorized(actor, id, 'ledger.read');
      const moving = changesDeadline(item, patch, L().policy);
      const deadlineOnly = Object.keys(patch).every((k) => k === 'deadlineKind' || k === 'deadlineOn');
      if (!(moving && deadlineOnly)) await authorized(actor, id, assigning ? 'ledger.assign' : 'ledger.edit');
      if (moving) assertDeadlineSetter(actor, item, orgPath);
      // Nobody makes himself the owner of an item whose deadline he could not then set: otherwise a
      // secretary hands his own item to a member, moves its deadline, and takes it back.
      if (actor && patch.ownerId === actor.personId && item.ownerId !== actor.personId) {
        assertDeadlineSetter(
          actor,
          { ...item, ownerId: actor.personId },
          orgPath,
          '不能把整改事项改由自己负责：本人事项的完成时限由上级确定，请由上级调整责任人。',
        );
      }
      const merged = { ...item, ...patch };
      const errs = validateDraft(merged);
      if (errs.length) throw new JianshiError('E_VALIDATION', errs.join('；'));
      return repos.transaction(async (tx) => {
        const after = await L(tx).update(id, patch);
        const deadline = moving
          ? {
              deadline: {
                from: { kind: item.deadlineKind, on: item.deadlineOn },
                to: deadlineAfter(item, patch, L().policy),
              },
            }
          : {};
        await tx.audit.append({
          actorId: actor?.personId ?? null,
          action: 'ledger.update',
          entity: 'ledger_item',
          entityId: id,
          before: item,
          after,
          details: { fields: Object.keys(patch), ...deadline },
        });
        return after;
      });
    },

    async split(actor: Actor | null, id: string, parts: SplitPart[]): Promise<LedgerItem[]> {
      const { item, orgPath } = await authorized(actor, id, 'ledger.split');
      // The owner splits; the parts are not due later than the item unless a deadline setter splits.
      if (
        actor &&
        ledgerDecision(actor, 'ledger.deadline', { orgPath, ownerId: item.ownerId, status: item.status }) !== 'allow'
      ) {
        if (parts[0] && changesDeadline(item, parts[0], L().policy)) throw new JianshiError('E_DEADLINE_FORBIDDEN');
        for (const [k, part] of parts.entries()) {
          const why = k > 0 ? splitDeadlineProblem(item, part) : null;
          if (why) throw new JianshiError('E_DEADLINE_FORBIDDEN', `第 ${k + 1} 项：${why}。`);
        }
      }
      return repos.transaction(async (tx) => {
        const { patch, children } = splitItem(item, parts, await L(tx).numbers(item.orgId, item.year));
        const p: LedgerPatch = {};
        for (const k of ['problem', 'measures', 'target', 'ownerId', 'deadlineKind', 'deadlineOn'] as const)
          if (patch[k] !== undefined) (p as Record<string, unknown>)[k] = patch[k];
        const parent = Object.keys(p).length ? await L(tx).update(id, p) : item;
        const kids = await L(tx).insertMany(
          children.map((c) => ({ ...c, number: c.number! })),
          actor?.personId ?? null,
        );
        await tx.audit.append({
          actorId: actor?.personId ?? null,
          action: 'ledger.split',
          entity: 'ledger_item',
          entityId: id,
          before: item,
          after: parent,
          details: { children: kids.map((k) => k.number) },
        });
        return [parent, ...kids];
      });
    },

    async addNote(actor: Actor, id: string, body: string) {
      await authorized(actor, id, 'ledger.note');
      return L().addNote(id, actor.personId, body);
    },

    async addEvidence(
      actor: Actor,
      id: string,
      file: { bytes: Uint8Array; fileName?: string | null; evidenceOn?: string | null },
    ) {
      await authorized(actor, id, 'ledger.evidence');
      return repos.transaction(async (tx) => {
        const f = await L(tx).addEvidence({
          itemId: id,
          bytes: file.bytes,
          fileName: file.fileName,
          evidenceOn: file.evidenceOn,
          uploadedBy: actor.personId,
        });
        await tx.audit.append({
          actorId: actor.personId,
          action: 'ledger.evidence',
          entity: 'ledger_item',
          entityId: id,
          details: { fileId: f.id, sha256: f.sha256, size: f.size },
        });
        return f;
      });
    },

    async getEvidence(actor: Actor | null, fileId: string) {
      const f = await L().getEvidence(fileId);
      if (!f) throw new JianshiError('E_NOT_FOUND', '未找到该佐证材料。');
      await authorized(actor, f.itemId, 'ledger.read');
      return f;
    },

    /** apply / close / send_back: authorize, run the core state machine, CAS + record + audit + notifications. */
    async transition(
      actor: Actor,
      id: string,
      event: Exclude<LedgerEvent, 'start'> | 'start',
      reason?: string | null,
    ): Promise<LedgerItem> {
      const action: LedgerAction =
        event === 'close'
          ? 'ledger.close'
          : event === 'send_back'
            ? 'ledger.sendBack'
            : event === 'apply'
              ? 'ledger.apply'
              : 'ledger.edit';
      const { item, orgPath } = await authorized(actor, id, action);
      const evidence = (await L().listEvidence(id)).map((e) => ({
        id: e.id,
        fileName: e.fileName,
        sha256: e.sha256,
        evidenceOn: e.evidenceOn,
      }));
      const at = new Date().toISOString();
      const { item: after, record } = applyLedgerEvent(item, event, { actorId: actor.personId, at, reason, evidence });
      const notes = await repos.transaction(async (tx) => {
        await L(tx).transition(record);
        await tx.audit.append({
          actorId: actor.personId,
          action: `ledger.${event}`,
          entity: 'ledger_item',
          entityId: id,
          before: item,
          after,
          details: { from: item.status, to: after.status, evidence: evidence.length },
        });
        let recipients: string[] = [];
        if (event === 'apply') recipients = await closersOf(tx, item, orgPath);
        else if (event === 'close' || event === 'send_back')
          recipients = item.ownerId
            ? [item.ownerId]
            : ((await L(tx).secretariesByOrg([item.orgId])).get(item.orgId) ?? []);
        if (event === 'start') return [];
        return L(tx).notify(
          transitionNotifications(
            item,
            event,
            recipients.filter((p) => p !== actor.personId),
            at,
            reason,
          ),
        );
      });
      await svc.mail(notes);
      return after;
    },

    // ---------------------------------------------------------------- deadline extensions

    /** The owner asks for a later deadline (new date + reason); those who decide are told. */
    async requestExtension(
      actor: Actor,
      id: string,
      input: { newDeadlineOn: string; reason: string },
    ): Promise<DeadlineExtension> {
      const { item, orgPath } = await authorized(actor, id, 'ledger.extend');
      const at = new Date().toISOString();
      const { ext, notes } = await repos.transaction(async (tx) => {
        const fresh = (await L(tx).get(id)) ?? item;
        const ext = await L(tx).insertExtension(
          requestExtension(fresh, await L(tx).pendingExtension(id), {
            id: newId(),
            actorId: actor.personId,
            at,
            ...input,
          }),
        );
        await tx.audit.append({
          actorId: actor.personId,
          action: 'ledger.extension.request',
          entity: 'ledger_item',
          entityId: id,
          details: {
            extensionId: ext.id,
            oldDeadlineOn: ext.oldDeadlineOn,
            newDeadlineOn: ext.newDeadlineOn,
            reason: ext.reason,
          },
        });
        const deciders = (await deadlineSettersOf(tx, fresh, orgPath)).filter((p) => p !== actor.personId);
        return { ext, notes: await L(tx).notify(extensionNotifications(fresh, ext, deciders), at) };
      });
      await svc.mail(notes);
      return ext;
    },

    /** A deadline setter approves (the deadline moves) or refuses (with a comment); the owner is told. */
    async decideExtension(
      actor: Actor,
      id: string,
      extensionId: string,
      decision: ExtensionDecision,
      comment?: string | null,
    ): Promise<{ item: LedgerItem; extension: DeadlineExtension }> {
      const { item } = await authorized(actor, id, 'ledger.deadline');
      const at = new Date().toISOString();
      const r = await repos.transaction(async (tx) => {
        const ext = await L(tx).getExtension(extensionId);
        if (!ext || ext.itemId !== id) throw new JianshiError('E_NOT_FOUND', '未找到该延期申请。');
        const fresh = (await L(tx).get(id)) ?? item;
        const { extension, patch } = decideExtension(fresh, ext, decision, { actorId: actor.personId, at, comment });
        await L(tx).decideExtension(extension);
        const after = patch ? await L(tx).update(id, patch, undefined, at) : fresh;
        await tx.audit.append({
          actorId: actor.personId,
          action: `ledger.extension.${extension.status === 'approved' ? 'approve' : 'refuse'}`,
          entity: 'ledger_item',
          entityId: id,
          ...(patch ? { before: fresh, after } : {}),
          details: {
            extensionId: extension.id,
            requestedBy: extension.requestedBy,
            oldDeadlineOn: extension.oldDeadlineOn,
            newDeadlineOn: extension.newDeadlineOn,
            deadlineOn: after.deadlineOn,
            comment: extension.comment,
          },
        });
        const notes = await L(tx).notify(
          extensionNotifications(
            fresh,
            extension,
            [extension.requestedBy].filter((p) => p !== actor.personId),
          ),
          at,
        );
        return { item: after, extension, notes };
      });
      await svc.mail(r.notes);
      return { item: r.item, extension: r.extension };
    },

    async unmarkRepeated(actor: Actor, id: string) {
      const { item } = await authorized(actor, id, 'ledger.unmarkRepeated');
      await repos.transaction(async (tx) => {
        await L(tx).setRepeated(id, null);
        await tx.audit.append({
          actorId: actor.personId,
          action: 'ledger.unmarkRepeated',
          entity: 'ledger_item',
          entityId: id,
          details: { was: item.repeatedOfId },
        });
      });
    },

    // ---------------------------------------------------------------- Excel

    /** The rows of an export: names instead of ids, latest progress, evidence names, closure text. */
    async exportRows(items: readonly LedgerItem[]): Promise<LedgerExportRow[]> {
      const people = new Map((await repos.people.list()).map((p) => [p.id, p.name]));
      const ids = items.map((i) => i.id);
      const [notes, files, extensions] = await Promise.all([
        L().latestNotes(ids),
        L().evidenceNames(ids),
        L().extensionsOf(ids),
      ]);
      const t = today();
      return items.map((i) => ({
        number: i.number,
        source: i.source,
        aspect: i.aspect,
        problem: i.problem,
        target: i.target,
        measures: i.measures,
        leaderName: i.leaderName,
        department: i.department,
        ownerName: i.ownerId ? (people.get(i.ownerId) ?? null) : null,
        deadlineKind: i.deadlineKind,
        deadlineOn: i.deadlineKind === 'date' ? i.deadlineOn : null,
        status: i.status,
        progress: notes.get(i.id) ?? null,
        evidence: files.get(i.id)?.join('\n') ?? null,
        closure:
          i.status === 'closed'
            ? `${i.closedAt?.slice(0, 10) ?? ''} ${i.closedBy ? (people.get(i.closedBy) ?? '') : ''} 审核销号`
                .replace(/\s+/g, ' ')
                .trim()
            : i.status === 'awaiting_close'
              ? '已申请销号，待审核'
              : null,
        dueState: dueState(i, t, L().policy),
        extension: extensionText(extensions.get(i.id) ?? []),
      }));
    },

    async exportXlsx(
      actor: Actor | null,
      input: { orgId?: string; filter?: LedgerFilter; max?: number },
    ): Promise<{ buffer: Buffer; count: number; fileName: string }> {
      const filter: LedgerFilter = { ...(input.filter ?? {}) };
      let title = '整改台账';
      if (input.orgId) {
        const org = await authorizeOrg(actor, input.orgId, 'ledger.export');
        filter.subtreeOf = org.path;
        title = `${org.name}${filter.year ? `${filter.year}年度` : ''}整改台账`;
      } else if (actor) throw new JianshiError('E_VALIDATION', '请指定要导出的组织。');
      const scope: LedgerListScope = actor ? ledgerReadScope(actor) : { all: true };
      const items: LedgerItem[] = [];
      for await (const i of L().iterate(filter, scope, today(), input.max ?? 50_000)) items.push(i);
      const buffer = await exportLedgerXlsx(await svc.exportRows(items), { title });
      return { buffer, count: items.length, fileName: `${title}.xlsx` };
    },

    /**
     * Import a filled-in sheet into one organization (given, or recognised from the numbers'
     * organization name / the title). Owners are matched by name among the organization's members
     * (then among everyone, when unambiguous). With any error nothing is imported unless
     * `allowPartial`. Numbers already used in the organization are row errors ("one problem, one
     * account"); rows without a number get the next free ones. Closed / awaiting rows need a
     * superior (or the system) — an ordinary import cannot bypass the closure check.
     */
    async importXlsx(
      actor: Actor | null,
      bytes: Uint8Array,
      input: { orgId?: string; allowPartial?: boolean; year?: number; noteAuthorId?: string | null; fileName?: string },
    ): Promise<LedgerImportResult & { created: LedgerItem[]; orgId: string | null }> {
      const parsed = await importLedgerXlsx(bytes, { allowPartial: true });
      const errors = [...parsed.errors];
      const orgs = await repos.orgs.list();
      let org = input.orgId ? orgs.find((o) => o.id === input.orgId) : undefined;
      if (input.orgId && !org) throw new JianshiError('E_NOT_FOUND', '未找到该组织。');
      if (!org) {
        const names = new Set(parsed.rows.map((r) => /^\d{4}-(.+?)-\d+/.exec(r.number ?? '')?.[1]).filter(Boolean));
        const byNumber = orgs.filter((o) => names.has(o.name.replace(/[\s\-/\\:*?"<>|]/g, '')));
        const byTitle = orgs
          .filter((o) => parsed.title?.includes(o.name))
          .sort((a, b) => b.name.length - a.name.length);
        org = byNumber.length === 1 ? byNumber[0] : byTitle[0];
      }
      if (!org)
        throw new JianshiError(
          'E_VALIDATION',
          '无法确定导入到哪个组织：请指定组织（--org），或在表格标题或问题编号中写明组织名称。',
        );
      await authorizeOrg(actor, org.id, 'ledger.import');
      // Historical ledgers with closed items come from the superior (or the system), never from the branch itself.
      const mayClose = !actor || ledgerRelations(actor, { orgPath: org.path }).has('reviewer');
      const members = new Set((await repos.memberships.forOrg(org.id)).map((m) => m.personId));
      const people = await repos.people.list();
      const byName = new Map<string, { local: string[]; all: string[] }>();
      for (const p of people) {
        const e = byName.get(p.name) ?? { local: [], all: [] };
        e.all.push(p.id);
        if (members.has(p.id)) e.local.push(p.id);
        byName.set(p.name, e);
      }
      const year =
        input.year ??
        Number(parsed.rows.map((r) => /^(\d{4})-/.exec(r.number ?? '')?.[1]).find(Boolean) ?? today().slice(0, 4));
      const drafts: (NewLedgerItem & { row: number; progress: string | null })[] = [];
      const bad = new Set(parsed.errors.map((e) => e.row));
      const rowErr = (row: number, column: string, code: string, message: string) => {
        errors.push({ row, column, code, message: `第 ${row} 行${column ? `“${column}”` : ''}：${message}` });
        bad.add(row);
      };
      const existing = new Set(await L().numbers(org.id, year));
      for (const r of parsed.rows) {
        let ownerId: string | null = null;
        if (r.ownerName) {
          const e = byName.get(r.ownerName);
          const ids = e?.local.length ? e.local : (e?.all ?? []);
          if (ids.length === 1) ownerId = ids[0];
          else if (ids.length === 0)
            rowErr(r.row, '责任人', 'E_UNKNOWN_PERSON', `人员名单中没有“${r.ownerName}”，请先添加该人员或改为已有人员`);
          else rowErr(r.row, '责任人', 'E_AMBIGUOUS_PERSON', `有 ${ids.length} 人名为“${r.ownerName}”，无法确定是谁`);
        }
        const ry = Number(/^(\d{4})-/.exec(r.number ?? '')?.[1] ?? year);
        if (r.number && existing.has(r.number) && ry === year)
          rowErr(r.row, '问题编号', 'E_NUMBER_TAKEN', `问题编号“${r.number}”已存在于本组织台账中`);
        if ((r.status === 'closed' || r.status === 'awaiting_close') && !mayClose)
          rowErr(
            r.row,
            '状态',
            'E_STATUS_NOT_ALLOWED',
            `导入时不能直接设为“${LEDGER_STATUS_LABELS[r.status]}”：销号须经上级审核`,
          );
        drafts.push({
          orgId: org.id,
          year: ry,
          number: r.number ?? undefined,
          source: r.source,
          sourceRef: { kind: 'import', file: input.fileName, row: r.row },
          aspect: r.aspect,
          problem: r.problem,
          target: r.target,
          measures: r.measures,
          leaderName: r.leaderName,
          department: r.department,
          ownerId,
          deadlineKind: r.deadlineKind,
          deadlineOn: r.deadlineOn,
          status: r.status,
          row: r.row,
          progress: r.progress,
        });
      }
      const good = drafts.filter((d) => !bad.has(d.row));
      const blocked = errors.length > 0 && !input.allowPartial;
      const sorted = [...errors].sort((a, b) => a.row - b.row);
      const result = {
        ...parsed,
        errors: sorted,
        rejected: bad.size - (bad.has(0) ? 1 : 0),
        blocked,
        rows: blocked ? [] : parsed.rows.filter((r) => !bad.has(r.row)),
        orgId: org.id,
      };
      if (blocked || !good.length) return { ...result, created: [] };
      const created = await repos.transaction(async (tx) => {
        const out: LedgerItem[] = [];
        const years = [...new Set(good.map((d) => d.year))];
        for (const y of years) {
          const list = good.filter((d) => d.year === y).map(({ row: _r, progress: _p, ...d }) => d);
          const numbered = assignNumbers(list, org!.name, y, await L(tx).numbers(org!.id, y));
          out.push(...(await markRecurrence(tx, await L(tx).insertMany(numbered, actor?.personId ?? null))));
        }
        const author = actor?.personId ?? input.noteAuthorId ?? null;
        if (author) {
          const goodRows = good.filter((d) => d.progress);
          for (const d of goodRows) {
            const it = out.find((o) => o.sourceRef?.kind === 'import' && o.sourceRef.row === d.row);
            if (it) await L(tx).addNote(it.id, author, d.progress!);
          }
        }
        await tx.audit.append({
          actorId: actor?.personId ?? null,
          action: 'ledger.import',
          entity: 'organization',
          entityId: org!.id,
          details: { created: out.length, rejected: result.rejected, file: input.fileName ?? null },
        });
        return out;
      });
      return { ...result, created };
    },

    // ---------------------------------------------------------------- deadlines

    /** The daily pass (run once a day by the server or `cron`): notifications, then e-mails for the new ones. */
    async dailyPass(day = today()): Promise<{ notified: number; mailed: number }> {
      const items = await L().openItemsDueBy(day);
      const secs = await L().secretariesByOrg([...new Set(items.map((i) => i.orgId))]);
      const fresh = await L().notify(dailyNotifications(items, secs, day, L().policy));
      return { notified: fresh.length, mailed: await svc.mail(fresh) };
    },

    async mail(list: readonly LedgerNotification[]): Promise<number> {
      if (!opts.mailer || !opts.addressOf) return 0;
      let n = 0;
      for (const x of list) {
        const to = await opts.addressOf(x.personId);
        if (!to) continue;
        try {
          await opts.mailer.send({ to, subject: `【检视】${x.title}`, text: `${x.body}\n\n${x.link}\n` });
          n++;
        } catch {
          /* in-app notification stays; mail is best effort */
        }
      }
      return n;
    },
  };

  /** id → name of the given people (unknown ids and nulls are skipped). */
  const namesOf = (ids: readonly (string | null | undefined)[]) => L().personNames(ids);

  /** Deadlines are the setters' (policy `ledger.deadline`): anyone else — the owner above all — gets a clear 403. */
  function assertDeadlineSetter(actor: Actor | null, item: LedgerItem, orgPath: string, message?: string): void {
    if (!actor) return;
    const d = ledgerDecision(actor, 'ledger.deadline', { orgPath, ownerId: item.ownerId, status: item.status });
    if (d === 'allow') return;
    if (d === 'bad_state' || d === 'hidden') deny(d);
    throw new JianshiError('E_DEADLINE_FORBIDDEN', message);
  }

  /**
   * Who decides this item's extension requests, to be told of a new one: the organization's
   * secretaries when they may (a member's item), else the reviewers of the ancestor organizations,
   * else the organization's administrators — each checked against the permission table.
   */
  async function deadlineSettersOf(tx: Repositories, item: LedgerItem, orgPath: string): Promise<string[]> {
    const ids = orgPath.split('/').filter(Boolean);
    const pathOf = (k: number) => `/${ids.slice(0, k + 1).join('/')}/`;
    const byPerson = new Map<string, PolicyActor['memberships']>();
    for (const [k, orgId] of ids.entries()) {
      for (const m of await tx.memberships.forOrg(orgId)) {
        if (!['secretary', 'reviewer', 'admin'].includes(m.role)) continue;
        byPerson.set(m.personId, [...(byPerson.get(m.personId) ?? []), { orgId, orgPath: pathOf(k), role: m.role }]);
      }
    }
    const may = (role: string) =>
      [...byPerson]
        .filter(
          ([personId, ms]) =>
            ms.some((m) => m.role === role) &&
            ledgerDecision(
              { personId, isAdmin: false, memberships: ms.filter((m) => m.role === role) } as PolicyActor,
              'ledger.deadline',
              { orgPath, ownerId: item.ownerId, status: item.status },
            ) === 'allow',
        )
        .map(([p]) => p);
    for (const role of ['secretary', 'reviewer', 'admin']) {
      const who = may(role);
      if (who.length) return who;
    }
    return [];
  }

  /** Who may close this item: reviewers of ancestor orgs, and the org's secretaries for personal items. */
  async function closersOf(tx: Repositories, item: LedgerItem, orgPath: string): Promise<string[]> {
    const ancestors = orgPath.split('/').filter(Boolean).slice(0, -1);
    const out = new Set<string>();
    for (const orgId of ancestors)
      for (const m of await tx.memberships.forOrg(orgId)) if (m.role === 'reviewer') out.add(m.personId);
    if (item.ownerId)
      for (const m of await tx.memberships.forOrg(item.orgId))
        if (m.role === 'secretary' && m.personId !== item.ownerId) out.add(m.personId);
    return [...out];
  }

  return svc;
}

export type LedgerService = ReturnType<typeof ledgerService>;
