/** Materials: create / import, read, list, save (versions), compare, export, and the review workflow. */
import { z } from 'zod';
import type { RouteContext, ZApp } from '../../app.js';
import { actorOf } from '../../app.js';
import * as M from '../../domain/materials.js';
import { JianshiError } from '../../../core/errors.js';
import { MATERIAL_STATES } from '../../../core/workflow/material.js';
import { Id, IdParams, MaterialContentSchema, MaterialKindSchema } from '../schemas.js';
import { readUpload } from './multipart.js';
import { similarityOf } from '../../domain/similarity.js';
import { ledgerService } from '../../domain/ledger/service.js';
import { MeasureLinks } from '../ledger/index.js';
import { sendKeyedJson } from '../cached-json.js';
import { cutChars, xmlSafe } from '../../../core/text/xml-safe.js';

const TEXT_MAX = 1_500_000;
const CommentSchema = z.strictObject({
  part: z.enum(['title', 'preface', 'problems', 'causes', 'measures', 'closing', 'general']),
  item: z.number().int().min(0).max(1000).nullable().optional(),
  start: z.number().int().min(0).nullable().optional(),
  end: z.number().int().min(0).nullable().optional(),
  quote: z.string().max(2000).nullable().optional(),
  body: z.string().trim().min(1).max(5000),
});
const Version = z.number().int().min(1).max(1_000_000);

function oneOf(b: { content?: unknown; text?: unknown }) {
  if ((b.content === undefined) === (b.text === undefined))
    throw new JianshiError('E_VALIDATION', '须提供 content（结构化内容）或 text（粘贴的文本）之一。');
}

export async function materialRoutes(app: ZApp, { repos, similarity, config, outbox }: RouteContext) {
  const ledger = ledgerService(repos);
  // Review notifications also go to the mail outbox when SMTP is configured (the scheduler sends them).
  const mail = !!config.notify?.smtp;
  // A version queued its 查重 job in its transaction; this instance's worker takes it at once.
  const queued = <T>(v: T): T => {
    outbox?.kick();
    return v;
  };

  app.post(
    '/materials',
    {
      schema: {
        tags: ['materials'],
        summary: '新建材料（结构化内容或粘贴文本）',
        body: z.strictObject({
          meetingId: Id,
          kind: MaterialKindSchema,
          content: MaterialContentSchema.optional(),
          text: z.string().min(1).max(TEXT_MAX).optional(),
        }),
      },
    },
    async (req, reply) => {
      oneOf(req.body);
      return reply.status(201).send(queued(await M.createMaterial(repos, actorOf(req), req.body)));
    },
  );

  app.post(
    '/materials/import',
    {
      schema: {
        tags: ['materials'],
        summary: '上传 .docx / .txt 新建材料（multipart：meetingId、kind、file）',
        consumes: ['multipart/form-data'],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const up = await readUpload(req);
      const f = z.strictObject({ meetingId: Id, kind: MaterialKindSchema }).safeParse(up.fields);
      if (!f.success)
        throw new JianshiError('E_VALIDATION', '表单字段须为 meetingId 和 kind。', {
          issues: f.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      return reply.status(201).send(queued(await M.createMaterial(repos, actor, { ...f.data, file: up.file })));
    },
  );

  app.get(
    '/materials',
    {
      schema: {
        tags: ['materials'],
        summary: '我可见的材料',
        querystring: z.strictObject({
          meetingId: Id.optional(),
          orgId: Id.optional(),
          status: z.enum(MATERIAL_STATES).optional(),
          kind: MaterialKindSchema.optional(),
          authorId: Id.optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
          offset: z.coerce.number().int().min(0).optional(),
          /** Keyset paging: `next` of the previous page. */
          after: z.string().min(1).max(300).optional(),
        }),
      },
    },
    async (req) => M.listMaterials(repos, actorOf(req), req.query),
  );

  app.get(
    '/materials/:id',
    { schema: { tags: ['materials'], summary: '材料（当前版本，含结构化模型）', params: IdParams } },
    async (req, reply) =>
      sendKeyedJson(req, reply, await M.getMaterialJson(repos, actorOf(req), req.params.id, req.auth?.view)),
  );

  app.put(
    '/materials/:id',
    {
      schema: {
        tags: ['materials'],
        summary: '保存（生成新版本；baseVersion 不一致时 409）',
        params: IdParams,
        body: z.strictObject({
          baseVersion: Version,
          content: MaterialContentSchema.optional(),
          text: z.string().min(1).max(TEXT_MAX).optional(),
          note: z.string().max(500).nullable().optional(),
        }),
      },
    },
    async (req) => {
      oneOf(req.body);
      // 查重 and the quality checks are not on the save's path: the job is queued, the checks are
      // GET /materials/:id/checks (and the editor runs the same rules as the author types).
      return queued(await M.saveMaterial(repos, actorOf(req), req.params.id, req.body));
    },
  );

  app.put(
    '/materials/:id/draft',
    {
      schema: {
        tags: ['materials'],
        summary: '自动保存（作者的工作副本；不生成版本；另一窗口已修改时 409）',
        params: IdParams,
        body: z.strictObject({
          baseVersion: Version,
          rev: z.number().int().min(0).max(100_000_000),
          content: MaterialContentSchema,
        }),
      },
    },
    async (req) => {
      const r = await M.autosaveMaterial(repos, actorOf(req), req.params.id, req.body);
      return r.versioned ? queued(r) : r;
    },
  );
  app.get(
    '/materials/:id/draft',
    {
      schema: {
        tags: ['materials'],
        summary: '作者的工作副本（上次版本之后自动保存的内容；没有时为 null）',
        params: IdParams,
      },
    },
    async (req) => ({ draft: await M.getDraft(repos, actorOf(req), req.params.id) }),
  );

  app.post(
    '/materials/:id/import',
    {
      schema: {
        tags: ['materials'],
        summary: '上传文件作为新版本（multipart：baseVersion、file）',
        params: IdParams,
        consumes: ['multipart/form-data'],
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const up = await readUpload(req);
      const f = z.strictObject({ baseVersion: z.coerce.number().int().min(1) }).safeParse(up.fields);
      if (!f.success) throw new JianshiError('E_VALIDATION', '表单字段须为 baseVersion。');
      return queued(
        await M.saveMaterial(repos, actor, req.params.id, { baseVersion: f.data.baseVersion, file: up.file }),
      );
    },
  );

  app.get(
    '/materials/:id/similarity',
    {
      schema: {
        tags: ['materials'],
        summary: '查重：与库内其他材料和网络范文比对（来源、覆盖率、重复段落；不作结论）',
        params: IdParams,
      },
    },
    async (req) => {
      const r = await similarityOf(repos, similarity, actorOf(req), req.params.id);
      if ('pending' in r) outbox?.kick();
      return r;
    },
  );
  app.get(
    '/materials/:id/checks',
    {
      schema: {
        tags: ['materials'],
        summary: '质量检查（与浏览器中相同的规则，按会议的检视框架和年度）',
        params: IdParams,
      },
    },
    async (req) => M.checkMaterial(repos, actorOf(req), req.params.id),
  );
  app.get(
    '/materials/:id/versions',
    { schema: { tags: ['materials'], summary: '版本列表', params: IdParams } },
    async (req) => ({ items: await M.listVersions(repos, actorOf(req), req.params.id) }),
  );
  app.get(
    '/materials/:id/versions/:version',
    {
      schema: {
        tags: ['materials'],
        summary: '某一版本',
        params: z.strictObject({ id: Id, version: z.coerce.number().int().min(1) }),
      },
    },
    async (req) => M.getVersion(repos, actorOf(req), req.params.id, req.params.version),
  );
  app.get(
    '/materials/:id/diff',
    {
      schema: {
        tags: ['materials'],
        summary: '比较两个版本（按段落）',
        params: IdParams,
        querystring: z.strictObject({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
      },
    },
    async (req) => M.diffVersions(repos, actorOf(req), req.params.id, req.query.from, req.query.to),
  );

  app.get(
    '/materials/:id/export',
    {
      schema: {
        tags: ['materials'],
        summary: '导出 .docx / .md / .json / .txt',
        params: IdParams,
        querystring: z.strictObject({ format: z.enum(['docx', 'md', 'json', 'txt']).default('docx') }),
      },
    },
    async (req, reply) => {
      const out = await M.exportOne(repos, actorOf(req), req.params.id, req.query.format);
      const name = `${cutChars(xmlSafe(out.title || '材料').replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_'), 80)}.${out.ext}`;
      reply.header('content-type', out.mime);
      reply.header(
        'content-disposition',
        `attachment; filename="material.${out.ext}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      );
      return reply.send(Buffer.from(out.bytes));
    },
  );

  app.get(
    '/materials/:id/files/:fileId',
    { schema: { tags: ['materials'], summary: '原始上传文件', params: z.strictObject({ id: Id, fileId: Id }) } },
    async (req, reply) => {
      const f = await M.getOriginalFile(repos, actorOf(req), req.params.id, req.params.fileId);
      reply.header('content-type', 'application/octet-stream');
      reply.header(
        'content-disposition',
        `attachment; filename="original"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
      );
      return reply.send(f.bytes);
    },
  );

  app.get(
    '/materials/:id/comments',
    { schema: { tags: ['review'], summary: '审核意见', params: IdParams } },
    async (req) => ({ items: await M.listComments(repos, actorOf(req), req.params.id) }),
  );
  app.post(
    '/materials/:id/comments',
    {
      schema: { tags: ['review'], summary: '添加审核意见（指向某部分或条目）', params: IdParams, body: CommentSchema },
    },
    async (req, reply) => reply.status(201).send(await M.comment(repos, actorOf(req), req.params.id, req.body)),
  );
  const CommentParams = z.strictObject({ id: Id, commentId: Id });
  app.post(
    '/materials/:id/comments/:commentId/replies',
    {
      schema: {
        tags: ['review'],
        summary: '作者答复审核意见',
        params: CommentParams,
        body: z.strictObject({ body: z.string().trim().min(1).max(5000) }),
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await M.replyToComment(repos, actorOf(req), req.params.id, req.params.commentId, req.body.body)),
  );
  app.post(
    '/materials/:id/comments/:commentId/handled',
    {
      schema: {
        tags: ['review'],
        summary: '作者将审核意见标为已处理（handled: false 取消）',
        params: CommentParams,
        body: z.strictObject({ handled: z.boolean() }),
      },
    },
    async (req) => M.setCommentHandled(repos, actorOf(req), req.params.id, req.params.commentId, req.body.handled),
  );
  app.get(
    '/materials/:id/submit-check',
    {
      schema: {
        tags: ['review'],
        summary: '提交前核对：自动检查的提示（按级别计数、前几条）与查重结果（重复率、最大来源、通用段落另计）',
        params: IdParams,
      },
    },
    async (req) => M.submissionCheck(repos, similarity, actorOf(req), req.params.id, req.log),
  );
  app.get(
    '/materials/:id/events',
    { schema: { tags: ['review'], summary: '流程记录', params: IdParams } },
    async (req) => ({ items: await M.listEvents(repos, actorOf(req), req.params.id) }),
  );

  app.post(
    '/materials/:id/submit',
    {
      schema: {
        tags: ['review'],
        summary: '提交审核（退回后为重新提交）',
        params: IdParams,
        body: z
          .strictObject({ version: Version.optional(), note: z.string().max(500).nullable().optional() })
          .default({}),
      },
    },
    async (req) => {
      const submitted = queued(await M.submitMaterial(repos, actorOf(req), req.params.id, { ...req.body, mail }));
      // What was submitted, as the author saw it before confirming: for the API and CLI user too. The
      // submission is done by now; a summary that fails is left out (null), never an error.
      let check = null;
      try {
        check = await M.submissionCheck(repos, similarity, actorOf(req), submitted.id, req.log);
      } catch (e) {
        req.log.error({ err: e, materialId: submitted.id }, 'submission summary failed');
      }
      return { ...submitted, check };
    },
  );
  app.post(
    '/materials/:id/withdraw',
    {
      schema: {
        tags: ['review'],
        summary: '撤回审核申请（审核人尚未处理时；退回或通过后不能撤回）',
        params: IdParams,
        body: z
          .strictObject({ version: Version.optional(), note: z.string().max(500).nullable().optional() })
          .default({}),
      },
    },
    async (req) => M.withdrawMaterial(repos, actorOf(req), req.params.id, { ...req.body, mail }),
  );
  app.post(
    '/materials/:id/return',
    {
      schema: {
        tags: ['review'],
        summary: '退回修改（附意见）',
        params: IdParams,
        body: z.strictObject({
          version: Version.optional(),
          note: z.string().max(500).nullable().optional(),
          comments: z.array(CommentSchema).max(200).default([]),
        }),
      },
    },
    async (req) => M.returnMaterial(repos, actorOf(req), req.params.id, { ...req.body, mail }),
  );
  app.post(
    '/materials/:id/approve',
    {
      schema: {
        tags: ['review'],
        summary: '审核通过（其整改措施随即生成整改台账事项）',
        params: IdParams,
        body: z
          .strictObject({
            version: Version.optional(),
            note: z.string().max(500).nullable().optional(),
            links: MeasureLinks.optional(),
          })
          .default({}),
      },
    },
    async (req) => {
      const { links, ...decision } = req.body;
      // Corrected links are checked before the approval, so a bad one never leaves it half done.
      if (links?.length) await ledger.checkLinks(req.params.id, links);
      const approved = await M.approveMaterial(repos, actorOf(req), req.params.id, { ...decision, mail });
      // Every measure becomes a ledger item at once (idempotent). The approval stands even if this
      // fails; the review page offers 生成整改台账 for what is missing.
      let ledgerItems: number | null = null;
      try {
        ledgerItems = (await ledger.createFromMaterial(actorOf(req), approved.id, links)).length;
      } catch (e) {
        req.log.error({ err: e, materialId: approved.id }, 'ledger items from the approved material failed');
      }
      return { ...approved, ledgerItems };
    },
  );
}
