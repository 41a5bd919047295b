import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import { startReceiver, type Receiver } from '../fixtures/webhooks/receiver.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';
import { faultHits } from '../../src/domain/faults/fault.ts';
import { listDeliveries } from '../../src/storage/repos/webhook-deliveries.repo.ts';

const PASSWORD = 'correct horse battery staple';

/**
 * Faults on purpose (issue 12): per token or application, in the HTTP layer (latency, 429 + Retry-After, 5xx) and
 * the webhook engine (timeouts, signature-secret rotation); deterministic; set, listed and cleared from the back
 * office; sandbox mode only.
 */
describe(`sandbox faults (${STORE})`, () => {
  let t: TestApp;
  let rx: Receiver;
  let token: string;
  let tokenId: string;
  let other: string;

  before(async () => {
    t = await createTestApp();
    rx = await startReceiver();
    t.lockyard.engines.delivery.timeoutMs = 1500;
    const issued = await t.lockyard.services.tokens.create({
      operatorId: t.a.id,
      scopes: [
        'public.site:read',
        'public.contact:read',
        'public.contact:write',
        'public.webhook_endpoint:read',
        'public.webhook_endpoint:write',
      ],
      name: 'partner under test',
    });
    token = issued.token;
    tokenId = issued.record.id;
    other = await t.tokenWith(['public.site:read']);
  });
  after(async () => {
    await rx.close();
    await t.close();
  });

  const sites = (tok = token) => t.get('/2025-09/sites?limit=1', { token: tok });
  const set = (input: Record<string, unknown>) =>
    t.lockyard.services.faults.set(t.a.id, { target: tokenId, ...input } as never);
  const clear = () => t.lockyard.services.faults.clear(t.a.id);

  test('latency delays only the target token’s requests and says so', async () => {
    await set({ kind: 'latency', ms: 400 });
    const started = performance.now();
    const res = await sites();
    assert.equal(res.status, 200);
    assert.ok(performance.now() - started >= 390, 'delayed');
    assert.equal(res.headers['x-lockyard-fault'], 'latency');
    const untouched = await sites(other);
    assert.equal(untouched.status, 200);
    assert.equal(untouched.headers['x-lockyard-fault'], undefined);
    await clear();
  });

  test('a 429 storm: every 2nd request answers 429 with Retry-After in the error envelope', async () => {
    await set({ kind: 'rate_limit', every: 2, retry_after: 7 });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await sites());
    assert.deepEqual(
      answers.map((r) => r.status),
      [200, 429, 200, 429],
    );
    assert.equal(answers[1].headers['retry-after'], '7');
    assert.equal(answers[1].headers['ratelimit-remaining'], '0');
    assert.equal(answers[1].body.error.code, 'too_many_requests');
    assert.match(answers[1].body.error.message, /^Sandbox fault: .*retry after 7 s/);
    assert.equal(answers[0].headers['retry-after'], undefined);
    await clear();
    assert.equal((await sites()).status, 200);
  });

  test('a 5xx rate hits the same requests for the same seed, every time it is set', async () => {
    const expected = Array.from({ length: 12 }, (_, i) =>
      faultHits({ rate: 0.5, seed: 'backoff-proof' }, i + 1) ? 503 : 200,
    );
    assert.ok(expected.includes(503) && expected.includes(200), 'the seed mixes both');
    for (let round = 0; round < 2; round++) {
      await set({ kind: 'server_error', rate: 0.5, seed: 'backoff-proof', status: 503 });
      const got = [];
      for (let i = 0; i < 12; i++) got.push(await sites());
      assert.deepEqual(
        got.map((r) => r.status),
        expected,
      );
      const failed = got.find((r) => r.status === 503)!;
      assert.equal(failed.body.error.code, 'internal_server_error');
      assert.equal(failed.body.error.type, 'api_error');
      assert.match(failed.body.error.message, /^Sandbox fault: this 503 was set on purpose/);
      assert.match(String(failed.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    }
    await clear();
  });

  test('an application is a target: every token it is issued carries its faults', async () => {
    const issued = await t.lockyard.services.oauth.applications.createForOperator(t.a.id, {
      name: 'Faulty integration',
      scopes: ['public.site:read'],
    });
    const res = await t.lockyard.app.inject({
      method: 'POST',
      url: '/oauth2/token',
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: issued.application.clientId,
        client_secret: issued.clientSecret,
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.statusCode, 200, res.body);
    const appToken = JSON.parse(res.body).access_token;
    // By client id, as a partner knows it.
    const fault = await t.lockyard.services.faults.set(t.a.id, {
      target: issued.application.clientId,
      kind: 'server_error',
      status: 502,
    } as never);
    assert.equal(fault.targetId, issued.application.id);
    assert.equal((await sites(appToken)).status, 502);
    assert.equal((await sites()).status, 200);
    await clear();
  });

  test('bad settings are refused at the field; production mode has no faults', async () => {
    const refused = async (input: Record<string, unknown>, pointer: string) => {
      await assert.rejects(
        set(input),
        (err: any) => err.code === 'invalid_content' && err.details[0].pointer === pointer,
      );
    };
    await refused({ kind: 'explode' }, '/kind');
    await refused({ kind: 'latency', ms: 0 }, '/ms');
    await refused({ kind: 'latency', every: 2, rate: 0.5 }, '/rate');
    await refused({ kind: 'server_error', status: 501 }, '/status');
    await refused({ kind: 'rate_limit', ms: 5 }, '/ms');
    await refused({ kind: 'latency', target: 'tok_nope' }, '/target');
    const prod = await createTestApp({ sandbox: false });
    try {
      await assert.rejects(
        prod.lockyard.services.faults.set(prod.a.id, { target: 'tok_x', kind: 'latency' } as never),
        /sandbox mode only/,
      );
      assert.deepEqual(await prod.lockyard.services.faults.forRequest(prod.a.id, 'tok_x', null), []);
    } finally {
      await prod.close();
    }
  });

  test('webhooks: a timeout fault records the attempt as timed out (the receiver still got it) and retries; rotation signs with the new secret', async () => {
    // One endpoint per phase: deliveries to one endpoint go in order, so the first's retry would hold the next.
    const endpoint = async (path: string) => {
      const created = await t.post(
        '/2025-09/webhook_endpoints',
        { name: path, api_version: '2025-09', url: `${rx.base}${path}`, event_types: ['contact.created'] },
        { token },
      );
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body.endpoint as { id: string; secret: string };
    };
    const timing = await endpoint('/timeout');
    const endpointId = timing.id;
    const emit = async (email: string) => {
      assert.equal((await t.post('/2025-09/contacts', { email }, { token })).status, 201);
      await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
    };
    const deliveries = async () =>
      (
        await listDeliveries(
          t.lockyard.database.db,
          t.a.id,
          'all',
          { page: 1, limit: 100, sortBy: 'created_at', direction: 'asc' },
          { endpointId },
        )
      ).items;
    const v1s = (header: unknown) => [...String(header).matchAll(/v1=([0-9a-f]{64})/g)].map((m) => m[1]);
    const sign = (s: string, r: { headers: any; body: string }) =>
      createHmac('sha256', s)
        .update(`${String(r.headers['x-stora-signature']).match(/^t=(\d+)/)![1]}.${r.body}`)
        .digest('hex');

    await set({ kind: 'webhook_timeout' });
    await emit(`timeout.${process.pid}@example.com`);
    await rx.waitFor(() => rx.at('/timeout').length === 1);
    const [d] = await deliveries();
    assert.equal(d.status, 'pending', 'retried later');
    assert.equal(d.attemptCount, 1);
    const [attempt] = d.attempts;
    assert.equal(attempt.statusCode, null);
    assert.match(
      attempt.error!,
      /^timeout after 1500 ms \(sandbox fault: the receiver's answer, HTTP 200, was ignored\)/,
    );
    await clear();
    assert.equal((await t.post(`/2025-09/webhook_endpoints/${timing.id}/disable`, undefined, { token })).status, 200);

    const { secret } = await endpoint('/faulty');
    const rotation = await set({ kind: 'webhook_signature_rotation' });
    await emit(`rotate.${process.pid}@example.com`);
    await rx.waitFor(() => rx.at('/faulty').length === 1);
    const both = rx.at('/faulty')[0];
    assert.deepEqual(v1s(both.headers['x-stora-signature']), [
      sign(rotation.settings.secret!, both),
      sign(secret, both),
    ]);
    const onlyNew = await set({ kind: 'webhook_signature_rotation', only_new: true });
    await emit(`rotate2.${process.pid}@example.com`);
    await rx.waitFor(() => rx.at('/faulty').length === 2);
    const fresh = rx.at('/faulty')[1];
    assert.deepEqual(v1s(fresh.headers['x-stora-signature']), [sign(onlyNew.settings.secret!, fresh)]);
    assert.notEqual(onlyNew.settings.secret, rotation.settings.secret);
    await clear();
  });

  test('back office → Settings → Faults: a manager sets, lists and clears them (CSRF); staff cannot', async () => {
    await clear();
    const demo = t.creds as unknown as DemoLoginCredentials;
    const owner = new BackofficeSession(t.lockyard.app);
    assert.equal((await owner.signIn(demo.staff_login.email, demo.staff_login.password)).status, 303);
    await owner.get('/backoffice/settings');
    assert.equal((await owner.post('/backoffice/operator', { operator_id: t.a.id })).status, 303);
    const page = await owner.get('/backoffice/settings/faults');
    assert.equal(page.status, 200);
    assert.match(page.body, /No faults: every request is served normally/);
    assert.ok(page.body.includes(`<option value="${tokenId}">partner under test (token`), 'the token is a target');

    const bad = await owner.post('/backoffice/settings/faults', {
      target: tokenId,
      kind: 'server_error',
      status: '418',
    });
    assert.equal(bad.status, 422);
    assert.match(bad.body, /Could not set the fault/);
    assert.match(bad.body, /must be one of 500, 502, 503, 504/);
    const noCsrf = await owner.post('/backoffice/settings/faults', {
      _csrf: 'forged',
      target: tokenId,
      kind: 'latency',
    });
    assert.equal(noCsrf.status, 403);

    const ok = await owner.post('/backoffice/settings/faults', {
      target: tokenId,
      kind: 'rate_limit',
      every: '1',
      retry_after: '3',
    });
    assert.equal(ok.status, 303);
    const listed = await owner.get(ok.location!);
    assert.match(listed.body, /The fault is set/);
    assert.match(listed.body, /<code>rate_limit<\/code><\/td>\s*<td>429, Retry-After 3 s; requests: every one<\/td>/);
    const limited = await sites();
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '3');

    await t.lockyard.services.team.add(t.a.id, {
      email: 'desk@faults.example.com',
      name: 'Desk',
      role: 'staff',
      password: PASSWORD,
    });
    const desk = new BackofficeSession(t.lockyard.app, '10.0.0.9');
    assert.equal((await desk.signIn('desk@faults.example.com', PASSWORD)).status, 303);
    assert.equal((await desk.get('/backoffice/settings/faults')).status, 403);
    assert.equal((await desk.post('/backoffice/settings/faults/clear', {})).status, 403);

    const cleared = await owner.post('/backoffice/settings/faults/clear', { target: tokenId, kind: 'rate_limit' });
    assert.equal(cleared.status, 303);
    assert.match((await owner.get(cleared.location!)).body, /No faults/);
    assert.equal((await sites()).status, 200);
  });
});
