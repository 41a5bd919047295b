import http from 'node:http';
import https from 'node:https';
import { monotonicMs } from '../../kernel/clock.ts';
import {
  ADDRESS_REFUSED,
  guardedLookup,
  hostCategory,
  type AddressPolicy,
  type Resolver,
} from '../../kernel/net/address-guard.ts';
import { RESPONSE_SNIPPET_CHARS } from '../../domain/webhooks/delivery.ts';

// The reference's value first: receivers written against Stora may match on it. Our product token follows.
export const USER_AGENT = 'Stora-Webhooks/1.0 Lockyard/0.1';

/** One log line for every connection that produced no HTTP response: closed ports and non-HTTP services look alike. */
export const CONNECTION_FAILED = 'connection failed: no HTTP response';
export const ADDRESS_NOT_ALLOWED = 'refused: the URL resolves to an address webhooks may not reach';

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  responseSnippet: string | null;
  error: string | null;
}

/** Where a sender may connect: the address policy and the resolver its sockets use (tests inject one). */
export interface SendGuard {
  policy: AddressPolicy;
  resolve?: Resolver;
}

type Agents = { 'http:': http.Agent; 'https:': https.Agent };
const agentsByGuard = new WeakMap<SendGuard, Agents>();

// node:http with keep-alive rather than fetch: about four times the deliveries per second (bench/webhooks.ts).
// The guarded `lookup` runs on every new connection, so the address checked is the address connected to.
function agentsFor(guard: SendGuard): Agents {
  let agents = agentsByGuard.get(guard);
  if (!agents) {
    const lookup = guardedLookup(guard.policy, guard.resolve);
    agents = {
      'http:': new http.Agent({ keepAlive: true, maxSockets: 256, lookup }),
      'https:': new https.Agent({ keepAlive: true, maxSockets: 256, lookup }),
    };
    agentsByGuard.set(guard, agents);
  }
  return agents;
}

/**
 * One POST. A 2xx within `timeoutMs` is a success; any other status, a network error or the
 * timeout is a failure to retry. Redirects are not followed (a 3xx is a failure). At most
 * RESPONSE_SNIPPET_CHARS of the response are kept. `stop` (worker shutdown) aborts and rejects,
 * so the attempt is handed back rather than logged.
 */
export function postWebhook(opts: {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  guard: SendGuard;
  stop?: AbortSignal;
  /** How much of the answer to keep (RESPONSE_SNIPPET_CHARS by default); a longer answer fails when `strict`. */
  responseLimit?: { chars: number; strict: boolean };
}): Promise<SendResult> {
  const limit = opts.responseLimit?.chars ?? RESPONSE_SNIPPET_CHARS;
  return new Promise((resolve, reject) => {
    const started = monotonicMs();
    const elapsed = () => Math.round(monotonicMs() - started);
    let settled = false;
    let req: http.ClientRequest | undefined;
    const end = () => {
      settled = true;
      clearTimeout(timer);
      opts.stop?.removeEventListener('abort', onStop);
    };
    const finish = (r: SendResult) => {
      if (settled) return;
      end();
      resolve(r);
    };
    const fail = (error: string) =>
      finish({ ok: false, statusCode: null, durationMs: elapsed(), responseSnippet: null, error: error.slice(0, 500) });
    const onStop = () => {
      if (settled) return;
      end();
      req?.destroy();
      reject(new Error('delivery aborted: worker stopping'));
    };
    const timer = setTimeout(() => {
      fail(`timeout after ${opts.timeoutMs} ms`);
      req?.destroy();
    }, opts.timeoutMs);
    if (opts.stop?.aborted) return onStop();
    opts.stop?.addEventListener('abort', onStop, { once: true });

    let url: URL;
    try {
      url = new URL(opts.url);
    } catch {
      return fail('invalid URL');
    }
    const agent = agentsFor(opts.guard)[url.protocol as keyof Agents];
    if (!agent) return fail(`unsupported protocol ${url.protocol}`);
    // Sockets skip `lookup` for IP literals: those are checked here.
    if (hostCategory(url.hostname, opts.guard.policy)) return fail(ADDRESS_NOT_ALLOWED);
    const body = Buffer.from(opts.body, 'utf8');
    req = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: 'POST', agent, headers: { ...opts.headers, 'Content-Length': String(body.length) } },
      (res) => {
        const statusCode = res.statusCode ?? 0;
        const durationMs = elapsed();
        let text = '';
        res.setEncoding('utf8');
        const done = () => {
          const tooLong = text.length > limit && opts.responseLimit?.strict;
          const ok = statusCode >= 200 && statusCode < 300 && !tooLong;
          finish({
            ok,
            statusCode,
            durationMs,
            responseSnippet: text.slice(0, limit) || null,
            error: tooLong ? `answer longer than ${limit} characters` : ok ? null : `HTTP ${statusCode}`,
          });
        };
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.length > limit) {
            done(); // enough kept; the rest is not read
            res.destroy();
          }
        });
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    // Never the error itself: its code tells a closed port (ECONNREFUSED) from a non-HTTP service (HPE_…).
    req.on('error', (err: NodeJS.ErrnoException) =>
      fail(err.code === ADDRESS_REFUSED ? ADDRESS_NOT_ALLOWED : CONNECTION_FAILED),
    );
    req.end(body);
  });
}
