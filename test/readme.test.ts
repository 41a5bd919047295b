// README "Build an integration": the files it shows, written out as they are and run against a real Lockyard, with
// `@lockyard/stora` resolved the way `npm install` would (node_modules/@lockyard/stora → packages/sdk).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createListeningApp, freePort, type ListeningApp } from './harness/listening-app.ts';
import { consent, signedInStaff } from './harness/oauth-consent.ts';
import { SCOPES } from '../src/kernel/scopes.ts';

const root = join(import.meta.dirname, '..');

function section(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('## Build an integration');
  return readme.slice(start, readme.indexOf('\n## ', start + 1));
}

describe('README: Build an integration', () => {
  let t: ListeningApp;
  let dir: string;
  let server: Server | undefined;
  const files = new Map<string, string>();

  before(async () => {
    for (const [, code] of section().matchAll(/```js\n([\s\S]*?)```/g))
      files.set(code.match(/^\/\/ (\S+\.mjs)/)![1], code);
    dir = mkdtempSync(join(tmpdir(), 'lockyard-readme-'));
    mkdirSync(join(dir, 'node_modules', '@lockyard'), { recursive: true });
    symlinkSync(join(root, 'packages', 'sdk'), join(dir, 'node_modules', '@lockyard', 'stora'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    for (const [name, code] of files) writeFileSync(join(dir, name), code);
    t = await createListeningApp();
  });
  after(async () => {
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('shows the install and app registration commands, and the three files', () => {
    const sh = section().match(/```sh\n([\s\S]*?)```/)![1];
    assert.match(sh, /^npm install @lockyard\/stora$/m);
    assert.match(
      sh,
      /^npx lockyard apps create --partner .*--redirect-uri http:\/\/localhost:3000\/callback --scopes all$/m,
    );
    assert.deepEqual([...files.keys()], ['connect.mjs', 'book.mjs', 'webhooks.mjs']);
  });

  test('connect, book and verify the order.completed webhook, as written', async () => {
    // What `npx lockyard apps create --partner … --scopes all` does, on this test's store.
    const { application, clientSecret } = await t.lockyard.services.oauth.applications.createPartner({
      name: 'My App',
      redirectUris: ['http://localhost:3000/callback'],
      scopes: [...SCOPES],
    });
    Object.assign(process.env, {
      STORA_URL: t.baseUrl,
      STORA_CLIENT_ID: application.clientId,
      STORA_CLIENT_SECRET: clientSecret,
    });
    const load = (name: string) => import(pathToFileURL(join(dir, name)).href);
    const connect = await load('connect.mjs');
    const { book } = await load('book.mjs');
    const webhooks = await load('webhooks.mjs');

    const pending = await connect.startConnect();
    const db: { tokens?: unknown } = {};
    await connect.finishConnect(await consent(await signedInStaff(t), pending.url, t.a.id), pending, db);
    assert.ok(db.tokens);
    const stora = connect.storaFor(db);

    const port = await freePort();
    const secret = await webhooks.subscribe(stora, `http://127.0.0.1:${port}/hooks`);
    const completed: Array<{ id: string; status: string }> = [];
    server = webhooks.webhookServer(secret, (order: { id: string; status: string }) => completed.push(order)) as Server;
    await new Promise<void>((r) => server!.listen(port, '127.0.0.1', r));

    const order = await book(stora, `readme-${Date.now()}@example.com`);
    assert.equal(order.status, 'finalized');
    assert.ok(order.payment_url.startsWith(`${t.baseUrl}/checkout/`));
    // The customer pays at the hosted checkout (here: the sandbox's card 4242 shortcut).
    assert.equal((await t.post(`/sandbox/orders/${order.id}/pay`, {})).status, 200);

    const deadline = Date.now() + 20_000;
    while (!completed.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(
      completed.map((o) => [o.id, o.status]),
      [[order.id, 'completed']],
    );

    const forged = await fetch(`http://127.0.0.1:${port}/hooks`, {
      method: 'POST',
      body: '{"event":{}}',
      headers: { 'x-stora-signature': 't=1,v1=00' },
    });
    assert.equal(forged.status, 400);
  });
});
