// The one place requests are sent: auth header, Idempotency-Key, retries, error mapping.
import { ConnectionError, errorFromResponse } from './errors.js';
import { paginated } from './pagination.js';
import { fillPath, toQueryString } from './query.js';
import { isIdempotent, rateLimitWait, retryDelay, type RetryPolicy } from './retry.js';
import type { ApiTransport, Download, Page, Paginated, RequestOptions } from './types.js';

/** Where the access token comes from: a fixed string, or an OAuth session that can refresh. */
export interface TokenSource {
  getAccessToken(): Promise<string>;
  /** Called once when the API answers 401 with a token from this source; a refreshed token is then tried. */
  invalidate?(token: string): Promise<void>;
}

export interface TransportOptions {
  baseUrl: string;
  auth?: TokenSource;
  fetch?: typeof fetch;
  maxRetries?: number;
  maxRetryDelayMs?: number;
  baseRetryDelayMs?: number;
  userAgent?: string;
  /** Injected in tests to observe backoff without waiting. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

interface Call {
  method: string;
  path: string;
  params: Record<string, string>;
  query?: object;
  body?: unknown;
  accept: string;
  options?: RequestOptions;
}

export class HttpTransport implements ApiTransport {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly policy: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: TransportOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/$/, '');
    this.fetchImpl = opts.fetch ?? ((...args) => globalThis.fetch(...args));
    this.policy = {
      maxRetries: opts.maxRetries ?? 2,
      maxDelayMs: opts.maxRetryDelayMs ?? 60_000,
      baseDelayMs: opts.baseRetryDelayMs ?? 500,
      random: opts.random ?? Math.random,
      now: () => Date.now(),
    };
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Sends one logical call, retrying where safe; resolves with the 2xx response or throws a typed error. */
  async send(call: Call): Promise<Response> {
    const url = this.baseUrl + fillPath(call.path, call.params) + toQueryString(call.query);
    const idempotencyKey = call.method === 'POST' ? (call.options?.idempotencyKey ?? crypto.randomUUID()) : undefined;
    const idempotent = isIdempotent(call.method, Boolean(idempotencyKey));
    const policy = { ...this.policy, maxRetries: call.options?.maxRetries ?? this.policy.maxRetries };
    let reauthenticated = false;
    for (let attempt = 0; ; attempt++) {
      const token = await this.opts.auth?.getAccessToken();
      const headers: Record<string, string> = { accept: call.accept, ...(call.options?.headers ?? {}) };
      if (token) headers.authorization = `Bearer ${token}`;
      if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
      if (this.opts.userAgent) headers['user-agent'] = this.opts.userAgent;
      if (call.body !== undefined) headers['content-type'] = 'application/json';
      let res: Response;
      try {
        res = await this.fetchImpl(url, {
          method: call.method,
          headers,
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          signal: call.options?.signal,
        });
      } catch (err) {
        if (call.options?.signal?.aborted) throw err;
        const delay = retryDelay({ kind: 'network' }, attempt, idempotent, policy);
        if (delay === null)
          throw new ConnectionError(`${call.method} ${url} failed: ${(err as Error).message}`, { cause: err });
        await this.sleep(delay);
        continue;
      }
      if (res.ok) return res;
      if (res.status === 401 && token && this.opts.auth?.invalidate && !reauthenticated) {
        // One fresh token per call: an expired access token is refreshed, a revoked grant then fails the refresh.
        reauthenticated = true;
        await res.body?.cancel();
        await this.opts.auth.invalidate(token);
        attempt--;
        continue;
      }
      const delay = retryDelay(
        { kind: 'status', status: res.status, headers: res.headers },
        attempt,
        idempotent,
        policy,
      );
      if (delay === null)
        throw await errorFromResponse(res, res.status === 429 ? rateLimitWait(res.headers, Date.now()) : undefined);
      await res.body?.cancel();
      await this.sleep(delay);
    }
  }

  private async json(call: Omit<Call, 'accept'>): Promise<any> {
    const res = await this.send({ ...call, accept: 'application/json' });
    return res.json();
  }

  async one(
    method: string,
    path: string,
    params: Record<string, string>,
    input: { body?: unknown; query?: object; key: string | null },
    options?: RequestOptions,
  ) {
    const body = await this.json({ method, path, params, query: input.query, body: input.body, options });
    return input.key === null ? body : body[input.key];
  }

  paginate(
    method: string,
    path: string,
    params: Record<string, string>,
    query: object | undefined,
    key: string,
    options?: RequestOptions,
  ): Paginated<any> {
    return paginated(async (page): Promise<Page<any>> => {
      const body = await this.json({
        method,
        path,
        params,
        query: page === undefined ? query : { ...query, page },
        options,
      });
      return { data: body[key], pagination: body.meta.pagination, requestId: body.meta.request_id };
    });
  }

  async download(
    method: string,
    path: string,
    params: Record<string, string>,
    query: object | undefined,
    accept: string,
    options?: RequestOptions,
  ): Promise<Download> {
    const res = await this.send({ method, path, params, query, accept, options });
    const data = new Uint8Array(await res.arrayBuffer());
    const disposition = res.headers.get('content-disposition') ?? '';
    return {
      contentType: res.headers.get('content-type') ?? accept,
      filename: disposition.match(/filename="?([^";]+)"?/)?.[1],
      requestId: res.headers.get('x-request-id') ?? undefined,
      data,
      text: () => new TextDecoder().decode(data),
    };
  }
}
