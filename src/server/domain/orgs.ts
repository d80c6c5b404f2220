/** Organizations and memberships (roles), managed by administrators. */
import type { Repositories } from '../../storage/repositories/index.js';
import type { Membership, Organization } from '../../storage/repositories/orgs.js';
import { JianshiError } from '../../core/errors.js';
import { authorize, type ActorContext } from './context.js';

export async function listOrgs(repos: Repositories, actor: ActorContext): Promise<Organization[]> {
  authorize(actor, 'org.list');
  return repos.orgs.list();
}

async function orgOr404(repos: Repositories, id: string): Promise<Organization> {
  const o = await repos.orgs.get(id);
  if (!o) throw new JianshiError('E_NOT_FOUND', '未找到该组织。');
  return o;
}

export async function createOrg(
  repos: Repositories,
  actor: ActorContext | null,
  input: { name: string; kind: string; parentId?: string | null; sort?: number },
): Promise<Organization> {
  if (actor) {
    if (input.parentId) authorize(actor, 'org.create', { orgPath: (await orgOr404(repos, input.parentId)).path });
    else authorize(actor, 'org.create', {});
  }
  return repos.transaction(async (tx) => {
    const o = await tx.orgs.create(input);
    await tx.audit.append({
      actorId: actor?.personId ?? null,
      action: 'org.create',
      entity: 'organization',
      entityId: o.id,
      after: o,
    });
    return o;
  });
}

export async function updateOrg(
  repos: Repositories,
  actor: ActorContext,
  id: string,
  patch: { name?: string; kind?: string; sort?: number },
): Promise<Organization> {
  const before = await orgOr404(repos, id);
  authorize(actor, 'org.update', { orgPath: before.path });
  return repos.transaction(async (tx) => {
    const after = (await tx.orgs.update(id, patch))!;
    await tx.audit.append({
      actorId: actor.personId,
      action: 'org.update',
      entity: 'organization',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

export async function listMemberships(repos: Repositories, actor: ActorContext, orgId: string): Promise<Membership[]> {
  const o = await orgOr404(repos, orgId);
  authorize(actor, 'membership.list', { orgPath: o.path });
  return repos.memberships.forOrg(orgId);
}

export async function addMembership(
  repos: Repositories,
  actor: ActorContext | null,
  input: { orgId: string; personId: string; role: string },
): Promise<Membership> {
  const o = await orgOr404(repos, input.orgId);
  if (actor) authorize(actor, 'membership.manage', { orgPath: o.path });
  if (!(await repos.people.get(input.personId))) throw new JianshiError('E_NOT_FOUND', '未找到该人员。');
  return repos.transaction(async (tx) => {
    const m = await tx.memberships.add(input);
    await tx.audit.append({
      actorId: actor?.personId ?? null,
      action: 'membership.add',
      entity: 'membership',
      entityId: m.id,
      after: m,
    });
    return m;
  });
}

export async function removeMembership(repos: Repositories, actor: ActorContext, id: string): Promise<void> {
  const m = await repos.memberships.get(id);
  if (!m) throw new JianshiError('E_NOT_FOUND');
  const o = await orgOr404(repos, m.orgId);
  authorize(actor, 'membership.manage', { orgPath: o.path }, 'membership.list');
  await repos.transaction(async (tx) => {
    await tx.memberships.remove(id);
    await tx.audit.append({
      actorId: actor.personId,
      action: 'membership.remove',
      entity: 'membership',
      entityId: id,
      before: m,
    });
  });
}
