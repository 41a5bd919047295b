import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressCategory, addressPolicy, ADDRESS_REFUSED, guardedLookup, hostCategory } from './address-guard.ts';

const production = addressPolicy({ sandbox: false });
const sandbox = addressPolicy({ sandbox: true });
const allowing = addressPolicy({ sandbox: false, allow: ['10.20.0.0/16', '127.0.0.1'] });

test('addresses webhooks may not reach, by category, in production and in the sandbox', () => {
  const table: Array<[string, string | null, string | null]> = [
    ['127.0.0.1', 'loopback', null],
    ['127.255.0.9', 'loopback', null],
    ['::1', 'loopback', null],
    ['::ffff:127.0.0.1', 'loopback', null],
    ['::ffff:7f00:1', 'loopback', null],
    ['10.0.0.1', 'private', 'private'],
    ['172.16.0.1', 'private', 'private'],
    ['172.31.255.254', 'private', 'private'],
    ['192.168.0.1', 'private', 'private'],
    ['fd00::1', 'private', 'private'],
    ['::ffff:10.0.0.1', 'private', 'private'],
    ['64:ff9b::a00:1', 'private', 'private'],
    ['2002:c0a8:101::', 'private', 'private'],
    ['100.64.0.1', 'shared', 'shared'],
    ['0.0.0.0', 'unspecified', 'unspecified'],
    ['::', 'unspecified', 'unspecified'],
    ['169.254.1.1', 'link-local', 'link-local'],
    ['fe80::1%eth0', 'link-local', 'link-local'],
    ['169.254.169.254', 'metadata', 'metadata'],
    ['fd00:ec2::254', 'metadata', 'metadata'],
    ['224.0.0.1', 'multicast', 'multicast'],
    ['172.32.0.1', null, null],
    ['93.184.216.34', null, null],
    ['2606:4700:4700::1111', null, null],
    ['::ffff:93.184.216.34', null, null],
  ];
  for (const [address, inProduction, inSandbox] of table) {
    assert.equal(addressCategory(address, production), inProduction, `${address} in production`);
    assert.equal(addressCategory(address, sandbox), inSandbox, `${address} in the sandbox`);
  }
});

test('the allow-list opens exactly its ranges, whatever form the address takes', () => {
  assert.equal(addressCategory('10.20.3.4', allowing), null);
  assert.equal(addressCategory('::ffff:10.20.3.4', allowing), null);
  assert.equal(addressCategory('10.21.0.1', allowing), 'private');
  assert.equal(addressCategory('127.0.0.1', allowing), null);
  assert.equal(addressCategory('127.0.0.2', allowing), 'loopback');
  assert.throws(() => addressPolicy({ sandbox: false, allow: ['hooks.internal'] }), /not an IP address or CIDR/);
  assert.throws(() => addressPolicy({ sandbox: false, allow: ['10.0.0.0/33'] }), /not an IP address or CIDR/);
});

test('hosts: literals are classified, reserved names refused, other names left to connect time', () => {
  assert.equal(hostCategory('localhost', production), 'loopback');
  assert.equal(hostCategory('LocalHost.', production), 'loopback');
  assert.equal(hostCategory('app.localhost', sandbox), null);
  assert.equal(hostCategory('metadata.google.internal', sandbox), 'metadata');
  assert.equal(hostCategory('[::1]', production), 'loopback');
  assert.equal(hostCategory('hooks.example.com', production), null);
});

test('the socket lookup refuses when any resolved address is refused, and returns what it checked', async () => {
  const answers: Record<string, string[]> = {
    public: ['93.184.216.34'],
    rebound: ['127.0.0.1'],
    mixed: ['93.184.216.34', '10.0.0.1'],
  };
  const lookup = guardedLookup(production, async (h) => answers[h].map((address) => ({ address, family: 4 })));
  const call = (host: string, all: boolean) =>
    new Promise<{ err: NodeJS.ErrnoException | null; result: unknown }>((resolve) =>
      lookup(
        host,
        { all } as never,
        ((err: NodeJS.ErrnoException | null, address: unknown) => resolve({ err, result: address })) as never,
      ),
    );
  assert.deepEqual(await call('public', false), { err: null, result: '93.184.216.34' });
  assert.deepEqual((await call('public', true)).result, [{ address: '93.184.216.34', family: 4 }]);
  for (const host of ['rebound', 'mixed']) assert.equal((await call(host, true)).err?.code, ADDRESS_REFUSED, host);
});
