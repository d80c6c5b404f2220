/** Frameworks (aspect sets): built-in and custom. */
import type { RouteContext, ZApp } from '../context.js';
import { actorOf } from '../context.js';
import { createFramework, listFrameworks } from '../../domain/frameworks.js';
import { FrameworkCreateSchema, FrameworkListSchema, FrameworkSchema } from '../../../contract/frameworks.js';

export async function frameworkRoutes(app: ZApp, { repos }: RouteContext) {
  app.get(
    '/frameworks',
    { schema: { tags: ['frameworks'], summary: '检视框架（内置与自定义）', response: { 200: FrameworkListSchema } } },
    async (req) => ({ items: await listFrameworks(repos, actorOf(req)) }),
  );
  app.post(
    '/frameworks',
    {
      schema: {
        tags: ['frameworks'],
        summary: '自定义检视框架',
        body: FrameworkCreateSchema,
        response: { 201: FrameworkSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await createFramework(repos, actorOf(req), req.body)),
  );
}
