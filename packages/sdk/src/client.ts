// The client: one transport, every generated resource class hung off it.
import { HttpTransport, type TokenSource, type TransportOptions } from './core/transport.js';
import { createResources } from './generated/resources.js';
import type { Paginated, RequestOptions } from './core/types.js';

export interface StoraOptions extends Omit<TransportOptions, 'baseUrl' | 'auth'> {
  /** The API host without the version: `https://public-api.stora.co` (default) or a Lockyard URL. */
  baseUrl?: string;
  /** A static access token (operator integrations)… */
  accessToken?: string;
  /** …or an OAuth session (`OAuthSession`) that refreshes and rotates tokens (partner integrations). */
  auth?: TokenSource;
}

type Resources = ReturnType<typeof createResources>;

/** Typed access to every endpoint: `stora.contacts.create(...)`, `for await (const u of stora.units.list())`. */
export class Stora {
  readonly transport: HttpTransport;

  constructor(options: StoraOptions = {}) {
    const { accessToken, auth, baseUrl = 'https://public-api.stora.co', ...rest } = options;
    const source: TokenSource | undefined =
      auth ?? (accessToken ? { getAccessToken: async () => accessToken } : undefined);
    this.transport = new HttpTransport({ ...rest, baseUrl, auth: source });
    Object.assign(this, createResources(this.transport));
  }

  /** Any endpoint by method and path, for those newer than this SDK: returns the parsed JSON body. */
  async request(
    method: string,
    path: string,
    input: { params?: Record<string, string>; query?: object; body?: unknown } = {},
    options?: RequestOptions,
  ): Promise<any> {
    const res = await this.transport.send({
      method,
      path,
      params: input.params ?? {},
      query: input.query,
      body: input.body,
      accept: 'application/json',
      options,
    });
    return res.json();
  }

  /** A list endpoint by path, auto-paginated over the envelope key `key`. */
  list<T = any>(path: string, key: string, query?: object, options?: RequestOptions): Paginated<T> {
    return this.transport.paginate('GET', path, {}, query, key, options);
  }
}

// The resource properties are assigned in the constructor; this merges their types into the class.
export interface Stora extends Resources {}
