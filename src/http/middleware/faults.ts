import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DomainError } from '../../kernel/errors.ts';
import type { Principal } from '../../domain/context.ts';
import { FaultServerError } from '../errors.ts';

/**
 * Sandbox faults on the caller's API requests (docs/decisions/sandbox-faults.md), applied here only, after
 * authentication and the real rate limit: latency first, then a 429 with `Retry-After` or a 5xx in the error
 * envelope. `X-Lockyard-Fault` names what was done on purpose, so a partner's logs tell it from a real failure.
 */
export async function applyFaults(app: FastifyInstance, reply: FastifyReply, operatorId: string, principal: Principal) {
  const { services, config } = app.lockyard;
  if (!config.sandbox) return;
  const faults = await services.faults.forRequest(operatorId, principal.tokenId, principal.applicationId);
  if (!faults.length) return;
  reply.header('X-Lockyard-Fault', faults.map((f) => f.kind).join(', '));
  for (const f of faults) {
    if (f.kind === 'latency') await sleep(f.settings.ms);
    if (f.kind === 'rate_limit') {
      reply.header('Retry-After', String(f.settings.retry_after)).header('RateLimit-Remaining', '0');
      throw new DomainError(
        'too_many_requests',
        `Sandbox fault: this 429 was set on purpose for this token or application; retry after ${f.settings.retry_after} s (Retry-After).`,
      );
    }
    if (f.kind === 'server_error') throw new FaultServerError(f.settings.status!);
  }
}
