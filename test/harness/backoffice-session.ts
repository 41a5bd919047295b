import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';

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

/**
 * The demo staff login signed in and working on operator A (tests of back-office sections start here), and a
 * counter of the events emitted for a record (its id anywhere in the payload).
 */
export async function demoStaffOn(
  t: { lockyard: { app: FastifyInstance; database: { db: Kysely<any> } }; creds: unknown },
  operatorId: string,
) {
  const demo = t.creds as { staff_login: { email: string; password: string } };
  const staff = new BackofficeSession(t.lockyard.app);
  const signedIn = await staff.signIn(demo.staff_login.email, demo.staff_login.password);
  if (signedIn.status !== 303) throw new Error(`demo staff sign-in failed: ${signedIn.status}`);
  await staff.get('/backoffice/contacts');
  const switched = await staff.post('/backoffice/operator', { operator_id: operatorId });
  if (switched.status !== 303) throw new Error(`operator switch failed: ${switched.status}`);
  const emitted = async (type: string, id: string) =>
    (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM events WHERE operator_id = ${operatorId} AND type = ${type} AND payload::text LIKE ${`%${id}%`}`.execute(
        t.lockyard.database.db,
      )
    ).rows[0].n;
  return { staff, emitted };
}
