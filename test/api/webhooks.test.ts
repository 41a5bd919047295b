import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';
import { startReceiver, type Receiver } from '../fixtures/webhooks/receiver.ts';
import { claimJobs } from '../../src/storage/repos/jobs.repo.ts';
import type { JobWorker } from '../../src/engines/jobs/job-runner.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/webhooks/${name}`, import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one of the guide's verification samples, unchanged, on a received request. */
function verifyWith(lang: 'node' | 'python', input: { body: string; header: string; secret: string }): boolean {
  const [cmd, file] =
    lang === 'node' ? [process.execPath, fixture('verify-node.cjs')] : ['python3', fixture('verify_python.py')];
  const res = spawnSync(cmd, [file], { input: JSON.stringify(input), encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  return res.stdout.trim() === 'true';
}

describe(`webhooks (${STORE})`, () => {
  let t: TestApp;
  let rx: Receiver;
  let worker: JobWorker;
  let unitTypeId: string;
  let seq = 0;
  // The lease outlasts an attempt (timeout 1500 ms) plus its load and settle, or a slow attempt is claimed again.
  const newWorker = () =>
    t.lockyard.engines.jobs.worker({ listen: t.lockyard.database.listen, pollMs: 50, leaseMs: 5000, concurrency: 16 });

  before(async () => {
    t = await createTestApp();
    rx = await startReceiver();
    t.lockyard.engines.delivery.timeoutMs = 1500;
    worker = newWorker();
    await worker.start();
    unitTypeId = (await t.get('/2025-09/unit_types?limit=1')).body.unit_types[0].id;
  });
  after(async () => {
    await worker.stop();
    await rx.close();
    await t.close();
  });

  async function endpoint(path: string, body: Record<string, unknown> = {}, token?: string) {
    const res = await t.post(
      '/2025-09/webhook_endpoints',
      {
        name: `ep ${path}`,
        api_version: '2025-09',
        url: `${rx.base}${path}`,
        event_types: ['unit_type.updated'],
        ...body,
      },
      { token },
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.endpoint;
  }

  /** POST base_price emits unit_type.updated; returns the unit type as its show endpoint renders it. */
  async function emitUnitTypeUpdated() {
    const res = await t.post(`/2025-09/unit_types/${unitTypeId}/base_price`, { monthly: { amount: 1000 + ++seq } });
    assert.equal(res.status, 200);
    return res.body.unit_type;
  }

  async function deliveriesOf(endpointId: string) {
    const res = await t.get(`/sandbox/webhook_endpoints/${endpointId}/deliveries`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.deliveries as any[];
  }

  const advance = async (seconds: number) => {
    const res = await t.post('/sandbox/clock/advance', { seconds });
    assert.equal(res.status, 200);
  };

  test('endpoints: create shows the secret once; list, show, update, filters, enable, disable, delete', async () => {
    const created = await t.post('/2025-09/webhook_endpoints', {
      name: 'My New Webhook',
      api_version: '2025-09',
      url: 'https://example.com/new_webhook',
      event_types: ['credit_note.created'],
      description: 'A new webhook endpoint',
      metadata: { source: 'zapier', external_id: 'abc_123' },
    });
    assert.equal(created.status, 201);
    const e = created.body.endpoint;
    assert.deepEqual(Object.keys(e), [
      'id',
      'api_version',
      'created_at',
      'creator',
      'description',
      'disabled_at',
      'event_types',
      'metadata',
      'name',
      'secret',
      'status',
      'updated_at',
      'url',
    ]);
    assert.match(e.id, /^we_[0-9a-f]{16}$/);
    assert.match(e.secret, /^[0-9a-f]{64}$/);
    assert.match(e.creator.id, /^tok_/);
    assert.deepEqual(Object.keys(e.metadata), ['source', 'external_id']);
    assert.equal(e.status, 'enabled');
    assert.equal(e.disabled_at, null);

    const shown = await t.get(`/2025-09/webhook_endpoints/${e.id}`);
    assert.equal(shown.status, 200);
    assert.equal(shown.body.endpoint.secret, null);
    assert.deepEqual({ ...shown.body.endpoint, secret: e.secret }, e);

    const patched = await t.patch(`/2025-09/webhook_endpoints/${e.id}`, {
      name: 'Updated Webhook Name',
      metadata: { source: 'make', external_id: null },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.endpoint.name, 'Updated Webhook Name');
    assert.deepEqual(patched.body.endpoint.metadata, { source: 'make' });
    assert.equal(patched.body.endpoint.secret, null);

    const disabled = await t.post(`/2025-09/webhook_endpoints/${e.id}/disable`);
    assert.equal(disabled.body.endpoint.status, 'disabled');
    assert.ok(disabled.body.endpoint.disabled_at);

    const byStatus = await t.get('/2025-09/webhook_endpoints?status=disabled');
    // The demo seed holds a disabled endpoint too: the filter keeps exactly the disabled ones.
    assert.ok(byStatus.body.endpoints.some((x: any) => x.id === e.id));
    assert.ok(byStatus.body.endpoints.every((x: any) => x.status === 'disabled' && x.secret === null));
    const byMeta = await t.get('/2025-09/webhook_endpoints?metadata[source]=make');
    assert.deepEqual(
      byMeta.body.endpoints.map((x: any) => x.id),
      [e.id],
    );
    assert.equal((await t.get('/2025-09/webhook_endpoints?metadata[source]=zapier')).body.endpoints.length, 0);
    assert.equal((await t.get('/2025-09/webhook_endpoints?status=bogus')).body.error.code, 'invalid_url_param');

    const enabled = await t.post(`/2025-09/webhook_endpoints/${e.id}/enable`);
    assert.equal(enabled.body.endpoint.status, 'enabled');
    assert.equal(enabled.body.endpoint.disabled_at, null);

    const deleted = await t.del(`/2025-09/webhook_endpoints/${e.id}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.success.message, 'Webhook endpoint deleted successfully.');
    assert.equal((await t.get(`/2025-09/webhook_endpoints/${e.id}`)).status, 404);
    assert.equal((await t.get(`/2025-09/webhook_endpoints/${e.id}`, { token: t.b.token })).status, 404);
  });

  test('endpoints: validation of url, event types, api version and metadata', async () => {
    const base = { name: 'x', api_version: '2025-09', url: 'https://example.com/h', event_types: ['contact.created'] };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ event_types: ['contact.exploded'] }, '/event_types/0'],
      [{ event_types: [] }, '/event_types'],
      [{ url: 'http://example.com/hook' }, '/url'],
      [{ url: 'not a url' }, '/url'],
      [{ api_version: '2024-01' }, '/api_version'],
      [{ metadata: { Bad: 'x' } }, '/metadata/Bad'],
    ];
    for (const [patch, pointer] of cases) {
      const res = await t.post('/2025-09/webhook_endpoints', { ...base, ...patch });
      assert.equal(res.status, 422, JSON.stringify(patch));
      assert.equal(res.body.error.code, 'invalid_content');
      assert.ok(
        res.body.error.details.some((d: any) => d.pointer === pointer),
        `${pointer} in ${JSON.stringify(res.body.error.details)}`,
      );
    }
    // Sandbox mode accepts plain http to localhost and 127.0.0.1 only.
    for (const url of ['http://localhost:3000/h', 'http://127.0.0.1:9/h']) {
      const ok = await t.post('/2025-09/webhook_endpoints', { ...base, url });
      assert.equal(ok.status, 201);
      await t.del(`/2025-09/webhook_endpoints/${ok.body.endpoint.id}`);
    }
    const missing = await t.post('/2025-09/webhook_endpoints', { name: 'x' });
    assert.equal(missing.status, 422);
    const readOnly = await t.tokenWith(['public.webhook_endpoint:read']);
    assert.equal((await t.post('/2025-09/webhook_endpoints', base, { token: readOnly })).status, 403);
  });

  test('endpoints created by an OAuth application are visible to and managed by that application only', async () => {
    // Reading unit types too: an endpoint may only subscribe to events its creator can read.
    const scopes = ['public.webhook_endpoint:read', 'public.webhook_endpoint:write', 'public.unit_type:read'] as const;
    const app1 = (
      await t.lockyard.services.tokens.create({
        operatorId: t.a.id,
        scopes: [...scopes],
        applicationId: 'app_531844f4c4837d61',
      })
    ).token;
    const app2 = (
      await t.lockyard.services.tokens.create({
        operatorId: t.a.id,
        scopes: [...scopes],
        applicationId: 'app_0000000000000002',
      })
    ).token;
    const mine = await endpoint('/ok/app', {}, app1);
    assert.deepEqual(mine.creator, { id: 'app_531844f4c4837d61' });
    const own = await endpoint('/ok/operator');

    const listApp = await t.get('/2025-09/webhook_endpoints', { token: app1 });
    assert.deepEqual(
      listApp.body.endpoints.map((x: any) => x.id),
      [mine.id],
    );
    assert.ok(!(await t.get('/2025-09/webhook_endpoints')).body.endpoints.some((x: any) => x.id === mine.id));
    assert.equal((await t.get('/2025-09/webhook_endpoints', { token: app2 })).body.endpoints.length, 0);
    for (const token of [t.a.token, app2]) {
      assert.equal((await t.get(`/2025-09/webhook_endpoints/${mine.id}`, { token })).status, 404);
      assert.equal((await t.patch(`/2025-09/webhook_endpoints/${mine.id}`, { name: 'hijack' }, { token })).status, 404);
      assert.equal((await t.post(`/2025-09/webhook_endpoints/${mine.id}/disable`, undefined, { token })).status, 404);
      assert.equal((await t.del(`/2025-09/webhook_endpoints/${mine.id}`, { token })).status, 404);
      assert.equal((await t.get(`/sandbox/webhook_endpoints/${mine.id}/deliveries`, { token })).status, 404);
    }
    assert.equal((await t.get(`/2025-09/webhook_endpoints/${own.id}`, { token: app1 })).status, 404);
    // Deliveries still go to every subscribed endpoint, whoever created it.
    await emitUnitTypeUpdated();
    await rx.waitFor(() => rx.at('/ok/app').length === 1 && rx.at('/ok/operator').length === 1);
    assert.equal(
      (await t.patch(`/2025-09/webhook_endpoints/${mine.id}`, { name: 'renamed' }, { token: app1 })).body.endpoint.name,
      'renamed',
    );
    assert.equal((await t.del(`/2025-09/webhook_endpoints/${mine.id}`, { token: app1 })).status, 200);
    await t.del(`/2025-09/webhook_endpoints/${own.id}`);
  });

  test('a delivery is a signed POST that the guide’s Node.js and Python samples verify', async () => {
    const ep = await endpoint('/ok/signed');
    const secret = ep.secret as string;
    const shown = await emitUnitTypeUpdated();
    await rx.waitFor(() => rx.at('/ok/signed').length === 1);
    const req = rx.at('/ok/signed')[0];
    assert.equal(req.headers['content-type'], 'application/json');
    assert.match(String(req.headers['user-agent']), /^Stora-Webhooks\/1\.0( |$)/, 'the reference’s User-Agent first');
    assert.match(String(req.headers['x-stora-request-id']), /^[0-9a-f-]{36}$/);
    const header = String(req.headers['x-stora-signature']);
    assert.match(header, /^t=\d{10},v1=[0-9a-f]{64}$/);

    // The documented payload: the envelope, and data.unit_type exactly as the show endpoint renders it.
    const ev = req.json.event;
    assert.deepEqual(Object.keys(req.json), ['event']);
    assert.deepEqual(Object.keys(ev), ['id', 'type', 'api_version', 'created_at', 'data']);
    assert.match(ev.id, /^evt_[0-9a-f]{16}$/);
    assert.equal(ev.type, 'unit_type.updated');
    assert.equal(ev.api_version, '2025-09');
    assert.deepEqual(Object.keys(ev.data), ['unit_type']);
    assert.equal(JSON.stringify(ev.data.unit_type), JSON.stringify(shown));
    const show = await t.get(`/2025-09/unit_types/${unitTypeId}`);
    assert.equal(JSON.stringify(ev.data.unit_type), JSON.stringify(show.body.unit_type));

    for (const lang of ['node', 'python'] as const) {
      assert.equal(verifyWith(lang, { body: req.body, header, secret }), true, `${lang} verifies`);
      assert.equal(
        verifyWith(lang, { body: req.body.replace('"unit_type.updated"', '"unit_type.created"'), header, secret }),
        false,
        `${lang}: tampered body`,
      );
      assert.equal(
        verifyWith(lang, { body: req.body, header, secret: secret.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) }),
        false,
        `${lang}: wrong secret`,
      );
    }
    await t.del(`/2025-09/webhook_endpoints/${ep.id}`);
  });

  test('the delivery log: events, deliveries of an event and of an endpoint, every attempt', async () => {
    const ep = await endpoint('/ok/log');
    await emitUnitTypeUpdated();
    await rx.waitFor(() => rx.at('/ok/log').length === 1);
    await worker.idle();
    const req = rx.at('/ok/log')[0];
    const events = await t.get('/sandbox/events?type=unit_type.updated&limit=1');
    assert.equal(events.status, 200);
    assert.equal(JSON.stringify({ event: events.body.events[0] }), req.body, 'the log shows the exact delivered body');
    const evId = req.json.event.id;
    const [d] = await deliveriesOf(ep.id);
    assert.deepEqual(Object.keys(d), [
      'id',
      'attempt_count',
      'attempts',
      'created_at',
      'endpoint',
      'event',
      'next_attempt_at',
      'resend_of',
      'status',
      'status_reason',
      'updated_at',
    ]);
    assert.match(d.id, /^wdlv_/);
    assert.equal(d.status, 'succeeded');
    assert.deepEqual(d.event, { id: evId, type: 'unit_type.updated' });
    assert.equal(d.attempts.length, 1);
    assert.equal(d.attempts[0].request_id, req.headers['x-stora-request-id']);
    assert.equal(d.attempts[0].status_code, 200);
    assert.equal(d.attempts[0].response_snippet, 'thanks');
    assert.equal(typeof d.attempts[0].duration_ms, 'number');
    const byEvent = await t.get(`/sandbox/events/${evId}/deliveries`);
    assert.ok(byEvent.body.deliveries.some((x: any) => x.id === d.id));
    assert.equal((await t.get(`/sandbox/events/${evId}/deliveries`, { token: t.b.token })).status, 404);
    assert.equal((await t.get(`/sandbox/deliveries/${d.id}`, { token: t.b.token })).status, 404);
    await t.del(`/2025-09/webhook_endpoints/${ep.id}`);
  });

  test('failed deliveries follow the full retry schedule under an advanced clock, then fail', async () => {
    await worker.stop(); // only the clock advance runs due work here
    try {
      const ep = await endpoint('/fail/schedule');
      await emitUnitTypeUpdated();
      await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
      assert.equal(rx.at('/fail/schedule').length, 1);
      const delays = [60, 300, 1800, 7200, 21600, 43200];
      for (const [i, delay] of delays.entries()) {
        const [d] = await deliveriesOf(ep.id);
        assert.equal(d.status, 'pending');
        assert.equal(d.attempt_count, i + 1);
        const gap = (Date.parse(d.next_attempt_at) - Date.parse(d.attempts[i].attempted_at)) / 1000;
        assert.ok(Math.abs(gap - delay) <= 2, `retry ${i + 1} after ${gap}s, expected ${delay}s`);
        await advance(delay - 10);
        assert.equal(rx.at('/fail/schedule').length, i + 1, `retry ${i + 1} is not due yet`);
        await advance(10);
        assert.equal(rx.at('/fail/schedule').length, i + 2, `retry ${i + 1} ran when the clock reached it`);
      }
      const [d] = await deliveriesOf(ep.id);
      assert.equal(d.status, 'failed');
      assert.equal(d.attempt_count, 7);
      assert.equal(d.next_attempt_at, null);
      assert.deepEqual(
        d.attempts.map((a: any) => a.status_code),
        [500, 500, 500, 500, 500, 500, 500],
      );
      assert.equal(d.attempts[0].response_snippet, 'receiver is down');
      const gaps = d.attempts
        .slice(1)
        .map((a: any, i: number) => (Date.parse(a.attempted_at) - Date.parse(d.attempts[i].attempted_at)) / 1000);
      gaps.forEach((g: number, i: number) => assert.ok(g >= delays[i] && g <= delays[i] + 30, `gap ${i}: ${g}`));
      const ids = new Set(rx.at('/fail/schedule').map((r) => r.headers['x-stora-request-id']));
      assert.equal(ids.size, 7, 'a new X-Stora-Request-Id per attempt');
      assert.equal(new Set(rx.at('/fail/schedule').map((r) => r.json.event.id)).size, 1);
      await advance(86_400);
      assert.equal(rx.at('/fail/schedule').length, 7);

      // A resend is a new delivery of the same event, with its own schedule.
      rx.set('/fail/schedule', 'ok');
      const resent = await t.post(`/sandbox/deliveries/${d.id}/resend`);
      assert.equal(resent.status, 201);
      assert.deepEqual(resent.body.delivery.resend_of, { id: d.id });
      await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
      assert.equal(rx.at('/fail/schedule').length, 8);
      assert.equal(rx.at('/fail/schedule')[7].json.event.id, rx.at('/fail/schedule')[0].json.event.id);
      assert.equal((await t.get(`/sandbox/deliveries/${resent.body.delivery.id}`)).body.delivery.status, 'succeeded');
      await t.del(`/2025-09/webhook_endpoints/${ep.id}`);
    } finally {
      await worker.start();
    }
  });

  for (const action of ['disable', 'delete'] as const) {
    test(`${action === 'disable' ? 'disabling' : 'deleting'} an endpoint cancels its pending retries`, async () => {
      const path = `/fail/${action}`;
      const ep = await endpoint(path);
      const evt = await emitUnitTypeUpdated();
      await rx.waitFor(() => rx.at(path).length === 1);
      await worker.idle();
      const before = (await t.get(`/sandbox/events?type=unit_type.updated&limit=1`)).body.events[0];
      assert.equal(before.data.unit_type.id, evt.id);
      let [d] = await deliveriesOf(ep.id);
      assert.equal(d.status, 'pending');
      assert.ok(d.next_attempt_at);
      if (action === 'disable') assert.equal((await t.post(`/2025-09/webhook_endpoints/${ep.id}/disable`)).status, 200);
      else assert.equal((await t.del(`/2025-09/webhook_endpoints/${ep.id}`)).status, 200);
      const jobs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE group_key = ${ep.id}`.execute(
        t.lockyard.database.db,
      );
      assert.equal(jobs.rows[0].n, 0, 'no queued retry is left');
      [d] = (await t.get(`/sandbox/events/${before.id}/deliveries`)).body.deliveries.filter(
        (x: any) => x.endpoint.id === ep.id,
      );
      assert.equal(d.status, 'cancelled');
      assert.equal(d.next_attempt_at, null);
      await advance(13 * 3600);
      await sleep(200);
      assert.equal(rx.at(path).length, 1, 'no retry after cancellation');
      if (action === 'disable') {
        await t.post(`/2025-09/webhook_endpoints/${ep.id}/enable`);
        await advance(3600);
        await sleep(200);
        assert.equal(rx.at(path).length, 1, 'enabling again does not revive cancelled deliveries');
        await t.del(`/2025-09/webhook_endpoints/${ep.id}`);
      }
    });
  }

  test('one slow endpoint does not hold up the others; a timeout is a failed attempt', async () => {
    const slow = await endpoint('/hang/slow');
    const fast = await endpoint('/ok/fast');
    const started = performance.now();
    await emitUnitTypeUpdated();
    await rx.waitFor(() => rx.at('/ok/fast').length === 1 && rx.at('/hang/slow').length === 1);
    assert.ok(performance.now() - started < 1000, 'the fast endpoint was served while the slow one hung');
    await worker.idle();
    const [d] = await deliveriesOf(slow.id);
    assert.equal(d.status, 'pending');
    assert.match(d.attempts[0].error, /timeout/);
    assert.equal(d.attempts[0].status_code, null);
    assert.equal((await deliveriesOf(fast.id))[0].status, 'succeeded');
    await t.del(`/2025-09/webhook_endpoints/${slow.id}`);
    await t.del(`/2025-09/webhook_endpoints/${fast.id}`);
  });

  test('several workers on one database deliver each attempt once', async () => {
    const second = newWorker();
    await second.start();
    try {
      const ep = await endpoint('/ok/many');
      const n = 30;
      for (let i = 0; i < n; i++) await emitUnitTypeUpdated();
      await rx.waitFor(() => rx.at('/ok/many').length >= n);
      await worker.idle();
      await second.idle();
      await sleep(300);
      const got = rx.at('/ok/many');
      assert.equal(got.length, n);
      assert.equal(new Set(got.map((r) => r.json.event.id)).size, n);
      const ds = (await t.get(`/sandbox/webhook_endpoints/${ep.id}/deliveries?limit=100`)).body.deliveries;
      assert.ok(ds.every((d: any) => d.status === 'succeeded' && d.attempt_count === 1));
      await t.del(`/2025-09/webhook_endpoints/${ep.id}`);
    } finally {
      await second.stop();
    }
  });

  test('a crashed worker’s claimed delivery is delivered after its lease expires', async () => {
    await worker.stop();
    const ep = await endpoint('/ok/crash');
    await emitUnitTypeUpdated();
    // The "crashed" worker: claims the job, then is never heard of again.
    const now = t.lockyard.clock.now();
    const claimed = await claimJobs(t.lockyard.database.db, {
      now,
      limit: 10,
      kinds: ['webhook.deliver'],
      leaseToken: 'crashed',
      lockedUntil: new Date(now.getTime() + 700),
    });
    assert.equal(claimed.length, 1);
    await worker.start();
    await sleep(300);
    assert.equal(rx.at('/ok/crash').length, 0, 'not taken while the lease holds');
    await rx.waitFor(() => rx.at('/ok/crash').length === 1, 5000);
    await worker.idle();
    await sleep(200);
    assert.equal(rx.at('/ok/crash').length, 1);
    const [d] = await deliveriesOf(ep.id);
    assert.equal(d.status, 'succeeded');
    assert.equal(d.attempt_count, 1);
    await t.del(`/2025-09/webhook_endpoints/${ep.id}`);
  });

  test(
    'a worker process killed mid-delivery: its deliveries are made after restart, nothing lost',
    { skip: STORE !== 'postgres' && 'needs PostgreSQL (one process per PGlite data dir)' },
    async () => {
      await worker.stop();
      const ep = await endpoint('/hang/kill');
      const n = 3;
      for (let i = 0; i < n; i++) await emitUnitTypeUpdated();
      const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(t.lockyard.database.db)).rows[0].s;
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          fixture('worker.child.ts'),
          t.databaseOptions.url ?? process.env.TEST_DATABASE_URL!,
          schema,
          '1500',
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const exited = new Promise((r) => child.once('exit', r));
      try {
        await rx.waitFor(() => rx.at('/hang/kill').length === n, 20_000);
        child.kill('SIGKILL');
        await exited;
        rx.set('/hang/kill', 'ok');
        await worker.start();
        await rx.waitFor(() => rx.at('/hang/kill').length === 2 * n, 10_000);
        await worker.idle();
        await sleep(300);
        const got = rx.at('/hang/kill');
        assert.equal(got.length, 2 * n, 'each event once from the killed worker, once after restart');
        const perEvent = new Map<string, number>();
        for (const r of got) perEvent.set(r.json.event.id, (perEvent.get(r.json.event.id) ?? 0) + 1);
        assert.deepEqual([...perEvent.values()], Array(n).fill(2));
        const ds = await deliveriesOf(ep.id);
        assert.equal(ds.length, n);
        assert.ok(ds.every((d: any) => d.status === 'succeeded' && d.attempt_count === 1));
      } finally {
        child.kill('SIGKILL');
        await worker.start();
        await t.del(`/2025-09/webhook_endpoints/${ep.id}`);
      }
    },
  );

  test('the delivery log is pruned after its retention period', async () => {
    const ep = await endpoint('/ok/prune');
    await emitUnitTypeUpdated();
    await rx.waitFor(() => rx.at('/ok/prune').length === 1);
    await worker.idle();
    assert.equal((await deliveriesOf(ep.id)).length, 1);
    await t.lockyard.services.webhooks.prune();
    assert.equal((await deliveriesOf(ep.id)).length, 1, 'recent deliveries are kept');
    await advance(31 * 86_400);
    await t.lockyard.services.webhooks.prune();
    assert.equal((await deliveriesOf(ep.id)).length, 0);
    await t.del(`/2025-09/webhook_endpoints/${ep.id}`);
  });
});
