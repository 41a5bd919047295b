import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliStore, runCli, startServer, stop, type CliServer } from '../harness/cli-server.ts';
import { signInOver } from '../harness/page-forms.ts';

/**
 * Onboarding without the demo seed (docs/decisions/onboarding.md): `lockyard setup` and `lockyard staff create`
 * on a store with no server (the CLI opens it) and against a running server (admin API). The first-run page:
 * test/cli/first-run.test.ts.
 */
describe('lockyard setup and staff create', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockyard-setup-'));
  // The seeded template (already migrated, so each command opens it quickly); setup adds a third operator.
  const store = cliStore(dir, { seeded: true });
  const servers: CliServer[] = [];
  let operatorId: string;
  after(async () => {
    for (const s of servers) await stop(s.child);
    rmSync(dir, { recursive: true, force: true });
    await store.drop();
  });

  test('setup without a terminal needs its flags, and reports every bad one', async () => {
    const args = await store.args();
    const missing = await runCli(['setup', '--currency', 'GBP', ...args]);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /--operator-name is required \(no terminal to ask on\)/);

    const bad = await runCli([
      'setup',
      ...['--operator-name', 'Harbourside', '--currency', 'XYZ', '--time-zone', 'Nowhere/Land', '--country', 'IE'],
      ...['--tax-rate', 'unit_type=230', '--owner-email', 'not-an-email', '--owner-name', 'Niamh'],
      ...args,
    ]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /\/currency: must be an ISO 4217 currency code/);
    assert.match(bad.stderr, /\/time_zone: must be an IANA time zone/);
    assert.match(bad.stderr, /\/tax_rates\/unit_type: must be a percentage from 0 to 100/);
    assert.match(bad.stderr, /\/owner\/email: is not an email address/);
  });

  test('setup creates the operator and its owner with a generated password (no server: the store is opened)', async () => {
    const args = await store.args();
    const res = await runCli([
      'setup',
      ...['--operator-name', 'Harbourside Storage', '--currency', 'EUR', '--time-zone', 'Europe/Dublin'],
      ...['--country', 'IE', '--tax-rate', 'unit_type=23', '--tax-rate', 'product=23'],
      ...['--owner-email', 'Niamh@Harbourside.example.ie', '--owner-name', 'Niamh Kelly', '--json'],
      ...args,
    ]);
    assert.equal(res.status, 0, res.stderr);
    const out = JSON.parse(res.stdout);
    operatorId = out.operator.id;
    assert.match(operatorId, /^op/);
    assert.equal(out.operator.slug, 'harbourside-storage');
    assert.equal(out.operator.currency, 'EUR');
    assert.deepEqual(out.owner, {
      email: 'niamh@harbourside.example.ie',
      name: 'Niamh Kelly',
      role: 'owner',
      existing_login: false,
    });
    assert.match(out.owner_password, /^[A-Za-z0-9_-]{24}$/);
  });

  test('staff create works against a running server (its admin API), and the owner can sign in', async () => {
    const args = await store.args();
    const server = await startServer(['--seed', 'none', ...args]);
    servers.push(server);
    assert.doesNotMatch(server.output(), /First run/, 'an operator exists: no setup page');
    const res = await runCli([
      'staff',
      'create',
      ...['--operator', operatorId, '--email', 'desk@harbourside.example.ie', '--name', 'Front Desk'],
      ...['--role', 'staff', '--password', 'front desk password 1', '--json'],
      ...args,
    ]);
    assert.equal(res.status, 0, res.stderr);
    assert.deepEqual((({ email, role, existing_login }) => ({ email, role, existing_login }))(JSON.parse(res.stdout)), {
      email: 'desk@harbourside.example.ie',
      role: 'staff',
      existing_login: false,
    });
    const badRole = await runCli([
      'staff',
      'create',
      ...['--operator', operatorId, '--email', 'x@harbourside.example.ie', '--name', 'X', '--role', 'boss'],
      ...args,
    ]);
    assert.notEqual(badRole.status, 0);
    assert.match(badRole.stderr, /must be one of owner, manager, staff/);

    const signIn = await signInOver(server.url, 'desk@harbourside.example.ie', 'front desk password 1');
    assert.equal(signIn.status, 303);
    await stop(server.child);
  });
});
