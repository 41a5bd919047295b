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

/** Reads at most `limit` characters of a response body, then drops the rest. */
async function snippetOf(res: Response, limit: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length <= limit) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
  return text.slice(0, limit);
}

/**
 * One POST. A 2xx within `timeoutMs` is a success; any other status, a network error or the
 * timeout is a failure to retry. Redirects are not followed (a 3xx is a failure).
 * `stop` (worker shutdown) aborts and rethrows, so the attempt is handed back, not logged.
 */
export async function postWebhook(opts: {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  stop?: AbortSignal;
}): Promise<SendResult> {
  const started = monotonicMs();
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.stop ? AbortSignal.any([timeout, opts.stop]) : timeout;
  const elapsed = () => Math.round(monotonicMs() - started);
  try {
    const res = await fetch(opts.url, { method: 'POST', body: opts.body, headers: opts.headers, redirect: 'manual', signal });
    const durationMs = elapsed();
    const snippet = await snippetOf(res, RESPONSE_SNIPPET_CHARS).catch(() => '');
    const ok = res.status >= 200 && res.status < 300;
    return { ok, statusCode: res.status, durationMs, responseSnippet: snippet || null, error: ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    if (opts.stop?.aborted) throw err;
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const error = timeout.aborted
      ? `timeout after ${opts.timeoutMs} ms`
      : (e.cause?.code ?? e.cause?.message ?? e.message ?? 'network error');
    return { ok: false, statusCode: null, durationMs: elapsed(), responseSnippet: null, error: String(error).slice(0, 500) };
  }
}
