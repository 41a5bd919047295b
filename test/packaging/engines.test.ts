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
