import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliStore, startServer, stop, type CliServer } from '../harness/cli-server.ts';
import { postForm, signInOver } from '../harness/page-forms.ts';

/**
 * The first-run page (docs/decisions/onboarding.md): `start --production --seed none` on an empty store prints a
 * one-time setup code; /backoffice/setup creates the operator and its owner only with it, then closes.
 */
describe('first run without the demo seed', () => {
  const firstRunDir = mkdtempSync(join(tmpdir(), 'lockyard-first-run-'));
  const firstRunStore = cliStore(firstRunDir);
  const servers: CliServer[] = [];
  after(async () => {
    for (const s of servers) await stop(s.child);
    rmSync(firstRunDir, { recursive: true, force: true });
    await firstRunStore.drop();
  });

  test('start on an empty store: the first-run page, behind the code printed on the console', async () => {
    const args = await firstRunStore.args();
    // An empty store migrates on first start: slower than the seeded template other tests copy.
    const server = await startServer(['--production', '--seed', 'none', ...args], process.env, 150_000);
    servers.push(server);
    // The banner line, not the log line that says the code is on the console.
    const code = server.output().match(/\/backoffice\/setup with setup code (\S+)/)?.[1];
    assert.ok(code, server.output());
    const signIn = await fetch(`${server.url}/backoffice/sign-in`, { redirect: 'manual' });
    assert.equal(signIn.status, 303);
    assert.equal(signIn.headers.get('location'), '/backoffice/setup');

    const form = {
      name: 'Riverside Self Storage',
      currency: 'GBP',
      country: 'GB',
      time_zone: 'Europe/London',
      tax_rates_unit_type: '20',
      owner_name: 'Riley Owner',
      owner_email: 'riley@riverside.example.com',
      owner_password: 'riverside owner password',
    };
    const wrong = await postForm(server.url, '/backoffice/setup', { ...form, setup_code: 'guessed' });
    assert.equal(wrong.status, 403);
    assert.match(wrong.body, /does not match the code on the server’s console/);
    const done = await postForm(server.url, '/backoffice/setup', { ...form, setup_code: code });
    assert.equal(done.status, 303, done.body);
    assert.equal(done.location, '/backoffice/settings?done=setup');
    const closed = await fetch(`${server.url}/backoffice/setup`, { redirect: 'manual' });
    assert.equal(closed.status, 303, 'the page closes once an operator exists');
    assert.equal((await signInOver(server.url, form.owner_email, form.owner_password)).status, 303);
  });
});
