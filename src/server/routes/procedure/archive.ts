/**
 * Downloads of the meeting archive: each record as a file, and the whole file set as one .zip.
 *
 *   GET /meetings/:id/archive/:part?format=docx|xlsx   part: record | talks | opinions | appraisal
 *   GET /meetings/:id/archive.zip                      目录 + report + records + approved materials + ledger
 *
 * The .zip is streamed as it is made; `x-archive-bytes` gives the size of its contents (the client
 * shows progress against it). Who may download what: server/domain/procedure/archive.ts.
 */
import type { RouteContext, ZApp } from '../context.js';
import { actorOf } from '../context.js';
import { Binary, IdParams } from '../../../contract/common.js';
import { ArchiveFormatQuery, ArchivePartParams } from '../../../contract/procedure/archive.js';
import { archiveZipStream } from '../../../formats/archive-zip.js';
import * as archive from '../../domain/procedure/archive.js';

/**
 * The body of a download. fastify sends bytes and streams as they are; the route's `Binary` answer
 * schema only documents them, and types the body as its string — hence this one cast.
 */
export const fileBody = (body: Uint8Array | NodeJS.ReadableStream | ReadableStream): string =>
  body as unknown as string;

const attachment = (ascii: string, name: string) =>
  `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export async function archiveRoutes(app: ZApp, { repos }: RouteContext) {
  app.get(
    '/meetings/:id/archive/:part',
    {
      // A HEAD would build (and audit) a whole file set for nothing.
      exposeHeadRoute: false,
      schema: {
        tags: ['archive'],
        summary:
          '下载会议档案（会议记录 .docx；谈心谈话记录 .docx / 登记表 .xlsx；征求意见汇总表、民主评议结果 .docx / .xlsx）',
        params: ArchivePartParams,
        querystring: ArchiveFormatQuery,
        response: { 200: Binary },
      },
    },
    async (req, reply) => {
      const f = await archive.exportPart(repos, actorOf(req), req.params.id, req.params.part, req.query.format);
      return reply
        .type(f.mime)
        .header('content-disposition', attachment(`${req.params.part}.${req.query.format}`, f.fileName))
        .header('cache-control', 'private, no-store')
        .send(fileBody(Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength)));
    },
  );

  app.get(
    '/meetings/:id/archive.zip',
    {
      // A HEAD would build (and audit) a whole file set for nothing.
      exposeHeadRoute: false,
      schema: {
        tags: ['archive'],
        summary: '下载会议全部档案（.zip：目录、会议情况报告、会议记录、谈话、意见、评议、已审核材料、整改台账）',
        params: IdParams,
        response: { 200: Binary },
      },
    },
    async (req, reply) => {
      const set = await archive.archiveSet(repos, actorOf(req), req.params.id);
      return reply
        .type('application/zip')
        .header('content-disposition', attachment('archive.zip', set.fileName))
        .header('cache-control', 'private, no-store')
        .header('x-archive-bytes', String(set.bytes))
        .header('x-archive-files', String(set.entries.length))
        .send(fileBody(archiveZipStream(set.entries, { date: set.date })));
    },
  );
}
