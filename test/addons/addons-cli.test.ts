import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STORE } from '../harness/test-app.ts';
import { cliStore, runCli, startServer, stop } from '../harness/cli-server.ts';

/** `lockyard addons …` end to end against a running server: the definition file with a webtask path beside it. */
describe('lockyard addons (command line)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockyard-addons-cli-'));
  const store = cliStore(dir, { seeded: true });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await store.drop();
  });

  test('create --definition FILE, install --json, enable refused until configured, configure, enable, pause, disable, list', async () => {
    const args = await store.args();
    writeFileSync(
      join(dir, 'installed.js'),
      `export default async function ({ api }) { await api.ensureCustomField('unit', { code: 'gate_id', title: 'Gate' }); }`,
    );
    writeFileSync(
      join(dir, 'addon.json'),
      JSON.stringify({
        name: 'Gate Co',
        description: 'Gates.',
        setupInstructions: 'Enter the key.',
        level: 'operator',
        webhookUrl: 'https://gates.example.com/hook',
        events: ['job.unit_moveIn.completed'],
        customFields: [{ code: 'gate_key', title: 'Key', type: 'string', required: true, secret: true }],
        webtasks: { installed: './installed.js' },
      }),
    );
    const server = await startServer(args);
    try {
      const creds = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8'));
      const operator = creds.operators[1].id;
      const created = await runCli(['addons', 'create', '--definition', join(dir, 'addon.json'), '--json', ...args]);
      assert.equal(created.status, 0, created.stderr);
      const def = JSON.parse(created.stdout);
      assert.match(def.id, /^addon_[0-9a-f]{24}$/);
      assert.deepEqual(def.webtasks, ['installed']);
      const bad = await runCli(['addons', 'create', '--definition', join(dir, 'installed.js'), ...args]);
      assert.notEqual(bad.status, 0);

      const installed = await runCli(['addons', 'install', def.id, '--operator', operator, '--json', ...args]);
      assert.equal(installed.status, 0, installed.stderr);
      const out = JSON.parse(installed.stdout);
      assert.deepEqual(Object.keys(out), ['addonId', 'apiKey', 'signatureSecret', 'apiUrl', 'state']);
      assert.equal(out.state, 'paused');
      assert.match(out.apiUrl, /\/api$/);
      assert.match(installed.stderr, /not shown again/);

      const refused = await runCli(['addons', 'enable', out.addonId, ...args]);
      assert.notEqual(refused.status, 0);
      assert.match(refused.stderr, /gate_key/);
      const configured = await runCli(['addons', 'configure', out.addonId, '--set', 'gate_key=s3cret-gate', ...args]);
      assert.equal(configured.status, 0, configured.stderr);
      assert.ok(!configured.stdout.includes('s3cret-gate'));
      for (const [verb, state] of [
        ['enable', 'enabled'],
        ['pause', 'paused'],
        ['disable', 'disabled'],
      ]) {
        const r = await runCli(['addons', verb!, out.addonId, ...args]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, `${out.addonId} ${state}\n`);
      }
      const listed = await runCli(['addons', 'list', '--operator', operator, ...args]);
      assert.equal(listed.stdout, `${out.addonId}  disabled  Gate Co\n`);
      // The add-on's own view is refused while disabled.
      const self = await fetch(`${server.url}/api/v1/admin/addons/${out.addonId}`, {
        headers: { authorization: `Addon ${out.addonId}|${out.apiKey}` },
      });
      assert.equal(self.status, 403);
      if (STORE === 'pglite') assert.equal(statSync(join(dir, 'secrets.key')).mode & 0o777, 0o600);
    } finally {
      await stop(server.child);
    }
  });
});
