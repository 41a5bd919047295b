import { test } from 'node:test';
import assert from 'node:assert/strict';
import { creditNoteNumber, invoiceNumber } from './invoice-number.ts';

test('invoice numbers are the operator prefix and a padded sequence', () => {
  assert.equal(invoiceNumber('acme', 123), 'ACME-000123');
  assert.equal(invoiceNumber('harbour-storage', 1), 'HARBOURS-000001');
  assert.equal(invoiceNumber('acme', 1234567), 'ACME-1234567');
  assert.equal(creditNoteNumber('ACME-000123', 2), 'ACME-000123-CN-2');
});
