import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isScope } from '../../kernel/scopes.ts';
import { EVENT_TYPES } from '../events/event-types.ts';
import { eventsBeyondScopes, readScopeOf } from './event-scopes.ts';

test('every event type maps to an existing read scope of its resource', () => {
  for (const type of EVENT_TYPES) assert.ok(isScope(readScopeOf(type)), `${type} → ${readScopeOf(type)}`);
  assert.equal(readScopeOf('contact.created'), 'public.contact:read');
  assert.equal(readScopeOf('unit_type.updated'), 'public.unit_type:read');
  assert.equal(readScopeOf('credit_note.created'), 'public.credit_note:read');
});

test('write scopes do not stand in for read: the events beyond a scope set are named with their index', () => {
  const scopes = new Set(['public.unit:read', 'public.contact:write', 'public.webhook_endpoint:write']);
  assert.deepEqual(eventsBeyondScopes(['unit.updated', 'contact.created', 'unit.reserved', 'invoice.paid'], scopes), [
    { index: 1, type: 'contact.created', scope: 'public.contact:read' },
    { index: 3, type: 'invoice.paid', scope: 'public.invoice:read' },
  ]);
});
