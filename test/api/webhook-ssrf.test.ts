import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';
import type { Resolver } from '../../src/kernel/net/address-guard.ts';

// Issue 8, defect 9. Only 127.0.0.1 is ever connected to: private ranges are tested by validation and by the
// resolver check, which refuses before any socket is opened.

/** A resolver the tests control: the DNS answers an attacker would arrange (rebinding to internal addresses). */
const answers: Record<string, string[]> = {
  'rebind.test': ['127.0.0.1'],
  'internal.test': ['10.0.0.7'],
  'metadata.test': ['169.254.169.254'],
  'mapped.test': ['::ffff:127.0.0.1'],
  'mixed.test': ['93.184.216.34', '10.1.2.3'],
};
const resolve: Resolver = async (hostname) => {
  const list = answers[hostname];
  if (!list) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

/** A TCP listener on 127.0.0.1 that counts connections and answers like an SSH server (not HTTP). */
async function tcpListener(banner: string | null) {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    if (banner) socket.write(banner);
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const l = await tcpListener(null);
  await l.close();
  return l.port;
}

async function emitUnitTypeUpdated(t: TestApp, n: number) {
  const unitTypeId = (await t.get('/2025-09/unit_types?limit=1')).body.unit_types[0].id;
  assert.equal(
    (await t.post(`/2025-09/unit_types/${unitTypeId}/base_price`, { monthly: { amount: 1000 + n } })).status,
    200,
  );
}

async function createEndpoint(t: TestApp, url: string) {
  return t.post('/2025-09/webhook_endpoints', {
    name: 'ssrf',
    api_version: '2025-09',
    url,
    event_types: ['unit_type.updated'],
  });
}

async function onlyAttempt(t: TestApp, endpointId: string) {
  const res = await t.get(`/sandbox/webhook_endpoints/${endpointId}/deliveries`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.deliveries.length, 1);
  assert.equal(res.body.deliveries[0].attempts.length, 1);
  return res.body.deliveries[0].attempts[0];
}

const REFUSED_URLS = [
  'https://127.0.0.1/hook',
  'https://127.1/hook',
  'https://0x7f000001/hook',
  'https://2130706433/hook',
  'https://localhost/hook',
  'https://api.localhost/hook',
  'https://[::1]/hook',
  'https://[::ffff:127.0.0.1]/hook',
  'https://[::ffff:10.0.0.1]/hook',
  'https://10.0.0.1/hook',
  'https://172.16.5.4/hook',
  'https://172.31.255.255/hook',
  'https://192.168.1.1/hook',
  'https://[fd00::1]/hook',
  'https://100.64.0.1/hook',
  'https://0.0.0.0/hook',
  'https://169.254.169.254/latest/meta-data/',
  'https://[fe80::1]/hook',
  'https://metadata.google.internal/computeMetadata/v1/',
];

describe(`webhook SSRF guard in production mode (${STORE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ sandbox: false, webhookNetwork: { resolve } });
    t.lockyard.engines.delivery.timeoutMs = 1500;
  });
  after(() => t.close());

  test('create and update refuse loopback, private, shared, link-local and metadata addresses with a pointer to /url', async () => {
    for (const url of REFUSED_URLS) {
      const res = await createEndpoint(t, url);
      assert.equal(res.status, 422, `${url}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'invalid_content');
      assert.deepEqual(
        res.body.error.details.map((d: any) => d.pointer),
        ['/url'],
        url,
      );
      assert.match(res.body.error.details[0].message, /may not reach/);
    }
    const ok = await createEndpoint(t, 'https://hooks.example.com/lockyard');
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal((await createEndpoint(t, 'https://172.32.0.1/hook')).status, 201, 'just outside 172.16/12 is public');
    for (const url of ['https://169.254.169.254/', 'https://[::1]:8443/', 'https://192.168.0.10/']) {
      const res = await t.patch(`/2025-09/webhook_endpoints/${ok.body.endpoint.id}`, { url });
      assert.equal(res.status, 422, url);
      assert.equal(res.body.error.details[0].pointer, '/url');
    }
  });

  test('connect time: a hostname that resolves to a refused address is never connected to (DNS rebinding)', async () => {
    const listener = await tcpListener('SSH-2.0-OpenSSH_9.6\r\n');
    try {
      const hosts = ['rebind.test', 'mapped.test', 'internal.test', 'metadata.test', 'mixed.test'];
      const ids: string[] = [];
      for (const host of hosts) {
        const res = await createEndpoint(t, `https://${host}:${listener.port}/hook`);
        assert.equal(res.status, 201, `${host} passes validation: it is a name`);
        ids.push(res.body.endpoint.id);
      }
      await emitUnitTypeUpdated(t, 1);
      await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
      for (const [i, id] of ids.entries()) {
        const attempt = await onlyAttempt(t, id);
        assert.equal(attempt.error, 'refused: the URL resolves to an address webhooks may not reach', hosts[i]);
        assert.equal(attempt.status_code, null);
        assert.equal(attempt.response_snippet, null);
      }
      assert.equal(listener.connections(), 0, 'nothing reached the listener on 127.0.0.1');
      for (const id of ids) await t.del(`/2025-09/webhook_endpoints/${id}`);
    } finally {
      await listener.close();
    }
  });
});

describe(`webhook SSRF guard: the operator allow-list (${STORE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ sandbox: false, webhookNetwork: { resolve, allow: ['127.0.0.1/32'] } });
    t.lockyard.engines.delivery.timeoutMs = 1500;
  });
  after(() => t.close());

  test('allow-listed internal addresses are accepted and connected to; others stay refused', async () => {
    const listener = await tcpListener('SSH-2.0-OpenSSH_9.6\r\n');
    try {
      const literal = await createEndpoint(t, `https://127.0.0.1:${listener.port}/hook`);
      assert.equal(literal.status, 201, JSON.stringify(literal.body));
      const named = await createEndpoint(t, `https://rebind.test:${listener.port}/hook`);
      assert.equal(named.status, 201);
      assert.equal((await createEndpoint(t, 'https://10.0.0.1/hook')).status, 422, 'only what is listed');
      assert.equal((await createEndpoint(t, 'https://[::1]/hook')).status, 422);
      const internal = await createEndpoint(t, `https://internal.test:${listener.port}/hook`);
      await emitUnitTypeUpdated(t, 2);
      await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
      assert.equal(listener.connections(), 2, 'the literal and the name resolving to 127.0.0.1 both connected');
      // A TLS handshake answered by a non-HTTP, non-TLS service: one generic line.
      assert.equal((await onlyAttempt(t, literal.body.endpoint.id)).error, 'connection failed: no HTTP response');
      assert.equal((await onlyAttempt(t, named.body.endpoint.id)).error, 'connection failed: no HTTP response');
      assert.match((await onlyAttempt(t, internal.body.endpoint.id)).error, /^refused/);
    } finally {
      await listener.close();
    }
  });
});

describe(`webhook delivery log in sandbox mode (${STORE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ webhookNetwork: { resolve } });
    t.lockyard.engines.delivery.timeoutMs = 1500;
  });
  after(() => t.close());

  test('loopback stays allowed; private, link-local and metadata addresses are refused in the sandbox too', async () => {
    for (const url of ['http://localhost:3000/h', 'http://127.0.0.1:9/h', 'http://[::1]:9/h', 'https://127.0.0.1/h']) {
      assert.equal((await createEndpoint(t, url)).status, 201, url);
    }
    for (const url of [
      'https://10.0.0.1/h',
      'https://169.254.169.254/h',
      'https://[fd00::1]/h',
      'https://192.168.1.1/h',
    ]) {
      const res = await createEndpoint(t, url);
      assert.equal(res.status, 422, url);
      assert.equal(res.body.error.details[0].pointer, '/url');
    }
    const list = await t.get('/2025-09/webhook_endpoints?limit=100');
    for (const e of list.body.endpoints) await t.del(`/2025-09/webhook_endpoints/${e.id}`);
  });

  test('a closed port and a non-HTTP service leave the same generic line in the log, never the reply', async () => {
    const ssh = await tcpListener('SSH-2.0-OpenSSH_9.6 secret-banner\r\n');
    const closed = await closedPort();
    try {
      const toService = await createEndpoint(t, `http://127.0.0.1:${ssh.port}/hook`);
      const toClosed = await createEndpoint(t, `http://127.0.0.1:${closed}/hook`);
      await emitUnitTypeUpdated(t, 3);
      await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
      assert.equal(ssh.connections(), 1);
      const a = await onlyAttempt(t, toService.body.endpoint.id);
      const b = await onlyAttempt(t, toClosed.body.endpoint.id);
      for (const attempt of [a, b]) {
        assert.equal(attempt.error, 'connection failed: no HTTP response');
        assert.equal(attempt.status_code, null);
        assert.equal(attempt.response_snippet, null);
      }
      const log = await t.get(`/sandbox/webhook_endpoints/${toService.body.endpoint.id}/deliveries`);
      assert.doesNotMatch(log.text, /SSH|secret-banner/);
      // A name resolving to a private address is refused in the sandbox too.
      const internal = await createEndpoint(t, `https://internal.test:${ssh.port}/hook`);
      await emitUnitTypeUpdated(t, 4);
      await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
      const last = (await t.get(`/sandbox/webhook_endpoints/${internal.body.endpoint.id}/deliveries`)).body
        .deliveries[0].attempts[0];
      assert.match(last.error, /^refused/);
    } finally {
      await ssh.close();
    }
  });
});
