/** People and accounts (administrators). */
import type { RouteContext, ZApp } from '../context.js';
import { actorOf } from '../context.js';
import { createPerson, updatePerson } from '../../domain/accounts.js';
import { authorize } from '../../domain/context.js';
import { IdParams } from '../schemas.js';
import { can, ROLE_LABELS, type Role } from '../../../core/auth/policy.js';
import { acceptInvitation, createInvitation, describeInvitation } from '../../domain/invitations.js';

import {
  CreatedPersonSchema,
  InvitationAcceptedSchema,
  InvitationAcceptSchema,
  InvitationAccountSchema,
  InvitationDescribeSchema,
  InvitationSchema,
  PeopleListSchema,
  PeopleQuerySchema,
  PersonCreateSchema,
  PersonPatchSchema,
  PersonSchema,
} from '../../../contract/people.js';

export async function peopleRoutes(app: ZApp, { repos }: RouteContext) {
  app.get(
    '/people',
    {
      schema: {
        tags: ['people'],
        summary: '人员列表（可按姓名、职务、组织、角色搜索）',
        querystring: PeopleQuerySchema,
        response: { 200: PeopleListSchema },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'person.list');
      // Secretaries list people to set up meetings; login names and e-mail addresses are for system
      // administrators (a list of every login name is half of what a password guesser needs).
      // Organizations and roles: those the viewer may list (membership.list: the organization's
      // secretary and administrators, its superiors' reviewers; every one for a system administrator).
      const [people, memberships] = await Promise.all([repos.people.list(), repos.directoryMemberships()]);
      const visible = new Map<string, { orgId: string; orgName: string; role: string }[]>();
      const may = new Map<string, boolean>();
      for (const m of memberships) {
        if (!may.has(m.orgPath)) may.set(m.orgPath, can(actor, 'membership.list', { orgPath: m.orgPath }));
        if (!may.get(m.orgPath)) continue;
        const list = visible.get(m.personId) ?? [];
        list.push({ orgId: m.orgId, orgName: m.orgName, role: m.role });
        visible.set(m.personId, list);
      }
      const { q, orgId, role } = req.query;
      const text = q?.trim().toLowerCase();
      const items = people
        .map((p) => ({ p, ms: visible.get(p.id) ?? [] }))
        .filter(
          ({ p, ms }) =>
            (!text ||
              p.name.toLowerCase().includes(text) ||
              (p.title ?? '').toLowerCase().includes(text) ||
              ms.some((m) => m.orgName.toLowerCase().includes(text) || ROLE_LABELS[m.role as Role]?.includes(text))) &&
            (!orgId || ms.some((m) => m.orgId === orgId && (!role || m.role === role))) &&
            (!role || ms.some((m) => m.role === role)),
        );
      // `hasAccount` says whether there is a login at all (the invite button needs no name).
      return {
        items: items.map(({ p, ms }) =>
          actor.isAdmin || p.id === actor.personId
            ? { ...p, hasAccount: !!p.username, memberships: ms }
            : // Others see whom to pick, not the account: no login name, mail, administrator flag, or
              // whether the account still has an issued password (a guesser's best target).
              {
                id: p.id,
                name: p.name,
                title: p.title,
                username: null,
                email: null,
                hasAccount: !!p.username,
                memberships: ms,
              },
        ),
      };
    },
  );
  app.post(
    '/people',
    {
      schema: {
        tags: ['people'],
        summary: '新建人员（可同时建账号；首次登录须改密码）',
        body: PersonCreateSchema,
        response: { 201: CreatedPersonSchema },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const p = await createPerson(repos, actor, req.body);
      // With `invite`, the answer carries the link at once (the account has no password yet).
      const invitation = req.body.invite ? await createInvitation(repos, actor, p.id) : undefined;
      return reply.status(201).send(invitation ? { ...p, invitation } : p);
    },
  );
  app.post(
    '/people/:id/invitation',
    {
      schema: {
        tags: ['people'],
        summary: '生成邀请链接（对方打开后自行设置密码；7 天内有效，用一次即失效）',
        params: IdParams,
        response: { 201: InvitationSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await createInvitation(repos, actorOf(req), req.params.id)),
  );
  // Public: the invitee has no session yet. The token travels in the body, never in a URL.
  app.post(
    '/public/invitations/describe',
    {
      schema: {
        tags: ['people'],
        summary: '邀请链接对应的账号（公开）',
        body: InvitationDescribeSchema,
        response: { 200: InvitationAccountSchema },
      },
    },
    async (req) => describeInvitation(repos, req.body.token),
  );
  app.post(
    '/public/invitations/accept',
    {
      schema: {
        tags: ['people'],
        summary: '接受邀请：设置密码（公开）',
        body: InvitationAcceptSchema,
        response: { 200: InvitationAcceptedSchema },
      },
    },
    async (req) => acceptInvitation(repos, req.body.token, req.body.password),
  );
  app.patch(
    '/people/:id',
    {
      schema: {
        tags: ['people'],
        summary: '修改人员、停用账号、重置密码',
        params: IdParams,
        body: PersonPatchSchema,
        response: { 200: PersonSchema },
      },
    },
    async (req) => updatePerson(repos, actorOf(req), req.params.id, req.body),
  );
}
