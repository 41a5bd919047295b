import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, STORE, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import { startReceiver, type Receiver } from '../fixtures/webhooks/receiver.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';

const PASSWORD = 'correct horse battery staple';
const DEV = '/backoffice/developers';

/**
 * Back office → Developers: every webhook endpoint of the account with its delivery log (request and response as
 * sent and received), resend, disable/enable; the event log; authorised applications; the sandbox clock; the
 * request inspector's pages. Managers and owners only.
 */
describe(`back office: Developers (${STORE})`, () => {
  let t: TestApp;
  let rx: Receiver;
  let owner: BackofficeSession;
  let staff: BackofficeSession;

  before(async () => {
    t = await createTestApp();
    rx = await startReceiver();
    const demo = t.creds as unknown as DemoLoginCredentials;
    owner = new BackofficeSession(t.lockyard.app);
    assert.equal((await owner.signIn(demo.staff_login.email, demo.staff_login.password)).status, 303);
    await owner.get(DEV);
    assert.equal((await owner.post('/backoffice/operator', { operator_id: t.a.id })).status, 303);
    await t.lockyard.services.team.add(t.a.id, {
      email: 'desk@dev.example.com',
      name: 'Desk',
      role: 'staff',
      password: PASSWORD,
    });
    staff = new BackofficeSession(t.lockyard.app, '10.0.0.9');
    assert.equal((await staff.signIn('desk@dev.example.com', PASSWORD)).status, 303);
  });
  after(async () => {
    await rx.close();
    await t.close();
  });

  async function endpointWithDelivery(path: string) {
    const ep = await t.post('/2025-09/webhook_endpoints', {
      name: `Dev ${path}`,
      api_version: '2025-09',
      url: `${rx.base}${path}`,
      event_types: ['contact.created'],
    });
    assert.equal(ep.status, 201, ep.text);
    const contact = await t.post('/2025-09/contacts', { email: `dev${path.replace(/\W/g, '')}@example.com` });
    assert.equal(contact.status, 201, contact.text);
    await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
    return { endpoint: ep.body.endpoint, contact: contact.body.contact, requestId: contact.body.meta.request_id };
  }

  test('the menu’s Developers opens the hub; every section is linked', async () => {
    const home = await owner.get('/backoffice/units');
    assert.match(home.body, /href="\/backoffice\/developers"/);
    const hub = await owner.get(DEV);
    assert.equal(hub.status, 200);
    for (const href of ['webhooks', 'events', 'requests', 'applications', 'clock'])
      assert.match(hub.body, new RegExp(`href="${DEV}/${href}"`), href);
    assert.match(hub.body, /href="\/backoffice\/mailbox"/);
  });

  test('staff: 403 on every Developers page and action', async () => {
    const { endpoint } = await endpointWithDelivery('/staff-rule');
    for (const url of [
      DEV,
      `${DEV}/webhooks`,
      `${DEV}/webhooks/${endpoint.id}`,
      `${DEV}/events`,
      `${DEV}/requests`,
      `${DEV}/applications`,
      `${DEV}/clock`,
    ])
      assert.equal((await staff.get(url)).status, 403, url);
    await staff.get('/backoffice/units');
    for (const url of [`${DEV}/webhooks/${endpoint.id}/disable`, `${DEV}/clock`, `${DEV}/applications/app_x/revoke`])
      assert.equal((await staff.post(url, { mode: 'by', seconds: '1', unit: 'days' })).status, 403, url);
    const delivery = (await t.get(`/sandbox/webhook_endpoints/${endpoint.id}/deliveries`)).body.deliveries[0];
    assert.equal((await staff.post(`${DEV}/deliveries/${delivery.id}/resend`)).status, 403);
    assert.equal((await t.get(`/2025-09/webhook_endpoints/${endpoint.id}`)).body.endpoint.status, 'enabled');
  });

  test('endpoints: all of the account with creator; the delivery log shows request and response; resend; disable and enable', async () => {
    const { endpoint } = await endpointWithDelivery('/ok-dev');
    const list = await owner.get(`${DEV}/webhooks`);
    assert.equal(list.status, 200);
    assert.match(list.body, new RegExp(`data-endpoint-id="${endpoint.id}"`));
    assert.match(list.body, /\(access token\)/);

    const page = await owner.get(`${DEV}/webhooks/${endpoint.id}`);
    assert.equal(page.status, 200);
    const received = rx.at('/ok-dev')[0];
    assert.ok(received);
    assert.ok(
      page.body.includes(`X-Stora-Signature: ${received.headers['x-stora-signature']}`),
      'the signature as sent',
    );
    assert.ok(page.body.includes(`X-Stora-Request-Id: ${received.headers['x-stora-request-id']}`));
    assert.ok(page.body.includes(received.body.replace(/"/g, '&quot;')), 'the body as sent');
    assert.match(page.body, /HTTP 200/);
    assert.match(page.body, /thanks/);
    assert.match(page.body, /contact\.created/);

    const deliveryId = page.body.match(/data-delivery-id="(wdlv_[^"]+)"/)![1];
    const resent = await owner.post(`${DEV}/deliveries/${deliveryId}/resend`);
    assert.equal(resent.status, 303);
    await t.lockyard.engines.jobs.runDue({ operatorId: t.a.id });
    await rx.waitFor(() => rx.at('/ok-dev').length === 2);
    const after = await owner.get(resent.headers.location as string);
    assert.match(after.body, /queued again/);
    assert.match(after.body, new RegExp(`Resend of <a href="#${deliveryId}"`));

    assert.equal((await owner.post(`${DEV}/webhooks/${endpoint.id}/disable`)).status, 303);
    assert.equal((await t.get(`/2025-09/webhook_endpoints/${endpoint.id}`)).body.endpoint.status, 'disabled');
    const refused = await owner.post(`${DEV}/deliveries/${deliveryId}/resend`);
    assert.equal(refused.status, 409);
    assert.match(refused.body, /disabled; enable it to resend/);
    assert.equal((await owner.post(`${DEV}/webhooks/${endpoint.id}/enable`)).status, 303);
    assert.equal((await t.get(`/2025-09/webhook_endpoints/${endpoint.id}`)).body.endpoint.status, 'enabled');
    assert.equal((await owner.get(`${DEV}/webhooks/we_doesnotexist`)).status, 404);
  });

  test('events: filter by type and day; the event page shows the payload, its deliveries and its request', async () => {
    const { contact, requestId } = await endpointWithDelivery('/events-dev');
    const today = (await t.get('/sandbox/clock')).body.clock.now.slice(0, 10);
    const list = await owner.get(`${DEV}/events?type=contact.created&from=${today}&to=${today}`);
    assert.equal(list.status, 200);
    const eventId = list.body.match(/data-event-id="(evt_[^"]+)"/)![1];
    const rows = list.body.slice(list.body.indexOf('<table id="events"'));
    assert.doesNotMatch(rows, /unit_type\.updated/);
    const none = await owner.get(`${DEV}/events?type=contact.created&to=2001-01-01`);
    assert.match(none.body, /No events match/);
    assert.equal((await owner.get(`${DEV}/events?type=nope`)).status, 400);
    assert.equal((await owner.get(`${DEV}/events?from=31-12-2026`)).status, 400);

    const page = await owner.get(`${DEV}/events/${eventId}`);
    assert.equal(page.status, 200);
    assert.ok(page.body.includes(contact.id));
    assert.ok(page.body.includes(`href="${DEV}/requests/${requestId}"`));
    assert.match(page.body, /data-delivery-id="wdlv_/);
    assert.equal((await owner.get(`${DEV}/events/evt_doesnotexist`)).status, 404);
  });

  test('requests: the log lists API requests; a request page links its records, events and deliveries', async () => {
    const { contact, requestId } = await endpointWithDelivery('/requests-dev');
    const list = await owner.get(`${DEV}/requests?method=POST&status=2xx&path=contacts`);
    assert.equal(list.status, 200);
    assert.match(list.body, new RegExp(`data-request-id="${requestId}"`));
    assert.equal((await owner.get(`${DEV}/requests?method=BREW`)).status, 400);
    const page = await owner.get(`${DEV}/requests/${requestId}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /POST \/2025-09\/contacts/);
    assert.ok(page.body.includes(`contact ${contact.id}`));
    assert.match(page.body, /data-delivery-id="wdlv_/);
    const other = await t.post('/2025-09/contacts', { email: 'other-op@example.com' }, { token: t.b.token });
    assert.equal((await owner.get(`${DEV}/requests/${other.body.meta.request_id}`)).status, 404);
  });

  test('applications: the authorised partner applications with their revoke form', async () => {
    const page = await owner.get(`${DEV}/applications`);
    assert.equal(page.status, 200);
    assert.match(page.body, /id="authorised-applications"/);
  });

  test('the sandbox clock: preview, advance by a duration and to a date, the API’s refusals in its words', async () => {
    const before = (await t.get('/sandbox/clock')).body.clock;
    const page = await owner.get(`${DEV}/clock`);
    assert.equal(page.status, 200);
    assert.ok(page.body.includes(before.now.slice(0, 10)));

    const preview = await owner.get(`${DEV}/clock?mode=by&seconds=40&unit=days&preview=by`);
    assert.equal(preview.status, 200);
    assert.match(preview.body, /Falls due by/);

    const negative = await owner.post(`${DEV}/clock`, { mode: 'by', seconds: '-1', unit: 'days' });
    assert.equal(negative.status, 422);
    assert.match(negative.body, /value at `\/seconds` must be &gt;= 0/);
    assert.match(negative.body, /value="-1"/, 'what was typed is kept');
    const past = await owner.post(`${DEV}/clock`, { mode: 'to', to: '2001-01-01T09:00' });
    assert.equal(past.status, 422);
    assert.match(past.body, /must not move the clock backwards/);
    const garbage = await owner.post(`${DEV}/clock`, { mode: 'to', to: 'soon' });
    assert.equal(garbage.status, 422);
    assert.match(garbage.body, /does not match format: date-time/);
    assert.equal((await t.get('/sandbox/clock')).body.clock.offset_seconds, before.offset_seconds);

    const moved = await owner.post(`${DEV}/clock`, { mode: 'by', seconds: '2', unit: 'days' });
    assert.equal(moved.status, 303);
    const after = (await t.get('/sandbox/clock')).body.clock;
    assert.ok(after.offset_seconds - before.offset_seconds >= 2 * 86400);
    const shown = await owner.get(moved.headers.location as string);
    assert.match(shown.body, /The clock moved/);
  });
});

describe(`back office: Developers in production mode (${STORE})`, () => {
  let t: TestApp;
  let owner: BackofficeSession;
  before(async () => {
    t = await createTestApp({ sandbox: false });
    const demo = t.creds as unknown as DemoLoginCredentials;
    owner = new BackofficeSession(t.lockyard.app);
    assert.equal((await owner.signIn(demo.staff_login.email, demo.staff_login.password)).status, 303);
    await owner.get(DEV);
  });
  after(() => t.close());

  test('no sandbox clock, no request log; the rest is there', async () => {
    const hub = await owner.get(DEV);
    assert.equal(hub.status, 200);
    assert.doesNotMatch(hub.body, /href="\/backoffice\/developers\/clock"/);
    assert.equal((await owner.get(`${DEV}/clock`)).status, 404);
    assert.equal((await owner.post(`${DEV}/clock`, { mode: 'by', seconds: '1', unit: 'days' })).status, 404);
    assert.equal((await owner.get(`${DEV}/requests`)).status, 404);
    assert.equal((await owner.get(`${DEV}/webhooks`)).status, 200);
    assert.equal((await owner.get(`${DEV}/events`)).status, 200);
  });
});
