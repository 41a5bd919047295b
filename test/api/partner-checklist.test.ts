import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';
import { consent, revokeFromBackoffice, signedInStaff } from '../harness/oauth-consent.ts';
import type { BackofficeSession } from '../harness/backoffice-session.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';

const APP_NAME = 'Demo Partner Integration';
const BASE_SCOPES = [
  'public.contact:read',
  'public.contact:write',
  'public.order:read',
  'public.order:write',
  'public.task:read',
  'public.task:write',
  'public.webhook_endpoint:read',
  'public.webhook_endpoint:write',
  'public.timeline_event:write',
  'public.site:read',
  'public.unit_type:read',
];

/**
 * The partner guide's review checklist ("Technical requirements"), replayed as a partner integration would:
 * the Authorization Code flow with PKCE, metadata on contacts, orders, tasks, notes and webhook endpoints, timeline
 * events "via <app name>", Idempotency-Key on POST, Disconnect (revoke the pair), Reconnect with expanded scopes
 * while the old tokens are valid, and the operator revoking in the back office (refresh fails → reconnect prompt).
 */
describe(`partner integration review checklist (${STORE})`, () => {
  let t: TestApp;
  let staff: BackofficeSession;
  let partner: DemoLoginCredentials['partner_application'];
  let tokens: { access_token: string; refresh_token: string; scope: string };

  /** Runs the Authorization Code flow end to end: authorize (PKCE S256), staff consent, code exchange. */
  async function connect(scopes: string[]) {
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(8).toString('hex');
    const query = new URLSearchParams({
      client_id: partner.client_id,
      redirect_uri: partner.redirect_uri,
      response_type: 'code',
      scope: scopes.join(' '),
      state,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    const callback = new URL(await consent(staff, `http://lockyard.test/oauth2/authorize?${query}`, t.a.id));
    assert.equal(callback.searchParams.get('state'), state);
    const res = await t.post(
      '/oauth2/token',
      {
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code'),
        redirect_uri: partner.redirect_uri,
        code_verifier: verifier,
        client_id: partner.client_id,
        client_secret: partner.client_secret,
      },
      { token: null },
    );
    assert.equal(res.status, 200, res.text);
    return res.body as { access_token: string; refresh_token: string; scope: string };
  }
  const refresh = (refreshToken: string) =>
    t.post(
      '/oauth2/token',
      {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: partner.client_id,
        client_secret: partner.client_secret,
      },
      { token: null },
    );
  const as = (token: string) => ({ token });

  before(async () => {
    t = await createTestApp();
    staff = await signedInStaff(t);
    partner = (t.creds as unknown as DemoLoginCredentials).partner_application;
    tokens = await connect(BASE_SCOPES);
  });
  after(() => t.close());

  test('authentication: the code flow yields a 2-hour access token with exactly the granted scopes', async () => {
    assert.deepEqual(tokens.scope.split(' ').sort(), [...BASE_SCOPES].sort());
    assert.equal((await t.get('/2025-09/contacts?limit=1', as(tokens.access_token))).status, 200);
    const forbidden = await t.get('/2025-09/invoices?limit=1', as(tokens.access_token));
    assert.equal(forbidden.status, 403, 'least privilege: no invoice scope granted');
  });

  test('metadata on contacts, orders, tasks, notes and webhook endpoints: stored, shown, merged, removed by null', async () => {
    const token = tokens.access_token;
    const contact = await t.post(
      '/2025-09/contacts',
      { full_name: 'Partner Person', email: 'partner.person@example.com', metadata: { crm_id: 'c-1', sync: 'v1' } },
      as(token),
    );
    assert.equal(contact.status, 201, contact.text);
    const contactId = contact.body.contact.id;
    const unitType = (await t.get('/2025-09/unit_types?limit=100', as(token))).body.unit_types.find((u: any) =>
      u.prices.some((p: any) => p.billing_period === 'monthly'),
    );
    const monthly = unitType.prices.find((p: any) => p.billing_period === 'monthly').price.amount;
    const resources: Array<{ collection: string; key: string; create: Record<string, unknown>; token: string }> = [
      { collection: 'contacts', key: 'contact', create: {}, token },
      {
        collection: 'orders',
        key: 'order',
        create: {
          site: { id: unitType.site.id },
          contact: { id: contactId },
          billing_period: 'monthly',
          line_items: [{ type: 'unit_type', quantity: 1, price: { amount: monthly }, item: { id: unitType.id } }],
        },
        token,
      },
      { collection: 'tasks', key: 'task', create: { title: 'Follow up', resource: { id: contactId } }, token },
      {
        collection: 'webhook_endpoints',
        key: 'endpoint',
        create: {
          name: 'Partner hooks',
          api_version: '2025-09',
          url: 'https://partner.example.com/hooks',
          event_types: ['contact.created'],
        },
        token,
      },
    ];
    for (const r of resources) {
      let id = contactId;
      if (r.collection !== 'contacts') {
        const made = await t.post(
          `/2025-09/${r.collection}`,
          { ...r.create, metadata: { crm_id: 'c-1', sync: 'v1' } },
          as(r.token),
        );
        assert.equal(made.status, 201, `${r.collection}: ${made.text}`);
        id = made.body[r.key].id;
        assert.deepEqual(made.body[r.key].metadata, { crm_id: 'c-1', sync: 'v1' }, r.collection);
      }
      const patched = await t.patch(
        `/2025-09/${r.collection}/${id}`,
        { metadata: { sync: 'v2', crm_id: null, added: 'x' } },
        as(r.token),
      );
      assert.equal(patched.status, 200, `${r.collection}: ${patched.text}`);
      const shown = (await t.get(`/2025-09/${r.collection}/${id}`, as(r.token))).body[r.key];
      assert.deepEqual(shown.metadata, { sync: 'v2', added: 'x' }, `${r.collection}: merged, null removes`);
      assert.deepEqual(patched.body[r.key], shown, r.collection);
    }
    // Notes need their own scope: asked for on reconnect (below), so here with a token that has it.
    const notes = await t.tokenWith(['public.note:read', 'public.note:write']);
    const note = await t.post(
      '/2025-09/notes',
      { content: 'Synced from CRM', resource: { id: contactId }, metadata: { crm_id: 'n-1' } },
      as(notes),
    );
    assert.equal(note.status, 201, note.text);
    assert.deepEqual(note.body.note.metadata, { crm_id: 'n-1' });
    const up = await t.patch(`/2025-09/notes/${note.body.note.id}`, { metadata: { crm_id: null, v: '2' } }, as(notes));
    assert.deepEqual(up.body.note.metadata, { v: '2' });
  });

  test('External Events: a timeline event the app writes reads “… via <app name>” on the contact, in the back office too', async () => {
    const contact = (await t.get('/2025-09/contacts?limit=1', as(tokens.access_token))).body.contacts[0];
    const sources = (await t.get('/2025-09/timeline/sources')).body.sources;
    const templates = (await t.get('/2025-09/timeline/templates?limit=100')).body.templates;
    const template = templates.find((x: any) => x.name === 'Deal Stage Changed');
    const res = await t.post(
      '/2025-09/timeline/events',
      {
        source: { id: sources.find((s: any) => !s.global).id },
        template: { id: template.id },
        contact: { id: contact.id },
        description: 'Deal moved in the CRM',
        variables: { deal_name: 'Partner deal', previous_state: 'Lead', new_state: 'Won' },
      },
      as(tokens.access_token),
    );
    assert.equal(res.status, 201, res.text);
    assert.match(res.body.event.creator.id, /^app_/);
    const timeline = await t.lockyard.services.timelineEvents.contactTimeline(t.a.id, contact.id);
    const line = timeline!.lines.find((l) => l.event.id === res.body.event.id)!;
    assert.equal(line.text, `moved deal 'Partner deal' from Lead to Won via ${APP_NAME}.`);
    const page = await staff.get(`/backoffice/contacts/${contact.id}`);
    assert.equal(page.status, 200);
    assert.ok(page.body.includes(`moved deal &#39;Partner deal&#39; from Lead to Won via ${APP_NAME}.`));
  });

  test('idempotency: a POST retried with the same Idempotency-Key creates once', async () => {
    const opts = {
      token: tokens.access_token,
      headers: { 'idempotency-key': `partner-${randomBytes(6).toString('hex')}` },
    };
    const body = { title: 'Call back once', description: 'retried' };
    const first = await t.post('/2025-09/tasks', body, opts);
    const second = await t.post('/2025-09/tasks', body, opts);
    assert.equal(first.status, 201, first.text);
    assert.equal(second.status, 201);
    assert.equal(second.body.task.id, first.body.task.id);
  });

  test('reconnect: re-running the flow while the tokens are valid grants expanded scopes', async () => {
    const before = tokens;
    assert.equal((await t.get('/2025-09/notes?limit=1', as(before.access_token))).status, 403);
    tokens = await connect([...BASE_SCOPES, 'public.note:read', 'public.note:write']);
    assert.ok(tokens.scope.split(' ').includes('public.note:write'));
    assert.equal((await t.get('/2025-09/notes?limit=1', as(tokens.access_token))).status, 200);
    const n = await t.post(
      '/2025-09/notes',
      {
        content: 'after reconnect',
        resource: { id: (await t.get('/2025-09/contacts?limit=1')).body.contacts[0].id },
        metadata: { crm_id: 'n-2' },
      },
      as(tokens.access_token),
    );
    assert.equal(n.status, 201, n.text);
  });

  test('disconnect: POST /oauth2/revoke with the refresh token and client credentials revokes the pair', async () => {
    const revoked = await t.post(
      '/oauth2/revoke',
      { token: tokens.refresh_token, client_id: partner.client_id, client_secret: partner.client_secret },
      { token: null },
    );
    assert.equal(revoked.status, 200, revoked.text);
    assert.equal((await t.get('/2025-09/contacts?limit=1', as(tokens.access_token))).status, 401);
    const r = await refresh(tokens.refresh_token);
    assert.equal(r.status, 400);
    assert.equal(r.body.error, 'invalid_grant');
  });

  test('operator revokes in the back office: the API answers 401 and refresh 400, the partner prompts to reconnect', async () => {
    tokens = await connect(BASE_SCOPES);
    assert.equal((await t.get('/2025-09/contacts?limit=1', as(tokens.access_token))).status, 200);
    await revokeFromBackoffice(staff, APP_NAME);
    assert.equal((await t.get('/2025-09/contacts?limit=1', as(tokens.access_token))).status, 401);
    const r = await refresh(tokens.refresh_token);
    assert.equal(r.status, 400);
    assert.equal(r.body.error, 'invalid_grant');
    // Reconnect works after an operator revoke too.
    tokens = await connect(BASE_SCOPES);
    assert.equal((await t.get('/2025-09/contacts?limit=1', as(tokens.access_token))).status, 200);
  });
});
