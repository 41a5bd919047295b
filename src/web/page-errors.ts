import type { FastifyRequest } from 'fastify';
import { DomainError } from '../kernel/errors.ts';
import { statusOf } from '../http/errors.ts';

/** An error as a page sees it: the status to answer with, and what kind of refusal it was. */
export interface PageError {
  status: number;
  csrfFailed: boolean;
  /** A refusal the visitor can act on (a NUL byte, a bad field), as the domain worded it. */
  reason: string | undefined;
}

/**
 * The web surfaces' one rule for turning an error into a status (each surface renders its own page): a failed
 * CSRF check is 403, a domain refusal keeps the API's status, a framework 4xx stays, anything else is a 500
 * that is logged and never shown.
 */
export function pageErrorOf(err: Error & { statusCode?: number; code?: string }, request: FastifyRequest): PageError {
  const csrfFailed = err.code === 'FST_CSRF_INVALID_TOKEN' || err.code === 'FST_CSRF_MISSING_SECRET';
  const status = csrfFailed
    ? 403
    : err instanceof DomainError
      ? statusOf(err)
      : err.statusCode && err.statusCode < 500
        ? err.statusCode
        : 500;
  if (status >= 500) request.log.error({ err }, 'page error');
  const refused = err instanceof DomainError && status < 500 ? err : undefined;
  const reason =
    refused?.details[0]?.message ?? (refused && refused.message !== refused.code ? refused.message : undefined);
  return { status, csrfFailed, reason };
}
