// The SDK against a real Lockyard on a listening port (PGlite or PostgreSQL, as the run chooses).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createListeningApp, type ListeningApp } from '../../../test/harness/listening-app.ts';
import { updateOperatorRateLimits } from '../../../src/storage/repos/operators.repo.ts';
import {
  AuthenticationError,
  ConnectionError,
  InvalidRequestError,
  NotFoundError,
  RateLimitError,
  Stora,
  type Page,
} from '../src/index.ts';

describe('@lockyard/stora against a running server', () => {
  let t: ListeningApp;
  let stora: Stora;
  before(async () => {
    t = await createListeningApp();
    stora = new Stora({ baseUrl: t.baseUrl, accessToken: t.a.token });
  });
  after(() => t.close());

  const email = () => `sdk-${Math.random().toString(36).slice(2)}@example.com`;

  test('typed resources: list, show with typed expand, create, update, delete', async () => {
    const sites = await stora.sites.list();
    assert.equal(sites.data.length, 3);
    const unitType = await stora.unitTypes.show((await stora.unitTypes.list({ limit: 1 })).data[0].id, {
      expand: ['site'],
    });
    // `expand: ['site']` types `site` as a full Site: `name` exists on it only when expanded.
    const siteName: string = unitType.site.name;
    assert.ok(sites.data.some((s) => s.name === siteName));
    const plain = await stora.unitTypes.show(unitType.id);
    assert.deepEqual(Object.keys(plain.site), ['id']);

    const created = await stora.contacts.create({ email: email(), full_name: 'Ada Lovelace' });
    assert.match(created.id, /^con_/);
    const updated = await stora.contacts.update(created.id, { full_name: 'Ada King', metadata: { crm_id: '42' } });
    assert.equal(updated.full_name, 'Ada King');
    assert.deepEqual(updated.metadata, { crm_id: '42' });
    const gone = await stora.contacts.delete(created.id);
    assert.ok(gone.message);
    await assert.rejects(stora.contacts.show(created.id), NotFoundError);
  });

  test('unit actions answer with the affected units in meta.unit_ids', async () => {
    const occupied = (await stora.units.list({ status: 'occupied', limit: 1 })).data[0];
    const allocation = (await stora.unitAllocations.list({ unit_id: occupied.id, limit: 1 })).data[0];
    const contactId = (await stora.tenancies.show(allocation.tenancy.id)).contact.id;
    const locked = await stora.units.overlock({ contact_id: contactId });
    assert.ok(locked.success.message);
    assert.ok(locked.meta.unit_ids.includes(occupied.id));
    const freed = await stora.units.removeOverlockFrom({ contact_id: contactId });
    assert.deepEqual(freed.meta.unit_ids.sort(), locked.meta.unit_ids.sort());
  });

  test('for await walks every page; toArray and pages agree with the pagination count', async () => {
    const seen: string[] = [];
    for await (const unit of stora.units.list({ limit: 100, status: ['available', 'reserved'] })) seen.push(unit.id);
    const first: Page<unknown> = await stora.units.list({ limit: 100, status: 'available,reserved' });
    assert.equal(seen.length, first.pagination.count);
    assert.ok(first.pagination.pages > 1, 'the demo has several pages of units');
    assert.equal(new Set(seen).size, seen.length);
    let pages = 0;
    for await (const page of stora.units.list({ limit: 100 }).pages()) pages += page.data.length ? 1 : 0;
    assert.equal(pages, (await stora.units.list({ limit: 100 })).pagination.pages);
    assert.equal((await stora.units.list({ limit: 10 }).toArray(25)).length, 25);
  });

  test('errors are typed and carry code, details with pointers and request_id', async () => {
    const err = await stora.contacts.create({ email: 'not-an-email' }).catch((e) => e);
    assert.ok(err instanceof InvalidRequestError);
    assert.equal(err.status, 422);
    assert.equal(err.code, 'invalid_content');
    assert.equal(err.details[0].pointer, '/email');
    assert.match(err.requestId ?? '', /^[0-9a-f-]{36}$/);

    const missing = await stora.sites.show('site_0000000000000000').catch((e) => e);
    assert.ok(missing instanceof NotFoundError);
    assert.equal(missing.code, 'resource_not_found');

    const anonymous = new Stora({ baseUrl: t.baseUrl, accessToken: 'wrong' });
    await assert.rejects(
      async () => anonymous.sites.list(),
      (e: AuthenticationError) => e instanceof AuthenticationError && e.code === 'invalid_token',
    );
  });

  test('CSV and PDF downloads', async () => {
    const csv = await stora.sites.listCsv();
    assert.match(csv.contentType, /^text\/csv/);
    assert.equal(csv.text().trim().split('\n').length, 4);
    const invoice = (await stora.invoices.list({ limit: 1 })).data[0];
    assert.ok(invoice, 'the demo has invoices');
    const pdf = await stora.invoices.showPdf(invoice.id);
    assert.equal(pdf.contentType, 'application/pdf');
    assert.equal(new TextDecoder().decode(pdf.data.slice(0, 5)), '%PDF-');
  });

  test('every POST carries an Idempotency-Key; a given key replays the first answer', async () => {
    const keys: (string | null)[] = [];
    const spy = new Stora({
      baseUrl: t.baseUrl,
      accessToken: t.a.token,
      fetch: (url, init) => {
        keys.push(new Headers(init?.headers).get('idempotency-key'));
        return fetch(url, init);
      },
    });
    const body = { email: email() };
    const a = await spy.contacts.create(body, undefined, { idempotencyKey: 'sdk-test-key-1' });
    const b = await spy.contacts.create(body, undefined, { idempotencyKey: 'sdk-test-key-1' });
    assert.equal(a.id, b.id);
    await spy.contacts.create({ email: email() });
    await spy.sites.list();
    assert.deepEqual(keys.slice(0, 2), ['sdk-test-key-1', 'sdk-test-key-1']);
    assert.match(keys[2]!, /^[0-9a-f-]{36}$/);
    assert.equal(keys[3], null);
  });

  test('a POST whose connection drops after the server acted is retried with the same key: one contact', async () => {
    const sent: string[] = [];
    let dropped = false;
    const flaky = new Stora({
      baseUrl: t.baseUrl,
      accessToken: t.a.token,
      sleep: async () => {},
      fetch: async (url, init) => {
        sent.push(new Headers(init?.headers).get('idempotency-key')!);
        const res = await fetch(url, init);
        if (!dropped) {
          dropped = true;
          throw new TypeError('fetch failed: socket hang up');
        }
        return res;
      },
    });
    const address = email();
    const contact = await flaky.contacts.create({ email: address });
    assert.equal(sent.length, 2);
    assert.equal(sent[0], sent[1]);
    const matches = await stora.contacts.list({ search: address }).toArray();
    assert.deepEqual(
      matches.map((c) => c.id),
      [contact.id],
    );
  });

  test('PATCH is not retried after a network error; 4xx never; 5xx and network errors on GET are, with backoff', async () => {
    let calls = 0;
    const down = new Stora({
      baseUrl: t.baseUrl,
      accessToken: t.a.token,
      sleep: async () => {},
      fetch: async () => (calls++, Promise.reject(new TypeError('ECONNRESET'))),
    });
    const contact = await stora.contacts.create({ email: email() });
    await assert.rejects(down.contacts.update(contact.id, { full_name: 'x' }), ConnectionError);
    assert.equal(calls, 1);
    calls = 0;
    await assert.rejects(async () => down.sites.list(), ConnectionError);
    assert.equal(calls, 3, 'GET: the first attempt and two retries');

    let notFound = 0;
    const counting = new Stora({
      baseUrl: t.baseUrl,
      accessToken: t.a.token,
      fetch: (u, i) => (notFound++, fetch(u, i)),
    });
    await assert.rejects(counting.sites.show('site_0000000000000000'), NotFoundError);
    assert.equal(notFound, 1);

    const delays: number[] = [];
    let failures = 2;
    const unstable = new Stora({
      baseUrl: t.baseUrl,
      accessToken: t.a.token,
      random: () => 0.5,
      sleep: async (ms) => void delays.push(ms),
      fetch: async (u, i) =>
        failures-- > 0
          ? new Response('{"error":{"code":"internal_server_error","message":"boom"}}', { status: 503 })
          : fetch(u, i),
    });
    assert.equal((await unstable.sites.list()).data.length, 3);
    assert.deepEqual(delays, [375, 750], 'half to all of 500·2^attempt ms, here at the middle of the jitter');
  });

  test('429: waits until RateLimit-Reset and succeeds; with no retries left it throws RateLimitError', async () => {
    await updateOperatorRateLimits(t.lockyard.database.db, t.b.id, 2, 1000);
    try {
      const delays: number[] = [];
      const b = new Stora({
        baseUrl: t.baseUrl,
        accessToken: t.b.token,
        maxRetries: 5,
        sleep: (ms) => (delays.push(ms), new Promise((r) => setTimeout(r, ms))),
      });
      const results = await Promise.all([1, 2, 3, 4, 5].map(() => b.sites.list()));
      assert.ok(results.every((r) => r.data.length === 1));
      assert.ok(delays.length >= 1, `retried after 429s (${delays})`);
      assert.ok(
        delays.every((d) => d >= 0 && d <= 1_250),
        `waits stay within the one-second window (${delays})`,
      );

      const impatient = new Stora({ baseUrl: t.baseUrl, accessToken: t.b.token, maxRetries: 0 });
      const errors = (await Promise.allSettled([1, 2, 3, 4].map(() => impatient.sites.list()))).filter(
        (r) => r.status === 'rejected',
      );
      assert.ok(errors.length >= 1);
      const e = (errors[0] as PromiseRejectedResult).reason;
      assert.ok(e instanceof RateLimitError);
      assert.equal(e.code, 'too_many_requests');
      assert.ok(e.retryAfterMs! <= 1_000);
    } finally {
      await updateOperatorRateLimits(t.lockyard.database.db, t.b.id, 100_000, 1_000_000);
    }
  });
});
