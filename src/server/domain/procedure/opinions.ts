/**
 * 征求意见: the secretary opens a collection (a link + QR code), anyone with the link submits
 * anonymously, the collection closes (and its rows are resealed), opinions are summarised per
 * member and fed back to each.
 */
import type { Repositories } from '../../../storage/repositories/index.js';
import type { Services } from '../../domain/context.js';
import type { ActorContext } from '../../domain/context.js';
import { resolveFramework } from '../../domain/meetings.js';
import { JianshiError } from '../../../core/errors.js';
import {
  DEFAULT_OPINION_CATEGORIES,
  OPINION_LIMITS,
  summarizeOpinions,
  toAnonymousOpinion,
  validateOpinion,
  type OpinionInput,
} from '../../../core/meeting/opinions.js';
import { hasRole, type MeetingPerson } from '../../../core/meeting/participants.js';
import { opinionQrSvg } from '../../../formats/opinion-qr.js';
import { authorizeProcedure, loadMeeting, type MeetingCtx } from './meeting-context.js';
import { newOpinionToken, opinionPath, opinionTokenHash } from './tokens.js';
import { linkToken, newLinkNonce } from './link-key.js';
import type { OpinionSpool } from './opinion-spool.js';
import type { ClientAllowance } from './client-allowance.js';
import { today } from './meeting-context.js';
import { groupName } from '../../../core/meeting/report.js';

/** Who opinions may name: the 班子 (民主生活会) or every member (组织生活会). */
export function opinionTargets(ctx: MeetingCtx): MeetingPerson[] {
  const roles =
    ctx.meeting.kind === '组织生活会'
      ? (['secretary', 'leader', 'member'] as const)
      : (['secretary', 'leader'] as const);
  return ctx.people.filter((p) => hasRole(p, roles));
}

export async function opinionCategories(repos: Repositories, ctx: MeetingCtx): Promise<string[]> {
  const fw = await resolveFramework(repos, ctx.meeting.frameworkId);
  return fw ? [...fw.aspects.map((a) => a.name), '其他'] : [...DEFAULT_OPINION_CATEGORIES];
}

async function collectionCtx(repos: Repositories, collectionId: string) {
  const c = await repos.procedure.getCollection(collectionId);
  if (!c) throw new JianshiError('E_NOT_FOUND', '未找到该意见征集。');
  return { collection: c, ctx: await loadMeeting(repos, c.meetingId) };
}

/**
 * A new link: with the link key (kept outside the database) its token is derived from a fresh
 * random nonce, so the organizers can show it again (`currentLink`); without it, a random token
 * shown only now. Either way only the token's hash identifies it.
 */
function newLink(linkKey?: () => Buffer): { token: string; linkNonce: string | null } {
  if (!linkKey) return { token: newOpinionToken(), linkNonce: null };
  const linkNonce = newLinkNonce();
  return { token: linkToken(linkKey(), linkNonce), linkNonce };
}

/**
 * Open a collection. The period defaults to the meeting's 征求意见 stage (an end already past is
 * not taken: the link would never work). Returns the link (token, path, QR code); the token itself
 * is never stored.
 */
export async function openCollection(
  s: Services,
  actor: ActorContext,
  meetingId: string,
  input: { opensOn?: string | null; closesOn?: string | null; baseUrl?: string | null },
  linkKey?: () => Buffer,
) {
  const ctx = await loadMeeting(s.repos, meetingId);
  authorizeProcedure(actor, 'opinions.manage', ctx);
  const stage = ctx.meeting.stages.find((x) => x.stage === 'opinions');
  const stageOpen = !!stage?.dueOn && stage.dueOn >= today();
  const opensOn = input.opensOn !== undefined ? input.opensOn : stageOpen ? (stage?.startOn ?? null) : null;
  const closesOn = input.closesOn !== undefined ? input.closesOn : stageOpen ? stage!.dueOn : null;
  if (opensOn && closesOn && closesOn < opensOn) throw new JianshiError('E_VALIDATION', '截止日期不能早于开始日期。');
  const { token, linkNonce } = newLink(linkKey);
  const collection = await s.repos.transaction(async (tx) => {
    const c = await tx.procedure.openCollection({
      meetingId,
      tokenHash: opinionTokenHash(s.secret, token),
      linkNonce,
      opensOn,
      closesOn,
      createdBy: actor.personId,
    });
    await tx.audit.append({
      actorId: actor.personId,
      action: 'opinions.open',
      entity: 'opinion_collection',
      entityId: c.id,
      after: c,
      details: { meetingId },
    });
    return c;
  });
  return { collection, ...(await linkOf(token, input.baseUrl)) };
}

async function linkOf(token: string, baseUrl?: string | null) {
  const path = opinionPath(token);
  const url = baseUrl ? new URL(path, baseUrl).toString() : null;
  return { token, path, url, qrSvg: url ? await opinionQrSvg(url) : null };
}

/**
 * How anonymous opinions are batched (opinion-spool.ts): a static description, the same before and
 * after any submission. No one is told how many opinions wait in the spool — a count that moves
 * with each submission would give its time and size to whoever polls it.
 */
export interface Batching {
  size: number;
  hourly: boolean;
}
export const DEFAULT_BATCHING: Batching = { size: 5, hourly: true };

export async function listCollections(
  repos: Repositories,
  actor: ActorContext,
  meetingId: string,
  batching: Batching = DEFAULT_BATCHING,
) {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'opinions.manage', ctx);
  const p = repos.procedure;
  const cs = await p.listCollections(meetingId);
  return Promise.all(
    cs.map(async (c) => {
      const all = await p.listOpinions({ collectionId: c.id, includeHidden: true });
      const hidden = all.filter((o) => o.hidden).length;
      // The collection row minus what would move with a submission (the cap bookkeeping is only set on a link change).
      return { ...c, count: all.length - hidden, hidden, batching };
    }),
  );
}

/** Close: no more submissions; the rows are rewritten in random order (see the repository). */
export async function closeCollection(s: Services, actor: ActorContext, collectionId: string) {
  const { collection, ctx } = await collectionCtx(s.repos, collectionId);
  authorizeProcedure(actor, 'opinions.manage', ctx);
  return s.repos.transaction(async (tx) => {
    const p = tx.procedure;
    const after = await p.updateCollection(collectionId, { status: 'closed' });
    const n = await p.reseal(collectionId);
    await tx.audit.append({
      actorId: actor.personId,
      action: 'opinions.close',
      entity: 'opinion_collection',
      entityId: collectionId,
      before: collection,
      after,
      details: { opinions: n },
    });
    return { ...after!, count: n };
  });
}

/**
 * A new link (the old one stops working); reopening a closed collection is the same call. Reopening
 * is refused when the window is over (the link would only ever answer 409), and — with
 * OPINION_BATCH_HOURLY=0 — for a closed collection: closing releases a batch smaller than k, so
 * close → batch → reopen would defeat the batching (open a new collection instead).
 */
export async function rotateLink(
  s: Services,
  actor: ActorContext,
  collectionId: string,
  input: { reopen?: boolean; baseUrl?: string | null },
  batching: Batching = DEFAULT_BATCHING,
  linkKey?: () => Buffer,
) {
  const { collection, ctx } = await collectionCtx(s.repos, collectionId);
  authorizeProcedure(actor, 'opinions.manage', ctx);
  if (input.reopen && collection.closesOn && collection.closesOn < today()) {
    throw new JianshiError(
      'E_OPINION_WINDOW_OVER',
      `该意见征集的截止日期（${collection.closesOn}）已过，不能重新开启；如需继续征求意见，请新建一次征集。`,
    );
  }
  if (input.reopen && collection.status !== 'open' && !batching.hourly) {
    throw new JianshiError(
      'E_OPINION_CLOSED_FINAL',
      '该意见征集已结束，结束时已汇总不足一批的意见，为保护匿名不能重新开启；如需继续征求意见，请新建一次征集。',
    );
  }
  const { token, linkNonce } = newLink(linkKey);
  const after = await s.repos.transaction(async (tx) => {
    // The new link gets its own daily allowance (capResetOn): a flood through the old one blocks it no more.
    const a = await tx.procedure.updateCollection(collectionId, {
      tokenHash: opinionTokenHash(s.secret, token),
      linkNonce,
      capResetOn: today(),
      ...(input.reopen ? { status: 'open' as const } : {}),
    });
    await tx.audit.append({
      actorId: actor.personId,
      action: 'opinions.rotate',
      entity: 'opinion_collection',
      entityId: collectionId,
      before: collection,
      after: a,
    });
    return a!;
  });
  return { collection: after, ...(await linkOf(token, input.baseUrl)) };
}

/**
 * The collection's current link, shown again to those who manage the opinions: rebuilt from the
 * stored nonce and the link key (outside the database) and checked against the stored hash. A link
 * made without a nonce (before links could be shown again) or under another key cannot be rebuilt:
 * 409 E_OPINION_LINK_UNAVAILABLE — it keeps working; a new link replaces it.
 */
export async function currentLink(
  s: Services,
  actor: ActorContext,
  collectionId: string,
  baseUrl: string | null | undefined,
  linkKey?: () => Buffer,
) {
  const { collection, ctx } = await collectionCtx(s.repos, collectionId);
  authorizeProcedure(actor, 'opinions.manage', ctx);
  const stored = await s.repos.procedure.collectionLink(collectionId);
  const token = stored?.linkNonce && linkKey ? linkToken(linkKey(), stored.linkNonce) : null;
  if (!token || opinionTokenHash(s.secret, token) !== stored!.tokenHash)
    throw new JianshiError('E_OPINION_LINK_UNAVAILABLE');
  return { collection, ...(await linkOf(token, baseUrl)) };
}

/** The QR code of a link the secretary still holds (checked against the stored HMAC). */
export async function collectionQr(
  s: Services,
  actor: ActorContext,
  collectionId: string,
  token: string,
  url: string,
): Promise<string> {
  const { collection, ctx } = await collectionCtx(s.repos, collectionId);
  authorizeProcedure(actor, 'opinions.manage', ctx);
  const c = await s.repos.procedure.collectionByTokenHash(opinionTokenHash(s.secret, token));
  if (!c || c.id !== collection.id) throw new JianshiError('E_VALIDATION', '链接令牌与该意见征集不符。');
  if (!url.endsWith(opinionPath(token))) throw new JianshiError('E_VALIDATION', '二维码地址须为该征集的链接。');
  return url;
}

// ---------------------------------------------------------------- public (no account)

async function byToken(s: Services, token: string) {
  const c = await s.repos.procedure.collectionByTokenHash(opinionTokenHash(s.secret, token));
  // One answer for every bad token (unknown, rotated): nothing to probe.
  if (!c) throw new JianshiError('E_NOT_FOUND', '该意见征集链接无效或已更换。');
  return { collection: c, ctx: await loadMeeting(s.repos, c.meetingId) };
}

/** What the public form shows. */
export async function publicForm(s: Services, token: string, day: string) {
  const { collection, ctx } = await byToken(s, token);
  const open =
    collection.status === 'open' &&
    (!collection.opensOn || day >= collection.opensOn) &&
    (!collection.closesOn || day <= collection.closesOn);
  return {
    orgName: ctx.org.name,
    meetingKind: ctx.meeting.kind,
    /** How the group is named: 领导班子, 支部委员会, 党总支委员会, 党小组 … (core groupName). */
    groupName: groupName(ctx.meeting.kind, ctx.org.kind),
    year: ctx.meeting.year,
    theme: ctx.meeting.theme,
    open,
    closesOn: collection.closesOn,
    targets: opinionTargets(ctx).map((p) => ({ id: p.id, name: p.name ?? '' })),
    categories: await opinionCategories(s.repos, ctx),
    limits: { maxBodyChars: OPINION_LIMITS.maxBodyChars, maxPerSubmission: OPINION_LIMITS.maxPerSubmission },
  };
}

/**
 * Accept anonymous opinions. Takes the token, the opinions and the *current instant*, of which only
 * the date survives (`toAnonymousOpinion`) — and the clock hour, sealed in the spool until the batch.
 * Writes no audit entry and logs nothing. One client may use up only its own allowance.
 */
export async function submitPublic(
  s: Services,
  token: string,
  opinions: readonly OpinionInput[],
  now: Date,
  opts: { dailyCap?: number; spool: OpinionSpool; client?: { address: string; allowance: ClientAllowance } },
): Promise<{ accepted: number }> {
  const { collection, ctx } = await byToken(s, token);
  if (!opinions.length) throw new JianshiError('E_VALIDATION', '请至少填写一条意见。');
  if (opinions.length > OPINION_LIMITS.maxPerSubmission)
    throw new JianshiError('E_VALIDATION', `一次最多提交${OPINION_LIMITS.maxPerSubmission}条意见。`);
  const validation = {
    targetIds: opinionTargets(ctx).map((p) => p.id),
    categories: await opinionCategories(s.repos, ctx),
  };
  const problems = opinions.flatMap((o, i) => validateOpinion(o, validation).map((m) => `第${i + 1}条：${m}`));
  if (problems.length) throw new JianshiError('E_VALIDATION', problems.join(''), { problems });
  const rows = opinions.map((o) => toAnonymousOpinion(o, now));
  // One client (salted hash of its address and this link, in memory only) cannot use up the day.
  const day = rows[0].submittedOn;
  const link = opinionTokenHash(s.secret, token);
  if (opts.client && !opts.client.allowance.take(opts.client.address, link, rows.length, day)) {
    throw new JianshiError(
      'E_RATE_LIMITED',
      `今天从您这里通过该链接提交的意见已达${opts.client.allowance.perDay}条，请明天再试。`,
    );
  }
  try {
    // Sealed into the spool; written as opinions with their batch (opinion-spool.ts).
    return await opts.spool.submit(collection.id, rows, {
      dailyCap: opts.dailyCap ?? OPINION_LIMITS.dailyCapPerCollection,
    });
  } catch (e) {
    opts.client?.allowance.release(opts.client.address, link, rows.length, day);
    throw e;
  }
}

// ---------------------------------------------------------------- summaries and feedback

export async function opinionSummary(
  repos: Repositories,
  actor: ActorContext,
  meetingId: string,
  batching: Batching = DEFAULT_BATCHING,
) {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'opinions.read.all', ctx);
  const p = repos.procedure;
  const all = await p.listOpinions({ meetingId, includeHidden: true });
  const ops = all.filter((o) => !o.hidden).map(({ hidden: _h, ...o }) => o);
  const targets = opinionTargets(ctx);
  const s = summarizeOpinions(ops, targets);
  return {
    ...s,
    hidden: all.length - ops.length,
    batching,
    persons: s.persons.map((x) => ({ ...x, name: targets.find((t) => t.id === x.personId)?.name ?? '' })),
  };
}

/** Every opinion of the meeting, one by one (hidden ones marked), for the secretary to hide junk. */
export async function manageOpinions(repos: Repositories, actor: ActorContext, meetingId: string) {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'opinions.manage', ctx);
  const targets = opinionTargets(ctx);
  return (await repos.procedure.listOpinions({ meetingId, includeHidden: true })).map((o) => ({
    id: o.id,
    collectionId: o.collectionId,
    targetKind: o.targetKind,
    targetPersonId: o.targetPersonId,
    targetName: o.targetPersonId ? (targets.find((t) => t.id === o.targetPersonId)?.name ?? '') : null,
    category: o.category,
    body: o.body,
    submittedOn: o.submittedOn,
    hidden: !!o.hidden,
  }));
}

/**
 * Hide (or show again) one opinion — junk, abuse. It leaves the summary and the exports and is
 * counted as hidden. The audit log records that the secretary hid an opinion of the collection;
 * it names nothing of the opinion or its submitter (there is nothing of him to name).
 */
export async function hideOpinion(s: Services, actor: ActorContext, opinionId: string, hidden: boolean) {
  const found = (await s.repos.procedure.listOpinions({ id: opinionId, includeHidden: true }))[0];
  if (!found) throw new JianshiError('E_NOT_FOUND', '未找到该条意见（列表可能已更新，请刷新后重试）。');
  const { ctx } = await collectionCtx(s.repos, found.collectionId);
  authorizeProcedure(actor, 'opinions.manage', ctx);
  return s.repos.transaction(async (tx) => {
    const after = await tx.procedure.setOpinionHidden(opinionId, hidden);
    if (!after) throw new JianshiError('E_NOT_FOUND', '未找到该条意见（列表可能已更新，请刷新后重试）。');
    if (!!found.hidden !== hidden) {
      await tx.audit.append({
        actorId: actor.personId,
        action: hidden ? 'opinions.hide' : 'opinions.unhide',
        entity: 'opinion_collection',
        entityId: found.collectionId,
        details: { meetingId: ctx.meeting.id },
      });
    }
    return { id: opinionId, hidden };
  });
}

/**
 * Hide (or show again) every opinion of the meeting with the same text as `opinionId` — a flood of
 * one message in one action. Hidden opinions no longer count toward the link's daily cap, so
 * hiding a flood gives the day's capacity back. Audited like single hides: meeting and count only.
 */
export async function hideSameText(s: Services, actor: ActorContext, opinionId: string, hidden: boolean) {
  const found = (await s.repos.procedure.listOpinions({ id: opinionId, includeHidden: true }))[0];
  if (!found) throw new JianshiError('E_NOT_FOUND', '未找到该条意见（列表可能已更新，请刷新后重试）。');
  const { ctx } = await collectionCtx(s.repos, found.collectionId);
  authorizeProcedure(actor, 'opinions.manage', ctx);
  return s.repos.transaction(async (tx) => {
    const same = (await tx.procedure.listOpinions({ meetingId: ctx.meeting.id, includeHidden: true })).filter(
      (o) => o.body.trim() === found.body.trim() && !!o.hidden !== hidden,
    );
    const n = await tx.procedure.setOpinionsHidden(
      same.map((o) => o.id),
      hidden,
    );
    if (n) {
      await tx.audit.append({
        actorId: actor.personId,
        action: hidden ? 'opinions.hide' : 'opinions.unhide',
        entity: 'opinion_collection',
        entityId: found.collectionId,
        details: { meetingId: ctx.meeting.id, count: n },
      });
    }
    return { hidden, count: n };
  });
}

/** The opinions on the actor himself (反馈到本人). */
export async function myOpinions(repos: Repositories, actor: ActorContext, meetingId: string) {
  const ctx = await loadMeeting(repos, meetingId);
  authorizeProcedure(actor, 'opinions.read.own', ctx, actor.personId);
  const ops = await repos.procedure.listOpinions({ meetingId, targetPersonId: actor.personId }); // hidden ones excluded
  const group = await repos.procedure.listOpinions({ meetingId, group: true });
  const s = summarizeOpinions([...ops, ...group], [{ id: actor.personId }]);
  return { mine: s.persons[0], group: s.group };
}
