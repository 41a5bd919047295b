import http from 'node:http';
import https from 'node:https';
import { monotonicMs } from '../../kernel/clock.ts';
import { RESPONSE_SNIPPET_CHARS } from './delivery.ts';

export const USER_AGENT = 'Lockyard-Webhooks/1.0 (Stora-compatible)';

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  responseSnippet: string | null;
  error: string | null;
}

// node:http with keep-alive rather than fetch: about four times the deliveries per second (bench/webhooks.ts).
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

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
  stop?: AbortSignal;
}): Promise<SendResult> {
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
    const fail = (error: string) => finish({ ok: false, statusCode: null, durationMs: elapsed(), responseSnippet: null, error: error.slice(0, 500) });
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
    const agent = agents[url.protocol as keyof typeof agents];
    if (!agent) return fail(`unsupported protocol ${url.protocol}`);
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
          const ok = statusCode >= 200 && statusCode < 300;
          finish({ ok, statusCode, durationMs, responseSnippet: text.slice(0, RESPONSE_SNIPPET_CHARS) || null, error: ok ? null : `HTTP ${statusCode}` });
        };
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.length > RESPONSE_SNIPPET_CHARS) {
            done(); // enough kept; the rest is not read
            res.destroy();
          }
        });
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? err.message ?? 'network error'));
    req.end(body);
  });
}
