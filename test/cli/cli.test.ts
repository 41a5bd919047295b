import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STORE } from '../harness/test-app.ts';
import { BIN, cliStore, startServer, stop } from '../harness/cli-server.ts';

describe('lockyard command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockyard-cli-'));
  const store = cliStore(dir);
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await store.drop();
  });
  const storeArgs = () => store.args();

  test('start seeds the demo operators, prints URLs and tokens, serves the API, stops cleanly on SIGTERM', async () => {
    const server = await startServer(await storeArgs());
    try {
      const out = server.output();
      assert.match(out, /API: +http:\/\/localhost:\d+\/2025-09/);
      assert.match(out, /Back office: +http:\/\/localhost:\d+\/backoffice/);
      const creds = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8'));
      assert.equal(creds.operators[0].name, 'Acme Self Storage');
      assert.ok(out.includes(creds.operators[0].access_token));
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      const res = await fetch(`${server.url}/2025-09/units?status=available&limit=1`, {
        headers: { authorization: `Bearer ${creds.operators[0].access_token}` },
      });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as any).units.length, 1);
      if (STORE === 'pglite') {
        // one process per embedded data dir
        const second = spawnSync(process.execPath, [BIN, 'start', '--port', '0', '--data-dir', dir], {
          encoding: 'utf8',
          timeout: 60_000,
        });
        assert.notEqual(second.status, 0);
        assert.match(second.stderr, /in use by another Lockyard process/);
      }
    } finally {
      assert.equal(await stop(server.child), 0);
    }
    assert.match(server.output(), /SIGTERM received, shutting down/);
  });

  test('tokens create prints a token once, usable with exactly its scopes; the next start keeps the data', async () => {
    const args = await storeArgs();
    const creds = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8'));
    const made = spawnSync(
      process.execPath,
      [
        BIN,
        'tokens',
        'create',
        '--operator',
        creds.operators[0].id,
        '--scopes',
        'public.site:read',
        '--expires-in',
        '30d',
        ...args,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(made.status, 0, made.stderr);
    const token = made.stdout.trim();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.match(made.stderr, /expires 20\d\d-/);
    const bad = spawnSync(
      process.execPath,
      [BIN, 'tokens', 'create', '--operator', creds.operators[0].id, '--scopes', 'public.nope:read', ...args],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /unknown scope/);

    const server = await startServer(args);
    try {
      assert.doesNotMatch(server.output(), /Seeding/);
      const h = { authorization: `Bearer ${token}` };
      assert.equal((await fetch(`${server.url}/2025-09/sites`, { headers: h })).status, 200);
      assert.equal((await fetch(`${server.url}/2025-09/units`, { headers: h })).status, 403);
    } finally {
      await stop(server.child, 'SIGINT');
    }
  });
});
