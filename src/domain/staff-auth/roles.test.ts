import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../../kernel/errors.ts';
import { assertRole, isStaffRole, roleAtLeast } from './roles.ts';

test('owner ⊃ manager ⊃ staff', () => {
  assert.ok(roleAtLeast('owner', 'manager') && roleAtLeast('owner', 'staff') && roleAtLeast('manager', 'staff'));
  assert.ok(roleAtLeast('staff', 'staff') && roleAtLeast('manager', 'manager'));
  assert.ok(!roleAtLeast('staff', 'manager') && !roleAtLeast('manager', 'owner') && !roleAtLeast('staff', 'owner'));
});

test('a missing role is a forbidden error naming the role needed and the one held', () => {
  assert.throws(
    () => assertRole('staff', 'manager'),
    (e: unknown) => e instanceof DomainError && e.code === 'forbidden' && /manager role.*as staff/.test(e.message),
  );
  assert.doesNotThrow(() => assertRole('owner', 'owner'));
});

test('only the three role names are roles', () => {
  assert.ok(isStaffRole('manager'));
  for (const v of ['Owner', 'admin', '', null, 3]) assert.ok(!isStaffRole(v));
});
