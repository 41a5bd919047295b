import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../kernel/errors.ts';
import { errorBody } from '../errors.ts';
import { INPUT_LIMITS } from '../input-limits.ts';

/**
 * The router's refusals (FST_ERR_BAD_URL: a path segment that is not percent-encoded UTF-8;
 * FST_ERR_MAX_PARAM_LENGTH) as the envelope. The router does not say which parameter it was, so the
 * raw path is matched against the route templates to name it: 422 `invalid_url_param` with its
 * pointer, or 404 `invalid_endpoint` when the bad segment is not a parameter of any route.
 */
export function badUrlError(rawUrl: string, templates: readonly string[]): DomainError {
  const segments = trimSlash(rawUrl.split('?')[0]).split('/');
  const bad = segments.findIndex((s) => s.length > INPUT_LIMITS.paramChars || !decodes(s));
  if (bad < 0) return new DomainError('invalid_request', 'The request URL is not valid.');
  const why =
    segments[bad].length > INPUT_LIMITS.paramChars
      ? `is longer than ${INPUT_LIMITS.paramChars} characters`
      : 'is not valid percent-encoded UTF-8';
  for (const template of templates) {
    const parts = trimSlash(template).split('/');
    if (parts.length !== segments.length || !parts[bad].startsWith(':')) continue;
    if (parts.every((p, i) => i === bad || p.startsWith(':') || p === segments[i])) {
      const pointer = `/${parts[bad].slice(1)}`;
      return new DomainError('invalid_url_param', undefined, [{ pointer, message: `value at \`${pointer}\` ${why}` }]);
    }
  }
  return new DomainError('invalid_endpoint');
}

/** Paths answered outside the API envelope (OAuth JSON, HTML pages), with the handler that formats their errors. */
export interface ErrorSurface {
  prefixes: string[];
  handle(err: Error, request: FastifyRequest, reply: FastifyReply): unknown;
}

/** The surface owning `url`: the longest matching prefix wins (/oauth2/authorize is a page, /oauth2/token JSON). */
export function surfaceOf(surfaces: readonly ErrorSurface[], url: string): ErrorSurface | undefined {
  let best: { surface: ErrorSurface; length: number } | undefined;
  for (const surface of surfaces) {
    for (const prefix of surface.prefixes) {
      if (url.startsWith(prefix) && prefix.length > (best?.length ?? 0)) best = { surface, length: prefix.length };
    }
  }
  return best?.surface;
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (headers past the limit, malformed
 * HTTP, a request that never finished arriving): answered in the envelope on the raw socket.
 */
export function clientErrorHandler(publicUrl: string) {
  return (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, `The request line and headers must be at most ${INPUT_LIMITS.headerBytes / 1024} KiB.`]
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'The request did not arrive in time.']
          : [400, 'The request is not valid HTTP.'];
    const requestId = randomUUID();
    const body = JSON.stringify(errorBody(publicUrl, requestId, 'invalid_request', message));
    if (socket.writable) {
      socket.end(
        `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
      );
    } else {
      socket.destroy(err);
    }
  };
}
