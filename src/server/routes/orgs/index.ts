/** Organizations (tree) and their memberships. */
import { z } from 'zod';
import type { RouteContext, ZApp } from '../../app.js';
import { actorOf } from '../../app.js';
import { addMembership, createOrg, listMemberships, listOrgs, removeMembership, updateOrg } from '../../domain/orgs.js';
import { buildTree } from '../../../core/org/tree.js';
import { Id, IdParams, Ok, Role } from '../schemas.js';

const OrgKind = z.enum(['党委', '党总支', '党支部', '党组', '党小组', '其他']);

export async function orgRoutes(app: ZApp, { repos }: RouteContext) {
  app.get(
    '/orgs',
    {
      schema: {
        tags: ['orgs'],
        summary: '组织列表（?tree=1 为树形）',
        querystring: z.strictObject({ tree: z.enum(['0', '1']).optional() }),
      },
    },
    async (req) => {
      const orgs = await listOrgs(repos, actorOf(req));
      return req.query.tree === '1' ? { tree: buildTree(orgs) } : { items: orgs };
    },
  );
  app.post(
    '/orgs',
    {
      schema: {
        tags: ['orgs'],
        summary: '新建组织',
        body: z.strictObject({
          name: z.string().trim().min(1).max(100),
          kind: OrgKind,
          parentId: Id.nullable().optional(),
          sort: z.number().int().min(0).max(100000).optional(),
        }),
      },
    },
    async (req, reply) => {
      const o = await createOrg(repos, actorOf(req), req.body);
      return reply.status(201).send(o);
    },
  );
  app.patch(
    '/orgs/:id',
    {
      schema: {
        tags: ['orgs'],
        summary: '修改组织',
        params: IdParams,
        body: z.strictObject({
          name: z.string().trim().min(1).max(100).optional(),
          kind: OrgKind.optional(),
          sort: z.number().int().min(0).max(100000).optional(),
        }),
      },
    },
    async (req) => {
      return updateOrg(repos, actorOf(req), req.params.id, req.body);
    },
  );
  app.get(
    '/orgs/:id/memberships',
    { schema: { tags: ['orgs'], summary: '组织成员与角色', params: IdParams } },
    async (req) => {
      return { items: await listMemberships(repos, actorOf(req), req.params.id) };
    },
  );
  app.post(
    '/orgs/:id/memberships',
    {
      schema: {
        tags: ['orgs'],
        summary: '分配角色',
        params: IdParams,
        body: z.strictObject({ personId: Id, role: Role }),
      },
    },
    async (req, reply) => {
      const m = await addMembership(repos, actorOf(req), { orgId: req.params.id, ...req.body });
      return reply.status(201).send(m);
    },
  );
  app.delete(
    '/memberships/:id',
    { schema: { tags: ['orgs'], summary: '取消角色', params: IdParams, response: { 200: Ok } } },
    async (req) => {
      await removeMembership(repos, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
}
