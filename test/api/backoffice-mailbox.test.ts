import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession, demoStaffOn } from '../harness/backoffice-session.ts';

/**
 * Back office → Mailbox (sandbox mode): the emails kept instead of sent, with the portal sign-in links that
 * `GET /sandbox/emails` hides, so a developer can sign in to the portal as the customer.
 */
describe('back office: the sandbox mailbox', () => {
  let t: TestApp;
  let staff: BackofficeSession;

  before(async () => {
    t = await createTestApp();
    ({ staff } = await demoStaffOn(t, t.a.id));
  });
  after(() => t.close());

  test('a portal sign-in email is listed; its page shows the link the API hides; it opens the portal', async () => {
    assert.equal((await new BackofficeSession(t.lockyard.app).get('/backoffice/mailbox')).status, 303);
    const contact = (await t.get('/2025-09/contacts?limit=1')).body.contacts[0];
    const slug = (await t.ctx()).operator.slug;
    const customer = new BackofficeSession(t.lockyard.app, '10.77.0.1');
    await customer.get(`/portal/${slug}/sign-in`);
    assert.equal((await customer.post(`/portal/${slug}/sign-in`, { email: contact.email })).status, 200);
    await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });

    const list = await staff.get('/backoffice/mailbox');
    assert.equal(list.status, 200);
    const id = list.body.match(/href="\/backoffice\/mailbox\/(eml_[^"]+)"/)?.[1];
    assert.ok(id, list.body);
    assert.ok(list.body.includes(contact.email));

    const page = await staff.get(`/backoffice/mailbox/${id}`);
    assert.equal(page.status, 200);
    const link = page.body.match(/https?:\/\/\S+?(\/portal\/[^/\s]+\/sign-in\/[A-Za-z0-9_-]+)/)?.[1];
    assert.ok(link, page.body);
    const api = (await t.get(`/sandbox/emails/${id}`)).body.email;
    assert.ok(!api.body_text.includes(link), 'the API keeps the sign-in link hidden');
    assert.equal((await customer.get(link)).status, 200);

    assert.equal((await staff.get('/backoffice/mailbox/eml_doesnotexist')).status, 404);
  });
});
