/** Frameworks (aspect sets): the built-in ones of core plus those organizations define. */
import type { Repositories } from '../../storage/repositories/index.js';
import { JianshiError } from '../../core/errors.js';
import { builtinFrameworks, defineFramework, findFramework, type Framework } from '../../core/frameworks/framework.js';
import { authorize, type ActorContext } from './context.js';

export async function listFrameworks(
  repos: Repositories,
  actor: ActorContext,
): Promise<(Framework & { builtin: boolean; orgId: string | null })[]> {
  authorize(actor, 'framework.list');
  const custom = await repos.frameworks.list();
  return [
    ...builtinFrameworks().map((f) => ({ ...f, builtin: true, orgId: null })),
    ...custom.map((c) => ({ ...c.framework, builtin: false, orgId: c.orgId })),
  ];
}

export async function createFramework(
  repos: Repositories,
  actor: ActorContext,
  input: {
    orgId: string;
    id: string;
    name: string;
    year?: number | null;
    aspects: { id?: string; name: string; aliases?: string[] }[];
  },
): Promise<Framework> {
  const org = await repos.orgs.get(input.orgId);
  if (!org) throw new JianshiError('E_NOT_FOUND', '未找到该组织。');
  authorize(actor, 'framework.create', { orgPath: org.path });
  if (findFramework(input.id)) throw new JianshiError('E_CONFLICT', `框架编号“${input.id}”与内置框架重复。`);
  let fw: Framework;
  try {
    fw = defineFramework(input);
  } catch (e) {
    throw new JianshiError('E_VALIDATION', (e as Error).message);
  }
  return repos.transaction(async (tx) => {
    await tx.frameworks.create(fw, input.orgId, actor.personId);
    await tx.audit.append({
      actorId: actor.personId,
      action: 'framework.create',
      entity: 'framework',
      entityId: fw.id,
      after: fw,
    });
    return fw;
  });
}
