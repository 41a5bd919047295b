import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Lockyard } from '../main.ts';
import { AdminError, errorMessage, type AdminHost } from './admin-operation.ts';
import { ADMIN_OPERATIONS } from './operations/index.ts';
import { streamEvents } from './event-stream.ts';
import { DomainError } from '../kernel/errors.ts';
import type { RequestLog } from './request-log.ts';

export const ADMIN_PREFIX = '/_admin';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * The admin API the CLI calls while `lockyard start` runs (docs/decisions/cli-admin-api.md): `POST /_admin/<name>`
 * runs one CLI data command, `GET /_admin/listen` streams events (server-sent events). Every request carries the
 * admin credential `start` wrote to the data dir's server.json (0600): `Authorization: Bearer <admin_token>`.
 * Hidden from the API reference; in production mode served only on the explicitly configured admin listener.
 */
export function adminRoutes(lockyard: Lockyard, host: AdminHost, adminToken: string, log?: RequestLog) {
  const expected = digest(adminToken);
  const authorised = (request: FastifyRequest) => {
    const bearer = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
    return !!bearer && timingSafeEqual(digest(bearer), expected);
  };
  const refuse = (reply: FastifyReply) =>
    reply.code(401).send({ error: { message: 'the admin API needs the admin token from the data dir server.json' } });

  // Open streams end when the server closes (a listener never holds a shutdown up).
  const streams = new Set<AbortController>();
  return async (app: FastifyInstance) => {
    app.addHook('preClose', async () => {
      for (const s of streams) s.abort();
    });
    app.post<{ Params: { op: string } }>(`${ADMIN_PREFIX}/:op`, { schema: { hide: true } }, async (request, reply) => {
      if (!authorised(request)) return refuse(reply);
      const op = ADMIN_OPERATIONS[request.params.op];
      if (!op) return reply.code(404).send({ error: { message: `no admin operation ${request.params.op}` } });
      try {
        const body = (request.body ?? {}) as Record<string, unknown>;
        if (typeof body !== 'object' || Array.isArray(body)) throw new AdminError('the body is a JSON object');
        return reply.send(await op(lockyard, body, host));
      } catch (err) {
        const known = err instanceof AdminError || err instanceof DomainError;
        if (!known) request.log.error(err);
        return reply.code(known ? 400 : 500).send({ error: { message: errorMessage(err) } });
      }
    });
    // `lockyard logs tail`: every request the server answers from now on, one `request` message each.
    app.get(`${ADMIN_PREFIX}/logs`, { schema: { hide: true } }, async (request, reply) => {
      if (!authorised(request)) return refuse(reply);
      if (!log) return reply.code(404).send({ error: { message: 'no request log on this listener' } });
      const stop = new AbortController();
      streams.add(stop);
      request.raw.on('close', () => stop.abort());
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      reply.raw.write(': request log\n\n');
      const off = log.subscribe((e) => reply.raw.write(`event: request\ndata: ${JSON.stringify(e)}\n\n`));
      const heartbeat = setInterval(() => reply.raw.write(': keep-alive\n\n'), 15_000);
      await new Promise((resolve) => stop.signal.addEventListener('abort', resolve, { once: true }));
      clearInterval(heartbeat);
      off();
      streams.delete(stop);
      reply.raw.end();
    });
    app.get<{ Querystring: { operator?: string; events?: string; since?: string } }>(
      `${ADMIN_PREFIX}/listen`,
      { schema: { hide: true } },
      async (request, reply) => {
        if (!authorised(request)) return refuse(reply);
        const types = request.query.events?.split(',').filter(Boolean);
        const since = Number(request.headers['last-event-id'] ?? request.query.since) || undefined;
        const stop = new AbortController();
        streams.add(stop);
        request.raw.on('close', () => stop.abort());
        try {
          await streamEvents(lockyard, { operatorId: request.query.operator, types, since }, stop.signal, (start) => {
            reply.hijack();
            reply.raw.writeHead(200, {
              'content-type': 'text/event-stream; charset=utf-8',
              'cache-control': 'no-cache',
              connection: 'keep-alive',
            });
            reply.raw.write(`event: ready\ndata: ${JSON.stringify(start)}\n\n`);
            return (chunk: string) => reply.raw.write(chunk);
          });
        } catch (err) {
          if (!reply.sent && !reply.raw.headersSent)
            return reply.code(400).send({ error: { message: errorMessage(err) } });
        }
        streams.delete(stop);
        reply.raw.end();
      },
    );
  };
}
