import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';
import { startReceiver, type Receiver } from '../fixtures/webhooks/receiver.ts';

/**
 * `GET /sandbox/requests/{request_id}`: a request linked to the records it changed, the events it emitted and their
 * deliveries; scoped to the token's operator (and a partner application's own requests); sandbox mode only.
 */
describe(`request inspector (${STORE})`, () => {
  let t: TestApp;
  let rx: Receiver;

  before(async () => {
    t = await createTestApp();
    rx = await startReceiver();
  });
  after(async () => {
    await rx.close();
    await t.close();
  });

  test('a create is linked to its record, its event and the event’s delivery with its attempt', async () => {
    const ep = await t.post('/2025-09/webhook_endpoints', {
      name: 'inspector',
      api_version: '2025-09',
      url: `${rx.base}/ok`,
      event_types: ['contact.created'],
    });
    assert.equal(ep.status, 201);
    const epInspected = await t.get(`/sandbox/requests/${ep.body.meta.request_id}`);
    assert.equal(epInspected.status, 200, epInspected.text);
    assert.deepEqual(epInspected.body.request.records, [{ type: 'endpoint', id: ep.body.endpoint.id, events: [] }]);

    const created = await t.post('/2025-09/contacts', { email: 'inspect1@example.com', full_name: 'Ines Pector' });
    assert.equal(created.status, 201, created.text);
    const requestId = created.body.meta.request_id;
    assert.equal(created.headers['x-request-id'], requestId);
    await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
    await rx.waitFor((r) => r.some((x) => x.json.event.type === 'contact.created'));

    const res = await t.get(`/sandbox/requests/${requestId}`);
    assert.equal(res.status, 200, res.text);
    const r = res.body.request;
    assert.equal(r.id, requestId);
    assert.equal(r.method, 'POST');
    assert.equal(r.path, '/2025-09/contacts');
    assert.equal(r.status, 201);
    assert.equal(typeof r.duration_ms, 'number');
    assert.match(r.token.id, /^tok_/);
    assert.equal(r.application, null);
    assert.match(r.created_at, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(r.records, [{ type: 'contact', id: created.body.contact.id, events: ['contact.created'] }]);
    assert.equal(r.events.length, 1);
    assert.equal(r.events[0].event.type, 'contact.created');
    assert.equal(r.events[0].event.data.contact.id, created.body.contact.id);
    const [delivery] = r.events[0].deliveries;
    assert.equal(delivery.endpoint.id, ep.body.endpoint.id);
    assert.equal(delivery.status, 'succeeded');
    assert.equal(delivery.attempts[0].status_code, 200);
    assert.equal(delivery.attempts[0].response_snippet, 'thanks');
    assert.equal(res.body.meta.request_id, res.headers['x-request-id']);
  });

  test('scopes bound what it shows: events by read scope, deliveries by webhook_endpoint:read', async () => {
    const created = await t.post('/2025-09/contacts', { email: 'inspect2@example.com', full_name: 'Scope Bound' });
    const id = created.body.meta.request_id;
    const unitsOnly = await t.tokenWith(['public.unit:read']);
    const narrow = await t.get(`/sandbox/requests/${id}`, { token: unitsOnly });
    assert.equal(narrow.status, 200, narrow.text);
    assert.equal(narrow.body.request.status, 201);
    assert.deepEqual(narrow.body.request.events, [], 'no contact payload without public.contact:read');
    const contactsOnly = await t.tokenWith(['public.contact:read']);
    const some = await t.get(`/sandbox/requests/${id}`, { token: contactsOnly });
    assert.equal(some.body.request.events.length, 1);
    assert.deepEqual(some.body.request.events[0].deliveries, []);
  });

  test('unknown ids and another operator’s requests are 404 in the envelope; no token is 401', async () => {
    const created = await t.post('/2025-09/contacts', { email: 'inspect3@example.com', full_name: 'Other Operator' });
    const id = created.body.meta.request_id;
    const other = await t.get(`/sandbox/requests/${id}`, { token: t.b.token });
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'resource_not_found');
    const unknown = await t.get('/sandbox/requests/00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'resource_not_found');
    assert.equal((await t.get(`/sandbox/requests/${id}`, { token: null })).status, 401);
  });

  test('a refused request is logged with its status and links nothing', async () => {
    const refused = await t.post('/2025-09/contacts', { email: 7 });
    assert.equal(refused.status, 422);
    const res = await t.get(`/sandbox/requests/${refused.body.error.request_id}`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.request.status, 422);
    assert.deepEqual(res.body.request.records, []);
    assert.deepEqual(res.body.request.events, []);
  });

  test('the link survives a lost log line: events carry the request id from their own transaction', async () => {
    const created = await t.post('/2025-09/contacts', { email: 'inspect4@example.com', full_name: 'Crash Window' });
    const id = created.body.meta.request_id;
    await t.lockyard.services.requests.settled();
    const { sql } = await import('kysely');
    await sql`DELETE FROM request_log WHERE request_id = ${id}`.execute(t.lockyard.database.db);
    const res = await t.get(`/sandbox/requests/${id}`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.request.status, null);
    assert.deepEqual(res.body.request.records, [
      { type: 'contact', id: created.body.contact.id, events: ['contact.created'] },
    ]);
  });
});

describe(`request inspector in production mode (${STORE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ sandbox: false });
  });
  after(() => t.close());

  test('is off: 404 invalid_endpoint, and nothing is logged', async () => {
    const created = await t.post('/2025-09/contacts', { email: 'inspect5@example.com', full_name: 'Prod Mode' });
    const res = await t.get(`/sandbox/requests/${created.body.meta.request_id}`);
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'invalid_endpoint');
    const { sql } = await import('kysely');
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM request_log`.execute(t.lockyard.database.db);
    assert.equal(rows.rows[0].n, 0);
  });
});
