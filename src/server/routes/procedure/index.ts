/**
 * Routes of the meeting procedure: opinion collections and summaries, talks and their
 * coverage, the meeting record, the report, the appraisal of members. Thin handlers: validate
 * (zod) → domain (server/domain/procedure/*, which authorizes with core/meeting/policy.ts) → present.
 *
 * Registered inside the /api plugin of app.ts, like the other resources:
 *   await procedureRoutes(z, ctx);
 *   await publicOpinionRoutes(z, ctx);   // anonymous; see public.ts
 */
import type { RouteContext, ZApp } from '../context.js';
import { actorOf } from '../context.js';
import { Binary, IdParams, Ok } from '../../../contract/common.js';
import * as C from '../../../contract/procedure/index.js';
import { opinionQrPng, opinionQrSvg } from '../../../formats/opinion-qr.js';
import * as opinions from '../../domain/procedure/opinions.js';
import { OPINION_BATCH_SIZE } from '../../domain/procedure/opinion-spool.js';
import * as talks from '../../domain/procedure/talks.js';
import * as record from '../../domain/procedure/record.js';
import * as report from '../../domain/procedure/report.js';
import * as appraisal from '../../domain/procedure/appraisal.js';
import { archiveRoutes, fileBody } from './archive.js';

export { publicOpinionRoutes } from './public.js';

const OK = { ok: true as const };

export async function procedureRoutes(app: ZApp, ctx: RouteContext) {
  const { repos, services, config, opinionLinkKey } = ctx;
  const tags = (t: string) => [t];
  // The archive: each record as a file, the whole file set as one .zip (archive.ts).
  await archiveRoutes(app, ctx);
  // What the secretary is told of the spool: how batching works, never how many wait.
  const batching: opinions.Batching = {
    size: config.opinionBatchSize ?? OPINION_BATCH_SIZE,
    hourly: config.opinionBatchHourly !== false,
  };

  // ------------------------------------------------------------ 征求意见
  app.post(
    '/meetings/:id/opinion-collections',
    {
      schema: {
        tags: tags('opinions'),
        summary: '开启征求意见（返回链接令牌与二维码；征集时间默认取会议的征求意见阶段）',
        params: IdParams,
        body: C.OpenCollectionBody,
        response: { 201: C.OpinionLinkSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await opinions.openCollection(services, actorOf(req), req.params.id, req.body, opinionLinkKey)),
  );
  app.get(
    '/meetings/:id/opinion-collections',
    {
      schema: {
        tags: tags('opinions'),
        summary: '本次会议的意见征集',
        params: IdParams,
        response: { 200: C.OpinionCollectionListSchema },
      },
    },
    async (req) => ({ items: await opinions.listCollections(repos, actorOf(req), req.params.id, batching) }),
  );
  app.post(
    '/opinion-collections/:id/close',
    {
      schema: {
        tags: tags('opinions'),
        summary: '结束征求意见',
        params: IdParams,
        response: { 200: C.OpinionCollectionSchema },
      },
    },
    async (req) => opinions.closeCollection(services, actorOf(req), req.params.id),
  );
  app.post(
    '/opinion-collections/:id/rotate',
    {
      schema: {
        tags: tags('opinions'),
        summary: '更换链接（旧链接失效；可重新开启）',
        params: IdParams,
        body: C.RotateLinkBody,
        response: { 200: C.OpinionLinkSchema },
      },
    },
    async (req) => opinions.rotateLink(services, actorOf(req), req.params.id, req.body, batching, opinionLinkKey),
  );
  app.get(
    '/opinion-collections/:id/link',
    {
      schema: {
        tags: tags('opinions'),
        summary: '当前链接与二维码（可随时再次显示、打印；仅书记等组织者）',
        params: IdParams,
        querystring: C.LinkQuery,
        response: { 200: C.OpinionLinkSchema },
      },
    },
    async (req, reply) => {
      const link = await opinions.currentLink(services, actorOf(req), req.params.id, req.query.baseUrl, opinionLinkKey);
      // The link is a credential of the form: not kept by any cache on the way.
      return reply.header('cache-control', 'no-store').send(link);
    },
  );
  app.post(
    '/opinion-collections/:id/qr',
    {
      schema: {
        tags: tags('opinions'),
        summary: '链接二维码（PNG/SVG，用于打印征求意见表）',
        params: IdParams,
        body: C.QrBody,
        response: { 200: Binary },
      },
    },
    async (req, reply) => {
      const url = await opinions.collectionQr(services, actorOf(req), req.params.id, req.body.token, req.body.url);
      if (req.body.format === 'svg') return reply.type('image/svg+xml').send(await opinionQrSvg(url));
      return reply.type('image/png').send(fileBody(await opinionQrPng(url)));
    },
  );
  app.get(
    '/meetings/:id/opinions/summary',
    {
      schema: {
        tags: tags('opinions'),
        summary: '意见汇总（班子、逐人）',
        params: IdParams,
        response: { 200: C.OpinionSummarySchema },
      },
    },
    async (req) => opinions.opinionSummary(repos, actorOf(req), req.params.id, batching),
  );
  app.get(
    '/meetings/:id/opinions',
    {
      schema: {
        tags: tags('opinions'),
        summary: '逐条意见（书记屏蔽无关内容用；含已屏蔽的）',
        params: IdParams,
        response: { 200: C.ManagedOpinionListSchema },
      },
    },
    async (req) => ({ items: await opinions.manageOpinions(repos, actorOf(req), req.params.id) }),
  );
  app.post(
    '/opinions/:id/hidden',
    {
      schema: {
        tags: tags('opinions'),
        summary: '屏蔽或恢复一条意见（记入审计日志，不涉及提交人）',
        params: IdParams,
        body: C.HiddenBody,
        response: { 200: C.HiddenResultSchema },
      },
    },
    async (req) => opinions.hideOpinion(services, actorOf(req), req.params.id, req.body.hidden),
  );
  app.post(
    '/opinions/:id/hidden-same-text',
    {
      schema: {
        tags: tags('opinions'),
        summary: '屏蔽或恢复本次会议中与该条内容相同的全部意见（记入审计日志：会议与条数）',
        params: IdParams,
        body: C.HiddenBody,
        response: { 200: C.HiddenSameTextResultSchema },
      },
    },
    async (req) => opinions.hideSameText(services, actorOf(req), req.params.id, req.body.hidden),
  );
  app.get(
    '/meetings/:id/opinions/mine',
    {
      schema: {
        tags: tags('opinions'),
        summary: '反馈给本人的意见',
        params: IdParams,
        response: { 200: C.MyOpinionsSchema },
      },
    },
    async (req) => opinions.myOpinions(repos, actorOf(req), req.params.id),
  );

  // ------------------------------------------------------------ 谈心谈话
  app.get(
    '/meetings/:id/talks',
    { schema: { tags: tags('talks'), summary: '谈心谈话记录', params: IdParams, response: { 200: C.TalkListSchema } } },
    async (req) => ({ items: await talks.listTalks(repos, actorOf(req), req.params.id) }),
  );
  app.post(
    '/meetings/:id/talks',
    {
      schema: {
        tags: tags('talks'),
        summary: '登记谈心谈话',
        params: IdParams,
        body: C.TalkBody,
        response: { 201: C.TalkSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await talks.addTalk(repos, actorOf(req), req.params.id, req.body)),
  );
  app.patch(
    '/talks/:id',
    {
      schema: {
        tags: tags('talks'),
        summary: '修改谈话记录',
        params: IdParams,
        body: C.TalkPatchBody,
        response: { 200: C.TalkSchema },
      },
    },
    async (req) => talks.updateTalk(repos, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/talks/:id',
    { schema: { tags: tags('talks'), summary: '删除谈话记录', params: IdParams, response: { 200: Ok } } },
    async (req) => (await talks.deleteTalk(repos, actorOf(req), req.params.id), OK),
  );
  app.get(
    '/meetings/:id/talks/coverage',
    {
      schema: {
        tags: tags('talks'),
        summary: '应谈对象与未谈对象',
        params: IdParams,
        querystring: C.CoverageQuery,
        response: { 200: C.TalkCoverageSchema },
      },
    },
    async (req) => talks.coverage(repos, actorOf(req), req.params.id, req.query.rules),
  );

  // ------------------------------------------------------------ 会议记录
  app.get(
    '/meetings/:id/record',
    {
      schema: {
        tags: tags('record'),
        summary: '会议记录（出席、议程、发言、批评、点评）',
        params: IdParams,
        response: { 200: C.RecordViewSchema },
      },
    },
    async (req) => record.getRecord(repos, actorOf(req), req.params.id),
  );
  app.put(
    '/meetings/:id/record',
    {
      schema: {
        tags: tags('record'),
        summary: '保存会议记录',
        params: IdParams,
        body: C.SaveRecordBody,
        response: { 200: C.MeetingRecordSchema },
      },
    },
    async (req) => record.saveRecord(repos, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/meetings/:id/record/agenda/default',
    {
      schema: {
        tags: tags('record'),
        summary: '按参会人员生成默认议程',
        params: IdParams,
        response: { 200: C.AgendaSchema },
      },
    },
    async (req) => record.resetAgenda(repos, actorOf(req), req.params.id),
  );
  app.put(
    '/meetings/:id/attendance',
    {
      schema: {
        tags: tags('record'),
        summary: '登记出席（返回是否达到三分之二）',
        params: IdParams,
        body: C.AttendanceBody,
        response: { 200: C.QuorumSchema },
      },
    },
    async (req) => record.setAttendance(repos, actorOf(req), req.params.id, req.body.entries),
  );
  app.post(
    '/meetings/:id/speeches',
    {
      schema: {
        tags: tags('record'),
        summary: '记录发言',
        params: IdParams,
        body: C.SpeechBody,
        response: { 201: C.SpeechSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await record.addSpeech(repos, actorOf(req), req.params.id, req.body)),
  );
  app.patch(
    '/speeches/:id',
    {
      schema: {
        tags: tags('record'),
        summary: '修改发言记录',
        params: IdParams,
        body: C.SpeechPatchBody,
        response: { 200: C.SpeechSchema },
      },
    },
    async (req) => record.updateSpeech(repos, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/speeches/:id',
    { schema: { tags: tags('record'), summary: '删除发言记录', params: IdParams, response: { 200: Ok } } },
    async (req) => (await record.deleteSpeech(repos, actorOf(req), req.params.id), OK),
  );
  app.post(
    '/meetings/:id/criticisms',
    {
      schema: {
        tags: tags('record'),
        summary: '记录批评意见',
        params: IdParams,
        body: C.CriticismBody,
        response: { 201: C.CriticismSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await record.addCriticism(repos, actorOf(req), req.params.id, req.body)),
  );
  app.patch(
    '/criticisms/:id',
    {
      schema: {
        tags: tags('record'),
        summary: '修改批评意见',
        params: IdParams,
        body: C.CriticismPatchBody,
        response: { 200: C.CriticismSchema },
      },
    },
    async (req) => record.updateCriticism(repos, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/criticisms/:id',
    { schema: { tags: tags('record'), summary: '删除批评意见', params: IdParams, response: { 200: Ok } } },
    async (req) => (await record.deleteCriticism(repos, actorOf(req), req.params.id), OK),
  );
  app.post(
    '/meetings/:id/comments',
    {
      schema: {
        tags: tags('record'),
        summary: '记录督导组点评或书记总结',
        params: IdParams,
        body: C.CommentBody,
        response: { 201: C.MeetingCommentSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await record.addComment(repos, actorOf(req), req.params.id, req.body)),
  );
  app.delete(
    '/comments/:id',
    { schema: { tags: tags('record'), summary: '删除点评', params: IdParams, response: { 200: Ok } } },
    async (req) => (await record.deleteComment(repos, actorOf(req), req.params.id), OK),
  );

  // ------------------------------------------------------------ 会议情况报告
  app.get(
    '/meetings/:id/report',
    {
      schema: {
        tags: tags('report'),
        summary: '会议情况报告（预览：数字、正文、报送期限）',
        params: IdParams,
        querystring: C.ReportQuerySchema,
        response: { 200: C.ReportPreviewSchema },
      },
    },
    async (req) => report.reportPreview(repos, actorOf(req), req.params.id, req.query),
  );
  app.get(
    '/meetings/:id/report.docx',
    {
      schema: {
        tags: tags('report'),
        summary: '下载会议情况报告（.docx，GB/T 9704 版式）',
        params: IdParams,
        querystring: C.ReportQuerySchema,
        response: { 200: Binary },
      },
    },
    async (req, reply) => {
      const { bytes, fileName } = await report.reportDocx(repos, actorOf(req), req.params.id, req.query);
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header(
          'content-disposition',
          `attachment; filename="report.docx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        )
        .send(fileBody(Buffer.from(bytes)));
    },
  );
  app.get(
    '/meetings/:id/report/deadline',
    {
      schema: {
        tags: tags('report'),
        summary: '报告报送期限（默认会后15天）',
        params: IdParams,
        querystring: C.DeadlineDaysQuery,
        response: { 200: C.ReportDeadlineSchema },
      },
    },
    async (req) => ({ deadline: await report.reportDeadlineOf(repos, actorOf(req), req.params.id, req.query.days) }),
  );

  app.get(
    '/procedure/report-deadlines',
    {
      schema: {
        tags: tags('report'),
        summary: '我负责报送的会议情况报告期限（书记首页）',
        querystring: C.DeadlineDaysQuery,
        response: { 200: C.ReportDeadlineListSchema },
      },
    },
    async (req) => ({ items: await report.myReportDeadlines(repos, actorOf(req), req.query.days) }),
  );
  app.get(
    '/procedure/settings',
    {
      schema: {
        tags: tags('report'),
        summary: '组织的报送期限设置（本级或上级设定，默认15天）',
        querystring: C.SettingsQuery,
        response: { 200: C.ReportSettingsSchema },
      },
    },
    async (req) => report.reportSettings(repos, actorOf(req), req.query.orgId),
  );
  app.put(
    '/procedure/settings',
    {
      schema: {
        tags: tags('report'),
        summary: '设置报送期限（会后天数；null 恢复上级或默认设置）',
        body: C.SettingsBody,
        response: { 200: C.ReportSettingsSchema },
      },
    },
    async (req) => report.saveReportSettings(repos, actorOf(req), req.body.orgId, req.body.reportDeadlineDays),
  );
  app.get(
    '/meetings/:id/ledger-drafts',
    {
      schema: {
        tags: tags('report'),
        summary: '由批评意见、征求意见、上级点评生成的整改事项草稿',
        params: IdParams,
        response: { 200: C.LedgerDraftListSchema },
      },
    },
    async (req) => ({ items: await report.meetingLedgerDrafts(repos, actorOf(req), req.params.id) }),
  );

  // ------------------------------------------------------------ 民主评议党员
  app.put(
    '/meetings/:id/appraisal/self',
    {
      schema: {
        tags: tags('appraisal'),
        summary: '个人自评',
        params: IdParams,
        body: C.SelfBody,
        response: { 200: C.AppraisalSchema },
      },
    },
    async (req) => appraisal.saveSelf(repos, actorOf(req), req.params.id, req.body),
  );
  app.put(
    '/meetings/:id/appraisal/peer',
    {
      schema: {
        tags: tags('appraisal'),
        summary: '党员互评',
        params: IdParams,
        body: C.PeerBody,
        response: { 200: C.AppraisalSchema },
      },
    },
    async (req) => appraisal.savePeer(repos, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/meetings/:id/appraisal/ballots',
    {
      schema: {
        tags: tags('appraisal'),
        summary: '录入一张无记名测评票（计票人）',
        params: IdParams,
        body: C.BallotBody,
        response: { 201: C.BallotResultSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await appraisal.castBallot(repos, actorOf(req), req.params.id, req.body.lines)),
  );
  app.get(
    '/meetings/:id/appraisal',
    {
      schema: {
        tags: tags('appraisal'),
        summary: '评议结果（逐人）',
        params: IdParams,
        response: { 200: C.AppraisalResultsSchema },
      },
    },
    async (req) => appraisal.results(repos, actorOf(req), req.params.id),
  );
  app.put(
    '/meetings/:id/appraisal/final',
    {
      schema: {
        tags: tags('appraisal'),
        summary: '确定评议等次（优秀不超过三分之一）',
        params: IdParams,
        body: C.FinalBody,
        response: { 200: C.AppraisalResultsSchema },
      },
    },
    async (req) => appraisal.saveFinal(repos, actorOf(req), req.params.id, req.body.grades),
  );
  app.get(
    '/meetings/:id/appraisal/given',
    {
      schema: {
        tags: tags('appraisal'),
        summary: '本人填写的自评和互评',
        params: IdParams,
        response: { 200: C.AppraisalGivenSchema },
      },
    },
    async (req) => appraisal.given(repos, actorOf(req), req.params.id),
  );
  app.get(
    '/meetings/:id/appraisal/mine',
    {
      schema: {
        tags: tags('appraisal'),
        summary: '对本人的评议',
        params: IdParams,
        response: { 200: C.AppraisalMineSchema },
      },
    },
    async (req) => appraisal.mine(repos, actorOf(req), req.params.id),
  );
}
