import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { missingVariables, renderMessage } from './timeline-message.ts';
import { DomainError } from '../../kernel/errors.ts';

const DEAL =
  "moved deal '{{ deal_name }}' from {{ previous_state }} to {{ new_state }}{% if global_context %} for {{ contact }}{% endif %}.";

describe('timeline messages', () => {
  test('renders for the contact timeline and for a global feed', () => {
    const out = renderMessage(
      'aetpl_1',
      DEAL,
      { deal_name: '10x10', previous_state: 'Qualified', new_state: 'Negotiation' },
      { contact: 'Ada' },
    );
    assert.equal(out.message, "moved deal '10x10' from Qualified to Negotiation.");
    assert.equal(out.globalMessage, "moved deal '10x10' from Qualified to Negotiation for Ada.");
  });

  test('names every missing variable, and a missing contact', () => {
    const problems = missingVariables('aetpl_1', DEAL, { deal_name: 'x' }, { contact: null });
    assert.deepEqual(
      problems.map((p) => p.pointer),
      ['/variables/previous_state', '/variables/new_state', '/contact'],
    );
    assert.match(problems[0].message, /missing `previous_state`, which template aetpl_1 uses/);
    assert.throws(
      () => renderMessage('aetpl_1', DEAL, {}, { contact: 'Ada' }),
      (e: unknown) => e instanceof DomainError && e.code === 'invalid_content',
    );
  });

  test('no code runs: values are data, filters work, prototype properties are not reachable', () => {
    const out = renderMessage(
      't',
      '{{ a | upcase }} {{ b }}',
      { a: '{{ 7 | plus: 1 }}', b: '<script>x</script>' },
      { contact: null },
    );
    assert.equal(out.message, '{{ 7 | PLUS: 1 }} <script>x</script>');
    // Own properties only: reaching for the prototype is an undefined variable, refused as unrenderable.
    assert.throws(
      () => renderMessage('t', '[{{ a.constructor }}]', { a: 'x' }, { contact: null }),
      (e: unknown) => e instanceof DomainError && e.details[0].pointer === '/template/id',
    );
  });
});
