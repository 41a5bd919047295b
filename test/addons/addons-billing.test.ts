import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { createListeningApp, type ListeningApp } from '../harness/listening-app.ts';
import { book, bookingWorld } from '../harness/booking.ts';
import { demoStaffOn, type BackofficeSession } from '../harness/backoffice-session.ts';
import { PORTAL_COOKIE } from '../../src/web/portal/portal-cookie.ts';
import { minorUnitDigits } from '../../src/kernel/money.ts';

type Mode = 'ok' | 'processing' | 'failed' | 'bad' | 'slow' | 'wrongAmount' | 'down';

/**
 * A custom-billing add-on written the way the Storeganise starter writes one (handler.js): an express-style handler
 * that checks `sg-signature` over `JSON.stringify(req.body)` and answers `billing.list`, `billing.charge` and
 * `billing.checkout` with the body Lockyard waits for.
 */
async function startBillingAddon() {
  const secrets = new Map<string, string>();
  const state = {
    url: '',
    mode: 'ok' as Mode,
    received: [] as Array<{ path: string; type: string; body: any; signatureOk: boolean }>,
    setSecret: (addonId: string, secret: string) => secrets.set(addonId, secret),
  };
  const handlers: Record<string, (data: any) => unknown> = {
    'billing.list': () => [
      { card: { number: '411111******1111', expiry: { month: 12, year: 2030 }, name: 'Tenant', scheme: 'visa' } },
      { bank: { accountNumber: '****6789', name: 'Tenant' } },
    ],
    'billing.charge': (data) => {
      if (state.mode === 'bad') return { ok: true };
      const amount = state.mode === 'wrongAmount' ? data.amount + 1 : data.amount;
      const status = state.mode === 'processing' ? 'processing' : state.mode === 'failed' ? 'failed' : 'succeeded';
      return { id: `ch_${crypto.randomBytes(4).toString('hex')}`, amount, status, currency: data.currency };
    },
    'billing.checkout': (data) =>
      `<!doctype html><html><body><form action="/save"><input name="card"><a href="${data.returnUrl}">Back</a></form></body></html>`,
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', async () => {
      const body = JSON.parse(raw);
      const expected = crypto
        .createHmac('sha256', secrets.get(body.addonId) ?? '')
        .update(JSON.stringify(body))
        .digest('base64');
      const signatureOk = req.headers['sg-signature'] === expected;
      state.received.push({ path: req.url ?? '', type: body.type, body, signatureOk });
      if (!signatureOk) return void res.writeHead(401).end();
      if (state.mode === 'down') return void res.writeHead(500).end('{"message":"down"}');
      if (state.mode === 'slow') await new Promise((r) => setTimeout(r, 1500));
      // Notifications (an invoice-sync install of the same server) are acknowledged, as the starter's default does.
      const content = (handlers[body.type] ?? (() => ({})))(body.data);
      if (typeof content === 'string') res.writeHead(200, { 'Content-Type': 'text/html' }).end(content);
      else res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(content));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { state, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('add-ons: custom billing (billing.list, billing.charge, billing.checkout)', () => {
  let t: ListeningApp;
  let addon: Awaited<ReturnType<typeof startBillingAddon>>;
  let staff: BackofficeSession;
  let operatorWide: string;
  const apiKeys = new Map<string, string>();
  let contactId: string;
  const ctx = () => t.ctx(t.a.id);
  const billing = () => t.lockyard.services.customBilling;
  /** The demo operator's unpaid invoices (open, or uncollectible after dunning): both can be charged. */
  const openInvoices = async (token = t.a.token) =>
    (
      (await t.get('/2025-09/invoices?limit=100', { token })).body.invoices as Array<{
        id: string;
        status: string;
      }>
    )
      .filter((i) => i.status === 'open' || i.status === 'uncollectible')
      .map((i) => i.id);
  const statusOf = async (id: string) => (await t.lockyard.services.invoices.get(await ctx(), id)).status;
  const refusal = async (p: Promise<unknown>) => {
    const err: any = await p.then(
      () => null,
      (e) => e,
    );
    assert.ok(err, 'refused');
    assert.equal(err.code, 'conflict');
    return String(err.message);
  };

  async function installBilling(
    name: string,
    path: string,
    siteId: string | null,
    events = ['billing.list', 'billing.charge', 'billing.checkout'],
    on = ctx,
  ) {
    const addons = t.lockyard.services.addons;
    const def = await addons.createDefinition({
      name,
      description: 'Pay with our gateway.',
      setupInstructions: 'Enable.',
      level: 'operator',
      webhookUrl: `${addon.state.url}${path}`,
      events,
    });
    const r = await addons.install(await on(), { definitionId: def.id, siteId });
    addon.state.setSecret(r.install.id, r.signatureSecret);
    apiKeys.set(r.install.id, r.apiKey);
    return r.install.id;
  }

  before(async () => {
    t = await createListeningApp();
    addon = await startBillingAddon();
    const world = await bookingWorld(t);
    contactId = world.contacts[0]!;
    ({ staff } = await demoStaffOn(t, t.a.id));
    // The seed's backlog of due lifecycle steps runs first: once a billing add-on is enabled, its collections go
    // through the add-on (the last test), which would pay the invoices these tests charge by hand.
    for (const id of [t.a.id, t.b.id]) await t.lockyard.engines.jobs.catchUp(await t.ctx(id));
    assert.ok((await openInvoices()).length >= 2, 'open invoices to charge');
    assert.ok((await openInvoices(t.b.token)).length >= 1, 'an open invoice on the other operator');
  });
  after(async () => {
    await addon.close();
    await t.close();
  });

  test('no enabled billing add-on: refused; a paused one does not answer either', async () => {
    const [inv] = await openInvoices();
    assert.match(await refusal(billing().chargeInvoice(await ctx(), inv!)), /No enabled billing add-on/);
    operatorWide = await installBilling('Acme Pay', '/op', null);
    assert.match(await refusal(billing().list(await ctx(), contactId)), /No enabled billing add-on/);
    await t.lockyard.services.addons.setState(await ctx(), operatorWide, 'enabled');
    assert.equal(addon.state.received.length, 0);
  });

  test('billing.list: a signed synchronous POST; the saved methods answered', async () => {
    const methods = await billing().list(await ctx(), contactId);
    assert.deepEqual(Object.keys(methods[0]!), ['card']);
    assert.equal(methods[0]!.card!.number, '411111******1111');
    assert.deepEqual(Object.keys(methods[1]!), ['bank']);
    const sent = addon.state.received.at(-1)!;
    assert.ok(sent.signatureOk);
    assert.equal(sent.type, 'billing.list');
    assert.deepEqual(Object.keys(sent.body), ['id', 'created', 'type', 'data', 'apiUrl', 'addonId']);
    assert.deepEqual(sent.body.data, { userId: contactId });
    // Request/response events are never queued as deliveries.
    const queued = await sql`SELECT 1 FROM addon_deliveries WHERE type LIKE 'billing.%'`.execute(
      t.lockyard.database.db,
    );
    assert.equal(queued.rows.length, 0);
  });

  test('billing.charge: failed, broken, wrong-amount and late answers leave the invoice open; succeeded pays it', async () => {
    const [inv] = await openInvoices();
    addon.state.mode = 'failed';
    assert.match(await refusal(billing().chargeInvoice(await ctx(), inv!)), /Acme Pay declined the charge/);
    addon.state.mode = 'bad';
    assert.match(await refusal(billing().chargeInvoice(await ctx(), inv!)), /must answer \{id, amount, status\}/);
    addon.state.mode = 'wrongAmount';
    assert.match(await refusal(billing().chargeInvoice(await ctx(), inv!)), /it charged .*, not/);
    addon.state.mode = 'down';
    assert.match(await refusal(billing().chargeInvoice(await ctx(), inv!)), /HTTP 500/);
    const settings = t.lockyard.engines.addonDelivery;
    const timeout = settings.timeoutMs;
    settings.timeoutMs = 300;
    addon.state.mode = 'slow';
    try {
      assert.match(await refusal(billing().chargeInvoice(await ctx(), inv!)), /timeout after 300 ms/);
    } finally {
      settings.timeoutMs = timeout;
    }
    addon.state.mode = 'processing';
    const pending = await billing().chargeInvoice(await ctx(), inv!);
    assert.equal(pending.answer.status, 'processing');
    assert.notEqual(await statusOf(inv!), 'paid');
    addon.state.mode = 'ok';
    const done = await billing().chargeInvoice(await ctx(), inv!);
    assert.equal(done.answer.status, 'succeeded');
    assert.equal(await statusOf(inv!), 'paid');
    const charge = addon.state.received.filter((r) => r.type === 'billing.charge').at(-1)!;
    const domainInv = await t.lockyard.services.invoices.get(await ctx(), inv!);
    assert.equal(charge.body.data.invoiceId, inv);
    assert.equal(charge.body.data.userId, domainInv.contactId);
    assert.equal(typeof charge.body.data.amount, 'number');
    const logs = await t.lockyard.services.addons.logs(await ctx(), operatorWide);
    assert.ok(logs.some((l) => l.level === 'error' && /billing.charge .*timeout/.test(l.message)));
  });

  test('a site-level billing add-on wins over the operator-level one for its site', async () => {
    const [inv] = await openInvoices();
    const { siteId } = await t.lockyard.services.invoices.get(await ctx(), inv!);
    assert.ok(siteId);
    const site = await installBilling('Site Pay', '/site', siteId);
    await t.lockyard.services.addons.setState(await ctx(), site, 'enabled');
    addon.state.mode = 'processing'; // the invoice stays open for the next test
    await billing().chargeInvoice(await ctx(), inv!);
    addon.state.mode = 'ok';
    assert.equal(addon.state.received.at(-1)!.path, '/site');
    assert.equal(addon.state.received.at(-1)!.body.addonId, site);
    await t.lockyard.services.addons.setState(await ctx(), site, 'paused');
  });

  test('back office: the invoice page offers "Charge with <add-on>", which pays it', async () => {
    const [inv] = await openInvoices();
    const page = await staff.get(`/backoffice/billing/invoices/${inv}`);
    assert.match(page.body, /Charge with Acme Pay/);
    addon.state.mode = 'failed';
    const refused = await staff.post(`/backoffice/billing/invoices/${inv}/charge-addon`);
    assert.equal(refused.status, 409);
    assert.match(refused.body, /declined the charge/);
    addon.state.mode = 'ok';
    const res = await staff.post(`/backoffice/billing/invoices/${inv}/charge-addon`);
    assert.equal(res.status, 303, res.body);
    assert.equal(await statusOf(inv!), 'paid');
  });

  test('billing.checkout: the add-on’s hosted page, with the return URL', async () => {
    const page = await billing().checkout(await ctx(), contactId, null, 'https://shop.example/done');
    assert.match(page, /<form action="\/save">/);
    assert.match(page, /https:\/\/shop.example\/done/);
    assert.deepEqual(addon.state.received.at(-1)!.body.data, {
      userId: contactId,
      returnUrl: 'https://shop.example/done',
    });
  });

  test('portal: /portal/{slug}/billing/custom serves the add-on’s checkout to the signed-in customer, sandboxed', async () => {
    const c = await ctx();
    const session = await t.lockyard.services.portalAuth.setUpAccount(t.a.id, contactId);
    assert.ok(session);
    const url = `/portal/${c.operator.slug}/billing/custom?returnUrl=${encodeURIComponent('https://shop.example/back')}`;
    const res = await t.lockyard.app.inject({ url, headers: { cookie: `${PORTAL_COOKIE}=${session}` } });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /<form action="\/save">/);
    assert.match(String(res.headers['content-security-policy']), /^sandbox allow-scripts allow-forms/);
    assert.deepEqual(addon.state.received.at(-1)!.body.data, {
      userId: contactId,
      returnUrl: 'https://shop.example/back',
    });
    // Signed out: to sign-in; a bad return URL: 4xx; no add-on answering: 409 page.
    assert.equal((await t.lockyard.app.inject({ url })).statusCode, 303);
    const bad = await t.lockyard.app.inject({
      url: `/portal/${c.operator.slug}/billing/custom?returnUrl=javascript:alert(1)`,
      headers: { cookie: `${PORTAL_COOKIE}=${session}` },
    });
    assert.equal(bad.statusCode, 422);
    // The dashboard shows the saved methods the add-on lists (billing.list), with the way to its checkout.
    const home = `/portal/${c.operator.slug}`;
    const dash = await t.lockyard.app.inject({ url: home, headers: { cookie: `${PORTAL_COOKIE}=${session}` } });
    assert.equal(dash.statusCode, 200);
    assert.match(dash.body, /Your payments are taken by Acme Pay/);
    assert.match(
      dash.body,
      /<ul data-testid="saved-methods"><li>Visa card 411111\*{6}1111, expires 12\/2030<\/li><li>Bank account \*{4}6789<\/li><\/ul>/,
    );
    assert.match(dash.body, new RegExp(`href="${home}/billing/custom"`));
    assert.doesNotMatch(dash.body, /Update card/);
    assert.deepEqual(addon.state.received.at(-1)!.body.data, { userId: contactId });
    addon.state.mode = 'down'; // billing.list answered 500: said on the page
    const downDash = await t.lockyard.app.inject({ url: home, headers: { cookie: `${PORTAL_COOKIE}=${session}` } });
    addon.state.mode = 'ok';
    assert.equal(downDash.statusCode, 200);
    assert.match(downDash.body, /could not be loaded just now/);
    await t.lockyard.services.addons.setState(c, operatorWide, 'paused');
    // No billing add-on: the card on file, as before.
    const plain = await t.lockyard.app.inject({ url: home, headers: { cookie: `${PORTAL_COOKIE}=${session}` } });
    assert.match(plain.body, /Update card/);
    assert.doesNotMatch(plain.body, /saved-methods/);
    const none = await t.lockyard.app.inject({ url, headers: { cookie: `${PORTAL_COOKIE}=${session}` } });
    assert.equal(none.statusCode, 409);
    assert.match(none.body, /No enabled billing add-on/);
    assert.equal((await t.lockyard.app.inject({ url: '/portal/no-such-operator/billing/custom' })).statusCode, 404);
  });

  test('add-on API: POST invoices/{id}/payments settles a processing charge, once, within what is due', async () => {
    // On the other operator (Harbour): operator A's invoices were all paid by the tests above.
    const onB = () => t.ctx(t.b.id);
    const c = await onB();
    const pay = (addonId: string, id: string, body: unknown) =>
      t.lockyard.app.inject({
        method: 'POST',
        url: `/api/v1/admin/invoices/${id}/payments`,
        headers: { authorization: `Addon ${addonId}|${apiKeys.get(addonId)}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    // An invoice-sync install of the operator hears what the payments change.
    const sync = await installBilling(
      'Ledger sync',
      '/sync',
      null,
      ['invoice.state.updated', 'invoice.payments.updated'],
      onB,
    );
    await t.lockyard.services.addons.setState(c, sync, 'enabled');
    const heard = async (id: string) =>
      (
        await sql<{
          type: string;
          body: string;
        }>`SELECT type, body FROM addon_deliveries WHERE addon_id = ${sync}`.execute(t.lockyard.database.db)
      ).rows
        .map((r) => ({ type: r.type, data: JSON.parse(r.body).data }))
        .filter((d) => d.data.invoiceId === id);

    const [inv] = await openInvoices(t.b.token);
    const before = await t.lockyard.services.invoices.get(c, inv!);
    const unit = 10 ** minorUnitDigits(c.operator.currency);
    const left = (before.total - before.prePaymentCreditNotesAmount - before.amountPaid) / unit;
    assert.ok(left > 1, 'an invoice of more than 1');
    // A paused billing add-on keeps API access.
    const by = await installBilling('Harbour Pay', '/b', null, undefined, onB);

    for (const [body, pointer] of [
      [{ amount: -1 }, '/amount'],
      [{ amount: 'ten' }, '/amount'],
      [{ amount: 1 / unit / 10 }, '/amount'],
      [{ amount: left + 1 }, '/amount'],
      [{ amount: 1, method: 'bitcoin' }, '/method'],
      [{ amount: 1, date: '2026-13-45' }, '/date'],
      [{ amount: 1, reference: '' }, '/reference'],
    ] as const) {
      const res = await pay(by, inv!, body);
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().error.details[0].pointer, pointer, res.body);
    }
    assert.equal((await t.lockyard.services.invoices.get(c, inv!)).amountPaid, before.amountPaid);

    // A part payment: still open (sent), amountPaid up, `invoice.payments.updated` to add-ons.
    const part = await pay(by, inv!, { type: 'custom', amount: 1, method: 'card', reference: 'ch_part', notes: 'n' });
    assert.equal(part.statusCode, 201, part.body);
    assert.equal(part.json().state === 'paid', false);
    assert.equal(part.json().amountPaid, before.amountPaid / unit + 1);
    assert.deepEqual(
      part.json().payments.map((p: any) => [p.reference, p.amount, p.method, p.type, p.addonId]),
      [['ch_part', 1, 'card', 'custom', by]],
    );
    assert.match(part.json().payments[0].date, /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(
      (await heard(inv!)).map((d) => d.type),
      ['invoice.payments.updated'],
    );
    // The same call again (a retry): the same answer, nothing paid twice; the reference on another amount: 409.
    const again = await pay(by, inv!, { type: 'custom', amount: 1, method: 'card', reference: 'ch_part' });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().amountPaid, part.json().amountPaid);
    assert.equal((await pay(by, inv!, { amount: 2, reference: 'ch_part' })).statusCode, 409);

    // Another operator's install does not see the invoice.
    assert.equal((await pay(operatorWide, inv!, { amount: 1 })).statusCode, 404);

    // The rest: paid, as marking it paid is (`invoice.paid`; add-ons hear the state and payments change).
    const rest = await pay(by, inv!, {
      amount: left - 1,
      method: 'transfer',
      reference: 'ch_rest',
      date: '2026-01-02',
    });
    assert.equal(rest.statusCode, 201, rest.body);
    assert.equal(rest.json().state, 'paid');
    assert.equal(rest.json().payments.length, 2);
    const after = await t.lockyard.services.invoices.get(c, inv!);
    assert.equal(after.status, 'paid');
    assert.equal(after.amountPaid, before.total - before.prePaymentCreditNotesAmount);
    const paidEvents = await t.lockyard.services.events.list(t.lockyard.database.db, t.b.id, {
      type: 'invoice.paid',
      limit: 1000,
    });
    assert.equal(paidEvents.filter((e: any) => e.payload.event.data.invoice.id === inv).length, 1);
    assert.deepEqual(
      (await heard(inv!)).map((d) => [d.type, d.data.to ?? null]),
      [
        ['invoice.payments.updated', null],
        ['invoice.state.updated', 'paid'],
        ['invoice.payments.updated', null],
      ],
    );
    assert.equal((await pay(by, inv!, { amount: 1 })).statusCode, 409);
    // The add-on's GET shows the payments too.
    const got = await t.lockyard.app.inject({
      url: `/api/v1/admin/invoices/${inv}`,
      headers: { authorization: `Addon ${by}|${apiKeys.get(by)}` },
    });
    assert.equal(got.json().payments.length, 2);

    await t.lockyard.services.addons.setState(c, by, 'disabled');
    assert.equal((await pay(by, inv!, { amount: 1 })).statusCode, 403);
  });

  test('automatic collection: a renewal is charged through the billing add-on (a job), not the card on file', async () => {
    const token = t.b.token;
    const onB = () => t.ctx(t.b.id);
    const c = await onB();
    const payB = await installBilling('Harbour Pay 2', '/b2', null, undefined, onB);
    await t.lockyard.services.addons.setState(c, payB, 'enabled');
    const world = await bookingWorld(t, token);
    const now = new Date((await t.get('/sandbox/clock', { token })).body.clock.now);
    const b = await book(t, {
      unitTypeId: world.unitType.id,
      siteId: world.unitType.site.id,
      contactId: world.contacts[0],
      startsAt: new Date(now.getTime() + 86_400_000).toISOString(),
      amount: world.monthly,
      token,
    });
    // The card on file declines: only the add-on can pay.
    await t.post(`/sandbox/contacts/${b.contactId}/payment_method`, { card_number: '4000 0000 0000 0341' }, { token });
    const advanceTo = async (to: Date) =>
      assert.equal((await t.post('/sandbox/clock/advance', { to: to.toISOString() }, { token })).status, 200);
    const periodEnd = async () =>
      new Date(
        (await t.get(`/2025-09/subscriptions/${b.subscriptionId}`, { token })).body.subscription.current_period.ends_at,
      );
    const latest = async () =>
      (
        await t.get(`/2025-09/invoices?subscription_id=${b.subscriptionId}&sort_direction=ASC&limit=100`, { token })
      ).body.invoices.at(-1);
    const charges = () => addon.state.received.filter((r) => r.type === 'billing.charge' && r.path === '/b2');
    const pendingCollects = async (invoiceId: string) =>
      (
        await sql<{ payload: any }>`SELECT payload FROM jobs WHERE kind = 'lifecycle' AND state = 'pending'`.execute(
          t.lockyard.database.db,
        )
      ).rows
        .map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload))
        .filter((p) => p.step === 'collect' && p.invoice_id === invoiceId);

    // succeeded: paid, the charge id kept as the payment's reference.
    addon.state.mode = 'ok';
    await advanceTo(new Date((await periodEnd()).getTime() + 60_000));
    const first = await latest();
    assert.equal(first.status, 'paid', JSON.stringify(first));
    const sent = charges().find((r) => r.body.data.invoiceId === first.id);
    assert.ok(sent?.signatureOk, 'billing.charge sent for the renewal');
    assert.equal(sent.body.data.amount, first.total.amount / 10 ** minorUnitDigits(c.operator.currency));
    const recorded = await t.lockyard.app.inject({
      url: `/api/v1/admin/invoices/${first.id}`,
      headers: { authorization: `Addon ${payB}|${apiKeys.get(payB)}` },
    });
    assert.deepEqual(
      recorded.json().payments.map((p: any) => [p.type, p.addonId]),
      [['custom', payB]],
    );

    // failed: the dunning path (a retry scheduled), then the retry, through the add-on again, pays it.
    addon.state.mode = 'failed';
    await advanceTo(new Date((await periodEnd()).getTime() + 60_000));
    const second = await latest();
    assert.notEqual(second.id, first.id);
    assert.equal(second.status, 'open');
    assert.equal((await pendingCollects(second.id)).length, 1, 'a retry on the dunning schedule');
    addon.state.mode = 'ok';
    await advanceTo(new Date(new Date((await pendingCollects(second.id))[0].at).getTime() + 60_000));
    assert.equal((await latest()).status, 'paid');
    assert.equal(charges().filter((r) => r.body.data.invoiceId === second.id).length, 2);

    // processing: left open, no retry; the add-on records the payment later with the charge id.
    addon.state.mode = 'processing';
    await advanceTo(new Date((await periodEnd()).getTime() + 60_000));
    const third = await latest();
    assert.equal(third.status, 'open');
    assert.deepEqual(await pendingCollects(third.id), []);
    const charge = charges().find((r) => r.body.data.invoiceId === third.id)!;
    const settled = await t.lockyard.app.inject({
      method: 'POST',
      url: `/api/v1/admin/invoices/${third.id}/payments`,
      headers: { authorization: `Addon ${payB}|${apiKeys.get(payB)}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        type: 'custom',
        amount: charge.body.data.amount,
        method: 'card',
        reference: 'ch_later',
      }),
    });
    assert.equal(settled.statusCode, 201, settled.body);
    assert.equal((await latest()).status, 'paid');
    addon.state.mode = 'ok';
  });
});
