import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillContractBody } from './contract-body.ts';

test('placeholders are filled, unknown ones left as a blank to write on', () => {
  const body = 'Between {{ operator.name }} and {{contact.full_name}} for unit {{ unit.reference_id }}.';
  assert.equal(
    fillContractBody(body, { 'operator.name': 'Acme', 'contact.full_name': 'Jane Smith', 'unit.reference_id': null }),
    'Between Acme and Jane Smith for unit __________.',
  );
});
