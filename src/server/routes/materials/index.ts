/** Materials: create / import, read, list, save (versions), compare, export, and the review workflow. */
import type { FastifyReply } from 'fastify';
import type { RouteContext, ZApp } from '../context.js';
import { actorOf } from '../context.js';
import * as M from '../../domain/materials.js';
import { JianshiError } from '../../../core/errors.js';
import type { Material } from '../../../core/material/model.js';
import { Binary, IdParams } from '../../../contract/common.js';
import {
  ApproveAnswerSchema,
  AutosaveBody,
  AutosaveResultSchema,
  ChecksSchema,
  CommentInputSchema,
  CommentParams,
  CommentThreadListSchema,
  CreateMaterialBody,
  DecisionBody,
  DecisionFields,
  DiffQuery,
  DiffSchema,
  DraftAnswerSchema,
  ExportQuery,
  FileParams,
  HandledAnswerSchema,
  HandledBody,
  ImportMaterialFields,
  ImportVersionFields,
  MaterialListQuery,
  MaterialPageSchema,
  MaterialViewSchema,
  ReplyBody,
  ReturnBody,
  ReviewCommentSchema,
  ReviewReplySchema,
  SaveMaterialBody,
  SubmissionCheckSchema,
  SubmitAnswerSchema,
  VersionListSchema,
  VersionParams,
  VersionViewSchema,
  WorkflowEventListSchema,
  type MaterialContentInput,
} from '../../../contract/materials.js';
import { SimilarityAnswerSchema } from '../../../contract/similarity.js';
import { readUpload } from './multipart.js';
import { similarityOf } from '../../domain/similarity.js';
import { ledgerService } from '../../domain/ledger/service.js';
import { MeasureLinks } from '../ledger/index.js';
import { sendKeyedJson } from '../cached-json.js';
import { cutChars, xmlSafe } from '../../../core/text/xml-safe.js';

/**
 * The stored model is a whole core Material (content is normalised on every save); the domain hands
 * it on untyped, as read from storage.
 */
const withModel = <T extends { model: unknown }>(v: T) => v as T & { model: Material };

/** A download: the bytes go out as they are (`Binary` documents them; no serializer sees a buffer). */
const download = (reply: FastifyReply, bytes: Uint8Array) => reply.send(bytes);

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
        body: CreateMaterialBody,
        response: { 201: MaterialViewSchema },
      },
    },
    async (req, reply) => {
      oneOf(req.body);
      return reply.status(201).send(withModel(queued(await M.createMaterial(repos, actorOf(req), req.body))));
    },
  );

  app.post(
    '/materials/import',
    {
      schema: {
        tags: ['materials'],
        summary: '上传 .docx / .txt 新建材料（multipart：meetingId、kind、file）',
        consumes: ['multipart/form-data'],
        response: { 201: MaterialViewSchema },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const up = await readUpload(req);
      const f = ImportMaterialFields.safeParse(up.fields);
      if (!f.success)
        throw new JianshiError('E_VALIDATION', '表单字段须为 meetingId 和 kind。', {
          issues: f.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      return reply
        .status(201)
        .send(withModel(queued(await M.createMaterial(repos, actor, { ...f.data, file: up.file }))));
    },
  );

  app.get(
    '/materials',
    {
      schema: {
        tags: ['materials'],
        summary: '我可见的材料',
        querystring: MaterialListQuery,
        response: { 200: MaterialPageSchema },
      },
    },
    async (req) => M.listMaterials(repos, actorOf(req), req.query),
  );

  app.get(
    '/materials/:id',
    {
      schema: {
        tags: ['materials'],
        summary: '材料（当前版本，含结构化模型）',
        params: IdParams,
        // Sent as prepared bytes (cached-json.ts: the stored model spliced in): this is their shape.
        response: { 200: MaterialViewSchema },
      },
    },
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
        body: SaveMaterialBody,
        response: { 200: MaterialViewSchema },
      },
    },
    async (req) => {
      oneOf(req.body);
      // 查重 and the quality checks are not on the save's path: the job is queued, the checks are
      // GET /materials/:id/checks (and the editor runs the same rules as the author types).
      return withModel(queued(await M.saveMaterial(repos, actorOf(req), req.params.id, req.body)));
    },
  );

  app.put(
    '/materials/:id/draft',
    {
      schema: {
        tags: ['materials'],
        summary: '自动保存（作者的工作副本；不生成版本；另一窗口已修改时 409）',
        params: IdParams,
        body: AutosaveBody,
        response: { 200: AutosaveResultSchema },
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
        response: { 200: DraftAnswerSchema },
      },
    },
    async (req) => {
      const draft = await M.getDraft(repos, actorOf(req), req.params.id);
      // The copy is what autosave accepted (AutosaveBody), stored as it came.
      return { draft: draft && { ...draft, content: draft.content as MaterialContentInput } };
    },
  );

  app.post(
    '/materials/:id/import',
    {
      schema: {
        tags: ['materials'],
        summary: '上传文件作为新版本（multipart：baseVersion、file）',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 200: MaterialViewSchema },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const up = await readUpload(req);
      const f = ImportVersionFields.safeParse(up.fields);
      if (!f.success) throw new JianshiError('E_VALIDATION', '表单字段须为 baseVersion。');
      return withModel(
        queued(await M.saveMaterial(repos, actor, req.params.id, { baseVersion: f.data.baseVersion, file: up.file })),
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
        response: { 200: SimilarityAnswerSchema },
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
        response: { 200: ChecksSchema },
      },
    },
    async (req) => M.checkMaterial(repos, actorOf(req), req.params.id),
  );
  app.get(
    '/materials/:id/versions',
    { schema: { tags: ['materials'], summary: '版本列表', params: IdParams, response: { 200: VersionListSchema } } },
    async (req) => ({ items: await M.listVersions(repos, actorOf(req), req.params.id) }),
  );
  app.get(
    '/materials/:id/versions/:version',
    {
      schema: {
        tags: ['materials'],
        summary: '某一版本',
        params: VersionParams,
        response: { 200: VersionViewSchema },
      },
    },
    async (req) => withModel(await M.getVersion(repos, actorOf(req), req.params.id, req.params.version)),
  );
  app.get(
    '/materials/:id/diff',
    {
      schema: {
        tags: ['materials'],
        summary: '比较两个版本（按段落）',
        params: IdParams,
        querystring: DiffQuery,
        response: { 200: DiffSchema },
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
        querystring: ExportQuery,
        response: { 200: Binary },
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
      return download(reply, Buffer.from(out.bytes));
    },
  );

  app.get(
    '/materials/:id/files/:fileId',
    { schema: { tags: ['materials'], summary: '原始上传文件', params: FileParams, response: { 200: Binary } } },
    async (req, reply) => {
      const f = await M.getOriginalFile(repos, actorOf(req), req.params.id, req.params.fileId);
      reply.header('content-type', 'application/octet-stream');
      reply.header(
        'content-disposition',
        `attachment; filename="original"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
      );
      return download(reply, f.bytes);
    },
  );

  app.get(
    '/materials/:id/comments',
    { schema: { tags: ['review'], summary: '审核意见', params: IdParams, response: { 200: CommentThreadListSchema } } },
    async (req) => ({ items: await M.listComments(repos, actorOf(req), req.params.id) }),
  );
  app.post(
    '/materials/:id/comments',
    {
      schema: {
        tags: ['review'],
        summary: '添加审核意见（指向某部分或条目）',
        params: IdParams,
        body: CommentInputSchema,
        response: { 201: ReviewCommentSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await M.comment(repos, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/materials/:id/comments/:commentId/replies',
    {
      schema: {
        tags: ['review'],
        summary: '作者答复审核意见',
        params: CommentParams,
        body: ReplyBody,
        response: { 201: ReviewReplySchema },
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
        body: HandledBody,
        response: { 200: HandledAnswerSchema },
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
        response: { 200: SubmissionCheckSchema },
      },
    },
    async (req) => M.submissionCheck(repos, similarity, actorOf(req), req.params.id, req.log),
  );
  app.get(
    '/materials/:id/events',
    { schema: { tags: ['review'], summary: '流程记录', params: IdParams, response: { 200: WorkflowEventListSchema } } },
    async (req) => ({ items: await M.listEvents(repos, actorOf(req), req.params.id) }),
  );

  app.post(
    '/materials/:id/submit',
    {
      schema: {
        tags: ['review'],
        summary: '提交审核（退回后为重新提交）',
        params: IdParams,
        body: DecisionBody,
        response: { 200: SubmitAnswerSchema },
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
      return withModel({ ...submitted, check });
    },
  );
  app.post(
    '/materials/:id/withdraw',
    {
      schema: {
        tags: ['review'],
        summary: '撤回审核申请（审核人尚未处理时；退回或通过后不能撤回）',
        params: IdParams,
        body: DecisionBody,
        response: { 200: MaterialViewSchema },
      },
    },
    async (req) => withModel(await M.withdrawMaterial(repos, actorOf(req), req.params.id, { ...req.body, mail })),
  );
  app.post(
    '/materials/:id/return',
    {
      schema: {
        tags: ['review'],
        summary: '退回修改（附意见）',
        params: IdParams,
        body: ReturnBody,
        response: { 200: MaterialViewSchema },
      },
    },
    async (req) => withModel(await M.returnMaterial(repos, actorOf(req), req.params.id, { ...req.body, mail })),
  );
  app.post(
    '/materials/:id/approve',
    {
      schema: {
        tags: ['review'],
        summary: '审核通过（其整改措施随即生成整改台账事项）',
        params: IdParams,
        // The measure links are the ledger's (routes/ledger): the body is the decision's and those.
        body: DecisionFields.extend({ links: MeasureLinks.optional() }).default({}),
        response: { 200: ApproveAnswerSchema },
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
      return withModel({ ...approved, ledgerItems });
    },
  );
}
