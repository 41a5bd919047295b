import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

describe('identity verifications and contract signing (sandbox controls)', () => {
  let t: TestApp;
  let contacts: any[];

  const eventsOf = async (type: string, key: string, id: string) => {
    const rows = await t.lockyard.services.events.list(t.lockyard.database.db, t.a.id, { type, limit: 1000 });
    return rows.filter((r: any) => r.payload.event.data[key].id === id) as any[];
  };

  before(async () => {
    t = await createTestApp();
    contacts = (await t.get('/2025-09/contacts?limit=5')).body.contacts;
  });
  after(() => t.close());

  test('start → processing, then succeeded, failed (with an error code) or cancelled; each with its event; contact mirrors it', async () => {
    for (const [i, outcome, errorCode] of [
      [0, 'succeeded', null],
      [1, 'failed', 'selfie_face_mismatch'],
      [2, 'cancelled', null],
    ] as const) {
      const contact = contacts[i];
      const started = await t.post(`/sandbox/contacts/${contact.id}/identity_verifications`);
      assert.equal(started.status, 201, started.text);
      const v = started.body.identity_verification;
      assert.deepEqual(Object.keys(v), ['id', 'contact', 'created_at', 'error_code', 'status', 'updated_at']);
      assert.match(v.id, /^idver_[0-9a-f]{16}$/);
      assert.deepEqual([v.contact, v.status, v.error_code], [{ id: contact.id }, 'processing', null]);
      assert.deepEqual(
        (await eventsOf('identity_verification.processing', 'identity_verification', v.id))[0].payload.event.data
          .identity_verification,
        v,
      );
      assert.equal((await t.get(`/2025-09/contacts/${contact.id}`)).body.contact.identity_check.status, 'processing');
      assert.equal(
        (await t.post(`/sandbox/contacts/${contact.id}/identity_verifications`)).status,
        409,
        'one check at a time',
      );

      const decided = await t.post(
        `/sandbox/identity_verifications/${v.id}/decide`,
        errorCode ? { outcome, error_code: errorCode } : { outcome },
      );
      assert.equal(decided.status, 200, decided.text);
      const d = decided.body.identity_verification;
      assert.deepEqual([d.status, d.error_code], [outcome, errorCode]);
      assert.deepEqual((await t.get(`/2025-09/identity_verifications/${v.id}`)).body.identity_verification, d);
      assert.deepEqual(
        (await eventsOf(`identity_verification.${outcome}`, 'identity_verification', v.id))[0].payload.event.data
          .identity_verification,
        d,
      );
      const shownContact = (await t.get(`/2025-09/contacts/${contact.id}`)).body.contact;
      assert.equal(shownContact.identity_check.status, outcome);
      const [updated] = await eventsOf('contact.updated', 'contact', contact.id); // newest first
      assert.deepEqual(updated.payload.event.data.contact, shownContact);

      const again = await t.post(`/sandbox/identity_verifications/${v.id}/decide`, { outcome: 'succeeded' });
      assert.equal(again.status, 409);
      assert.match(again.body.error.message, new RegExp(`already ${outcome}`));
    }
    const failedDefault = (await t.post(`/sandbox/contacts/${contacts[3].id}/identity_verifications`)).body
      .identity_verification;
    const f = await t.post(`/sandbox/identity_verifications/${failedDefault.id}/decide`, { outcome: 'failed' });
    assert.equal(f.body.identity_verification.error_code, 'document_expired');
  });

  test('list filters, validation, isolation and scopes', async () => {
    const ids = async (q: string, token?: string) =>
      (await t.get(`/2025-09/identity_verifications?limit=100&${q}`, { token })).body.identity_verifications.map(
        (v: any) => v.status,
      );
    assert.deepEqual(await ids(`contact_id=${contacts[0].id}`), ['succeeded']);
    assert.deepEqual((await ids('status=failed')).length, 2);
    assert.equal((await t.get('/2025-09/identity_verifications?status=done')).status, 422);
    const expanded = await t.get(`/2025-09/identity_verifications?contact_id=${contacts[0].id}&expand=contact`);
    assert.equal(expanded.body.identity_verifications[0].contact.email, contacts[0].email);
    const bad = await t.post(`/sandbox/identity_verifications/idver_0000000000000000/decide`, { outcome: 'maybe' });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.details[0].pointer, '/outcome');
    assert.equal((await t.post('/sandbox/contacts/con_0000000000000000/identity_verifications')).status, 404);
    assert.deepEqual(await ids('', t.b.token), []);
    const one = (await t.get('/2025-09/identity_verifications?limit=1')).body.identity_verifications[0];
    assert.equal((await t.get(`/2025-09/identity_verifications/${one.id}`, { token: t.b.token })).status, 404);
    assert.equal(
      (await t.post(`/sandbox/contacts/${contacts[0].id}/identity_verifications`, undefined, { token: t.b.token }))
        .status,
      404,
    );
    assert.equal(
      (await t.get('/2025-09/identity_verifications', { token: await t.tokenWith(['public.contact:read']) })).status,
      403,
    );
  });

  test('contract signing: pending → signed with contract.signed as shown; the PDF becomes available; 409 after', async () => {
    const pending = (await t.get('/2025-09/contracts?status=pending&limit=1')).body.contracts[0];
    assert.ok(pending, 'the demo seed has a pending contract');
    assert.equal(
      (await t.get(`/2025-09/contracts/${pending.id}`, { headers: { accept: 'application/pdf' } })).status,
      406,
    );
    const res = await t.post(`/sandbox/contracts/${pending.id}/sign`, { signed_by: 'Ada Lovelace' });
    assert.equal(res.status, 200, res.text);
    const c = res.body.contract;
    assert.equal(c.status, 'signed');
    assert.ok(c.signed_at);
    assert.deepEqual((await t.get(`/2025-09/contracts/${pending.id}`)).body.contract, c);
    assert.deepEqual((await eventsOf('contract.signed', 'contract', c.id))[0].payload.event.data.contract, c);
    const pdf = await t.get(`/2025-09/contracts/${pending.id}`, { headers: { accept: 'application/pdf' } });
    assert.equal(pdf.status, 200);
    assert.match(String(pdf.headers['content-type']), /application\/pdf/);
    assert.ok(pdf.text.startsWith('%PDF'));
    const again = await t.post(`/sandbox/contracts/${pending.id}/sign`, {});
    assert.equal(again.status, 409);
    assert.match(again.body.error.message, /is signed/);
    assert.equal((await t.post(`/sandbox/contracts/${pending.id}/sign`, {}, { token: t.b.token })).status, 404);
  });
});
