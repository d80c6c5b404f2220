/** Meetings: set up by the organization's secretary. */
import { z } from 'zod';
import type { RouteContext, ZApp } from '../../app.js';
import { actorOf } from '../../app.js';
import { createMeeting, getMeeting, listMeetings, updateMeeting } from '../../domain/meetings.js';
import { DateStr, Id, IdParams, ParticipantSchema, StageSchema } from '../schemas.js';

const Kind = z.enum(['民主生活会', '组织生活会', '专题']);
const Year = z.number().int().min(2000).max(2100);

export async function meetingRoutes(app: ZApp, { repos }: RouteContext) {
  app.get(
    '/meetings',
    {
      schema: {
        tags: ['meetings'],
        summary: '我可见的会议',
        querystring: z.strictObject({
          year: z.coerce.number().int().min(2000).max(2100).optional(),
          orgId: Id.optional(),
        }),
      },
    },
    async (req) => ({ items: await listMeetings(repos, actorOf(req), req.query) }),
  );
  app.post(
    '/meetings',
    {
      schema: {
        tags: ['meetings'],
        summary: '新建会议',
        body: z.strictObject({
          orgId: Id,
          kind: Kind,
          year: Year,
          theme: z.string().trim().min(1).max(300),
          frameworkId: z.string().max(64).nullable().optional(),
          heldOn: DateStr.nullable().optional(),
          location: z.string().max(200).nullable().optional(),
          stages: z.array(StageSchema).max(20).optional(),
          participants: z.array(ParticipantSchema).max(500).optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await createMeeting(repos, actorOf(req), req.body)),
  );
  app.get('/meetings/:id', { schema: { tags: ['meetings'], summary: '会议详情', params: IdParams } }, async (req) =>
    getMeeting(repos, actorOf(req), req.params.id),
  );
  app.patch(
    '/meetings/:id',
    {
      schema: {
        tags: ['meetings'],
        summary: '修改会议（阶段、参会人员等）',
        params: IdParams,
        body: z.strictObject({
          kind: Kind.optional(),
          year: Year.optional(),
          theme: z.string().trim().min(1).max(300).optional(),
          frameworkId: z.string().max(64).nullable().optional(),
          heldOn: DateStr.nullable().optional(),
          location: z.string().max(200).nullable().optional(),
          status: z.enum(['planning', 'preparing', 'held', 'reported', 'closed']).optional(),
          stages: z.array(StageSchema).max(20).optional(),
          participants: z.array(ParticipantSchema).max(500).optional(),
        }),
      },
    },
    async (req) => updateMeeting(repos, actorOf(req), req.params.id, req.body),
  );
}
