import type { FastifyInstance } from 'fastify';

export interface PageResponse {
  status: number;
  location: string | undefined;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A browser stand-in over `inject`: keeps cookies, reads the CSRF token off the last page, posts forms. */
export class BackofficeSession {
  private cookies = new Map<string, string>();
  csrf = '';

  /** `remoteAddress`: the client address the server sees (sign-in throttling is per address). */
  constructor(
    private readonly app: FastifyInstance,
    private readonly remoteAddress?: string,
  ) {}

  private async send(
    method: 'GET' | 'POST',
    url: string,
    form?: Record<string, string | string[]>,
  ): Promise<PageResponse> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    let payload: string | undefined;
    if (form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
      payload = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await this.app.inject({
      method,
      url,
      headers,
      payload,
      ...(this.remoteAddress ? { remoteAddress: this.remoteAddress } : {}),
    });
    const set = res.headers['set-cookie'];
    for (const c of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair, ...attrs] = c.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim())) || value === '')
        this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    const token = res.body.match(/name="_csrf" value="([^"]+)"/)?.[1];
    if (token) this.csrf = token;
    return {
      status: res.statusCode,
      location: res.headers.location as string | undefined,
      body: res.body,
      headers: res.headers as PageResponse['headers'],
    };
  }

  get(url: string) {
    return this.send('GET', url);
  }

  /** Posts a form with the current CSRF token (unless `_csrf` is given). */
  post(url: string, form: Record<string, string | string[]> = {}) {
    return this.send('POST', url, { _csrf: this.csrf, ...form });
  }

  /** The Cookie header this session sends, for requests it cannot make itself (raw bodies). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  cookie(name: string) {
    return this.cookies.get(name);
  }

  async signIn(email: string, password: string, returnTo?: string): Promise<PageResponse> {
    await this.get(`/backoffice/sign-in${returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : ''}`);
    return this.post('/backoffice/sign-in', { email, password, ...(returnTo ? { return_to: returnTo } : {}) });
  }
}
