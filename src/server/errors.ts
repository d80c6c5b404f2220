/**
 * The one place where error codes become HTTP statuses. Every error response is
 * `{ code, message }` (plus `details` for validation problems); anything that is not a
 * JianshiError or a known framework error becomes a generic 500 with nothing internal leaked.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, JianshiError, isJianshiError } from '../core/errors.js';
import { isDatabaseUnavailable } from '../storage/availability.js';
import { LIMITS } from '../core/limits.js';

export const STATUS_OF: Record<string, number> = {
  E_VALIDATION: 400,
  E_BAD_JSON: 400,
  E_BAD_ARGUMENT: 400,
  E_ENCODING: 422,
  E_BINARY: 422,
  E_EMPTY: 422,
  E_MATERIAL_TOO_MANY_ITEMS: 422,
  E_NOT_DOCX: 422,
  E_DOCX_BOMB: 422,
  E_LEGACY_DOC: 422,
  E_CONVERT: 422,
  E_WEAK_PASSWORD: 422,
  E_UNSUPPORTED_FORMAT: 415,
  E_UNSUPPORTED_MEDIA: 415,
  E_TOO_LARGE: 413,
  E_UNAUTHENTICATED: 401,
  E_BAD_CREDENTIALS: 401,
  E_FORBIDDEN: 403,
  E_DEADLINE_FORBIDDEN: 403,
  E_CSRF: 403,
  E_INVITATION_INVALID: 400,
  E_INVITATION_EXPIRED: 410,
  E_NOT_FOUND: 404,
  E_CONFLICT: 409,
  E_BAD_STATE: 409,
  E_RATE_LIMITED: 429,
  E_IO: 500,
  E_INTERNAL: 500,
  E_CONFIG: 500,
  E_BACKUP: 500,
  E_AUDIT_BROKEN: 500,
  E_DB_UNAVAILABLE: 503,
  // Upload limits and calendar dates
  E_UPLOAD_TOO_MANY_FILES: 400,
  E_UPLOAD_TOO_MANY_FIELDS: 400,
  E_UPLOAD_FIELD_TOO_LARGE: 413,
  E_BAD_DATE: 400,
  E_AUDIT_CHECKPOINT: 500,
  E_AUDIT_CHECKPOINT_FORMAT: 500,
  E_NOT_INITIALIZED: 503,
  E_BUSY: 503,
  E_COMPUTE_FAILED: 500,
  E_CONVERT_BUSY: 503,
  E_CONVERT_TIMEOUT: 422,
  E_NOT_WORD_DOC: 400,
  E_CONVERT_GARBLED: 400,
  E_OPINION_WINDOW_OVER: 409,
  E_OPINION_CLOSED_FINAL: 409,
  E_OPINION_LINK_UNAVAILABLE: 409,
  E_WITHDRAW_TOO_LATE: 409,
  E_REVIEW_CLOSED: 409,
};

export type { ErrorBody } from '../contract/common.js';
import type { ErrorBody } from '../contract/common.js';

const msg = (code: keyof typeof ERROR_CODES) => ERROR_CODES[code];

/** Translate anything thrown in a request into (status, body). */
export function toHttpError(err: unknown): { status: number; body: ErrorBody; internal: boolean } {
  if (isJianshiError(err)) {
    const e = err as JianshiError;
    const status = STATUS_OF[e.code] ?? 400;
    const body: ErrorBody = { code: e.code, message: e.message };
    if (e.details) body.details = e.details;
    return { status, body, internal: status >= 500 && status !== 503 };
  }
  const fe = err as FastifyError & { validation?: unknown[]; validationContext?: string };
  if (fe && typeof fe === 'object') {
    if (fe.validation || fe.code === 'FST_ERR_VALIDATION') {
      const issues = (fe.validation ?? []).map((v) => {
        const x = v as { instancePath?: string; message?: string; params?: { issue?: { path?: unknown[] } } };
        return { path: x.instancePath ?? '', message: x.message ?? '' };
      });
      // An impossible calendar date (contract/common.ts IsoDate) has its own code.
      if (issues.some((i) => i.message === msg('E_BAD_DATE')))
        return {
          status: 400,
          body: { code: 'E_BAD_DATE', message: msg('E_BAD_DATE'), details: issues },
          internal: false,
        };
      return {
        status: 400,
        body: {
          code: 'E_VALIDATION',
          message: `${msg('E_VALIDATION')}${fe.validationContext ? `（${fe.validationContext}）` : ''}`,
          details: issues,
        },
        internal: false,
      };
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return { status: 400, body: { code: 'E_BAD_JSON', message: msg('E_BAD_JSON') }, internal: false };
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return { status: 413, body: { code: 'E_TOO_LARGE', message: msg('E_TOO_LARGE') }, internal: false };
      // Each multipart limit says which limit it is (two files are not "文件过大").
      case 'FST_REQ_FILE_TOO_LARGE':
        return {
          status: 413,
          body: {
            code: 'E_TOO_LARGE',
            message: `文件过大：单个文件不能超过 ${LIMITS.maxDocxBytes / 1024 / 1024} MB。`,
          },
          internal: false,
        };
      case 'FST_FILES_LIMIT':
        return {
          status: 400,
          body: { code: 'E_UPLOAD_TOO_MANY_FILES', message: msg('E_UPLOAD_TOO_MANY_FILES') },
          internal: false,
        };
      case 'FST_FIELDS_LIMIT':
      case 'FST_PARTS_LIMIT':
        return {
          status: 400,
          body: { code: 'E_UPLOAD_TOO_MANY_FIELDS', message: msg('E_UPLOAD_TOO_MANY_FIELDS') },
          internal: false,
        };
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return {
          status: 415,
          body: { code: 'E_UNSUPPORTED_MEDIA', message: msg('E_UNSUPPORTED_MEDIA') },
          internal: false,
        };
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      case 'FST_PROTO_VIOLATION':
      case 'FST_ERR_CTP_INVALID_TYPE':
        return { status: 400, body: { code: 'E_BAD_ARGUMENT', message: msg('E_BAD_ARGUMENT') }, internal: false };
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      if (fe.statusCode === 413)
        return { status: 413, body: { code: 'E_TOO_LARGE', message: msg('E_TOO_LARGE') }, internal: false };
      if (fe.statusCode === 415)
        return {
          status: 415,
          body: { code: 'E_UNSUPPORTED_MEDIA', message: msg('E_UNSUPPORTED_MEDIA') },
          internal: false,
        };
      if (fe.statusCode === 429)
        return { status: 429, body: { code: 'E_RATE_LIMITED', message: msg('E_RATE_LIMITED') }, internal: false };
      if (fe.statusCode === 404)
        return { status: 404, body: { code: 'E_NOT_FOUND', message: msg('E_NOT_FOUND') }, internal: false };
      return { status: 400, body: { code: 'E_BAD_ARGUMENT', message: msg('E_BAD_ARGUMENT') }, internal: false };
    }
  }
  // The database restarting or down (PostgreSQL): a clear 503 at once, whatever was running. (After
  // the framework's own client errors: an upload the client aborted is not the database's failure.)
  if (isDatabaseUnavailable(err))
    return { status: 503, body: { code: 'E_DB_UNAVAILABLE', message: msg('E_DB_UNAVAILABLE') }, internal: false };
  return { status: 500, body: { code: 'E_INTERNAL', message: msg('E_INTERNAL') }, internal: true };
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const { status, body, internal } = toHttpError(err);
  if (internal) req.log.error({ err }, 'request failed');
  else if (body.code === 'E_DB_UNAVAILABLE')
    req.log.warn({ code: body.code, status, err: (err as Error)?.message }, 'database unavailable');
  else req.log.info({ code: body.code, status }, 'request rejected');
  if (status === 503) reply.header('retry-after', '5');
  if ((status === 429 || status === 503) && isJianshiError(err) && (err as JianshiError).details?.retryAfterSeconds) {
    reply.header('retry-after', String((err as JianshiError).details!.retryAfterSeconds));
  }
  void reply.status(status).send(body);
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): void {
  void reply
    .status(404)
    .send({ code: 'E_NOT_FOUND', message: `${msg('E_NOT_FOUND')}（${req.method} ${req.url.split('?')[0]}）` });
}
