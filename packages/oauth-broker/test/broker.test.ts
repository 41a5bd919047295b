// The broker with a fake plugin host (the code a WordPress plugin would run: no client secret, only its install
// secret), against a real Lockyard; broker state on PGlite or PostgreSQL as the run chooses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import pg from 'pg';
import { createListeningApp, freePort, type ListeningApp } from '../../../test/harness/listening-app.ts';
import { consent, revokeFromBackoffice, signedInStaff } from '../../../test/harness/oauth-consent.ts';
import type { BackofficeSession } from '../../../test/harness/backoffice-session.ts';
import { AuthenticationError, ReconnectNeeded, Stora } from '@lockyard/stora';
import { createBroker } from '../src/broker.ts';
import { openStore, type BrokerStore } from '../src/store.ts';

/** What a plugin keeps and does: register, connect, swap the one-time code, refresh through the broker, uninstall. */
class FakePluginHost {
  install!: { install_id: string; install_secret: string };
  accessToken: string | undefined;
  constructor(
    private readonly broker: string,
    readonly returnUrl: string,
  ) {}
  private call(method: string, path: string, body?: unknown) {
    return fetch(this.broker + path, {
      method,
      headers: { authorization: `Bearer ${this.install?.install_secret ?? ''}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
  async register() {
    this.install = await (await this.call('POST', '/installs', { return_url: this.returnUrl })).json();
  }
  async connectUrl(): Promise<string> {
    return (await (await this.call('POST', `/installs/${this.install.install_id}/connect`)).json()).authorize_url;
  }
  async onReturn(url: string) {
    const code = new URL(url).searchParams.get('code');
    const res = await this.call('POST', `/installs/${this.install.install_id}/exchange`, { code });
    if (!res.ok) throw new Error(`exchange: ${res.status} ${await res.text()}`);
    this.accessToken = (await res.json()).access_token;
  }
  refresh(rejectedToken?: string) {
    return this.call(
      'POST',
      `/installs/${this.install.install_id}/refresh`,
      rejectedToken ? { rejected_token: rejectedToken } : {},
    );
  }
  uninstall() {
    return this.call('DELETE', `/installs/${this.install.install_id}`);
  }
  /** The SDK client the plugin uses: a 401 asks the broker for a fresh token; reconnect_needed becomes ReconnectNeeded. */
  client(baseUrl: string) {
    return new Stora({
      baseUrl,
      auth: {
        getAccessToken: async () => this.accessToken ?? Promise.reject(new ReconnectNeeded('not connected')),
        invalidate: async (token) => {
          const res = await this.refresh(token);
          const body = await res.json();
          if (res.status === 409) {
            this.accessToken = undefined;
            throw new ReconnectNeeded(body.error_description, { error: body.error, status: 409 });
          }
          this.accessToken = body.access_token;
        },
      },
    });
  }
}

describe('OAuth broker for distributed plugins', () => {
  let t: ListeningApp;
  let staff: BackofficeSession;
  let store: BrokerStore;
  let server: Server;
  let brokerUrl: string;
  let tokenRequests = 0;
  let dropSchema: (() => Promise<void>) | undefined;

  before(async () => {
    t = await createListeningApp();
    staff = await signedInStaff(t);
    const port = await freePort();
    brokerUrl = `http://127.0.0.1:${port}`;
    const { application, clientSecret } = await t.lockyard.services.oauth.applications.createPartner({
      name: 'Broker Test Plugin',
      redirectUris: [`${brokerUrl}/oauth/callback`],
      scopes: ['public.site:read', 'public.contact:read'],
    });
    const url = process.env.TEST_DATABASE_URL;
    const schema = `broker_${Math.random().toString(36).slice(2, 10)}`;
    store = await openStore(url ? { url, schema } : {});
    if (url)
      dropSchema = async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await c.end();
      };
    const handle = createBroker({
      store,
      publicUrl: brokerUrl,
      issuer: t.baseUrl,
      clientId: application.clientId,
      clientSecret,
      scope: 'public.site:read public.contact:read',
      fetch: (u, i) => (String(u).endsWith('/oauth2/token') && tokenRequests++, fetch(u, i)),
    });
    server = createServer(handle);
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await store.close();
    await dropSchema?.();
    await t.close();
  });

  /** The operator's browser: plugin → broker → consent in the back office → broker callback → plugin return URL. */
  async function connect(plugin: FakePluginHost): Promise<string> {
    const start = await fetch(await plugin.connectUrl(), { redirect: 'manual' });
    assert.equal(start.status, 302);
    const authorize = start.headers.get('location')!;
    assert.ok(authorize.startsWith(`${t.baseUrl}/oauth2/authorize?`));
    assert.equal(new URL(authorize).searchParams.get('redirect_uri'), `${brokerUrl}/oauth/callback`);
    const callback = await fetch(await consent(staff, authorize, t.a.id), { redirect: 'manual' });
    assert.equal(callback.status, 302);
    return callback.headers.get('location')!;
  }

  test('install, connect, one-time exchange: the plugin gets an access token and never the client secret', async () => {
    const plugin = new FakePluginHost(brokerUrl, 'https://shop.example/wp-admin/stora');
    await plugin.register();
    const back = await connect(plugin);
    assert.ok(back.startsWith('https://shop.example/wp-admin/stora?code=xc_'));
    await plugin.onReturn(back);
    assert.equal((await plugin.client(t.baseUrl).sites.list()).data.length, 3);
    await assert.rejects(plugin.onReturn(back), /exchange: 400/, 'the code is single use');

    const intruder = new FakePluginHost(brokerUrl, 'https://evil.example/');
    intruder.install = { install_id: plugin.install.install_id, install_secret: 'isec_guess' };
    assert.equal((await intruder.refresh()).status, 401);
    const reused = await fetch(await plugin.connectUrl(), { redirect: 'manual' });
    assert.equal(reused.status, 302);
  });

  test('refresh on the plugin’s behalf: one token request for concurrent refreshes, rotation kept in the broker', async () => {
    const plugin = new FakePluginHost(brokerUrl, 'https://shop.example/wp-admin/stora');
    await plugin.register();
    await plugin.onReturn(await connect(plugin));
    const before = plugin.accessToken;
    await store.query('UPDATE broker_grants SET expires_at = now() WHERE install_id = $1', [plugin.install.install_id]);
    tokenRequests = 0;
    const answers = await Promise.all([plugin.refresh(), plugin.refresh(), plugin.refresh()]);
    const tokens = await Promise.all(answers.map((r) => r.json()));
    assert.equal(tokenRequests, 1);
    assert.equal(new Set(tokens.map((x) => x.access_token)).size, 1);
    assert.notEqual(tokens[0].access_token, before);
    plugin.accessToken = tokens[0].access_token;
    assert.equal((await plugin.client(t.baseUrl).sites.list()).data.length, 3);
  });

  test('a back-office revoke becomes reconnect_needed; uninstall revokes and forgets the install', async () => {
    const plugin = new FakePluginHost(brokerUrl, 'https://shop.example/wp-admin/stora');
    await plugin.register();
    await plugin.onReturn(await connect(plugin));
    const stora = plugin.client(t.baseUrl);
    await revokeFromBackoffice(staff, 'Broker Test Plugin');
    await assert.rejects(async () => stora.sites.list(), ReconnectNeeded);

    await plugin.onReturn(await connect(plugin));
    const token = plugin.accessToken!;
    assert.equal((await plugin.uninstall()).status, 200);
    await assert.rejects(
      async () => new Stora({ baseUrl: t.baseUrl, accessToken: token }).sites.list(),
      AuthenticationError,
    );
    assert.equal((await plugin.refresh()).status, 401, 'the install is gone');
  });
});
