/**
 * Accounts: log in (with throttling and lockout kept in the database), sessions, log out,
 * password change, and accounts created by administrators.
 */
import type { Repositories } from '../../storage/repositories/index.js';
import type { Person } from '../../storage/repositories/people.js';
import type { ThrottleRule } from '../../storage/repositories/throttle.js';
import { readView, type ReadView } from '../../storage/prepared.js';
import { JianshiError } from '../../core/errors.js';
import { checkPasswordStrength, hashPassword, verifyPassword } from '../auth/passwords.js';
import { csrfToken, hashToken, newToken, tokenHash } from '../auth/tokens.js';
import { actorFor, authorize, type ActorContext, type Services } from './context.js';

/**
 * Login throttling: every attempt is counted, atomically, before its password is checked
 * (storage/repositories/throttle.ts), on three keys:
 *  - the account from this address: 5 attempts free, then 1 s, 2 s, 4 s … up to 15 minutes between
 *    attempts; a success forgets the series. Someone typing wrong passwords for another's name
 *    slows only himself (his address), not the account's owner at his own;
 *  - the account from every address: 30 attempts free within a series (ended by 15 quiet
 *    minutes), then 1 s, 2 s … up to 1 minute: it slows a distributed guesser, it never locks;
 *  - the address, for every account: 300 attempts per 10 minutes (clearly abusive volume; many
 *    people behind one NAT address are not held up by one of them), then growing delays.
 * The address is fastify's `req.ip`, which honours X-Forwarded-For only with TRUST_PROXY=1.
 *
 * Known devices (guesses fired from ~15 rotating addresses, each right when the
 * account-wide wait ended, kept that counter refusing everyone, the owner at his own address too):
 * every successful login hands the browser a random 256-bit known-device cookie (DEVICE_COOKIE, 180
 * days, path /api/auth/login); the database keeps only its hash keyed with the account
 * (`known_devices`, at most MAX_DEVICES per account, the oldest dropped; deleted when the password
 * is set or the account disabled). A login presenting a valid device cookie FOR ITS ACCOUNT is
 * counted on that device's own series only (DEVICE_RULE: 5 free, then 1 s, 2 s … up to 15 minutes),
 * not on the account-wide or address-wide ones: an attacker without the cookie gets no exemption
 * and cannot touch the device's series; an unknown, forged or other account's cookie is ignored
 * (the attempt is counted as one without a cookie). A presented device cookie is replaced by a new
 * one at each success.
 */
export const PAIR_RULE = {
  free: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  windowMs: 15 * 60_000,
  onSuccess: 'series',
} as const;
export const ACCOUNT_RULE = {
  free: 30,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  windowMs: 15 * 60_000,
  onSuccess: 'own',
} as const;
export const ADDRESS_RULE = {
  free: 300,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  windowMs: 10 * 60_000,
  fixedWindow: true,
  onSuccess: 'own',
} as const;

export const DEVICE_RULE = {
  free: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  windowMs: 15 * 60_000,
  onSuccess: 'series',
} as const;
export const DEVICE_COOKIE = 'jianshi_dev';
export const DEVICE_COOKIE_PATH = '/api/auth/login';
export const DEVICE_TTL_MS = 180 * 24 * 3600_000;
export const MAX_DEVICES = 10;

/** What `known_devices.token_hash` holds: the token's hash keyed with the account it was issued to. */
export const deviceHash = (key: string | undefined, personId: string, token: string) =>
  hashToken(key, 'dev', `${personId}:${token}`);

export function deviceRules(username: string, deviceHash: string): ThrottleRule[] {
  return [{ key: `d:${normUser(username).slice(0, 64)}|${deviceHash.slice(0, 32)}`, ...DEVICE_RULE }];
}

export function loginRules(username: string, ip: string): ThrottleRule[] {
  const u = normUser(username).slice(0, 64);
  return [
    { key: `p:${u}|${ip}`, ...PAIR_RULE },
    { key: `u:${u}`, ...ACCOUNT_RULE },
    { key: `ip:${ip}`, ...ADDRESS_RULE },
  ];
}

const normUser = (u: string) => u.trim().toLowerCase();

function throttledError(retryAfterMs: number): JianshiError {
  const secs = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const wait = secs < 60 ? `${secs} 秒` : `${Math.ceil(secs / 60)} 分钟`;
  return new JianshiError('E_RATE_LIMITED', `登录尝试过于频繁，请 ${wait}后再试。`, { retryAfterSeconds: secs });
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  person: Person;
  expiresAt: string;
  /** A new known-device token for this browser (see DEVICE_RULE). */
  deviceToken: string;
}

/** The stored hash of a presented device token when it is a valid known device of `username`'s account. */
async function knownDevice(s: Services, username: string, token: string | undefined): Promise<string | null> {
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const p = await s.repos.people.getByUsername(normUser(username));
  if (!p || p.disabled) return null;
  const h = deviceHash(s.secret, p.id, token);
  const registered = await s.repos.devices.registeredAt(h, p.id);
  if (!registered || Date.now() - Date.parse(registered) > DEVICE_TTL_MS) return null;
  return h;
}

export async function login(
  s: Services,
  input: { username: string; password: string; ip: string; deviceToken?: string },
): Promise<LoginResult> {
  const { repos } = s;
  // A known device of this account is counted on its own series only; anything else on the three keys.
  const device = s.rateLimit ? await knownDevice(s, input.username, input.deviceToken) : null;
  const rules = device ? deviceRules(input.username, device) : loginRules(input.username, input.ip);
  let counts: number[] = [];
  if (s.rateLimit) {
    // Counted before the password is checked: a burst gets exactly the allowed number of checks.
    const gate = await repos.throttle.attempt(rules);
    if (!gate.allowed) throw throttledError(gate.retryAfterMs);
    counts = gate.counts;
  }
  const found = await repos.people.getByUsername(normUser(input.username));
  const ok = await verifyPassword(found && !found.disabled ? found.passwordHash : null, input.password);
  if (!ok || !found || found.disabled) {
    await repos.audit.append({
      actorId: null,
      action: 'auth.login_failed',
      entity: 'account',
      entityId: found?.id ?? null,
      details: { username: normUser(input.username).slice(0, 64) },
    });
    throw new JianshiError('E_BAD_CREDENTIALS');
  }
  if (s.rateLimit) await repos.throttle.succeeded(rules, counts);
  // Lazy housekeeping (no timer, so every instance may do it): about one login in fifty.
  if (Math.random() < 0.02) {
    await repos.sessions.deleteExpired();
    await repos.throttle.purge(new Date(Date.now() - 24 * 3600_000).toISOString());
  }
  const token = newToken();
  const deviceToken = newToken();
  const expiresAt = new Date(Date.now() + s.sessionTtlMs).toISOString();
  await repos.transaction(async (tx) => {
    const sess = await tx.sessions.create({ personId: found.id, tokenHash: tokenHash(s.secret, token), expiresAt });
    // The browser's known-device token: the presented one (if any) is replaced; at most MAX_DEVICES kept.
    await tx.devices.register({
      personId: found.id,
      tokenHash: deviceHash(s.secret, found.id, deviceToken),
      replaces: device,
      at: new Date().toISOString(),
      keep: MAX_DEVICES,
    });
    await tx.audit.append({ actorId: found.id, action: 'auth.login', entity: 'session', entityId: sess.id });
  });
  const { passwordHash: _h, ...person } = found;
  return { token, csrfToken: csrfToken(s.secret, token), person, expiresAt, deviceToken };
}

export interface SessionActor {
  actor: ActorContext;
  sessionId: string;
  csrfToken: string;
  /** The request's lookups after this one need no fence of their own (storage, prepared.ts). */
  view: ReadView;
}

/** The actor behind a cookie token, sliding the expiry at most once a minute. */
export async function authenticate(s: Services, token: string): Promise<SessionActor | null> {
  if (!token || token.length > 200) return null;
  const view = readView();
  const found = await s.repos.sessions.findValidWithActor(tokenHash(s.secret, token), { view });
  if (!found || found.person.disabled) return null;
  const sess = found.session;
  const actor: ActorContext = {
    personId: found.person.id,
    isAdmin: found.person.isAdmin,
    memberships: found.memberships,
    person: found.person,
  };
  const now = Date.now();
  if (now - Date.parse(sess.lastSeenAt) > 60_000)
    await s.repos.sessions.touch(sess.id, new Date(now).toISOString(), new Date(now + s.sessionTtlMs).toISOString());
  // The CSRF token is derived only when asked for (state-changing requests, /api/auth/me), not on every read.
  return {
    actor,
    sessionId: sess.id,
    view,
    get csrfToken() {
      return csrfToken(s.secret, token);
    },
  };
}

export async function logout(s: Services, actor: ActorContext, sessionId: string): Promise<void> {
  await s.repos.transaction(async (tx) => {
    await tx.sessions.delete(sessionId);
    await tx.audit.append({ actorId: actor.personId, action: 'auth.logout', entity: 'session', entityId: sessionId });
  });
}

export async function changePassword(
  s: Services,
  actor: ActorContext,
  sessionId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const me = await s.repos.people.getWithSecret(actor.personId);
  if (!me || !(await verifyPassword(me.passwordHash, input.currentPassword)))
    throw new JianshiError('E_BAD_CREDENTIALS', '当前密码不正确。');
  checkPasswordStrength(input.newPassword, me.username);
  const h = await hashPassword(input.newPassword);
  await s.repos.transaction(async (tx) => {
    await tx.people.setPassword(me.id, h, false);
    await tx.sessions.deleteForPerson(me.id, sessionId);
    await tx.audit.append({ actorId: me.id, action: 'person.password_changed', entity: 'person', entityId: me.id });
  });
}

export interface NewPerson {
  name: string;
  title?: string | null;
  username?: string | null;
  password?: string | null;
  isAdmin?: boolean;
  /** The account gets no password now: the person sets it through an invitation link. */
  invite?: boolean;
  email?: string | null;
}

/**
 * Create a person, with an account when a username is given. `actor` null means the command line
 * (`bin/jianshi user add`), which runs with the operator's authority.
 */
export async function createPerson(repos: Repositories, actor: ActorContext | null, input: NewPerson): Promise<Person> {
  if (actor) {
    authorize(actor, 'person.create');
    if (input.isAdmin && !actor.isAdmin) throw new JianshiError('E_FORBIDDEN', '只有系统管理员可以创建系统管理员。');
  }
  const username = input.username ? normUser(input.username) : null;
  if (username && !/^[\p{L}\p{N}_.@-]{2,64}$/u.test(username))
    throw new JianshiError('E_VALIDATION', '用户名须为 2–64 个字母、数字、汉字或 _ . @ -');
  if (username && !input.password && !input.invite)
    throw new JianshiError('E_VALIDATION', '创建账号时须设置初始密码，或选择发送邀请链接。');
  if (input.invite && !username) throw new JianshiError('E_VALIDATION', '发送邀请须先填写用户名。');
  if (input.password) checkPasswordStrength(input.password, username);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return repos.transaction(async (tx) => {
    const p = await tx.people.create({
      name: input.name.trim(),
      title: input.title ?? null,
      username,
      passwordHash,
      isAdmin: !!input.isAdmin,
      mustChangePassword: !!actor && !!username,
      email: input.email ?? null,
    });
    await tx.audit.append({
      actorId: actor?.personId ?? null,
      action: 'person.create',
      entity: 'person',
      entityId: p.id,
      after: p,
      details: { isAdmin: p.isAdmin, hasAccount: !!username },
    });
    return p;
  });
}

export async function updatePerson(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  patch: {
    name?: string;
    title?: string | null;
    disabled?: boolean;
    isAdmin?: boolean;
    password?: string;
    email?: string | null;
  },
): Promise<Person> {
  authorize(actor, 'person.update');
  const before = await repos.people.getWithSecret(id);
  if (!before) throw new JianshiError('E_NOT_FOUND');
  if (id === actor.personId && (patch.disabled || patch.isAdmin === false))
    throw new JianshiError('E_BAD_STATE', '不能停用自己或取消自己的管理员身份。');
  if (patch.password !== undefined) checkPasswordStrength(patch.password, before.username);
  const h = patch.password !== undefined ? await hashPassword(patch.password) : null;
  return repos.transaction(async (tx) => {
    const { password: _p, ...rest } = patch;
    const after = (await tx.people.update(id, rest))!;
    if (h) {
      if (!before.username) throw new JianshiError('E_BAD_STATE', '此人员没有账号，不能设置密码。');
      await tx.people.setPassword(id, h, true);
    }
    if (patch.disabled || h) await tx.sessions.deleteForPerson(id);
    if (patch.disabled) await tx.invitations.revokeForPerson(id);
    if (patch.disabled) await tx.devices.forgetPerson(id);
    const { passwordHash: _x, ...b } = before;
    await tx.audit.append({
      actorId: actor.personId,
      action: 'person.update',
      entity: 'person',
      entityId: id,
      before: b,
      after,
      details: { fields: Object.keys(patch) },
    });
    return after;
  });
}
