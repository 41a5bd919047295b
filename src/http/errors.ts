import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode, type ErrorDetail } from '../kernel/errors.ts';
import { detailsFromAjv } from './conventions/validation-details.ts';
import { INPUT_LIMITS } from './input-limits.ts';

interface CodeInfo {
  status: number;
  type: 'invalid_request_error' | 'api_error';
  message: string;
}

/** Stora's error catalogue: the one place where codes become HTTP statuses. */
export const ERROR_CODES: Record<ErrorCode, CodeInfo> = {
  invalid_request: {
    status: 400,
    type: 'invalid_request_error',
    message: 'The request body is malformed or not valid.',
  },
  api_error: { status: 400, type: 'api_error', message: 'Internal or third-party API error.' },
  invalid_token: { status: 401, type: 'invalid_request_error', message: 'Invalid token.' },
  forbidden: {
    status: 403,
    type: 'invalid_request_error',
    message:
      'You do not have permission to access this resource. Please contact our support team if you believe you should have access.',
  },
  resource_not_found: { status: 404, type: 'invalid_request_error', message: 'The requested resource was not found.' },
  invalid_endpoint: { status: 404, type: 'invalid_request_error', message: 'The requested endpoint does not exist.' },
  invalid_format: {
    status: 406,
    type: 'invalid_request_error',
    message: 'The request ACCEPT header is not valid or supported.',
  },
  conflict: {
    status: 409,
    type: 'invalid_request_error',
    message: 'The resource cannot be deleted or modified due to existing dependencies or business constraints.',
  },
  invalid_url_param: { status: 422, type: 'invalid_request_error', message: 'The request URL param is invalid.' },
  invalid_content: { status: 422, type: 'invalid_request_error', message: 'The request body content is not valid.' },
  too_many_requests: {
    status: 429,
    type: 'invalid_request_error',
    message: 'Rate Limit Exceeded. You have reached the maximum number of requests. Please try again later.',
  },
  internal_server_error: { status: 500, type: 'api_error', message: 'Unexpected internal error.' },
};

export function errorBody(
  publicUrl: string,
  requestId: string,
  code: ErrorCode,
  message?: string,
  details: ErrorDetail[] = [],
) {
  const info = ERROR_CODES[code];
  return {
    error: {
      code,
      // The reference writes each detail as message, then pointer.
      details: details.map((d) => ({ message: d.message, pointer: d.pointer })),
      links: [
        { kind: 'open_api', name: 'OpenAPI specification', url: `${publicUrl}/2025-09/openapi.json` },
        { kind: 'documentation', name: 'Errors', url: `${publicUrl}/docs/errors#overview--errors` },
      ],
      message: message ?? info.message,
      request_id: requestId,
      type: info.type,
    },
  };
}

/**
 * A request refused for its size: the envelope's `invalid_request`, with the status HTTP has for the limit
 * (413 body, 431 headers) so proxies and clients that know them react (docs/decisions/input-limits.md).
 */
export class RequestTooLargeError extends DomainError {
  constructor(
    readonly status: 413 | 431,
    message: string,
  ) {
    super('invalid_request', message);
  }
}

/**
 * The server is shedding load (http/middleware/load-shedding.ts): the envelope's `internal_server_error` (type
 * `api_error`: the server's side, not the request's) with 503, which HTTP clients and proxies retry, and the wait
 * in `Retry-After` (docs/decisions/load-shedding.md).
 */
export class OverloadedError extends DomainError {
  readonly status = 503;
  constructor(readonly retryAfterSeconds: number) {
    super(
      'internal_server_error',
      `The server is busy. Retry after ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'} (Retry-After).`,
    );
  }
}

/** A sandbox fault's 5xx (middleware/faults.ts): `internal_server_error` with the status the fault chose. */
export class FaultServerError extends DomainError {
  constructor(readonly status: number) {
    super(
      'internal_server_error',
      `Sandbox fault: this ${status} was set on purpose for this token or application (lockyard faults list).`,
    );
  }
}

/** The HTTP status an error is answered with. */
export function statusOf(err: DomainError): number {
  if (err instanceof RequestTooLargeError || err instanceof OverloadedError || err instanceof FaultServerError)
    return err.status;
  return ERROR_CODES[err.code].status;
}

export function sendError(reply: FastifyReply, err: DomainError) {
  const message = err.message === err.code ? undefined : err.message;
  return reply
    .code(statusOf(err))
    .type('application/json; charset=utf-8')
    .send(errorBody(reply.server.lockyard.config.publicUrl, reply.request.id, err.code, message, err.details));
}

/** Turns anything thrown into the documented envelope; internals never reach the client. */
export function toDomainError(err: unknown, request: FastifyRequest): DomainError {
  if (err instanceof DomainError) return err;
  const fe = err as FastifyError & { validationContext?: string };
  if (fe.validation) {
    const part = fe.validationContext ?? 'body';
    const details = detailsFromAjv(fe.validation, part === 'body' ? '' : '');
    if (part === 'body') return new DomainError('invalid_content', undefined, details);
    return new DomainError('invalid_url_param', undefined, details);
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new DomainError('invalid_request', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new DomainError('invalid_request', 'Request bodies must be JSON with Content-Type: application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new RequestTooLargeError(413, `The request body must be at most ${INPUT_LIMITS.bodyBytes / 1024} KiB.`);
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new DomainError('invalid_request', fe.message);
  }
  request.log.error({ err }, 'unhandled error');
  return new DomainError('internal_server_error');
}
