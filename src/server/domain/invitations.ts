/**
 * Invitations: instead of telling a new colleague an initial password, an administrator hands
 * them a link; whoever opens it sets the account's password once. For a person who already has a
 * password the same link is a reset by link (system administrators only).
 *
 * The token is 256 random bits (43 characters); the database keeps only SHA-256("invite:"+token)
 * in `account_tokens`, with the person and the expiry — nothing from which a link can be computed,
 * so a copy of the database or a backup grants no link. A link works once (its row is deleted in
 * the transaction that sets the password), expires after 7 days, and is revoked when a newer one is
 * issued for the same person or the password is set any other way (people.setPassword). The link
 * travels in the URL's #fragment (never sent to the server, so never logged).
 */
import type { Repositories } from '../../storage/repositories/index.js';
import { JianshiError } from '../../core/errors.js';
import { checkPasswordStrength, hashPassword } from '../auth/passwords.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { authorize, type ActorContext } from './context.js';

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** What is stored for a link: plain SHA-256 (no key anywhere: the token has 256 random bits). */
export const linkHash = (token: string): string => hashToken(undefined, 'invite', token);

export interface Invitation {
  token: string;
  /** Path of the page that accepts it; the token goes after `#`. */
  path: string;
  expiresAt: string;
}

/**
 * An invitation for a person with an account. System administrators may invite anyone (for a
 * person who already has a password it is a reset by link, like setting a password). An
 * organization's administrator may invite only a person who has never set a password, is not a
 * system administrator, and is either someone he created or a member only of organizations he
 * administers — whoever accepts the link owns the account.
 */
export async function createInvitation(
  repos: Repositories,
  actor: ActorContext,
  personId: string,
  now = Date.now(),
): Promise<Invitation> {
  authorize(actor, 'person.create');
  const p = await repos.people.getWithSecret(personId);
  if (!p) throw new JianshiError('E_NOT_FOUND', '未找到该人员。');
  if (!actor.isAdmin) {
    const forbid = (why: string) => new JianshiError('E_FORBIDDEN', why);
    if (p.passwordHash) throw forbid('此人员已设置密码：重置密码只由系统管理员进行。');
    if (p.isAdmin) throw forbid('只有系统管理员可以邀请系统管理员。');
    const adminPaths = actor.memberships.filter((m) => m.role === 'admin').map((m) => m.orgPath);
    const ms = await repos.memberships.forPerson(p.id);
    const mine = ms.length
      ? ms.every((m) => adminPaths.some((a) => m.orgPath.startsWith(a)))
      : await repos.people.wasCreatedBy(p.id, actor.personId);
    if (!mine) throw forbid('只能邀请本人创建的人员，或只属于本人所管理组织的人员。');
  }
  if (!p.username) throw new JianshiError('E_BAD_STATE', '此人员还没有账号（用户名），请先为其设置用户名。');
  if (p.disabled) throw new JianshiError('E_BAD_STATE', '账号已停用，不能邀请。');
  const expires = now + INVITATION_TTL_MS;
  const token = newToken();
  await repos.transaction(async (tx) => {
    // A newer link revokes the older ones for the same person.
    await tx.invitations.issue({
      tokenHash: linkHash(token),
      personId: p.id,
      purpose: p.passwordHash ? 'reset' : 'invite',
      createdBy: actor.personId,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(expires).toISOString(),
    });
    await tx.audit.append({
      actorId: actor.personId,
      action: 'person.invite',
      entity: 'person',
      entityId: p.id,
      details: { expiresAt: new Date(expires).toISOString(), reset: !!p.passwordHash },
    });
  });
  return { token, path: '/invite', expiresAt: new Date(expires).toISOString() };
}

const invalid = () => new JianshiError('E_INVITATION_INVALID', '邀请链接无效或已使用，请向管理员索取新的链接。');

async function verify(repos: Repositories, token: string, now: number) {
  if (!TOKEN.test(token)) throw invalid();
  const row = await repos.invitations.find(linkHash(token));
  if (!row) throw invalid();
  const p = await repos.people.getWithSecret(row.personId);
  if (!p || !p.username || p.disabled) throw invalid();
  if (row.expiresAt <= new Date(now).toISOString())
    throw new JianshiError('E_INVITATION_EXPIRED', '邀请链接已过期，请向管理员索取新的链接。');
  return p;
}

/** What the invitation page shows: whose account it is. */
export async function describeInvitation(
  repos: Repositories,
  token: string,
  now = Date.now(),
): Promise<{ name: string; username: string }> {
  const p = await verify(repos, token, now);
  return { name: p.name, username: p.username! };
}

/** Set the password; the link is spent (its row is deleted with the password set), other sessions end. */
export async function acceptInvitation(
  repos: Repositories,
  token: string,
  password: string,
  now = Date.now(),
): Promise<{ username: string }> {
  const p = await verify(repos, token, now);
  checkPasswordStrength(password, p.username);
  const h = await hashPassword(password);
  await repos.transaction(async (tx) => {
    // Single use, also against two acceptances at once: only the one that deletes the row proceeds.
    if (!(await tx.invitations.consume(linkHash(token), p.id)))
      throw new JianshiError('E_INVITATION_INVALID', '邀请链接已使用，请直接登录。');
    await tx.people.setPassword(p.id, h, false);
    await tx.sessions.deleteForPerson(p.id);
    await tx.audit.append({ actorId: p.id, action: 'person.invitation_accepted', entity: 'person', entityId: p.id });
  });
  return { username: p.username! };
}
