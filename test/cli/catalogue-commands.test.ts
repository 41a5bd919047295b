import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliStore, runCli, startServer, stop, type CliServer } from '../harness/cli-server.ts';
import { STORE } from '../harness/test-app.ts';

/**
 * `lockyard unit-types|units|coupons …` as an operator types them, while `lockyard start` runs (the command goes
 * through the server's admin API): what they print, the resource the API then shows, the event a subscribed
 * partner would get, and a refusal printed with its pointer.
 */
describe(`catalogue commands against a running server (${STORE})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockyard-catalogue-'));
  const store = cliStore(dir, { seeded: true });
  let args: string[];
  let server: CliServer;
  let op: string;
  let token: string;
  const api = async (path: string) =>
    (await fetch(`${server.url}/2025-09/${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as any;

  before(async () => {
    args = await store.args();
    server = await startServer(args);
    const creds = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8'));
    op = creds.operators[0].id;
    token = creds.operators[0].access_token;
  });
  after(async () => {
    if (server) await stop(server.child);
    rmSync(dir, { recursive: true, force: true });
    await store.drop();
  });

  test('unit-types create, units create, coupons create/update: printed ids the API shows, with their events', async () => {
    const site = (await api('sites?limit=1')).sites[0];
    const ut = await runCli([
      'unit-types',
      'create',
      '--operator',
      op,
      '--site',
      site.id,
      '--name',
      'CLI 45 sq ft',
      '--monthly',
      '7400',
      ...args,
    ]);
    assert.equal(ut.status, 0, ut.stderr);
    const [utId] = ut.stdout.trim().split(' ');
    assert.match(utId, /^utype_[0-9a-f]{16}$/);
    const shown = (await api(`unit_types/${utId}`)).unit_type;
    assert.equal(shown.name, 'CLI 45 sq ft');

    const unit = await runCli([
      'units',
      'create',
      '--operator',
      op,
      '--unit-type',
      utId,
      '--reference',
      'CLI-1',
      ...args,
    ]);
    assert.equal(unit.status, 0, unit.stderr);
    assert.match(unit.stdout, /^unit_[0-9a-f]{16} CLI-1 available\n$/);

    const dup = await runCli([
      'units',
      'create',
      '--operator',
      op,
      '--unit-type',
      utId,
      '--reference',
      'cli-1',
      ...args,
    ]);
    assert.notEqual(dup.status, 0);
    assert.match(dup.stderr, /\/reference_id: value at `\/reference_id` is already unit/);

    const coupon = await runCli([
      'coupons',
      'create',
      '--operator',
      op,
      '--name',
      'CLI 15',
      '--percent',
      '15',
      ...args,
    ]);
    assert.equal(coupon.status, 0, coupon.stderr);
    const [couponId] = coupon.stdout.trim().split(' ');
    const upd = await runCli(['coupons', 'update', couponId, '--operator', op, '--code', 'CLI15', '--public', ...args]);
    assert.equal(upd.status, 0, upd.stderr);
    const c = (await api(`coupons/${couponId}`)).coupon;
    assert.deepEqual([c.code, c.public, c.percent], ['CLI15', true, 15]);

    const events = await runCli(['events', 'list', '--operator', op, '--type', 'coupon.updated', ...args]);
    assert.equal(events.status, 0, events.stderr);
    assert.ok(events.stdout.includes('coupon.updated'), events.stdout);
  });
});
