import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../kernel/errors.ts';
import { isKeyError, type StoredResponse } from '../../domain/access/idempotency.service.ts';
import type { RouteSpec } from '../route.ts';

/** A POST carrying an Idempotency-Key, between the lookup and the moment its outcome is stored. */
export interface IdempotentRequest {
  key: string;
  fingerprint: string;
  /** The outcome is stored (or must not be): onSend leaves the key alone. */
  settled: boolean;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function sendReplay(reply: FastifyReply, stored: StoredResponse) {
  reply.header('Idempotent-Replayed', 'true').code(stored.status).type(stored.contentType);
  return stored.body;
}

/**
 * Idempotency-Key on POST. Before validation: a key that already has an outcome replays it (stored errors
 * too). The handler's work then runs through `respondIdempotently`; an error answered instead is stored on send.
 */
export function idempotencyHooks(app: FastifyInstance) {
  return {
    preValidation: async (request: FastifyRequest, reply: FastifyReply) => {
      if (!request.ctx) return;
      const key = request.headers['idempotency-key'];
      if (typeof key !== 'string' || !key) return;
      if (key.length > 255)
        throw new DomainError('invalid_request', 'The Idempotency-Key header must be at most 255 characters.');
      const fingerprint = `${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`;
      const stored = await app.lockyard.services.idempotency.lookup(request.ctx, key, fingerprint);
      if (stored) return reply.send(sendReplay(reply, stored));
      request.idempotency = { key, fingerprint, settled: false };
    },
    onSend: async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const idem = request.idempotency;
      if (idem && !idem.settled && request.ctx && typeof payload === 'string') {
        idem.settled = true;
        const contentType = String(reply.getHeader('content-type') ?? JSON_TYPE);
        await app.lockyard.services.idempotency.record(request.ctx, idem.key, idem.fingerprint, {
          status: reply.statusCode,
          body: payload,
          contentType,
        });
      }
      return payload;
    },
  };
}

/**
 * Runs the handler and renders its response under the key: the write, the rendered response and the key's
 * record commit together (docs/decisions/idempotency.md). Returns the exact bytes stored, or the replay.
 */
export async function respondIdempotently(
  app: FastifyInstance,
  spec: RouteSpec,
  request: FastifyRequest,
  reply: FastifyReply,
  respond: () => Promise<unknown>,
) {
  const idem = request.idempotency!;
  const toStored = (body: unknown): StoredResponse | null => {
    // Bytes and redirects are not replayable; a JSON body is stored as the string that is sent.
    if (body === reply || Buffer.isBuffer(body) || body === undefined) return null;
    return {
      status: reply.statusCode,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      contentType: String(reply.getHeader('content-type') ?? JSON_TYPE),
    };
  };
  try {
    const outcome = await app.lockyard.services.idempotency.guard(
      request.ctx!,
      idem.key,
      idem.fingerprint,
      { atomic: spec.transactional !== false },
      respond,
      toStored,
    );
    idem.settled = true;
    if (outcome.kind === 'replay') return sendReplay(reply, outcome.response);
    if (!outcome.response) return outcome.value;
    reply.type(outcome.response.contentType);
    return outcome.response.body;
  } catch (err) {
    if (isKeyError(err)) idem.settled = true;
    throw err;
  }
}
