import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, UNUSABLE_HASH, verifyPassword } from './passwords.ts';

test('a password verifies against its own hash only', async () => {
  const hash = await hashPassword('correct horse battery staple');
  assert.match(hash, /^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  assert.equal(await verifyPassword('correct horse battery staple', hash), true);
  assert.equal(await verifyPassword('correct horse battery stapler', hash), false);
  assert.notEqual(await hashPassword('correct horse battery staple'), hash, 'salted');
});

test('malformed and unusable hashes never verify', async () => {
  assert.equal(await verifyPassword('x', 'plain-text'), false);
  assert.equal(await verifyPassword('', UNUSABLE_HASH), false);
});
