import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliStore, runCli, startServer, stop, type CliServer } from '../harness/cli-server.ts';

const EXAMPLE = new URL('../../docs/fixtures/booking.yaml', import.meta.url).pathname;

/**
 * `lockyard fixtures apply` as a real process: the documented example against a running server (each step a real
 * API request, references resolved), bad files refused with the step and field named, and the store fallback.
 */
describe('lockyard fixtures apply and lockyard faults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockyard-fixtures-'));
  const store = cliStore(dir, { seeded: true });
  let args: string[];
  let server: CliServer | undefined;
  let acme: { id: string; access_token: string };
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const api = async (path: string) =>
    (
      await fetch(`${server!.url}/2025-09${path}`, { headers: { authorization: `Bearer ${acme.access_token}` } })
    ).json();

  before(async () => {
    args = await store.args();
    server = await startServer(args);
    acme = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8')).operators[0];
  });
  after(async () => {
    if (server) await stop(server.child);
    rmSync(dir, { recursive: true, force: true });
    await store.drop();
  });

  test('the documented example runs through the API of the running server and prints what it created', async () => {
    const email = `ada.${process.pid}@example.com`;
    const file = write('booking.yaml', readFileSync(EXAMPLE, 'utf8').replace('ada.lovelace@example.com', email));
    const run = await runCli(['fixtures', 'apply', file, '--operator', acme.id, '--json', ...args]);
    assert.equal(run.status, 0, run.stderr);
    const { steps } = JSON.parse(run.stdout);
    assert.deepEqual(
      steps.map((s: any) => s.name),
      ['types', 'ada', 'order', 'paid', 'tenancy', 'overlock', 'unlock', 'later', 'deal'],
    );
    const contactId = steps[1].created.contact;
    const orderId = steps[2].created.order;
    assert.match(contactId, /^con_/);
    assert.equal(steps[3].request, `POST /sandbox/orders/${orderId}/pay`);
    // What the steps made is there, for the operator, through the public API.
    const contacts = (await api(`/contacts?email=${encodeURIComponent(email)}`)).contacts;
    assert.deepEqual(
      contacts.map((c: any) => c.id),
      [contactId],
    );
    const order = (await api(`/orders/${orderId}`)).order;
    assert.equal(order.status, 'completed');
    assert.equal(order.contact.id, contactId);
    assert.equal(steps[4].created.tenancy, order.tenancy.id);
    assert.match(steps[8].created.deal, /^deal_/);
    // The default (table) output names each step and what it created.
    const again = write(
      'contact.json',
      JSON.stringify({
        fixtures: [{ name: 'bo', path: '/contacts', params: { email: `bo.${process.pid}@example.com` } }],
      }),
    );
    const table = await runCli(['fixtures', 'apply', again, ...args]);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /^bo {2}POST \/2025-09\/contacts {2}201 {2}contact con_[0-9a-f]+\n$/);
  });

  test('a bad file is refused before anything runs, naming the step and the field', async () => {
    const cases: Array<[string, string, RegExp]> = [
      [
        'unknown-ref.yaml',
        'fixtures:\n  - name: a\n    path: /contacts\n    params: { email: x@example.com }\n  - name: order\n    path: /orders\n    params:\n      contact: { id: "${nobody:id}" }\n',
        /fixtures\[1\] \(order\) \/params\/contact\/id: \$\{nobody:id\} names no earlier step \(earlier: a\)/,
      ],
      ['not-yaml.yaml', 'fixtures: [\n  - path: /contacts\n', /not valid YAML/],
      ['bad.json', '{"fixtures": [{"path": "contacts"}]}', /fixtures\[0\] \/path: an API path starting with \//],
      [
        'method.json',
        '{"fixtures": [{"path": "/contacts", "method": "launch"}]}',
        /fixtures\[0\] \/method: one of get, post/,
      ],
      ['key.json', '{"fixtures": [{"path": "/contacts", "body": {}}]}', /fixtures\[0\] \/body: unknown key/],
      [
        'dupe.json',
        '{"fixtures": [{"name": "a", "path": "/contacts"}, {"name": "a", "path": "/contacts"}]}',
        /fixtures\[1\] \(a\) \/name: "a" names an earlier step already/,
      ],
      [
        'odd-ref.json',
        '{"fixtures": [{"path": "/contacts/${a}"}]}',
        /fixtures\[0\] \/path: \$\{a\} is not a reference/,
      ],
    ];
    for (const [name, text, expected] of cases) {
      const run = await runCli(['fixtures', 'apply', write(name, text), ...args]);
      assert.equal(run.status, 1, `${name}: ${run.stdout}`);
      assert.match(run.stderr, expected, name);
      assert.equal(run.stdout, '');
    }
    const missing = await runCli(['fixtures', 'apply', join(dir, 'nope.yaml'), ...args]);
    assert.match(missing.stderr, /cannot read .*nope\.yaml: ENOENT/);
  });

  test('a step the API refuses stops the run: its field, the API error, and the steps already applied', async () => {
    const file = write(
      'refused.yaml',
      `fixtures:\n  - name: ok\n    path: /contacts\n    params: { email: ok.${process.pid}@example.com }\n  - name: dup\n    path: /contacts\n    params: { email: '\${ok:email}' }\n  - name: never\n    path: /contacts\n    params: { email: never.${process.pid}@example.com }\n`,
    );
    const run = await runCli(['fixtures', 'apply', file, '--operator', acme.id, ...args]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /fixtures\[1\] \(dup\) \/params: POST \/2025-09\/contacts answered 422 invalid_content/);
    assert.match(run.stderr, /\/params\/email: value at `\/email` has already been taken/);
    assert.match(
      run.stderr,
      /1 earlier step\(s\) were applied and stay:\nok {2}POST \/2025-09\/contacts {2}201 {2}contact con_/,
    );
    assert.deepEqual((await api(`/contacts?email=never.${process.pid}@example.com`)).contacts, []);
  });

  test('lockyard faults set|list|clear on the running server: the token’s next requests fail as set', async () => {
    const made = await runCli(['tokens', 'create', '--operator', acme.id, '--scopes', 'public.site:read', ...args]);
    assert.equal(made.status, 0, made.stderr);
    const token = made.stdout.trim();
    const tokenId = made.stderr.match(/token (tok_[0-9a-f]+)/)![1];
    const sites = () =>
      fetch(`${server!.url}/2025-09/sites?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    const set = await runCli([
      'faults',
      'set',
      tokenId,
      'rate_limit',
      '--every',
      '2',
      '--retry-after',
      '9',
      '--operator',
      acme.id,
      ...args,
    ]);
    assert.equal(set.status, 0, set.stderr);
    assert.match(
      set.stdout,
      new RegExp(`^flt_[0-9a-f]+  ${tokenId}  rate_limit +429, Retry-After 9 s; requests: every 2nd\\n$`),
    );
    const list = await runCli(['faults', 'list', '--operator', acme.id, ...args]);
    assert.equal(list.stdout, set.stdout);
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const res = await sites();
      statuses.push(res.status);
      if (res.status === 429) assert.equal(res.headers.get('retry-after'), '9');
    }
    assert.deepEqual(statuses, [200, 429, 200, 429]);
    const bad = await runCli([
      'faults',
      'set',
      tokenId,
      'server_error',
      '--status',
      '418',
      '--operator',
      acme.id,
      ...args,
    ]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /\/status: value at `\/status` must be one of 500, 502, 503, 504/);
    const cleared = await runCli(['faults', 'clear', '--target', tokenId, '--operator', acme.id, ...args]);
    assert.equal(cleared.stdout, 'cleared 1 fault\n');
    assert.equal((await sites()).status, 200);
    assert.equal((await sites()).status, 200);
  });

  test('with no server running, the CLI opens the store and applies the file itself', async () => {
    await stop(server!.child);
    server = undefined;
    const file = write(
      'offline.json',
      JSON.stringify({
        fixtures: [
          { name: 'cy', path: '/contacts', params: { email: `cy.${process.pid}@example.com`, full_name: 'Cy' } },
          { name: 'read', method: 'get', path: '/contacts/${cy:id}' },
          { name: 'clock', path: '/sandbox/clock/advance', params: { seconds: 60 } },
        ],
      }),
    );
    const run = await runCli(['fixtures', 'apply', file, '--operator', acme.id, '--json', ...args]);
    assert.equal(run.status, 0, run.stderr);
    const { steps } = JSON.parse(run.stdout);
    assert.equal(steps[1].request, `GET /2025-09/contacts/${steps[0].created.contact}`);
    assert.equal(steps[1].created.contact, steps[0].created.contact);
    assert.equal(steps[2].status, 200);
  });
});
