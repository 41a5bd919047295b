import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/kernel/clock.ts';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';

// Issue 8, defect 4 (docs/decisions/clock.md): security lifetimes run on real time, records on the operator's clock.
describe('two clocks: real time for credentials, operator time for records', () => {
  let t: TestApp;
  const start = Date.UTC(2026, 2, 2, 9, 0, 0);
  const real = new ManualClock(start);
  const DAY = 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  let expiring: string;
  let staff: BackofficeSession;

  before(async () => {
    t = await createTestApp({ clock: real });
    expiring = (
      await t.lockyard.services.tokens.create({
        operatorId: t.a.id,
        scopes: ['public.contact:write', 'public.contact:read'],
        expiresInSeconds: 3600,
      })
    ).token;
    const demo = t.creds as unknown as DemoLoginCredentials;
    staff = new BackofficeSession(t.lockyard.app);
    assert.equal((await staff.signIn(demo.staff_login.email, demo.staff_login.password)).status, 303);
  });
  after(() => t.close());

  const createContact = (email: string, headers: Record<string, string> = {}) =>
    t.post('/2025-09/contacts', { email, full_name: 'Two Clocks' }, { token: expiring, headers });

  test('advancing the sandbox clock two days moves record timestamps and expires no credential', async () => {
    const first = await createContact('before@example.com', { 'Idempotency-Key': 'two-clocks-1' });
    assert.equal(first.status, 201);
    assert.equal(first.body.contact.created_at, iso(start));
    assert.equal((await t.post('/sandbox/clock/advance', { seconds: 2 * 86400 })).status, 200);

    const after2days = await createContact('after@example.com');
    assert.equal(after2days.status, 201, 'a one-hour token is still valid: one hour of real time has not passed');
    assert.equal(after2days.body.contact.created_at, iso(start + 2 * DAY));
    const replay = await createContact('before@example.com', { 'Idempotency-Key': 'two-clocks-1' });
    assert.equal(replay.headers['idempotent-replayed'], 'true', 'idempotency keys are kept 24 h of real time');
    assert.equal(replay.body.contact.id, first.body.contact.id);
    assert.equal((await staff.get('/backoffice/settings/public-api')).status, 200, 'the staff session is still valid');
  });

  test('real time still expires tokens, idempotency keys and sessions', async () => {
    real.advance(3601_000);
    const expired = await createContact('late@example.com');
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error.code, 'invalid_token');
    assert.match(expired.body.error.message, /expired/);

    real.advance(DAY);
    // A different body under the same key would be refused (400) while the key is remembered.
    const rerun = await t.post(
      '/2025-09/contacts',
      { email: 'rerun@example.com', full_name: 'Two Clocks' },
      { headers: { 'Idempotency-Key': 'two-clocks-1' } },
    );
    assert.equal(rerun.status, 201, 'a key older than 24 h of real time is forgotten');
    assert.equal(rerun.headers['idempotent-replayed'], undefined);
    const signedOut = await staff.get('/backoffice/settings/public-api');
    assert.equal(signedOut.status, 303, 'a 12-hour staff session has ended');
  });
});
