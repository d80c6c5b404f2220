/** Organizations (tree) and their memberships. */
import type { RouteContext, ZApp } from '../context.js';
import { actorOf } from '../context.js';
import { addMembership, createOrg, listMemberships, listOrgs, removeMembership, updateOrg } from '../../domain/orgs.js';
import { buildTree } from '../../../core/org/tree.js';
import { IdParams, Ok } from '../schemas.js';
import {
  MembershipCreateSchema,
  MembershipListSchema,
  MembershipSchema,
  OrganizationSchema,
  OrgCreateSchema,
  OrgListQuerySchema,
  OrgListSchema,
  OrgPatchSchema,
} from '../../../contract/orgs.js';

export async function orgRoutes(app: ZApp, { repos }: RouteContext) {
  app.get(
    '/orgs',
    {
      schema: {
        tags: ['orgs'],
        summary: '组织列表（?tree=1 为树形）',
        querystring: OrgListQuerySchema,
        response: { 200: OrgListSchema },
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
        body: OrgCreateSchema,
        response: { 201: OrganizationSchema },
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
        body: OrgPatchSchema,
        response: { 200: OrganizationSchema },
      },
    },
    async (req) => {
      return updateOrg(repos, actorOf(req), req.params.id, req.body);
    },
  );
  app.get(
    '/orgs/:id/memberships',
    {
      schema: {
        tags: ['orgs'],
        summary: '组织成员与角色',
        params: IdParams,
        response: { 200: MembershipListSchema },
      },
    },
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
        body: MembershipCreateSchema,
        response: { 201: MembershipSchema },
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
