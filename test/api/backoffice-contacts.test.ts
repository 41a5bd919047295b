import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession, demoStaffOn } from '../harness/backoffice-session.ts';

/** Back office → Contacts: search, create, the contact's page, notes and the folded-in timeline. */
describe('back office: contacts', () => {
  let t: TestApp;
  let staff: BackofficeSession;
  let emitted: (type: string, id: string) => Promise<number>;

  before(async () => {
    t = await createTestApp();
    ({ staff, emitted } = await demoStaffOn(t, t.a.id));
  });
  after(() => t.close());

  test('the list needs a session; search finds by name, email and phone, paged', async () => {
    const anon = new BackofficeSession(t.lockyard.app);
    const res = await anon.get('/backoffice/contacts');
    assert.equal(res.status, 303);
    assert.match(res.location!, /^\/backoffice\/sign-in/);

    const created = await t.post(
      '/2025-09/contacts',
      { email: 'quill.search@example.com', full_name: 'Quilliam Searchable', phone_number: '+44 7700 900123' },
      { token: t.a.token },
    );
    assert.equal(created.status, 201);
    const id = created.body.contact.id;
    for (const q of ['Quilliam', 'quill.search@', '07700900123'.slice(1), '7700 900123']) {
      const page = await staff.get(`/backoffice/contacts?q=${encodeURIComponent(q)}`);
      assert.equal(page.status, 200);
      assert.ok(page.body.includes(`/backoffice/contacts/${id}`), `search ${q}`);
    }
    const none = await staff.get('/backoffice/contacts?q=nobody-by-this-name');
    assert.match(none.body, /No contact matches/);
    const first = await staff.get('/backoffice/contacts');
    assert.match(first.body, /rel="next"/);
    const second = await staff.get('/backoffice/contacts?page=2');
    assert.equal(second.status, 200);
    assert.match(second.body, /rel="prev"/);
  });

  test('create: contact.created; the API’s message and the typed values on refusal; CSRF', async () => {
    const bad = await staff.post('/backoffice/contacts', { email: 'not-an-email', full_name: 'Typed Name' });
    assert.equal(bad.status, 422);
    assert.match(bad.body, /value at `\/email` does not match format: email/);
    assert.match(bad.body, /value="Typed Name"/);
    assert.match(bad.body, /value="not-an-email"/);

    const forged = await staff.post('/backoffice/contacts', { _csrf: 'forged', email: 'forged@example.com' });
    assert.equal(forged.status, 403);

    const ok = await staff.post('/backoffice/contacts', {
      email: 'walkin.one@example.com',
      full_name: 'Walk In',
      phone_number: '0161 555 0101',
      source: 'walkin',
    });
    assert.equal(ok.status, 303, ok.body);
    const id = ok.location!.match(/\/backoffice\/contacts\/(con_[^?]+)\?done=created/)?.[1];
    assert.ok(id);
    assert.equal(await emitted('contact.created', id), 1);
    const contact = (await t.get(`/2025-09/contacts/${id}`, { token: t.a.token })).body.contact;
    assert.equal(contact.full_name, 'Walk In');
    assert.equal(contact.source, 'walkin');
    assert.match((await staff.get(ok.location!)).body, /Contact created\./);

    const dup = await staff.post('/backoffice/contacts', { email: 'walkin.one@example.com' });
    assert.equal(dup.status, 422);
    assert.match(dup.body, /value at `\/email` has already been taken by another contact/);
  });

  test('the contact page: tenancies and units, invoices, card, deals, tasks, notes and timeline', async () => {
    const tenancy = (await t.get('/2025-09/tenancies?limit=1', { token: t.a.token })).body.tenancies[0];
    const contactId = tenancy.contact.id;
    const page = await staff.get(`/backoffice/contacts/${contactId}`);
    assert.equal(page.status, 200);
    for (const id of ['rentals', 'invoices', 'deals', 'tasks', 'notes', 'timeline', 'payment-method'])
      assert.match(page.body, new RegExp(`id="${id}"`), id);
    assert.ok(page.body.includes(tenancy.id));
    const invoices = (await t.get(`/2025-09/invoices?contact_id=${contactId}`, { token: t.a.token })).body.invoices;
    for (const inv of invoices) assert.ok(page.body.includes(`/backoffice/billing/invoices/${inv.id}`));

    const other = (await t.get('/2025-09/contacts?limit=1', { token: t.b.token })).body.contacts[0];
    assert.equal((await staff.get(`/backoffice/contacts/${other.id}`)).status, 404);
    const old = await staff.get(`/backoffice/contacts/${contactId}/timeline`);
    assert.equal(old.status, 301);
    assert.equal(old.location, `/backoffice/contacts/${contactId}#timeline`);
  });

  test('add a note: note.created on the contact; an empty note is refused with the API’s words', async () => {
    const contact = (await t.get('/2025-09/contacts?limit=1', { token: t.a.token })).body.contacts[0];
    await staff.get(`/backoffice/contacts/${contact.id}`);
    const empty = await staff.post(`/backoffice/contacts/${contact.id}/notes`, { content: '' });
    assert.equal(empty.status, 422);
    assert.match(empty.body, /value at `\/content` must NOT have fewer than 1 characters/);

    const res = await staff.post(`/backoffice/contacts/${contact.id}/notes`, {
      content: 'Prefers the gate code by SMS.',
    });
    assert.equal(res.status, 303);
    const notes = (await t.get(`/2025-09/notes?resource_id=${contact.id}`, { token: t.a.token })).body.notes;
    const note = notes.find((n: { content: string }) => n.content === 'Prefers the gate code by SMS.');
    assert.ok(note);
    assert.equal(await emitted('note.created', note.id), 1);
    assert.match((await staff.get(`/backoffice/contacts/${contact.id}`)).body, /Prefers the gate code by SMS\./);
  });
});
