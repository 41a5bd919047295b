import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCard } from './sandbox-cards.ts';

const now = new Date('2026-03-30T12:00:00Z');
const card = (over: Record<string, string> = {}) => ({
  name: 'Jane Smith',
  card_number: '4242 4242 4242 4242',
  expiry: '12/30',
  cvc: '123',
  ...over,
});

test('4242… succeeds; 4000 0000 0000 0002 is declined with a clear message; other numbers are not test cards', () => {
  assert.deepEqual(checkCard(card(), now), {
    ok: true,
    last4: '4242',
    brand: 'visa',
    number: '4242424242424242',
    later: 'succeeds',
  });
  // Pays now, and what goes on file declines every later charge.
  assert.deepEqual(checkCard(card({ card_number: '4000 0000 0000 0341' }), now), {
    ok: true,
    last4: '0341',
    brand: 'visa',
    number: '4000000000000341',
    later: 'fails',
  });
  const declined = checkCard(card({ card_number: '4000 0000 0000 0002' }), now);
  assert.equal(declined.ok, false);
  assert.match((declined as { message: string }).message, /declined/);
  assert.match(
    (checkCard(card({ card_number: '5555555555554444' }), now) as { message: string }).message,
    /test card 4242/,
  );
});

test('expiry: this month is still valid, last month has expired; name and CVC required', () => {
  assert.equal(checkCard(card({ expiry: '03/26' }), now).ok, true);
  assert.deepEqual(checkCard(card({ expiry: '02/26' }), now), {
    ok: false,
    field: 'expiry',
    message: 'This card has expired. Use another card.',
  });
  assert.equal((checkCard(card({ expiry: '13/26' }), now) as { field: string }).field, 'expiry');
  assert.equal((checkCard(card({ cvc: '12' }), now) as { field: string }).field, 'cvc');
  assert.equal((checkCard(card({ name: ' ' }), now) as { field: string }).field, 'name');
});
