import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession } from '../harness/backoffice-session.ts';

/** Every `_links` entry named `sf:*` in a response, resolved against the response's own `sf` curie. */
function sfLinks(body: any): string[] {
  const curie = body?.meta?.curies?.find((c: any) => c.name === 'sf');
  const out: string[] = [];
  const walk = (v: any) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    for (const [k, link] of Object.entries(v._links ?? {})) {
      if (k.startsWith('sf:')) out.push(curie.href.replace('{rel}', (link as any).href));
    }
    for (const [k, child] of Object.entries(v)) if (k !== '_links') walk(child);
  };
  walk(body);
  return out;
}

describe('storefront at the sf curie', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t?.close());

  test('every sf link the API emits resolves to a storefront page', async () => {
    const links = new Set<string>();
    for (const token of [t.a.token, t.b.token]) {
      for (const path of ['/2025-09/unit_types?limit=100', '/2025-09/contracts?limit=100']) {
        const res = await t.get(path, { token });
        assert.equal(res.status, 200, res.text);
        for (const l of sfLinks(res.body)) links.add(l);
      }
      const ut = (await t.get('/2025-09/unit_types?limit=1&status=bookable', { token })).body.unit_types[0];
      if (ut) for (const l of sfLinks((await t.get(`/2025-09/unit_types/${ut.id}`, { token })).body)) links.add(l);
    }
    assert.ok([...links].some((l) => l.includes('/order/contact-details?unit_type_slug=')));
    assert.ok([...links].some((l) => l.includes('/contracts/ctr_')));
    for (const link of links) {
      const url = new URL(link);
      assert.equal(url.origin, 'http://lockyard.test');
      const res = await t.lockyard.app.inject({ method: 'GET', url: url.pathname + url.search });
      assert.equal(res.statusCode, 200, `${link}: ${res.statusCode}`);
      assert.match(String(res.headers['content-type']), /text\/html/);
    }
  });

  test('sites and unit types with live prices and availability; a sold-out or unknown page is 404', async () => {
    const ctx = await t.ctx();
    const s = new BackofficeSession(t.lockyard.app);
    const home = await s.get(`/storefront/${ctx.operator.slug}`);
    assert.equal(home.status, 200);
    // The API shows no site slug; the unit type's sf:new_order link carries it.
    const ut = (await t.get('/2025-09/unit_types?limit=100')).body.unit_types.find(
      (u: any) => u.status === 'bookable' && u.prices.some((p: any) => p.billing_period === 'monthly'),
    );
    const siteSlug = ut._links['sf:new_order'].href.split('/')[2];
    const site = (await t.get(`/2025-09/sites/${ut.site.id}`)).body.site;
    assert.ok(home.body.includes(`/storefront/${ctx.operator.slug}/sites/${siteSlug}`));
    assert.ok(home.body.includes(site.name));
    const page = await s.get(`/storefront/${ctx.operator.slug}/sites/${siteSlug}`);
    assert.equal(page.status, 200);
    const monthly = ut.prices.find((p: any) => p.billing_period === 'monthly').price.formatted;
    assert.ok(page.body.includes(monthly), 'the live monthly price');
    const available = (await t.get(`/2025-09/units?unit_type_id=${ut.id}&status=available&limit=1`)).body.meta
      .pagination.count;
    assert.match(page.body, new RegExp(`${available} available`));
    assert.equal((await s.get(`/storefront/${ctx.operator.slug}/sites/no-such-site`)).status, 404);
    assert.equal((await s.get('/storefront/no-such-operator')).status, 404);
  });

  test('book: an order with source storefront, finalized, then the hosted checkout', async () => {
    const ctx = await t.ctx();
    const ut = (await t.get('/2025-09/unit_types?limit=100')).body.unit_types.find(
      (u: any) => u.status === 'bookable' && u.prices.some((p: any) => p.billing_period === 'monthly'),
    );
    const path = ut._links['sf:new_order'].href;
    const s = new BackofficeSession(t.lockyard.app);
    const form = await s.get(`/storefront/${ctx.operator.slug}${path}`);
    assert.equal(form.status, 200);
    const action = `/storefront/${ctx.operator.slug}${path}`;
    const bad = await s.post(action, { email: 'shopper@example.com', starts_on: '2001-01-01' });
    assert.equal(bad.status, 422);
    assert.match(bad.body, /value="shopper@example.com"/);
    const res = await s.post(action, { email: 'shopper@example.com', starts_on: '2040-05-01' });
    assert.equal(res.status, 303, res.body);
    assert.match(res.location!, /^\/checkout\//);
    const orders = (await t.get('/2025-09/orders?limit=5')).body.orders;
    const order = orders.find((o: any) => o.payment_url?.endsWith(res.location));
    assert.ok(order, 'the order behind the checkout');
    assert.equal(order.source, 'storefront');
    assert.equal(order.status, 'finalized');
    assert.equal(order.site.id, ut.site.id);
    const contact = (await t.get(`/2025-09/contacts/${order.contact.id}`)).body.contact;
    assert.equal(contact.email, 'shopper@example.com');
    assert.equal((await s.get(res.location!)).status, 200);
    const forged = await s.post(action, { _csrf: 'forged', email: 'x@example.com', starts_on: '2040-05-01' });
    assert.equal(forged.status, 403);
  });
});
