import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import { startReceiver, type Receiver } from '../fixtures/webhooks/receiver.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';
import type { Scope } from '../../src/kernel/scopes.ts';
import { listDeliveries } from '../../src/storage/repos/webhook-deliveries.repo.ts';
import { findEndpoint } from '../../src/storage/repos/webhook-endpoints.repo.ts';

// Issue 8, defects 1 and 2: an endpoint receives only what its creator may read now, and revoking the
// creator's credential stops its data at once.
const BASE = '/backoffice/settings/public-api';
const HOOKS: Scope[] = ['public.webhook_endpoint:read', 'public.webhook_endpoint:write'];

describe(`webhook endpoints answer to their creator's credential (${STORE})`, () => {
  let t: TestApp;
  let rx: Receiver;
  let staff: BackofficeSession;
  let demo: DemoLoginCredentials;
  let unitTypeId: string;
  let seq = 0;

  before(async () => {
    t = await createTestApp();
    rx = await startReceiver();
    t.lockyard.engines.delivery.timeoutMs = 1500;
    demo = t.creds as unknown as DemoLoginCredentials;
    staff = new BackofficeSession(t.lockyard.app);
    assert.equal((await staff.signIn(demo.staff_login.email, demo.staff_login.password)).status, 303);
    unitTypeId = (await t.get('/2025-09/unit_types?limit=1')).body.unit_types[0].id;
  });
  after(async () => {
    await rx.close();
    await t.close();
  });

  const createEndpoint = (token: string, path: string, eventTypes: string[]) =>
    t.post(
      '/2025-09/webhook_endpoints',
      { name: `ep ${path}`, api_version: '2025-09', url: `${rx.base}${path}`, event_types: eventTypes },
      { token },
    );

  async function endpoint(token: string, path: string, eventTypes: string[]) {
    const res = await createEndpoint(token, path, eventTypes);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.endpoint as { id: string; creator: { id: string } };
  }

  /** Emits unit_type.updated and contact.created with the operator's all-scopes token; no delivery runs yet. */
  async function emitBoth() {
    assert.equal(
      (await t.post(`/2025-09/unit_types/${unitTypeId}/base_price`, { monthly: { amount: 2000 + ++seq } })).status,
      200,
    );
    const contact = await t.post('/2025-09/contacts', {
      email: `leak${++seq}@example.com`,
      full_name: 'Private Person',
      phone_number: '+447700900123',
    });
    assert.equal(contact.status, 201, JSON.stringify(contact.body));
  }

  const deliver = () => t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
  const deliveriesOf = async (endpointId: string) =>
    (
      await listDeliveries(
        t.lockyard.database.db,
        t.a.id,
        'all',
        { page: 1, limit: 100, sortBy: 'created_at', direction: 'asc' },
        { endpointId },
      )
    ).items;
  const stored = async (endpointId: string) => (await findEndpoint(t.lockyard.database.db, t.a.id, endpointId, 'all'))!;
  const queuedJobs = async (endpointId: string) =>
    (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE group_key = ${endpointId}`.execute(
        t.lockyard.database.db,
      )
    ).rows[0].n;

  /** A partner connects through OAuth (consent in the back office, code exchange): its access token. */
  async function connectPartner(scopes: Scope[]): Promise<string> {
    const app = demo.partner_application;
    const query = {
      client_id: app.client_id,
      redirect_uri: app.redirect_uri,
      response_type: 'code',
      scope: scopes.join(' '),
      state: 's',
    };
    const page = await staff.get(`/oauth2/authorize?${new URLSearchParams(query)}`);
    assert.equal(page.status, 200, page.body);
    const form: Record<string, string> = { decision: 'approve', operator_id: t.a.id };
    for (const [, k, v] of page.body.matchAll(/<input type="hidden" name="([a-z_]+)" value="([^"]*)">/g))
      if (k !== '_csrf' && k !== 'operator_id') form[k] = v.replace(/&amp;/g, '&');
    const approved = await staff.post('/oauth2/authorize', form);
    assert.equal(approved.status, 303, approved.body);
    const code = new URL(approved.location!).searchParams.get('code');
    const res = await t.post(
      '/oauth2/token',
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: app.redirect_uri,
        client_id: app.client_id,
        client_secret: app.client_secret,
      },
      { token: null },
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.access_token;
  }

  test('a subscription may only name events its creator can read: 422 naming the missing scope, on create and update', async () => {
    const hooksOnly = await t.tokenWith(HOOKS);
    const denied = await createEndpoint(hooksOnly, '/ok/leak', ['contact.created']);
    assert.equal(denied.status, 422);
    assert.equal(denied.body.error.code, 'invalid_content');
    assert.deepEqual(
      denied.body.error.details.map((d: any) => d.pointer),
      ['/event_types/0'],
    );
    assert.match(denied.body.error.details[0].message, /public\.contact:read/);

    const unitsOnly = await t.tokenWith([...HOOKS, 'public.unit_type:read']);
    const mixed = await createEndpoint(unitsOnly, '/ok/leak', ['unit_type.updated', 'contact.created', 'invoice.paid']);
    assert.equal(mixed.status, 422);
    assert.deepEqual(
      mixed.body.error.details.map((d: any) => d.pointer),
      ['/event_types/1', '/event_types/2'],
    );
    assert.match(mixed.body.error.details[1].message, /public\.invoice:read/);

    const ep = await endpoint(unitsOnly, '/ok/units-only', ['unit_type.updated']);
    const widened = await t.patch(
      `/2025-09/webhook_endpoints/${ep.id}`,
      { event_types: ['unit_type.updated', 'contact.updated'] },
      { token: unitsOnly },
    );
    assert.equal(widened.status, 422);
    assert.deepEqual(
      widened.body.error.details.map((d: any) => d.pointer),
      ['/event_types/1'],
    );
    assert.deepEqual(
      (await t.get(`/2025-09/webhook_endpoints/${ep.id}`, { token: unitsOnly })).body.endpoint.event_types,
      ['unit_type.updated'],
    );

    // Nothing about the new contact reaches the receiver.
    await emitBoth();
    await deliver();
    assert.ok(rx.received.every((r) => r.json.event.type !== 'contact.created'));
    assert.equal(rx.at('/ok/units-only').length, 1);
    const readers = await t.tokenWith([...HOOKS, 'public.contact:read']);
    assert.equal(
      (await createEndpoint(readers, '/ok/contacts', ['contact.created'])).status,
      201,
      'with the read scope it is allowed',
    );
    await t.del(`/2025-09/webhook_endpoints/${ep.id}`, { token: unitsOnly });
  });

  test('the event log shows only events whose resource the caller may read', async () => {
    await emitBoth();
    const hooksOnly = await t.tokenWith([...HOOKS, 'public.unit_type:read']);
    const all = await t.get('/sandbox/events?limit=100');
    const contactEvent = all.body.events.find((e: any) => e.type === 'contact.created');
    assert.ok(contactEvent, 'the all-scopes token sees contacts');
    const limited = await t.get('/sandbox/events?limit=100', { token: hooksOnly });
    assert.equal(limited.status, 200);
    assert.ok(limited.body.events.length > 0);
    assert.ok(
      limited.body.events.every((e: any) => e.type !== 'contact.created'),
      'no contact payload in the log',
    );
    assert.equal((await t.get('/sandbox/events?type=contact.created', { token: hooksOnly })).body.events.length, 0);
    assert.equal((await t.get(`/sandbox/events/${contactEvent.id}`, { token: hooksOnly })).status, 404);
    assert.equal((await t.get(`/sandbox/events/${contactEvent.id}`)).status, 200);
    await deliver();
  });

  test('delivery re-checks the creator’s current scopes: narrowed, its endpoint stops receiving contacts; the skip is recorded, not retried', async () => {
    const token = await t.tokenWith([...HOOKS, 'public.contact:read', 'public.unit_type:read']);
    const ep = await endpoint(token, '/ok/narrowed', ['contact.created', 'unit_type.updated']);
    const tokenId = ep.creator.id;
    // The credential's scopes change after the subscription was accepted (here directly in storage).
    await sql`UPDATE access_tokens SET scopes = ${['public.webhook_endpoint:read', 'public.unit_type:read']}::text[] WHERE id = ${tokenId}`.execute(
      t.lockyard.database.db,
    );
    await emitBoth();
    await deliver();
    assert.deepEqual(
      rx.at('/ok/narrowed').map((r) => r.json.event.type),
      ['unit_type.updated'],
    );
    const ds = await deliveriesOf(ep.id);
    const skipped = ds.find((d) => d.eventType === 'contact.created')!;
    assert.equal(skipped.status, 'cancelled');
    assert.equal(skipped.attemptCount, 0);
    assert.equal(skipped.nextAttemptAt, null);
    assert.match(skipped.statusReason!, /^skipped: .*public\.contact:read/);
    assert.equal(await queuedJobs(ep.id), 0, 'nothing left to retry');
    const shown = await t.get(`/sandbox/deliveries/${skipped.id}`, { token });
    assert.equal(shown.body.delivery.status_reason, skipped.statusReason);
    assert.equal((await stored(ep.id)).status, 'enabled', 'narrowing is not revocation');
  });

  test('revoking an access token in the back office disables its endpoints at once and cancels pending deliveries', async () => {
    const token = await t.tokenWith([...HOOKS, 'public.contact:read', 'public.unit_type:read']);
    const ep = await endpoint(token, '/ok/revoked-token', ['contact.created', 'unit_type.updated']);
    await emitBoth(); // pending, not yet sent
    assert.equal(await queuedJobs(ep.id), 2);
    await staff.get(BASE);
    assert.equal((await staff.post(`${BASE}/tokens/${ep.creator.id}/revoke`)).status, 303);
    const after = await stored(ep.id);
    assert.equal(after.status, 'disabled');
    assert.ok(after.disabledAt);
    assert.equal(after.disabledReason, 'token_revoked');
    const ds = await deliveriesOf(ep.id);
    assert.deepEqual(
      ds.map((d) => d.status),
      ['cancelled', 'cancelled'],
    );
    assert.ok(ds.every((d) => d.statusReason === 'cancelled: the access token that created it was revoked'));
    assert.equal(await queuedJobs(ep.id), 0);
    await deliver();
    assert.equal(rx.at('/ok/revoked-token').length, 0);
    const page = await staff.get(BASE);
    assert.match(
      page.body,
      new RegExp(`data-endpoint-id="${ep.id}"[\\s\\S]*?Disabled[\\s\\S]*?the access token that created it was revoked`),
    );
  });

  test('a partner grant revoked by the operator or by the partner disables its endpoints; reconnecting with fewer scopes delivers only what it can read', async () => {
    const app = demo.partner_application;
    const first = await connectPartner([...HOOKS, 'public.contact:read', 'public.unit_type:read']);
    const ep = await endpoint(first, '/ok/partner', ['contact.created', 'unit_type.updated']);
    assert.match(ep.creator.id, /^app_/);
    await emitBoth();
    await staff.get(BASE);
    const appId = ep.creator.id;
    assert.equal((await staff.post(`${BASE}/authorised-applications/${appId}/revoke`)).status, 303);
    assert.equal((await stored(ep.id)).disabledReason, 'grant_revoked');
    assert.deepEqual(
      (await deliveriesOf(ep.id)).map((d) => d.status),
      ['cancelled', 'cancelled'],
    );
    assert.equal(await queuedJobs(ep.id), 0);
    await deliver();
    assert.equal(rx.at('/ok/partner').length, 0);

    // The partner reconnects without contacts and turns the endpoint back on: only unit types flow.
    const second = await connectPartner([...HOOKS, 'public.unit_type:read']);
    assert.equal(
      (await t.post(`/2025-09/webhook_endpoints/${ep.id}/enable`, undefined, { token: second })).status,
      200,
    );
    await emitBoth();
    await deliver();
    assert.deepEqual(
      rx.at('/ok/partner').map((r) => r.json.event.type),
      ['unit_type.updated'],
    );
    const skipped = (await deliveriesOf(ep.id)).filter((d) => d.statusReason?.startsWith('skipped'));
    assert.equal(skipped.length, 1);

    // The partner revokes its own token (RFC 7009): the grant goes, and the endpoint with it.
    await emitBoth();
    const revoke = await t.post(
      '/oauth2/revoke',
      { token: second, client_id: app.client_id, client_secret: app.client_secret },
      { token: null },
    );
    assert.equal(revoke.status, 200);
    assert.equal((await stored(ep.id)).status, 'disabled');
    assert.equal((await stored(ep.id)).disabledReason, 'grant_revoked');
    await deliver();
    assert.equal(rx.at('/ok/partner').length, 1);
  });

  test('deleting an operator application disables the endpoints it created', async () => {
    await staff.get(BASE);
    const created = await staff.post(`${BASE}/applications`, {
      name: 'Hooks app',
      scopes: [...HOOKS, 'public.unit_type:read'],
    });
    const clientId = created.body.match(/data-field="Client ID">([^<]+)</)![1];
    const secret = created.body.match(/data-field="Client secret">([^<]+)</)![1];
    const issued = await t.post(
      '/oauth2/token',
      { grant_type: 'client_credentials', client_id: clientId, client_secret: secret },
      { token: null },
    );
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    const ep = await endpoint(issued.body.access_token, '/ok/cc-app', ['unit_type.updated']);
    await emitBoth();
    const appId = ep.creator.id;
    assert.equal((await staff.post(`${BASE}/applications/${appId}/delete`)).status, 303);
    assert.equal((await stored(ep.id)).disabledReason, 'application_deleted');
    assert.deepEqual(
      (await deliveriesOf(ep.id)).map((d) => d.status),
      ['cancelled'],
    );
    await deliver();
    assert.equal(rx.at('/ok/cc-app').length, 0);
  });

  test('the back office lists every endpoint with its creator; the operator disables (the creator cannot re-enable) and deletes', async () => {
    const partner = await connectPartner([...HOOKS, 'public.unit_type:read']);
    const named = await t.lockyard.services.tokens.create({
      operatorId: t.a.id,
      scopes: [...HOOKS, 'public.unit_type:read'],
      name: 'Zapier bridge',
    });
    const byPartner = await endpoint(partner, '/ok/bo-partner', ['unit_type.updated']);
    const byToken = await endpoint(named.token, '/ok/bo-token', ['unit_type.updated']);
    const page = await staff.get(BASE);
    assert.equal(page.status, 200);
    const row = (id: string) => page.body.match(new RegExp(`<tr data-endpoint-id="${id}">[\\s\\S]*?</tr>`))?.[0] ?? '';
    assert.match(row(byPartner.id), new RegExp(`${demo.partner_application.name} \\(partner application\\)`));
    assert.match(row(byToken.id), /Zapier bridge \(access token\)/);
    assert.match(row(byToken.id), new RegExp(rx.base.replace(/[.:/]/g, '\\$&')));

    const forged = await staff.post(`${BASE}/webhook-endpoints/${byPartner.id}/disable`, { _csrf: 'forged' });
    assert.equal(forged.status, 403);
    assert.equal((await stored(byPartner.id)).status, 'enabled');

    await emitBoth();
    const disabled = await staff.post(`${BASE}/webhook-endpoints/${byPartner.id}/disable`);
    assert.equal(disabled.status, 303);
    assert.match((await staff.get(disabled.location!)).body, /The webhook endpoint was disabled/);
    assert.equal((await stored(byPartner.id)).disabledReason, 'operator_disabled');
    assert.deepEqual(
      (await deliveriesOf(byPartner.id)).map((d) => d.status),
      ['cancelled'],
    );
    const reenable = await t.post(`/2025-09/webhook_endpoints/${byPartner.id}/enable`, undefined, { token: partner });
    assert.equal(reenable.status, 409);
    assert.equal(
      (await staff.post(`${BASE}/webhook-endpoints/${byPartner.id}/enable`)).status,
      303,
      'the operator can',
    );
    assert.equal((await stored(byPartner.id)).status, 'enabled');
    assert.equal((await stored(byPartner.id)).disabledReason, null);
    await staff.post(`${BASE}/webhook-endpoints/${byPartner.id}/disable`);

    assert.equal((await staff.post(`${BASE}/webhook-endpoints/${byToken.id}/delete`)).status, 303);
    assert.equal((await t.get(`/2025-09/webhook_endpoints/${byToken.id}`, { token: named.token })).status, 404);
    assert.deepEqual(
      (await deliveriesOf(byToken.id)).map((d) => d.status),
      ['cancelled'],
    );
    await deliver();
    assert.equal(rx.at('/ok/bo-partner').length + rx.at('/ok/bo-token').length, 0);

    // Another operator's staff cannot reach it.
    await staff.post('/backoffice/operator', { operator_id: t.b.id });
    assert.equal((await staff.post(`${BASE}/webhook-endpoints/${byPartner.id}/delete`)).status, 404);
    await staff.post('/backoffice/operator', { operator_id: t.a.id });
  });
});
