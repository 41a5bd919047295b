import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OverloadedError, sendError } from '../errors.ts';

/**
 * Under overload the API answers at once with 503 and `Retry-After` instead of queueing requests until clients time
 * out (docs/decisions/load-shedding.md). Two signals, either one sheds:
 * - requests in flight (accepted, not yet answered) at `maxInFlight`: a slow store or a flood piles them up;
 * - the event loop's mean delay over the last sampling window above `maxEventLoopDelayMs`: the process is CPU-bound.
 * Health checks and the CLI's admin API are never shed, so an operator can still see and reach a busy server.
 */
export interface LoadSheddingOptions {
  /** Requests in flight at which new ones are refused (0 or absent: no limit). */
  maxInFlight?: number;
  /** Mean event-loop delay, in ms over a sampling window, above which new requests are refused (absent: off). */
  maxEventLoopDelayMs?: number;
  /** Seconds a refused client is told to wait (`Retry-After`). */
  retryAfterSeconds?: number;
}

const SAMPLE_MS = 500;
const EXEMPT = /^\/(healthz|_admin)(\/|\?|$)/;

export function loadShedding(app: FastifyInstance, opts: LoadSheddingOptions) {
  const maxInFlight = opts.maxInFlight ?? 0;
  const retryAfter = opts.retryAfterSeconds ?? 1;
  let inFlight = 0;
  let loopBusy = false;
  if (opts.maxEventLoopDelayMs) {
    const limitNs = opts.maxEventLoopDelayMs * 1e6;
    const histogram = monitorEventLoopDelay({ resolution: 20 });
    histogram.enable();
    const timer = setInterval(() => {
      loopBusy = histogram.mean > limitNs;
      histogram.reset();
    }, SAMPLE_MS);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
      histogram.disable();
    });
  }
  if (!maxInFlight && !opts.maxEventLoopDelayMs) return;
  const done = () => void inFlight--;
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, next: (err?: Error) => void) => {
    if ((loopBusy || (maxInFlight && inFlight >= maxInFlight)) && !EXEMPT.test(request.url)) {
      reply.header('Retry-After', String(retryAfter)).header('X-Request-Id', request.id);
      sendError(reply, new OverloadedError(retryAfter));
      return;
    }
    inFlight++;
    // 'close' fires once the response is sent or the client went away, whichever comes first.
    reply.raw.once('close', done);
    next();
  });
}
