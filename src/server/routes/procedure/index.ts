/**
 * Routes of the meeting procedure: opinion collections and summaries, talks and their
 * coverage, the meeting record, the report, the appraisal of members. Thin handlers: validate
 * (zod) → domain (*.service.ts, which authorizes with core/meeting/policy.ts) → present.
 *
 * Registered inside the /api plugin of app.ts, like the other resources:
 *   await procedureRoutes(z, ctx);
 *   await publicOpinionRoutes(z, ctx);   // anonymous; see public.ts
 */
import { z } from 'zod';
import type { RouteContext, ZApp } from '../../app.js';
import { actorOf } from '../../app.js';
import { DateStr, Id, IdParams, IsoDateTime } from '../schemas.js';
import { GRADES } from '../../../core/meeting/appraisal.js';
import { ATTENDANCE_STATUSES } from '../../../core/meeting/attendance.js';
import { opinionQrPng, opinionQrSvg } from '../../../formats/opinion-qr.js';
import * as opinions from './opinions.service.js';
import { OPINION_BATCH_SIZE } from './opinion-spool.js';
import * as talks from './talks.service.js';
import * as record from './record.service.js';
import * as report from './report.service.js';
import * as appraisal from './appraisal.service.js';
import { archiveRoutes } from './archive.js';

export { publicOpinionRoutes } from './public.js';

const Text = (max: number) => z.string().trim().min(1).max(max);
const OptText = (max: number) => z.string().max(max).nullable().optional();
const Grade = z.enum(GRADES);
const BaseUrl = z.string().url().max(500).nullable().optional();
const Ok = { ok: true as const };
const ReportQuery = z.strictObject({
  studySessions: z.coerce.number().int().min(0).max(1000).optional(),
  superiorName: z.string().max(200).optional(),
  reportOn: DateStr.optional(),
  deadlineDays: z.coerce.number().int().min(1).max(365).optional(),
});

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
        body: z.strictObject({
          opensOn: DateStr.nullable().optional(),
          closesOn: DateStr.nullable().optional(),
          baseUrl: BaseUrl,
        }),
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await opinions.openCollection(services, actorOf(req), req.params.id, req.body, opinionLinkKey)),
  );
  app.get(
    '/meetings/:id/opinion-collections',
    { schema: { tags: tags('opinions'), summary: '本次会议的意见征集', params: IdParams } },
    async (req) => ({ items: await opinions.listCollections(repos, actorOf(req), req.params.id, batching) }),
  );
  app.post(
    '/opinion-collections/:id/close',
    { schema: { tags: tags('opinions'), summary: '结束征求意见', params: IdParams } },
    async (req) => opinions.closeCollection(services, actorOf(req), req.params.id),
  );
  app.post(
    '/opinion-collections/:id/rotate',
    {
      schema: {
        tags: tags('opinions'),
        summary: '更换链接（旧链接失效；可重新开启）',
        params: IdParams,
        body: z.strictObject({ reopen: z.boolean().optional(), baseUrl: BaseUrl }),
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
        querystring: z.strictObject({ baseUrl: BaseUrl }),
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
        body: z.strictObject({
          token: z.string().min(32).max(64),
          url: z.string().url().max(1000),
          format: z.enum(['png', 'svg']).default('png'),
        }),
      },
    },
    async (req, reply) => {
      const url = await opinions.collectionQr(services, actorOf(req), req.params.id, req.body.token, req.body.url);
      if (req.body.format === 'svg') return reply.type('image/svg+xml').send(await opinionQrSvg(url));
      return reply.type('image/png').send(await opinionQrPng(url));
    },
  );
  app.get(
    '/meetings/:id/opinions/summary',
    { schema: { tags: tags('opinions'), summary: '意见汇总（班子、逐人）', params: IdParams } },
    async (req) => opinions.opinionSummary(repos, actorOf(req), req.params.id, batching),
  );
  app.get(
    '/meetings/:id/opinions',
    { schema: { tags: tags('opinions'), summary: '逐条意见（书记屏蔽无关内容用；含已屏蔽的）', params: IdParams } },
    async (req) => ({ items: await opinions.manageOpinions(repos, actorOf(req), req.params.id) }),
  );
  app.post(
    '/opinions/:id/hidden',
    {
      schema: {
        tags: tags('opinions'),
        summary: '屏蔽或恢复一条意见（记入审计日志，不涉及提交人）',
        params: IdParams,
        body: z.strictObject({ hidden: z.boolean() }),
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
        body: z.strictObject({ hidden: z.boolean() }),
      },
    },
    async (req) => opinions.hideSameText(services, actorOf(req), req.params.id, req.body.hidden),
  );
  app.get(
    '/meetings/:id/opinions/mine',
    { schema: { tags: tags('opinions'), summary: '反馈给本人的意见', params: IdParams } },
    async (req) => opinions.myOpinions(repos, actorOf(req), req.params.id),
  );

  // ------------------------------------------------------------ 谈心谈话
  const TalkBody = z.strictObject({
    personAId: Id,
    personBId: Id,
    heldOn: DateStr.nullable().optional(),
    topics: OptText(500),
    notes: OptText(5000),
  });
  app.get(
    '/meetings/:id/talks',
    { schema: { tags: tags('talks'), summary: '谈心谈话记录', params: IdParams } },
    async (req) => ({ items: await talks.listTalks(repos, actorOf(req), req.params.id) }),
  );
  app.post(
    '/meetings/:id/talks',
    { schema: { tags: tags('talks'), summary: '登记谈心谈话', params: IdParams, body: TalkBody } },
    async (req, reply) => reply.status(201).send(await talks.addTalk(repos, actorOf(req), req.params.id, req.body)),
  );
  app.patch(
    '/talks/:id',
    {
      schema: {
        tags: tags('talks'),
        summary: '修改谈话记录',
        params: IdParams,
        body: TalkBody.omit({ personAId: true, personBId: true }),
      },
    },
    async (req) => talks.updateTalk(repos, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/talks/:id',
    { schema: { tags: tags('talks'), summary: '删除谈话记录', params: IdParams } },
    async (req) => (await talks.deleteTalk(repos, actorOf(req), req.params.id), Ok),
  );
  app.get(
    '/meetings/:id/talks/coverage',
    {
      schema: {
        tags: tags('talks'),
        summary: '应谈对象与未谈对象',
        params: IdParams,
        querystring: z.strictObject({ rules: z.enum(['leadership', 'branch', 'branch-committee']).optional() }),
      },
    },
    async (req) => talks.coverage(repos, actorOf(req), req.params.id, req.query.rules),
  );

  // ------------------------------------------------------------ 会议记录
  app.get(
    '/meetings/:id/record',
    { schema: { tags: tags('record'), summary: '会议记录（出席、议程、发言、批评、点评）', params: IdParams } },
    async (req) => record.getRecord(repos, actorOf(req), req.params.id),
  );
  app.put(
    '/meetings/:id/record',
    {
      schema: {
        tags: tags('record'),
        summary: '保存会议记录',
        params: IdParams,
        body: z.strictObject({
          heldOn: DateStr.nullable().optional(),
          startedAt: IsoDateTime.nullable().optional(),
          endedAt: IsoDateTime.nullable().optional(),
          location: OptText(200),
          agenda: z.array(z.record(z.string(), z.unknown())).max(200).nullable().optional(),
          summary: OptText(20_000),
          status: z.enum(['draft', 'in_progress', 'finished']).optional(),
        }),
      },
    },
    async (req) => record.saveRecord(repos, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/meetings/:id/record/agenda/default',
    { schema: { tags: tags('record'), summary: '按参会人员生成默认议程', params: IdParams } },
    async (req) => record.resetAgenda(repos, actorOf(req), req.params.id),
  );
  app.put(
    '/meetings/:id/attendance',
    {
      schema: {
        tags: tags('record'),
        summary: '登记出席（返回是否达到三分之二）',
        params: IdParams,
        body: z.strictObject({
          entries: z
            .array(z.strictObject({ personId: Id, status: z.enum(ATTENDANCE_STATUSES), reason: OptText(200) }))
            .min(1)
            .max(500),
        }),
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
        body: z.strictObject({
          speakerId: Id,
          seq: z.number().int().min(1).max(1000).optional(),
          materialId: Id.nullable().optional(),
          notes: OptText(20_000),
        }),
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
        body: z.strictObject({
          seq: z.number().int().min(1).max(1000).optional(),
          materialId: Id.nullable().optional(),
          notes: OptText(20_000),
        }),
      },
    },
    async (req) => record.updateSpeech(repos, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/speeches/:id',
    { schema: { tags: tags('record'), summary: '删除发言记录', params: IdParams } },
    async (req) => (await record.deleteSpeech(repos, actorOf(req), req.params.id), Ok),
  );
  app.post(
    '/meetings/:id/criticisms',
    {
      schema: {
        tags: tags('record'),
        summary: '记录批评意见',
        params: IdParams,
        body: z.strictObject({
          speechId: Id.nullable().optional(),
          targetPersonId: Id,
          criticId: Id.nullable().optional(),
          body: Text(5000),
        }),
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
        body: z.strictObject({ body: Text(5000).optional(), criticId: Id.nullable().optional() }),
      },
    },
    async (req) => record.updateCriticism(repos, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/criticisms/:id',
    { schema: { tags: tags('record'), summary: '删除批评意见', params: IdParams } },
    async (req) => (await record.deleteCriticism(repos, actorOf(req), req.params.id), Ok),
  );
  app.post(
    '/meetings/:id/comments',
    {
      schema: {
        tags: tags('record'),
        summary: '记录督导组点评或书记总结',
        params: IdParams,
        body: z.strictObject({
          kind: z.enum(['supervisor', 'summary']),
          body: Text(20_000),
          targetPersonId: Id.nullable().optional(),
          authorId: Id.nullable().optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await record.addComment(repos, actorOf(req), req.params.id, req.body)),
  );
  app.delete(
    '/comments/:id',
    { schema: { tags: tags('record'), summary: '删除点评', params: IdParams } },
    async (req) => (await record.deleteComment(repos, actorOf(req), req.params.id), Ok),
  );

  // ------------------------------------------------------------ 会议情况报告
  app.get(
    '/meetings/:id/report',
    {
      schema: {
        tags: tags('report'),
        summary: '会议情况报告（预览：数字、正文、报送期限）',
        params: IdParams,
        querystring: ReportQuery,
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
        querystring: ReportQuery,
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
        .send(Buffer.from(bytes));
    },
  );
  app.get(
    '/meetings/:id/report/deadline',
    {
      schema: {
        tags: tags('report'),
        summary: '报告报送期限（默认会后15天）',
        params: IdParams,
        querystring: z.strictObject({ days: z.coerce.number().int().min(1).max(365).optional() }),
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
        querystring: z.strictObject({ days: z.coerce.number().int().min(1).max(365).optional() }),
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
        querystring: z.strictObject({ orgId: Id }),
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
        body: z.strictObject({ orgId: Id, reportDeadlineDays: z.number().int().min(1).max(365).nullable() }),
      },
    },
    async (req) => report.saveReportSettings(repos, actorOf(req), req.body.orgId, req.body.reportDeadlineDays),
  );
  app.get(
    '/meetings/:id/ledger-drafts',
    { schema: { tags: tags('report'), summary: '由批评意见、征求意见、上级点评生成的整改事项草稿', params: IdParams } },
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
        body: z.strictObject({ grade: Grade.nullable(), comment: OptText(2000) }),
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
        body: z.strictObject({ rateeId: Id, grade: Grade.nullable(), comment: OptText(2000) }),
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
        body: z.strictObject({
          lines: z
            .array(z.strictObject({ rateeId: Id, grade: Grade }))
            .min(1)
            .max(500),
        }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await appraisal.castBallot(repos, actorOf(req), req.params.id, req.body.lines)),
  );
  app.get(
    '/meetings/:id/appraisal',
    { schema: { tags: tags('appraisal'), summary: '评议结果（逐人）', params: IdParams } },
    async (req) => appraisal.results(repos, actorOf(req), req.params.id),
  );
  app.put(
    '/meetings/:id/appraisal/final',
    {
      schema: {
        tags: tags('appraisal'),
        summary: '确定评议等次（优秀不超过三分之一）',
        params: IdParams,
        body: z.strictObject({ grades: z.record(Id, Grade) }),
      },
    },
    async (req) => appraisal.saveFinal(repos, actorOf(req), req.params.id, req.body.grades),
  );
  app.get(
    '/meetings/:id/appraisal/given',
    { schema: { tags: tags('appraisal'), summary: '本人填写的自评和互评', params: IdParams } },
    async (req) => appraisal.given(repos, actorOf(req), req.params.id),
  );
  app.get(
    '/meetings/:id/appraisal/mine',
    { schema: { tags: tags('appraisal'), summary: '对本人的评议', params: IdParams } },
    async (req) => appraisal.mine(repos, actorOf(req), req.params.id),
  );
}
