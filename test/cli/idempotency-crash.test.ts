import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliStore, startServer, stop, type CliServer } from '../harness/cli-server.ts';

/**
 * Defect 7: a crash must never duplicate an order. A real `lockyard start` process is SIGKILLed at the exact
 * point under test (LOCKYARD_TEST_PAUSE, honoured with NODE_ENV=test only: the request stops there and says so
 * on stderr), then a fresh process answers the retry with the same Idempotency-Key.
 */
describe('Idempotency-Key survives kill -9', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockyard-crash-'));
  const store = cliStore(dir, { seeded: true });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await store.drop();
  });

  const serve = async (pause?: 'before-commit' | 'after-commit') =>
    startServer(await store.args(), {
      ...process.env,
      NODE_ENV: 'test',
      ...(pause ? { LOCKYARD_TEST_PAUSE: pause } : {}),
    });

  let token = '';
  const api = async (server: CliServer, method: string, path: string, body?: unknown, key?: string) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key) headers['idempotency-key'] = key;
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: (await res.json()) as any };
  };
  const orderCount = async (server: CliServer) =>
    (await api(server, 'GET', '/2025-09/orders?limit=1')).body.meta.pagination.count as number;

  /** Sends the create and SIGKILLs the server once it reports it stopped at `at`; the client never gets an answer. */
  async function createThenKill(server: CliServer, at: string, order: unknown, key: string) {
    const sent = api(server, 'POST', '/2025-09/orders', order, key).then(
      () => assert.fail('the paused request must not be answered'),
      () => 'connection lost',
    );
    const deadline = Date.now() + 30_000;
    while (!server.output().includes(`lockyard-test: paused ${at}`)) {
      if (Date.now() > deadline) assert.fail(`the server never paused ${at}:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await stop(server.child, 'SIGKILL');
    assert.equal(await sent, 'connection lost');
  }

  test('killed after the commit: the retry replays the order; killed before: the retry creates it; one order each', async () => {
    let server = await serve('after-commit');
    let order: Record<string, unknown>;
    let before: number;
    try {
      token = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8')).operators[0].access_token;
      const ut = (await api(server, 'GET', '/2025-09/unit_types?limit=100')).body.unit_types.find(
        (u: any) => u.status === 'bookable' && u.prices.some((p: any) => p.billing_period === 'monthly'),
      );
      order = {
        site: { id: ut.site.id },
        contact: { email: 'killed.mid.request@example.com', full_name: 'Kill Nine' },
        billing_period: 'monthly',
        starts_at: '2026-04-15T00:00:00Z',
        line_items: [{ type: 'unit_type', quantity: 1, price: { amount: 9500 }, item: { id: ut.id } }],
      };
      before = await orderCount(server);
      await createThenKill(server, 'after-commit', order, 'kill-after-commit');
    } finally {
      await stop(server.child, 'SIGKILL');
    }

    server = await serve('before-commit');
    try {
      assert.equal(await orderCount(server), before + 1, 'the order committed before the kill');
      const retry = await api(server, 'POST', '/2025-09/orders', order, 'kill-after-commit');
      assert.equal(retry.status, 201);
      assert.equal(retry.replayed, 'true');
      assert.equal(await orderCount(server), before + 1);
      await createThenKill(
        server,
        'before-commit',
        { ...order, contact: { email: 'killed.before.commit@example.com' } },
        'kill-before-commit',
      );
    } finally {
      await stop(server.child, 'SIGKILL');
    }

    server = await serve();
    try {
      assert.equal(await orderCount(server), before + 1, 'nothing of the uncommitted order is left');
      const body = { ...order, contact: { email: 'killed.before.commit@example.com' } };
      const retry = await api(server, 'POST', '/2025-09/orders', body, 'kill-before-commit');
      assert.equal(retry.status, 201);
      assert.equal(retry.replayed, null);
      const again = await api(server, 'POST', '/2025-09/orders', body, 'kill-before-commit');
      assert.equal(again.replayed, 'true');
      assert.equal(again.body.order.id, retry.body.order.id);
      assert.equal(await orderCount(server), before + 2);
    } finally {
      await stop(server.child);
    }
  });
});
