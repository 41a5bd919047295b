import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../kernel/errors.ts';
import { applyMetadataPatch, metadataForCreate } from './metadata.ts';

test('merge-patch follows the guide’s example', () => {
  const before = metadataForCreate({ source: 'zapier', external_id: 'abc_123' });
  assert.deepEqual(applyMetadataPatch(before, { source: 'make', external_id: null }), { source: 'make' });
});

test('{} clears, undefined keeps', () => {
  assert.deepEqual(applyMetadataPatch({ a: '1' }, {}), {});
  assert.deepEqual(applyMetadataPatch({ a: '1' }, undefined), { a: '1' });
});

for (const [name, input, pointer] of [
  ['uppercase key', { Bad: 'x' }, '/metadata/Bad'],
  ['long key', { ['k'.repeat(41)]: 'x' }, `/metadata/${'k'.repeat(41)}`],
  ['non-string value', { n: 1 }, '/metadata/n'],
  ['long value', { v: 'x'.repeat(501) }, '/metadata/v'],
  ['21 keys', Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])), '/metadata'],
] as const) {
  test(`rejects ${name} with a pointer`, () => {
    assert.throws(
      () => metadataForCreate(input),
      (err: unknown) =>
        err instanceof DomainError && err.code === 'invalid_content' && err.details[0].pointer === pointer,
    );
  });
}

test('a patch may not push past 20 keys', () => {
  const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'v']));
  assert.throws(() => applyMetadataPatch(twenty, { extra: 'v' }), DomainError);
  assert.deepEqual(Object.keys(applyMetadataPatch(twenty, { k0: null, extra: 'v' })).length, 20);
});
