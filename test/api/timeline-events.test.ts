import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { expect422 } from '../harness/api-checks.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';
import type { DemoLoginCredentials } from '../../src/sandbox/seed/seed-staff-logins.ts';

const EVENT_KEYS = [
  'id',
  'contact',
  'created_at',
  'creator',
  'description',
  'external',
  'invoice',
  'site',
  'source',
  'subscription',
  'template',
  'tenancy',
  'unit',
  'unit_type',
  'updated_at',
  'variables',
];

describe('timeline events', () => {
  let t: TestApp;
  let contact: any;
  let siteId: string;
  let sourceId: string;
  let dealTemplate: any;
  let campaignTemplate: any;
  let appToken: string;

  const body = (extra: Record<string, unknown> = {}) => ({
    source: { id: sourceId },
    template: { id: dealTemplate.id },
    contact: { id: contact.id },
    site: { id: siteId },
    description: 'CRM deal moved to Negotiation stage',
    external: { id: 'deal_98442', url: 'https://crm.example.com/deals/98442' },
    variables: { deal_name: '10x10 Unit — 12 months', previous_state: 'Qualified', new_state: 'Negotiation' },
    ...extra,
  });
  before(async () => {
    t = await createTestApp();
    contact = (await t.get('/2025-09/contacts?limit=1')).body.contacts[0];
    siteId = (await t.get('/2025-09/sites?limit=1')).body.sites[0].id;
    const sources = (await t.get('/2025-09/timeline/sources')).body.sources;
    sourceId = sources.find((s: any) => !s.global).id;
    const templates = (await t.get('/2025-09/timeline/templates?limit=100')).body.templates;
    dealTemplate = templates.find((x: any) => x.name === 'Deal Stage Changed');
    campaignTemplate = templates.find((x: any) => x.global);
    const op = await t.lockyard.services.oauth.applications.createForOperator(t.a.id, {
      name: 'Acme CRM Sync',
      scopes: ['public.timeline_event:write'],
    });
    const res = await t.post(
      '/oauth2/token',
      { grant_type: 'client_credentials', client_id: op.application.clientId, client_secret: op.clientSecret },
      { token: null },
    );
    assert.equal(res.status, 200, res.text);
    appToken = res.body.access_token;
  });
  after(() => t.close());

  test('create: the documented shape under `event`, variables in written order, creator the token', async () => {
    const res = await t.post('/2025-09/timeline/events', body());
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(Object.keys(res.body), ['event', 'meta']);
    const e = res.body.event;
    assert.deepEqual(Object.keys(e), EVENT_KEYS);
    assert.match(e.id, /^aevt_[0-9a-f]{16}$/);
    assert.match(e.creator.id, /^tok_/);
    assert.deepEqual(
      [e.contact, e.site, e.source, e.template],
      [{ id: contact.id }, { id: siteId }, { id: sourceId }, { id: dealTemplate.id }],
    );
    assert.deepEqual([e.invoice, e.subscription, e.tenancy, e.unit, e.unit_type], [null, null, null, null, null]);
    assert.deepEqual(e.external, { id: 'deal_98442', url: 'https://crm.example.com/deals/98442' });
    assert.deepEqual(Object.keys(e.variables), ['deal_name', 'previous_state', 'new_state']);
    // Stored with its rendering; the contact's timeline shows it.
    const [line] = (await t.lockyard.services.timelineEvents.contactTimeline(t.a.id, contact.id))!.lines;
    assert.equal(line.event.id, e.id);
    assert.equal(line.text, "moved deal '10x10 Unit — 12 months' from Qualified to Negotiation.");
    assert.equal(
      line.event.globalMessage,
      `moved deal '10x10 Unit — 12 months' from Qualified to Negotiation for ${contact.full_name ?? contact.email}.`,
    );
  });

  test('an event written by an OAuth application shows “… via <application name>”', async () => {
    const res = await t.post(
      '/2025-09/timeline/events',
      body({ variables: { deal_name: 'Via app', previous_state: 'A', new_state: 'B' } }),
      { token: appToken },
    );
    assert.equal(res.status, 201, res.text);
    assert.match(res.body.event.creator.id, /^app_/);
    const line = (await t.lockyard.services.timelineEvents.contactTimeline(t.a.id, contact.id))!.lines.find(
      (l) => l.event.id === res.body.event.id,
    )!;
    assert.equal(line.text, "moved deal 'Via app' from A to B via Acme CRM Sync.");
    // The contact's page in the back office shows it.
    const staff = new BackofficeSession(t.lockyard.app);
    const demo = t.creds as unknown as DemoLoginCredentials;
    assert.equal((await staff.signIn(demo.staff_login.email, demo.staff_login.password)).status, 303);
    const page = await staff.get(`/backoffice/contacts/${contact.id}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /moved deal &#39;Via app&#39; from A to B via Acme CRM Sync\./);
    assert.equal((await staff.get('/backoffice/contacts/con_0000000000000000')).status, 404);
  });

  test('a variable the template needs but the request lacks is a 422 naming it; so is a missing contact', async () => {
    const res = await t.post('/2025-09/timeline/events', body({ variables: { deal_name: 'x' } }));
    expect422(res, '/variables/previous_state', /missing `previous_state`/);
    expect422(res, '/variables/new_state', /missing `new_state`/);
    expect422(
      await t.post(
        '/2025-09/timeline/events',
        body({ contact: null, template: { id: campaignTemplate.id }, variables: { campaign_name: 'Spring' } }),
      ),
      '/contact',
      /contact/,
    );
    // A global template with its variables and a contact is fine.
    const ok = await t.post(
      '/2025-09/timeline/events',
      body({ template: { id: campaignTemplate.id }, variables: { campaign_name: 'Spring' } }),
    );
    assert.equal(ok.status, 201, ok.text);
  });

  test('references: source, template and attached records must be visible to the operator', async () => {
    expect422(
      await t.post('/2025-09/timeline/events', body({ source: { id: 'tsrc_0000000000000000' } })),
      '/source/id',
    );
    expect422(
      await t.post('/2025-09/timeline/events', body({ template: { id: 'aetpl_0000000000000000' } })),
      '/template/id',
    );
    expect422(await t.post('/2025-09/timeline/events', body({ unit: { id: 'unit_0000000000000000' } })), '/unit/id');
    const bTemplates = (await t.get('/2025-09/timeline/templates?limit=100', { token: t.b.token })).body.templates;
    const bOwn = bTemplates.find((x: any) => !x.global);
    expect422(await t.post('/2025-09/timeline/events', body({ template: { id: bOwn.id } })), '/template/id');
    const bContact = (await t.get('/2025-09/contacts?limit=1', { token: t.b.token })).body.contacts[0].id;
    expect422(await t.post('/2025-09/timeline/events', body({ contact: { id: bContact } })), '/contact/id');
    expect422(await t.post('/2025-09/timeline/events', { template: { id: dealTemplate.id } }), '/source');
    expect422(await t.post('/2025-09/timeline/events', body({ external: { url: 'not a url' } })), '/external/url');
    expect422(await t.post('/2025-09/timeline/events', body({ variables: { deal_name: 5 } })), '/variables/deal_name');
  });

  test('update re-renders; delete; isolation and scopes', async () => {
    const e = (await t.post('/2025-09/timeline/events', body())).body.event;
    const up = await t.patch(`/2025-09/timeline/events/${e.id}`, {
      description: 'Deal closed — contract signed',
      site: null,
      variables: { deal_name: '10x10 Unit — 12 months', previous_state: 'Negotiation', new_state: 'Closed Won' },
    });
    assert.equal(up.status, 200, up.text);
    assert.deepEqual(
      [up.body.event.description, up.body.event.site, up.body.event.variables.new_state],
      ['Deal closed — contract signed', null, 'Closed Won'],
    );
    const line = (await t.lockyard.services.timelineEvents.contactTimeline(t.a.id, contact.id))!.lines.find(
      (l) => l.event.id === e.id,
    )!;
    assert.match(line.text, /to Closed Won\.$/);
    expect422(
      await t.patch(`/2025-09/timeline/events/${e.id}`, { variables: { deal_name: 'x' } }),
      '/variables/previous_state',
    );

    for (const res of [
      await t.patch(`/2025-09/timeline/events/${e.id}`, { description: 'x' }, { token: t.b.token }),
      await t.del(`/2025-09/timeline/events/${e.id}`, { token: t.b.token }),
    ])
      assert.equal(res.status, 404);
    const readOnly = await t.tokenWith(['public.timeline_source:read', 'public.timeline_template:read']);
    assert.equal((await t.post('/2025-09/timeline/events', body(), { token: readOnly })).status, 403);

    const del = await t.del(`/2025-09/timeline/events/${e.id}`);
    assert.deepEqual([del.status, del.body.success.message], [200, 'Timeline event deleted successfully.']);
    assert.equal((await t.del(`/2025-09/timeline/events/${e.id}`)).status, 404);
  });
});
