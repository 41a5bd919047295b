import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, cliStore, runCli, startServer, stop, type CliServer } from '../harness/cli-server.ts';
import { startReceiver, type Receiver } from '../fixtures/webhooks/receiver.ts';
import { signatureHeader } from '../../src/domain/webhooks/signature.ts';
import { EVENT_TYPES } from '../../src/domain/events/event-types.ts';

/** `lockyard trigger` produces every type of the catalogue; each is triggered below and must reach `listen --forward-to`. */
const TRIGGERABLE: readonly string[] = EVENT_TYPES;

/**
 * Issue 12's sandbox commands as real processes against one running server: `trigger` produces events through
 * their flows, `listen --forward-to` receives them as they are emitted and forwards them signed like real
 * deliveries, and `reset` brings the demo back with the same credentials.
 */
describe('trigger, listen and reset against a running server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockyard-sandbox-cli-'));
  const store = cliStore(dir, { seeded: true });
  let args: string[];
  let server: CliServer;
  let rx: Receiver;
  let listener: ChildProcess;
  let listenOut = '';
  let listenErr = '';
  let harbour: { id: string; access_token: string };

  before(async () => {
    args = await store.args();
    server = await startServer(args);
    rx = await startReceiver();
    harbour = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8')).operators[1];
    listener = spawn(
      process.execPath,
      [BIN, 'listen', '--operator', harbour.id, '--forward-to', `${rx.base}/hooks`, ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    listener.stdout!.on('data', (d) => (listenOut += d));
    listener.stderr!.on('data', (d) => (listenErr += d));
    const deadline = performance.now() + 30_000;
    while (!/signing secret: [0-9a-f]{64}/.test(listenErr)) {
      if (performance.now() > deadline || listener.exitCode !== null)
        assert.fail(`listen never got ready:\n${listenErr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  after(async () => {
    if (listener) await stop(listener);
    if (server) await stop(server.child);
    await rx?.close();
    rmSync(dir, { recursive: true, force: true });
    await store.drop();
  });
  const secret = () => listenErr.match(/signing secret: ([0-9a-f]{64})/)![1];
  const received = (type: string) => rx.received.filter((r) => r.json.event.type === type);

  test('trigger --list names the types it can produce; with the others they make the 50', async () => {
    const list = await runCli(['trigger', '--list', ...args]);
    assert.equal(list.status, 0, list.stderr);
    const listed = list.stdout
      .split('\n')
      .filter((l) => /^[a-z_]+\.[a-z_]+ /.test(l))
      .map((l) => l.split(/\s+/)[0]);
    assert.deepEqual(listed, TRIGGERABLE);
    const rest = list.stdout.match(/no producer yet: (.*)/)?.[1].split(', ') ?? [];
    assert.deepEqual([...listed, ...rest].sort(), [...EVENT_TYPES].sort());
  });

  test('lockyard trigger contact.created --override: the event reaches listen --forward-to, signed with the printed secret', async () => {
    const email = `listen.${process.pid}@example.com`;
    const made = await runCli([
      'trigger',
      'contact.created',
      '--operator',
      harbour.id,
      '--override',
      `email=${email}`,
      ...args,
    ]);
    assert.equal(made.status, 0, made.stderr);
    const out = JSON.parse(made.stdout);
    assert.match(out.created.contact, /^con_/);
    assert.deepEqual(
      out.events.map((e: any) => e.type),
      ['contact.created'],
    );
    await rx.waitFor(() => received('contact.created').some((r) => r.json.event.data.contact.email === email), 15_000);
    const hit = received('contact.created').find((r) => r.json.event.data.contact.email === email)!;
    assert.equal(hit.json.event.id, out.events[0].id);
    assert.equal(hit.json.event.data.contact.id, out.created.contact);
    const t = Number(String(hit.headers['x-stora-signature']).match(/^t=(\d+),/)![1]);
    assert.equal(hit.headers['x-stora-signature'], signatureHeader(secret(), hit.body, t));
    assert.match(String(hit.headers['user-agent']), /^Stora-Webhooks\/1\.0/);
    assert.match(String(hit.headers['x-stora-request-id']), /^[0-9a-f-]{36}$/);
    assert.ok(listenOut.includes(`--> contact.created [${out.events[0].id}]`), listenOut);
    const deadline = performance.now() + 5_000;
    while (!listenErr.includes(`<-- [200] POST ${rx.base}/hooks [${out.events[0].id}]`)) {
      if (performance.now() > deadline) assert.fail(listenErr);
      await new Promise((r) => setTimeout(r, 50));
    }
    const bad = await runCli(['trigger', 'contact.created', '--override', 'colour=blue', ...args]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /takes no override colour \(it takes: email, full_name\)/);
  });

  test('POST /sandbox/trigger produces every triggerable type through its flow; listen forwards each', async () => {
    const h = { authorization: `Bearer ${harbour.access_token}`, 'content-type': 'application/json' };
    // 50 triggers outrun the operator's 60 requests a minute: wait as the 429 says, as a partner would.
    const patiently = async (init?: RequestInit) => {
      let res: Response;
      while ((res = await fetch(`${server.url}/sandbox/trigger`, { headers: h, ...init })).status === 429)
        await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
      return res;
    };
    for (const type of TRIGGERABLE) {
      const res = await patiently({ method: 'POST', body: JSON.stringify({ type }) });
      const body = (await res.json()) as any;
      assert.equal(res.status, 201, `${type}: ${JSON.stringify(body)}`);
      assert.equal(body.trigger.type, type);
      assert.ok(
        body.trigger.events.some((e: any) => e.type === type),
        `${type}: ${JSON.stringify(body.trigger.events)}`,
      );
    }
    await rx.waitFor(() => TRIGGERABLE.every((t) => received(t).length > 0), 30_000);
    const listed = (await (await patiently()).json()) as any;
    assert.deepEqual(
      listed.triggers
        .filter((t: any) => t.triggerable)
        .map((t: any) => t.type)
        .sort(),
      [...TRIGGERABLE].sort(),
    );
    assert.equal(listed.triggers.length, EVENT_TYPES.length);
    const unknown = await patiently({ method: 'POST', body: JSON.stringify({ type: 'coupon.exploded' }) });
    assert.equal(unknown.status, 422);
  });

  test('reset: seconds, the demo comes back with the same ids and credentials; --seed-key changes them', async () => {
    const first = await runCli(['reset', '--yes', ...args]);
    assert.equal(first.status, 0, first.stderr);
    const a = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8'));
    assert.equal(a.seed_key, 'lockyard-demo');
    const again = await runCli(['reset', '--yes', ...args]);
    assert.equal(again.status, 0, again.stderr);
    const b = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8'));
    assert.deepEqual(b, a);
    const token = a.operators[0].access_token;
    const units = await fetch(`${server.url}/2025-09/units?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(units.status, 200);
    const oauth = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: a.operator_application.client_id,
        client_secret: a.operator_application.client_secret,
      }),
    });
    assert.equal(oauth.status, 200, await oauth.text());

    const other = await runCli(['reset', '--yes', '--seed-key', 'another', ...args]);
    assert.equal(other.status, 0, other.stderr);
    const c = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8'));
    assert.equal(c.seed_key, 'another');
    assert.notEqual(c.operators[0].id, a.operators[0].id);
    assert.notEqual(c.operators[0].access_token, token);
    assert.notEqual(c.staff_login.password, a.staff_login.password);
    const old = await fetch(`${server.url}/2025-09/units?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(old.status, 401);
  });
});
