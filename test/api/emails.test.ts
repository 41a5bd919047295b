import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { book, type Booked } from '../harness/booking.ts';
import { localHourOn } from '../../src/domain/lifecycle/local-time.ts';

/** Customer email in sandbox mode: captured in the sandbox mailbox, caused in the transaction of its cause. */
describe('customer email: the sandbox mailbox', () => {
  let t: TestApp;
  let token: string;
  let unitType: any;
  let site: any;
  let startsAt: Date;
  let withEmails: Booked;
  let withoutEmails: Booked;
  const mailbox = async (query: string, tok = token) => {
    const res = await t.get(`/sandbox/emails?${query}&limit=100`, { token: tok });
    assert.equal(res.status, 200, res.text);
    return res.body.emails as any[];
  };
  const advanceTo = async (to: Date) => {
    const res = await t.post('/sandbox/clock/advance', { to: to.toISOString() }, { token });
    assert.equal(res.status, 200, res.text);
  };

  before(async () => {
    t = await createTestApp();
    token = t.b.token;
    unitType = (await t.get('/2025-09/unit_types?limit=100', { token })).body.unit_types.find(
      (u: any) => u.status === 'bookable' && u.prices.some((p: any) => p.billing_period === 'monthly'),
    );
    site = (await t.get(`/2025-09/sites/${unitType.site.id}`, { token })).body.site;
    const now = new Date((await t.get('/sandbox/clock', { token })).body.clock.now);
    startsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 3, 12));
    const amount = unitType.prices.find((p: any) => p.billing_period === 'monthly').price.amount;
    const common = { unitTypeId: unitType.id, siteId: site.id, startsAt: startsAt.toISOString(), amount, token };
    withEmails = await book(t, { ...common, email: 'mail.yes@example.com' });
    withoutEmails = await book(t, {
      ...common,
      email: 'mail.no@example.com',
      emails: { booking_confirmation: false, move_in_day: false },
    });
    await t.lockyard.engines.jobs.runDue();
  });
  after(() => t?.close());

  test('a completed order sends the booking confirmation to its contact only, unless the order turned it off', async () => {
    const [mail, ...more] = await mailbox(`contact_id=${withEmails.contactId}`);
    assert.deepEqual(more, []);
    assert.equal(mail.template, 'booking_confirmation');
    assert.equal(mail.status, 'captured');
    assert.equal(mail.to, 'mail.yes@example.com');
    assert.deepEqual(mail.contact, { id: withEmails.contactId });
    assert.match(mail.id, /^eml_/);
    assert.equal(mail.subject, `Your booking at ${site.name} is confirmed`);
    assert.match(mail.body_text, new RegExp(`Unit: ${unitType.name}`));
    assert.match(mail.body_text, /http:\/\/lockyard\.test\/portal\/[a-z0-9-]+/);
    assert.match(mail.body_html, /<a href="http:\/\/lockyard\.test\/portal\//);
    // The cause is the order.completed event, in the event log.
    const event = await t.get(`/sandbox/events/${mail.cause}`, { token });
    assert.equal(event.body.event.type, 'order.completed');
    assert.equal(event.body.event.data.order.id, withEmails.orderId);
    assert.deepEqual(await mailbox(`contact_id=${withoutEmails.contactId}`), []);
    const shown = await t.get(`/sandbox/emails/${mail.id}`, { token });
    assert.equal(shown.status, 200);
    assert.deepEqual(shown.body.email, mail);
  });

  test('move-in day: move_in_day (only where the order allows it), the first invoice and its receipt', async () => {
    await advanceTo(localHourOn(startsAt, site.timezone, 6));
    await t.lockyard.engines.jobs.runDue();
    const yes = (await mailbox(`contact_id=${withEmails.contactId}`)).map((m) => m.template).sort();
    assert.deepEqual(yes, ['booking_confirmation', 'invoice', 'move_in_day', 'receipt']);
    const no = (await mailbox(`contact_id=${withoutEmails.contactId}`)).map((m) => m.template).sort();
    assert.deepEqual(no, ['invoice', 'receipt']);
    const [moveIn] = await mailbox(`contact_id=${withEmails.contactId}&template=move_in_day`);
    assert.equal(moveIn.subject, `Today is your move-in day at ${site.name}`);
    // The unit and its keypad code as granted in the move-in transaction (read when the email is sent).
    const unitId = (await t.get(`/2025-09/tenancies/${withEmails.tenancyId}?expand=unit_allocations`, { token })).body
      .tenancy.unit_allocations[0].unit.id;
    const grant = (await t.get(`/sandbox/access_control?unit_id=${unitId}`, { token })).body;
    const code = JSON.stringify(grant).match(/"code":"([^"]+)"/)?.[1];
    assert.ok(code, JSON.stringify(grant));
    assert.match(moveIn.body_text, new RegExp(`your access code is ${code}`));
    const [receipt] = await mailbox(`contact_id=${withEmails.contactId}&template=receipt`);
    const invoice = (await t.get(`/2025-09/invoices?subscription_id=${withEmails.subscriptionId}`, { token })).body
      .invoices[0];
    assert.equal(receipt.subject, `Receipt for invoice ${invoice.number}`);
    assert.match(receipt.body_text, new RegExp(invoice.amount_paid.formatted.replace(/[.$]/g, '\\$&')));
  });

  test('a declined collection sends payment_failed to the invoice contact', async () => {
    const card = await t.post(
      `/sandbox/contacts/${withEmails.contactId}/payment_method`,
      { card_number: '4000000000000341' },
      { token },
    );
    assert.equal(card.status, 201, card.text);
    const sub = (await t.get(`/2025-09/subscriptions/${withEmails.subscriptionId}`, { token })).body.subscription;
    await advanceTo(new Date(Date.parse(sub.current_period.ends_at) + 60_000));
    await t.lockyard.engines.jobs.runDue();
    const failed = await mailbox(`contact_id=${withEmails.contactId}&template=payment_failed`);
    assert.equal(failed.length, 1);
    assert.match(failed[0].body_text, /card ending 0341/);
    assert.deepEqual(await mailbox(`contact_id=${withoutEmails.contactId}&template=payment_failed`), []);
  });

  test('reading the mailbox needs public.contact:read; another operator sees none of it', async () => {
    const narrow = await t.tokenWith(['public.site:read'], t.b.id);
    const refused = await t.get('/sandbox/emails', { token: narrow });
    assert.equal(refused.status, 403, refused.text);
    const reader = await t.tokenWith(['public.contact:read'], t.b.id);
    assert.ok((await mailbox('status=captured', reader)).length >= 6);
    const [one] = await mailbox(`contact_id=${withEmails.contactId}`);
    const other = await t.get(`/sandbox/emails/${one.id}`, { token: t.a.token });
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'resource_not_found');
    assert.ok((await mailbox('status=captured', t.a.token)).every((m) => m.to !== 'mail.yes@example.com'));
  });

  test("the seed's back-dated bookings sent no confirmation", async () => {
    const rows = await t.lockyard.database.db
      .selectFrom('emails')
      .select('template')
      .where('template', '=', 'booking_confirmation')
      .where('to_address', 'not in', ['mail.yes@example.com'])
      .execute();
    assert.deepEqual(rows, []);
  });
});

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server (smtp-server): STARTTLS with its own certificate, AUTH PLAIN/LOGIN, one mailbox. */
async function startSmtp(opts: { rejectRecipient?: RegExp } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, cb) {
      if (auth.username === 'lockyard' && auth.password === 's3cret') return cb(null, { user: 'lockyard' });
      return cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      if (opts.rejectRecipient?.test(address.address)) {
        const err = new Error('Mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 450;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
    logger: false,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    received,
    url: `smtp://lockyard:s3cret@127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Production mode: emails go out over SMTP (a real server in the test), nothing is kept as a mailbox. */
describe('customer email: production over SMTP', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  before(async () => {
    smtp = await startSmtp({ rejectRecipient: /^bounce/ });
    t = await createTestApp({
      sandbox: false,
      email: {
        smtpUrl: smtp.url,
        from: 'Acme Storage <no-reply@acme.example>',
        smtpTls: { rejectUnauthorized: false },
      },
    });
  });
  after(async () => {
    await t?.close();
    await smtp?.close();
  });

  /** Books through the hosted checkout (production has no sandbox pay endpoint). */
  async function bookAndPay(email: string): Promise<string> {
    const ut = (await t.get('/2025-09/unit_types?limit=100')).body.unit_types.find(
      (u: any) => u.status === 'bookable' && u.prices.some((p: any) => p.billing_period === 'monthly'),
    );
    const res = await t.post('/2025-09/orders', {
      site: { id: ut.site.id },
      contact: { email },
      billing_period: 'monthly',
      payment_method: 'card',
      starts_at: '2031-04-15T00:00:00Z',
      line_items: [{ type: 'unit_type', quantity: 1, price: { amount: 9500 }, item: { id: ut.id } }],
      finalize: { cancel_redirect_url: 'https://partner.example.com/cancelled' },
    });
    assert.equal(res.status, 201, res.text);
    const paid = await t.lockyard.app.inject({
      method: 'POST',
      url: new URL(res.body.order.payment_url).pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=Jo+Bloggs&card_number=4242424242424242&expiry=12%2F35&cvc=123',
    });
    assert.equal(paid.statusCode, 303, paid.body);
    return res.body.order.contact.id;
  }

  test('the booking confirmation is delivered over SMTP (STARTTLS, AUTH) to the contact, and recorded as sent', async () => {
    const contactId = await bookAndPay('jo.bloggs@example.com');
    await t.lockyard.engines.jobs.runDue();
    // (The demo operators' seeded rentals fall due too and mail their own contacts; only ours is looked at.)
    const mine = smtp.received.filter((m) => m.raw.includes('jo.bloggs@example.com'));
    assert.equal(mine.length, 1);
    const [msg] = mine;
    assert.equal(msg.from, 'no-reply@acme.example');
    assert.deepEqual(msg.to, ['jo.bloggs@example.com']);
    assert.match(msg.raw, /^Subject: Your booking at .+ is confirmed\r?$/m);
    assert.match(msg.raw, /^To: jo\.bloggs@example\.com\r?$/m);
    assert.match(msg.raw, /^X-Lockyard-Template: booking_confirmation\r?$/m);
    assert.match(msg.raw, /Content-Type: text\/html/);
    const [row] = await t.lockyard.database.db
      .selectFrom('emails')
      .selectAll()
      .where('contact_id', '=', contactId)
      .execute();
    assert.equal(row.status, 'sent');
    assert.equal(row.to_address, 'jo.bloggs@example.com');
    assert.ok(row.message_id && msg.raw.includes(row.message_id.replace(/[<>]/g, '')));
  });

  test('a refused recipient is retried later, not lost; the mailbox endpoint is off in production', async () => {
    const contactId = await bookAndPay('bounce.me@example.com');
    await t.lockyard.engines.jobs.runDue();
    assert.equal(smtp.received.filter((m) => m.raw.includes('bounce.me@example.com')).length, 0);
    const [row] = await t.lockyard.database.db
      .selectFrom('emails')
      .selectAll()
      .where('contact_id', '=', contactId)
      .execute();
    assert.equal(row.status, 'queued');
    assert.equal(row.attempts, 1);
    assert.match(row.last_error ?? '', /450|Mailbox unavailable/);
    const job = await t.lockyard.database.db
      .selectFrom('jobs')
      .select(['state', 'run_at'])
      .where('kind', '=', 'email.send')
      .where('state', '=', 'pending')
      .executeTakeFirst();
    assert.ok(job && new Date(job.run_at).getTime() > Date.now() + 30_000, 'retried a minute later');
    const off = await t.get('/sandbox/emails');
    assert.equal(off.status, 404, off.text);
  });
});
