/**
 * The one place where error codes become HTTP statuses. Every error response is
 * `{ code, message }` (plus `details` for validation problems); anything that is not a
 * JianshiError or a known framework error becomes a generic 500 with nothing internal leaked.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, JianshiError, isJianshiError } from '../core/errors.js';

export const STATUS_OF: Record<string, number> = {
  E_VALIDATION: 400,
  E_BAD_JSON: 400,
  E_BAD_ARGUMENT: 400,
  E_ENCODING: 422,
  E_BINARY: 422,
  E_EMPTY: 422,
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
  E_BUSY: 503,
  E_COMPUTE_FAILED: 500,
  E_CONVERT_BUSY: 503,
  E_CONVERT_TIMEOUT: 422,
  E_NOT_WORD_DOC: 400,
  E_CONVERT_GARBLED: 400,
};

export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

const msg = (code: keyof typeof ERROR_CODES) => ERROR_CODES[code];

/** Translate anything thrown in a request into (status, body). */
export function toHttpError(err: unknown): { status: number; body: ErrorBody; internal: boolean } {
  if (isJianshiError(err)) {
    const e = err as JianshiError;
    const status = STATUS_OF[e.code] ?? 400;
    const body: ErrorBody = { code: e.code, message: e.message };
    if (e.details) body.details = e.details;
    return { status, body, internal: status >= 500 };
  }
  const fe = err as FastifyError & { validation?: unknown[]; validationContext?: string };
  if (fe && typeof fe === 'object') {
    if (fe.validation || fe.code === 'FST_ERR_VALIDATION') {
      const issues = (fe.validation ?? []).map((v) => {
        const x = v as { instancePath?: string; message?: string; params?: { issue?: { path?: unknown[] } } };
        return { path: x.instancePath ?? '', message: x.message ?? '' };
      });
      return { status: 400, body: { code: 'E_VALIDATION', message: `${msg('E_VALIDATION')}${fe.validationContext ? `（${fe.validationContext}）` : ''}`, details: issues }, internal: false };
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return { status: 400, body: { code: 'E_BAD_JSON', message: msg('E_BAD_JSON') }, internal: false };
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_REQ_FILE_TOO_LARGE':
      case 'FST_FILES_LIMIT':
      case 'FST_FIELDS_LIMIT':
      case 'FST_PARTS_LIMIT':
        return { status: 413, body: { code: 'E_TOO_LARGE', message: msg('E_TOO_LARGE') }, internal: false };
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return { status: 415, body: { code: 'E_UNSUPPORTED_MEDIA', message: msg('E_UNSUPPORTED_MEDIA') }, internal: false };
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      case 'FST_PROTO_VIOLATION':
      case 'FST_ERR_CTP_INVALID_TYPE':
        return { status: 400, body: { code: 'E_BAD_ARGUMENT', message: msg('E_BAD_ARGUMENT') }, internal: false };
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      if (fe.statusCode === 413) return { status: 413, body: { code: 'E_TOO_LARGE', message: msg('E_TOO_LARGE') }, internal: false };
      if (fe.statusCode === 415) return { status: 415, body: { code: 'E_UNSUPPORTED_MEDIA', message: msg('E_UNSUPPORTED_MEDIA') }, internal: false };
      if (fe.statusCode === 429) return { status: 429, body: { code: 'E_RATE_LIMITED', message: msg('E_RATE_LIMITED') }, internal: false };
      if (fe.statusCode === 404) return { status: 404, body: { code: 'E_NOT_FOUND', message: msg('E_NOT_FOUND') }, internal: false };
      return { status: 400, body: { code: 'E_BAD_ARGUMENT', message: msg('E_BAD_ARGUMENT') }, internal: false };
    }
  }
  return { status: 500, body: { code: 'E_INTERNAL', message: msg('E_INTERNAL') }, internal: true };
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const { status, body, internal } = toHttpError(err);
  if (internal) req.log.error({ err }, 'request failed');
  else req.log.info({ code: body.code, status }, 'request rejected');
  if ((status === 429 || status === 503) && isJianshiError(err) && (err as JianshiError).details?.retryAfterSeconds) {
    reply.header('retry-after', String((err as JianshiError).details!.retryAfterSeconds));
  }
  void reply.status(status).send(body);
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): void {
  void reply.status(404).send({ code: 'E_NOT_FOUND', message: `${msg('E_NOT_FOUND')}（${req.method} ${req.url.split('?')[0]}）` });
}
