import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { STORE } from '../harness/test-app.ts';

const BIN = new URL('../../bin/lockyard.js', import.meta.url).pathname;

/** Starts `lockyard start` and resolves once it prints that it is running. */
function startServer(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ child: ChildProcess; output: () => string; url: string }> {
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      const m = out.match(/running \([^)]*\) on (http:\/\/[\d.:]+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, output: () => out, url: m[1] });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${out}`));
    });
  });
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

describe('lockyard command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockyard-cli-'));
  let dbName: string | undefined;
  const pgUrl = process.env.TEST_DATABASE_URL;
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (dbName && pgUrl) {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await c.end();
    }
  });

  const storeArgs = async (): Promise<string[]> => {
    if (STORE !== 'postgres') return ['--data-dir', dir];
    if (!dbName) {
      dbName = `cli_${randomBytes(5).toString('hex')}`;
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`CREATE DATABASE "${dbName}"`);
      await c.end();
    }
    const u = new URL(pgUrl!);
    u.pathname = `/${dbName}`;
    return ['--data-dir', dir, '--database-url', u.toString()];
  };

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
        const second = spawnSync(process.execPath, [BIN, 'start', '--port', '0', '--data-dir', dir], { encoding: 'utf8', timeout: 60_000 });
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
      [BIN, 'tokens', 'create', '--operator', creds.operators[0].id, '--scopes', 'public.site:read', '--expires-in', '30d', ...args],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(made.status, 0, made.stderr);
    const token = made.stdout.trim();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.match(made.stderr, /expires 20\d\d-/);
    const bad = spawnSync(process.execPath, [BIN, 'tokens', 'create', '--operator', creds.operators[0].id, '--scopes', 'public.nope:read', ...args], {
      encoding: 'utf8',
      timeout: 60_000,
    });
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
