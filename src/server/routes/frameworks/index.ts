/** Frameworks (aspect sets): built-in and custom. */
import { z } from 'zod';
import type { RouteContext, ZApp } from '../../app.js';
import { actorOf } from '../../app.js';
import { createFramework, listFrameworks } from '../../domain/frameworks.js';
import { Id } from '../schemas.js';

export async function frameworkRoutes(app: ZApp, { repos }: RouteContext) {
  app.get('/frameworks', { schema: { tags: ['frameworks'], summary: '检视框架（内置与自定义）' } }, async (req) => ({
    items: await listFrameworks(repos, actorOf(req)),
  }));
  app.post(
    '/frameworks',
    {
      schema: {
        tags: ['frameworks'],
        summary: '自定义检视框架',
        body: z.strictObject({
          orgId: Id,
          id: z.string().min(1).max(64),
          name: z.string().min(1).max(200),
          year: z.number().int().min(1921).max(2100).nullable().optional(),
          aspects: z
            .array(
              z.strictObject({
                id: z.string().max(64).optional(),
                name: z.string().min(1).max(200),
                aliases: z.array(z.string().max(50)).max(30).optional(),
              }),
            )
            .min(1)
            .max(20),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await createFramework(repos, actorOf(req), req.body)),
  );
}
