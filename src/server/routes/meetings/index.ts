/** Meetings: set up by the organization's secretary. */
import { z } from 'zod';
import type { RouteContext, ZApp } from '../../app.js';
import { actorOf } from '../../app.js';
import { createMeeting, getMeeting, listMeetings, updateMeeting } from '../../domain/meetings.js';
import { meetingBoardPage } from '../../domain/meeting-board.js';
import { meetingSimilarityOverview, similaritySideBySide } from '../../domain/similarity-overview.js';
import { DateStr, Id, IdParams, ParticipantSchema, StageSchema } from '../schemas.js';
import { PHASE_LABELS, type MeetingPhase } from '../../../core/meeting/stage.js';
import { MatchParams, SideBySideSchema, SimilarityOverviewSchema } from '../../../contract/similarity.js';

const Kind = z.enum(['民主生活会', '组织生活会', '专题']);
const Year = z.number().int().min(2000).max(2100);

const Phase = z.enum(Object.keys(PHASE_LABELS) as [MeetingPhase, ...MeetingPhase[]], {
  error: `阶段只能是：${Object.values(PHASE_LABELS).join('、')}`,
});

export async function meetingRoutes(app: ZApp, { repos, similarity }: RouteContext) {
  app.get(
    '/meetings/board',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议列表：每个会议的当前阶段和进度；按名称、组织搜索，按阶段、年度、类型、组织筛选，分页',
        querystring: z.strictObject({
          q: z.string().max(100).optional(),
          orgId: Id.optional(),
          year: z.coerce.number().int().min(2000).max(2100).optional(),
          kind: Kind.optional(),
          phase: Phase.optional(),
          page: z.coerce.number().int().min(1).max(100_000).optional(),
          pageSize: z.coerce.number().int().min(1).max(100).optional(),
        }),
      },
    },
    async (req) => meetingBoardPage(repos, actorOf(req), req.query),
  );
  app.get(
    '/meetings/:id/similarity',
    {
      schema: {
        tags: ['meetings'],
        summary: '查重总览：本次会议每份材料的重复率、常见套话占比和主要来源（书记、上级审核人）',
        params: IdParams,
        response: { 200: SimilarityOverviewSchema },
      },
    },
    async (req) => meetingSimilarityOverview(repos, similarity, actorOf(req), req.params.id),
  );
  app.get(
    '/materials/:id/similarity/matches/:n',
    {
      schema: {
        tags: ['materials'],
        summary: '查重来源对照：材料与一个来源的重复段落并排显示（无权查看的来源只显示其存在）',
        params: MatchParams,
        response: { 200: SideBySideSchema },
      },
    },
    async (req) => similaritySideBySide(repos, similarity, actorOf(req), req.params.id, req.params.n),
  );
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
