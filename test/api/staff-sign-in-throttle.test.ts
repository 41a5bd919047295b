import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import { staffLoginsService } from '../../src/domain/staff-auth/staff-logins.service.ts';

// Issue 8, defect 10: five wrong passwords from anywhere used to lock the real user out for 15 minutes.
describe('staff sign-in throttling: per address and per account with backoff, no lock an attacker can hold', () => {
  let t: TestApp;
  const PASSWORD = 'the real users password';
  let n = 0;

  async function newUser() {
    const user = await t.lockyard.services.staffLogins.createUser({
      email: `victim${++n}@lockyard.test`,
      name: 'Victim',
      password: PASSWORD,
    });
    await t.lockyard.services.staffLogins.addMembership(user.id, t.a.id, null);
    return user;
  }
  const from = (ip: string) => new BackofficeSession(t.lockyard.app, ip);

  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('wrong passwords from an attacker’s address do not keep the real user out', async () => {
    const victim = await newUser();
    const attacker = from('203.0.113.66');
    for (let i = 0; i < 5; i++) assert.equal((await attacker.signIn(victim.email, `guess ${i} of many`)).status, 401);
    const slowed = await attacker.signIn(victim.email, 'guess 6 of many');
    assert.equal(slowed.status, 429, 'the attacker’s address waits');
    assert.match(slowed.body, /Too many failed sign-in attempts\. Try again in \d+ seconds/);
    assert.ok(Number(slowed.headers['retry-after']) > 0);

    const real = from('198.51.100.7');
    const res = await real.signIn(victim.email, PASSWORD);
    assert.equal(res.status, 303, res.body);
    assert.ok(real.cookie('lockyard_session'));
  });

  test('many addresses guessing one account slow strangers down, not an address the user signed in from before', async () => {
    const victim = await newUser();
    const home = from('198.51.100.20');
    assert.equal((await home.signIn(victim.email, PASSWORD)).status, 303);
    for (let i = 0; i < 10; i++)
      assert.equal((await from(`203.0.113.${100 + i}`).signIn(victim.email, `spray ${i}`)).status, 401);
    assert.equal(
      (await from('203.0.113.200').signIn(victim.email, PASSWORD)).status,
      429,
      'an unknown address waits, even with the password',
    );
    const again = from('198.51.100.20');
    assert.equal((await again.signIn(victim.email, PASSWORD)).status, 303, 'the known address gets straight in');
  });

  test('the wait doubles with each further failure, ends on its own, and runs on real time, not the sandbox clock', async () => {
    const victim = await newUser();
    let real = Date.parse('2030-01-01T00:00:00Z');
    // The business clock is a month ahead: it must not shorten any wait.
    const business = { now: () => new Date(real + 30 * 86_400_000) };
    const logins = staffLoginsService({ db: t.lockyard.database.db, clock: business, realNow: () => new Date(real) });
    const ip = '192.0.2.10';
    for (let i = 0; i < 5; i++)
      assert.deepEqual(await logins.signIn(victim.email, `typo ${i}`, ip), { ok: false, reason: 'invalid' });
    assert.deepEqual(await logins.signIn(victim.email, PASSWORD, ip), {
      ok: false,
      reason: 'throttled',
      retryAfterSeconds: 10,
    });
    real += 10_000;
    assert.deepEqual(await logins.signIn(victim.email, 'typo 6', ip), { ok: false, reason: 'invalid' });
    assert.deepEqual(await logins.signIn(victim.email, PASSWORD, ip), {
      ok: false,
      reason: 'throttled',
      retryAfterSeconds: 20,
    });
    real += 20_000;
    const ok = await logins.signIn(victim.email, PASSWORD, ip);
    assert.equal(ok.ok, true, 'after a short, growing delay the real user gets in');
    assert.deepEqual(
      await logins.signIn(victim.email, 'typo 7', ip),
      { ok: false, reason: 'invalid' },
      'a success forgives this address',
    );
  });
});
