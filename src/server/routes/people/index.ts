/** People and accounts (administrators). */
import { z } from 'zod';
import type { RouteContext, ZApp } from '../../app.js';
import { actorOf } from '../../app.js';
import { createPerson, updatePerson } from '../../domain/accounts.js';
import { authorize } from '../../domain/context.js';
import { IdParams } from '../schemas.js';

export async function peopleRoutes(app: ZApp, { repos }: RouteContext) {
  app.get('/people', { schema: { tags: ['people'], summary: '人员列表' } }, async (req) => {
    authorize(actorOf(req), 'person.list');
    return { items: await repos.people.list() };
  });
  app.post('/people', {
    schema: {
      tags: ['people'], summary: '新建人员（可同时建账号；首次登录须改密码）',
      body: z.strictObject({ name: z.string().trim().min(1).max(50), title: z.string().max(100).nullable().optional(), username: z.string().min(2).max(64).optional(), password: z.string().min(1).max(256).optional(), isAdmin: z.boolean().optional() }),
    },
  }, async (req, reply) => {
    const p = await createPerson(repos, actorOf(req), req.body);
    return reply.status(201).send(p);
  });
  app.patch('/people/:id', {
    schema: {
      tags: ['people'], summary: '修改人员、停用账号、重置密码', params: IdParams,
      body: z.strictObject({ name: z.string().trim().min(1).max(50).optional(), title: z.string().max(100).nullable().optional(), disabled: z.boolean().optional(), isAdmin: z.boolean().optional(), password: z.string().min(1).max(256).optional() }),
    },
  }, async (req) => updatePerson(repos, actorOf(req), req.params.id, req.body));
}
