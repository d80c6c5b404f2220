/** Meetings: set up by the organization's secretary. */
import type { RouteContext, ZApp } from '../context.js';
import { actorOf } from '../context.js';
import { createMeeting, getMeeting, listMeetings, updateMeeting } from '../../domain/meetings.js';
import { meetingBoardPage } from '../../domain/meeting-board.js';
import { meetingSimilarityOverview, similaritySideBySide } from '../../domain/similarity-overview.js';
import { IdParams } from '../schemas.js';
import {
  BoardPageSchema,
  MeetingBoardQuerySchema,
  MeetingCreateSchema,
  MeetingDetailSchema,
  MeetingListQuerySchema,
  MeetingListSchema,
  MeetingPatchSchema,
} from '../../../contract/meetings.js';
import { MatchParams, SideBySideSchema, SimilarityOverviewSchema } from '../../../contract/similarity.js';

export async function meetingRoutes(app: ZApp, { repos, similarity }: RouteContext) {
  app.get(
    '/meetings/board',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议列表：每个会议的当前阶段和进度；按名称、组织搜索，按阶段、年度、类型、组织筛选，分页',
        querystring: MeetingBoardQuerySchema,
        response: { 200: BoardPageSchema },
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
        querystring: MeetingListQuerySchema,
        response: { 200: MeetingListSchema },
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
        body: MeetingCreateSchema,
        response: { 201: MeetingDetailSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await createMeeting(repos, actorOf(req), req.body)),
  );
  app.get(
    '/meetings/:id',
    { schema: { tags: ['meetings'], summary: '会议详情', params: IdParams, response: { 200: MeetingDetailSchema } } },
    async (req) => getMeeting(repos, actorOf(req), req.params.id),
  );
  app.patch(
    '/meetings/:id',
    {
      schema: {
        tags: ['meetings'],
        summary: '修改会议（阶段、参会人员等）',
        params: IdParams,
        body: MeetingPatchSchema,
        response: { 200: MeetingDetailSchema },
      },
    },
    async (req) => updateMeeting(repos, actorOf(req), req.params.id, req.body),
  );
}
