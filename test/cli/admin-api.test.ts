import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { BIN, cliStore, runCli, startServer, stop, type CliServer } from '../harness/cli-server.ts';

/**
 * The CLI talks to the running server (issue 12): every data command works while `lockyard start` runs — on PGlite
 * the store is held by the server, so these would fail if the command opened it — through the admin API and the
 * credential in the data dir's server.json; with no server, it opens the store itself.
 */
describe('CLI commands against a running server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockyard-admin-'));
  const store = cliStore(dir, { seeded: true });
  let args: string[];
  let server: CliServer;
  let creds: any;
  before(async () => {
    args = await store.args();
    server = await startServer(args);
    creds = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8'));
  });
  after(async () => {
    if (server) await stop(server.child);
    rmSync(dir, { recursive: true, force: true });
    await store.drop();
  });

  test('start writes server.json, owner-only, with the URL and a fresh admin credential', () => {
    const file = join(dir, 'server.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const s = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(s.url, server.url);
    assert.equal(s.pid, server.child.pid);
    assert.match(s.admin_token, /^[A-Za-z0-9_-]{43}$/);
  });

  test('the admin API refuses a request without its credential (an API token is not one)', async () => {
    const none = await fetch(`${server.url}/_admin/apps.list`, { method: 'POST' });
    assert.equal(none.status, 401);
    const wrong = await fetch(`${server.url}/_admin/apps.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${creds.operators[0].access_token}` },
    });
    assert.equal(wrong.status, 401);
  });

  test('tokens create, events list, apps list/create/rotate-secret work while the server runs', async () => {
    const op = creds.operators[0].id;
    const made = await runCli(['tokens', 'create', '--operator', op, '--scopes', 'public.site:read', ...args]);
    assert.equal(made.status, 0, made.stderr);
    const token = made.stdout.trim();
    const h = { authorization: `Bearer ${token}` };
    assert.equal((await fetch(`${server.url}/2025-09/sites`, { headers: h })).status, 200);
    assert.equal((await fetch(`${server.url}/2025-09/units`, { headers: h })).status, 403);

    const bad = await runCli(['tokens', 'create', '--operator', 'op_missing', '--scopes', 'all', ...args]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /no operator with id op_missing/);

    const listed = await runCli(['events', 'list', '--limit', '2', ...args]);
    assert.equal(listed.status, 0, listed.stderr);
    assert.equal(listed.stdout.trim().split('\n').length, 2);
    assert.match(listed.stderr, /2 of \d+ event\(s\) for Acme Self Storage/);

    const app = await runCli([
      'apps',
      'create',
      '--partner',
      '--name',
      'CLI Partner',
      '--redirect-uri',
      'https://partner.example.com/cb',
      '--scopes',
      'public.site:read',
      ...args,
    ]);
    assert.equal(app.status, 0, app.stderr);
    const created = JSON.parse(app.stdout);
    const apps = await runCli(['apps', 'list', ...args]);
    assert.ok(apps.stdout.includes(created.client_id));
    const rotated = await runCli(['apps', 'rotate-secret', created.client_id, ...args]);
    assert.equal(rotated.status, 0, rotated.stderr);
    assert.notEqual(rotated.stdout.trim(), created.client_secret);
  });

  test('logs tail prints each request the server answers: method, path, status, duration, caller, request id', async () => {
    const tail = spawn(process.execPath, [BIN, 'logs', 'tail', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    tail.stdout!.on('data', (d) => (out += d));
    tail.stderr!.on('data', (d) => (err += d));
    try {
      const until = async (done: () => boolean) => {
        const deadline = performance.now() + 20_000;
        while (!done()) {
          if (performance.now() > deadline || tail.exitCode !== null) assert.fail(`${out}\n${err}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await until(() => err.includes('Tailing requests'));
      const res = await fetch(`${server.url}/2025-09/sites?limit=1`, {
        headers: { authorization: `Bearer ${creds.operators[0].access_token}` },
      });
      assert.equal(res.status, 200);
      const requestId = res.headers.get('x-request-id')!;
      await until(() => out.includes(requestId));
      const line = out.split('\n').find((l) => l.includes(requestId))!;
      assert.match(line, /GET +\/2025-09\/sites\?limit=1 +200 +\d+ ms +tok_[0-9a-f]{16} /);
      assert.ok(!out.includes('/_admin'), 'the admin API does not log itself');
    } finally {
      await stop(tail);
    }
  });

  test('--url with a wrong admin token is refused; after the server stops, commands open the store themselves', async () => {
    const refused = await runCli(['apps', 'list', '--url', server.url, '--admin-token', 'nope', ...args]);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /admin token/);
    assert.equal(await stop(server.child), 0);
    assert.equal(existsSync(join(dir, 'server.json')), false, 'a clean stop removes server.json');
    const listed = await runCli(['apps', 'list', ...args]);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /Demo Partner Integration/);
  });
});
