/**
 * The rectification ledger over HTTP (under /api): thin handlers — validate (the contract's zod
 * schemas, src/contract/ledger.ts) → the ledger service (server/domain/ledger: authorize → core →
 * repository → audit) → answer through the contract's response schemas. Register inside the /api plugin
 * like the other route folders: `await ledgerRoutes(z, ctx)`.
 *
 *   GET    /ledger/items                  list (filters, keyset cursor; view=problems|tasks|responsibilities)
 *   POST   /ledger/items                  create items in an organization
 *   POST   /ledger/from-material/:id      one item per measure of an approved material
 *   GET    /ledger/items/:id              item + transitions + notes + evidence
 *   PATCH  /ledger/items/:id              edit (owner / secretary; open items only)
 *   POST   /ledger/items/:id/split        split into parts (owner)
 *   POST   /ledger/items/:id/notes        progress note (owner)
 *   POST   /ledger/items/:id/evidence     upload evidence (multipart: file, evidenceOn)
 *   GET    /ledger/evidence/:id           download evidence
 *   POST   /ledger/items/:id/{start,apply,close,send-back}
 *   POST   /ledger/items/:id/extensions   ask for a later deadline (owner: newDeadlineOn, reason)
 *   POST   /ledger/items/:id/extensions/:extensionId/{approve,refuse}   decide it (deadline setter; comment)
 *   DELETE /ledger/items/:id/repeated     remove the 重复出现 mark
 *   GET    /ledger/dashboard              completion by branch / aspect, overdue, trend
 *   GET    /ledger/export                 .xlsx of an organization's subtree
 *   POST   /ledger/import                 .xlsx upload (multipart: file; ?orgId&allowPartial)
 */
import type { RouteContext, ZApp } from '../context.js';
import { actorOf } from '../context.js';
import { readUpload } from '../materials/multipart.js';
import { Binary, DateStr, IdParams, Ok } from '../../../contract/common.js';
import {
  DeadlineExtensionSchema,
  EvidenceFileSchema,
  LedgerCreateBody,
  LedgerDashboardQuery,
  LedgerDashboardSchema,
  LedgerDecisionBody,
  LedgerDecisionSchema,
  LedgerExportQuery,
  LedgerExtensionBody,
  LedgerExtensionParams,
  LedgerFromMaterialBody,
  LedgerImportQuery,
  LedgerImportResultSchema,
  LedgerItemDetailSchema,
  LedgerItems,
  LedgerItemSchema,
  LedgerListQuery,
  LedgerListSchema,
  LedgerNoteBody,
  LedgerNoteSchema,
  LedgerPatchSchema,
  LedgerSplitBody,
  LedgerTransitionBody,
  MeasureLinksViewSchema,
} from '../../../contract/ledger.js';
import { ledgerService, type LedgerServiceOptions } from '../../domain/ledger/service.js';
import { ERROR_CODES, JianshiError } from '../../../core/errors.js';

/** Moved to the contract; re-exported for the routes that still take it from here. */
export { MeasureLinks } from '../../../contract/ledger.js';

/** A download's bytes: fastify sends a buffer as it is; its schema (Binary, a string) only documents it. */
const binary = (bytes: Buffer) => bytes as unknown as string;

export interface LedgerRouteOptions {
  ledger?: LedgerServiceOptions;
}

export default async function ledgerRoutes(app: ZApp, ctx: RouteContext & LedgerRouteOptions) {
  const svc = ledgerService(ctx.repos, { timeZone: ctx.config?.notify?.timeZone, ...ctx.ledger });

  app.get(
    '/ledger/items',
    {
      schema: {
        tags: ['ledger'],
        summary: '整改台账列表（问题清单 / 任务清单 / 责任清单）',
        querystring: LedgerListQuery,
        response: { 200: LedgerListSchema },
      },
    },
    async (req) =>
      svc.list(
        actorOf(req),
        await svc.filterOf(req.query),
        { limit: req.query.limit, cursor: req.query.cursor },
        req.query.view,
      ),
  );

  app.get(
    '/ledger/dashboard',
    {
      schema: {
        tags: ['ledger'],
        summary: '整改进度统计',
        querystring: LedgerDashboardQuery,
        response: { 200: LedgerDashboardSchema },
      },
    },
    async (req) => svc.dashboard(actorOf(req), await svc.filterOf(req.query), req.query.orgId),
  );

  app.post(
    '/ledger/items',
    {
      schema: {
        tags: ['ledger'],
        summary: '新建整改事项（可注明来源：某条批评意见、上级点评或征求意见）',
        body: LedgerCreateBody,
        response: { 201: LedgerItems },
      },
    },
    async (req, reply) => {
      const items = await svc.createChecked(actorOf(req), req.body.orgId, req.body.items);
      return reply.status(201).send({ items });
    },
  );

  app.get(
    '/ledger/from-material/:id/links',
    {
      schema: {
        tags: ['ledger'],
        summary: '材料的整改措施与问题的对应（生成台账前供作者和书记核对）',
        params: IdParams,
        response: { 200: MeasureLinksViewSchema },
      },
    },
    async (req) => svc.measureLinks(actorOf(req), req.params.id),
  );

  app.post(
    '/ledger/from-material/:id',
    {
      schema: {
        tags: ['ledger'],
        summary: '由审核通过的材料的整改措施生成台账（每条措施一项；links 为更正后的措施与问题对应）',
        params: IdParams,
        body: LedgerFromMaterialBody,
        response: { 201: LedgerItems },
      },
      // The body may be left out (no corrections); fastify hands an absent body over as null, so a
      // JSON body that is literally null is told apart by its content type and refused like any
      // other body of the wrong type.
      preValidation: async (req) => {
        if (req.body === null && req.headers['content-type'] !== undefined && Number(req.headers['content-length']) > 0)
          throw new JianshiError('E_VALIDATION', '请求内容格式不正确：应为对象。');
      },
    },
    async (req, reply) =>
      reply.status(201).send({ items: await svc.createFromMaterial(actorOf(req), req.params.id, req.body?.links) }),
  );

  app.get(
    '/ledger/items/:id',
    {
      schema: {
        tags: ['ledger'],
        summary: '整改事项详情',
        params: IdParams,
        response: { 200: LedgerItemDetailSchema },
      },
    },
    async (req) => svc.get(actorOf(req), req.params.id),
  );

  app.patch(
    '/ledger/items/:id',
    {
      schema: {
        tags: ['ledger'],
        summary: '修改整改事项',
        params: IdParams,
        body: LedgerPatchSchema,
        response: { 200: LedgerItemSchema },
      },
    },
    async (req) => svc.update(actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/ledger/items/:id/split',
    {
      schema: {
        tags: ['ledger'],
        summary: '拆分整改事项',
        params: IdParams,
        body: LedgerSplitBody,
        response: { 201: LedgerItems },
      },
    },
    async (req, reply) =>
      reply.status(201).send({ items: await svc.split(actorOf(req), req.params.id, req.body.parts) }),
  );

  app.post(
    '/ledger/items/:id/notes',
    {
      schema: {
        tags: ['ledger'],
        summary: '填写整改进展',
        params: IdParams,
        body: LedgerNoteBody,
        response: { 201: LedgerNoteSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.addNote(actorOf(req), req.params.id, req.body.body)),
  );

  app.post(
    '/ledger/items/:id/evidence',
    {
      schema: {
        tags: ['ledger'],
        summary: '上传佐证材料（multipart：file，evidenceOn）',
        params: IdParams,
        response: { 201: EvidenceFileSchema },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const up = await readUpload(req);
      const evidenceOn = up.fields.evidenceOn?.trim() || null;
      if (evidenceOn && !DateStr.safeParse(evidenceOn).success)
        throw new JianshiError('E_BAD_DATE', `佐证日期“${evidenceOn.slice(0, 20)}”无效：${ERROR_CODES.E_BAD_DATE}`);
      return reply
        .status(201)
        .send(
          await svc.addEvidence(actor, req.params.id, { bytes: up.file.bytes, fileName: up.file.fileName, evidenceOn }),
        );
    },
  );

  app.get(
    '/ledger/evidence/:id',
    { schema: { tags: ['ledger'], summary: '下载佐证材料', params: IdParams, response: { 200: Binary } } },
    async (req, reply) => {
      const f = await svc.getEvidence(actorOf(req), req.params.id);
      return reply
        .header('content-type', f.mime)
        .header(
          'content-disposition',
          `attachment; filename="evidence.${f.fileName.split('.').pop()?.replace(/[^\w]/g, '') || 'bin'}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
        )
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(binary(f.bytes));
    },
  );

  for (const [path, event] of [
    ['start', 'start'],
    ['apply', 'apply'],
    ['close', 'close'],
    ['send-back', 'send_back'],
  ] as const) {
    app.post(
      `/ledger/items/:id/${path}`,
      {
        schema: {
          tags: ['ledger'],
          summary: { start: '开始整改', apply: '申请销号', close: '审核销号', send_back: '退回' }[event],
          params: IdParams,
          body: LedgerTransitionBody,
          response: { 200: LedgerItemSchema },
        },
      },
      async (req) => svc.transition(actorOf(req), req.params.id, event, req.body?.reason ?? null),
    );
  }

  app.post(
    '/ledger/items/:id/extensions',
    {
      schema: {
        tags: ['ledger'],
        summary: '申请延期（责任人：新的完成日期和理由）',
        params: IdParams,
        body: LedgerExtensionBody,
        response: { 201: DeadlineExtensionSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.requestExtension(actorOf(req), req.params.id, req.body)),
  );

  for (const decision of ['approve', 'refuse'] as const) {
    app.post(
      `/ledger/items/:id/extensions/:extensionId/${decision}`,
      {
        schema: {
          tags: ['ledger'],
          summary: decision === 'approve' ? '同意延期' : '不同意延期（须填写审批意见）',
          params: LedgerExtensionParams,
          body: LedgerDecisionBody,
          response: { 200: LedgerDecisionSchema },
        },
      },
      async (req) =>
        svc.decideExtension(actorOf(req), req.params.id, req.params.extensionId, decision, req.body?.comment ?? null),
    );
  }

  app.delete(
    '/ledger/items/:id/repeated',
    { schema: { tags: ['ledger'], summary: '取消“重复出现”标记', params: IdParams, response: { 200: Ok } } },
    async (req) => {
      await svc.unmarkRepeated(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/ledger/export',
    {
      schema: {
        tags: ['ledger'],
        summary: '导出 Excel 台账',
        querystring: LedgerExportQuery,
        response: { 200: Binary },
      },
    },
    async (req, reply) => {
      const r = await svc.exportXlsx(actorOf(req), {
        orgId: req.query.orgId,
        filter: { year: req.query.year, status: req.query.status ? [req.query.status] : undefined },
      });
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent(r.fileName)}`,
        )
        .header('cache-control', 'private, no-store')
        .send(binary(r.buffer));
    },
  );

  app.post(
    '/ledger/import',
    {
      schema: {
        tags: ['ledger'],
        summary: '导入 Excel 台账（multipart：file）',
        querystring: LedgerImportQuery,
        response: { 201: LedgerImportResultSchema, 422: LedgerImportResultSchema },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const up = await readUpload(req);
      const r = await svc.importXlsx(actor, up.file.bytes, {
        orgId: req.query.orgId,
        allowPartial: req.query.allowPartial === '1',
        year: req.query.year,
        fileName: up.file.fileName,
      });
      const body = {
        created: r.created.length,
        items: r.created,
        total: r.total,
        rejected: r.rejected,
        blocked: r.blocked,
        errors: r.errors,
        warnings: r.warnings,
      };
      return reply.status(r.blocked ? 422 : 201).send(body);
    },
  );
}

export { ledgerRoutes };
