/**
 * What every domain operation receives: the repositories, the session secret and the acting
 * person (never a request object). Domain operations authorize with the pure table
 * (core/auth/policy.ts) and record every change in the audit log within the same transaction.
 */
import type { Repositories } from '../../storage/repositories/index.js';
import type { Person } from '../../storage/repositories/people.js';
import { can, type Action, type Actor, type Target } from '../../core/auth/policy.js';
import { JianshiError } from '../../core/errors.js';

export interface Services {
  repos: Repositories;
  /** Key of the token hashes: SESSION_SECRET, or '' (plain SHA-256; nothing kept in the database). */
  secret: string;
  sessionTtlMs: number;
  rateLimit: boolean;
}

export interface ActorContext extends Actor {
  person: Person;
}

export async function loadActor(repos: Repositories, personId: string): Promise<ActorContext | null> {
  const person = await repos.people.get(personId);
  return person ? actorFor(repos, person) : null;
}

/** The actor for a person already read (its memberships are read here); null when disabled. */
export async function actorFor(repos: Repositories, person: Person): Promise<ActorContext | null> {
  if (person.disabled) return null;
  const ms = await repos.memberships.forPerson(person.id);
  return {
    personId: person.id,
    isAdmin: person.isAdmin,
    memberships: ms.map((m) => ({ orgId: m.orgId, orgPath: m.orgPath, role: m.role })),
    person,
  };
}

/**
 * Authorize `action` on `target`. When `readAction` is given and the actor may not even read the
 * target, the answer is 404 (its existence is not revealed); otherwise 403.
 */
export function authorize(actor: Actor, action: Action, target: Target = {}, readAction?: Action): void {
  if (can(actor, action, target)) return;
  if (readAction && !can(actor, readAction, target)) throw new JianshiError('E_NOT_FOUND');
  throw new JianshiError('E_FORBIDDEN');
}
