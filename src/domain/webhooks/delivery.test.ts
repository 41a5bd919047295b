import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { retryDelayMs } from './delivery.ts';
import { signatureHeader } from './signature.ts';

test('retry delays follow the guide and stop after the sixth retry', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(retryDelayMs), [60e3, 300e3, 1800e3, 7200e3, 21600e3, 43200e3]);
  assert.equal(retryDelayMs(7), null);
});

test('the signature is the hex HMAC of "<t>.<body>" keyed with the secret string', () => {
  const header = signatureHeader('s3cret', '{"a":1}', 1700000000);
  const expected = createHmac('sha256', 's3cret').update('1700000000.{"a":1}').digest('hex');
  assert.equal(header, `t=1700000000,v1=${expected}`);
});
