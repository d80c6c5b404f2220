/**
 * Invitations: instead of telling a new colleague an initial password, an administrator hands
 * them a link; whoever opens it sets the account's password once.
 *
 * The token is stateless and signed: `<personId>.<expires (ms)>.<HMAC>` where the HMAC (session
 * secret) covers the person, the expiry, the username and the current password hash. Setting a
 * password changes the hash, so a link works once; a second invitation for a person whose
 * password has not been set yet is valid alongside the first, until either is used. Nothing is
 * stored; the link travels in the URL's #fragment (never sent to the server, so never logged).
 */
import { createHmac } from 'node:crypto';
import type { Repositories } from '../../storage/repositories/index.js';
import { JianshiError } from '../../core/errors.js';
import { checkPasswordStrength, hashPassword } from '../auth/passwords.js';
import { safeEqual } from '../auth/tokens.js';
import { authorize, type ActorContext } from './context.js';

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;
const TOKEN = /^([0-9A-Za-z-]{1,80})\.(\d{13})\.([A-Za-z0-9_-]{43})$/;

function sign(secret: string, personId: string, expires: number, username: string, passwordHash: string | null): string {
  return createHmac('sha256', secret).update(`invite\n${personId}\n${expires}\n${username}\n${passwordHash ?? ''}`).digest('base64url');
}

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
export async function createInvitation(repos: Repositories, secret: string, actor: ActorContext, personId: string, now = Date.now()): Promise<Invitation> {
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
      : !!(await repos.db.selectFrom('audit_log').select('seq').where('action', '=', 'person.create').where('entity_id', '=', p.id).where('actor_id', '=', actor.personId).executeTakeFirst());
    if (!mine) throw forbid('只能邀请本人创建的人员，或只属于本人所管理组织的人员。');
  }
  if (!p.username) throw new JianshiError('E_BAD_STATE', '此人员还没有账号（用户名），请先为其设置用户名。');
  if (p.disabled) throw new JianshiError('E_BAD_STATE', '账号已停用，不能邀请。');
  const expires = now + INVITATION_TTL_MS;
  const token = `${p.id}.${expires}.${sign(secret, p.id, expires, p.username, p.passwordHash)}`;
  await repos.audit.append({ actorId: actor.personId, action: 'person.invite', entity: 'person', entityId: p.id, details: { expiresAt: new Date(expires).toISOString(), reset: !!p.passwordHash } });
  return { token, path: '/invite', expiresAt: new Date(expires).toISOString() };
}

async function verify(repos: Repositories, secret: string, token: string, now: number) {
  const m = TOKEN.exec(token);
  const invalid = () => new JianshiError('E_INVITATION_INVALID', '邀请链接无效或已使用，请向管理员索取新的链接。');
  if (!m) throw invalid();
  const [, personId, exp, sig] = m;
  const p = await repos.people.getWithSecret(personId);
  if (!p || !p.username || p.disabled) throw invalid();
  if (!safeEqual(sig, sign(secret, p.id, Number(exp), p.username, p.passwordHash))) throw invalid();
  if (Number(exp) < now) throw new JianshiError('E_INVITATION_EXPIRED', '邀请链接已过期，请向管理员索取新的链接。');
  return p;
}

/** What the invitation page shows: whose account it is. */
export async function describeInvitation(repos: Repositories, secret: string, token: string, now = Date.now()): Promise<{ name: string; username: string }> {
  const p = await verify(repos, secret, token, now);
  return { name: p.name, username: p.username! };
}

/** Set the password; the link is spent (the hash it was signed with is gone), other sessions end. */
export async function acceptInvitation(repos: Repositories, secret: string, token: string, password: string, now = Date.now()): Promise<{ username: string }> {
  const p = await verify(repos, secret, token, now);
  checkPasswordStrength(password, p.username);
  const h = await hashPassword(password);
  await repos.transaction(async (tx) => {
    // The link is spent once a password is set (re-read inside the transaction).
    const again = await tx.people.getWithSecret(p.id);
    if (!again || again.passwordHash !== p.passwordHash) throw new JianshiError('E_INVITATION_INVALID', '邀请链接已使用，请直接登录。');
    await tx.people.setPassword(p.id, h, false);
    await tx.sessions.deleteForPerson(p.id);
    await tx.audit.append({ actorId: p.id, action: 'person.invitation_accepted', entity: 'person', entityId: p.id });
  });
  return { username: p.username! };
}
