// constructEvent against real signed deliveries from Lockyard, and the signing helper's round trip.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createListeningApp, type ListeningApp } from '../../../test/harness/listening-app.ts';
import {
  constructEvent,
  EVENT_TYPES,
  signPayload,
  Stora,
  WebhookSignatureError,
  type WebhookEvent,
} from '../src/index.ts';

interface Delivery {
  body: string;
  signature: string;
}

describe('webhooks', () => {
  let t: ListeningApp;
  let receiver: Server;
  let receiverUrl: string;
  const deliveries: Delivery[] = [];
  let waiters: Array<() => void> = [];

  before(async () => {
    t = await createListeningApp();
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        deliveries.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(req.headers['x-stora-signature']),
        });
        res.writeHead(204).end();
        for (const w of waiters) w();
        waiters = [];
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  });
  after(async () => {
    await t.close();
    await new Promise((r) => receiver.close(r));
  });

  async function nextDelivery(count: number): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (deliveries.length < count) {
      if (Date.now() > deadline) throw new Error('no delivery within 20 s');
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  test('a real delivery verifies and is typed by its event type; tampering and a wrong secret do not', async () => {
    const stora = new Stora({ baseUrl: t.baseUrl, accessToken: t.a.token });
    const endpoint = await stora.webhookEndpoints.create({
      name: 'SDK test',
      api_version: '2025-09',
      url: receiverUrl,
      event_types: ['contact.created'],
    });
    assert.ok(endpoint.secret);
    const contact = await stora.contacts.create({ email: `hook-${Date.now()}@example.com` });
    await nextDelivery(1);
    const { body, signature } = deliveries[0];

    const event: WebhookEvent = await constructEvent(body, signature, endpoint.secret!);
    assert.equal(event.type, 'contact.created');
    if (event.type === 'contact.created') assert.equal(event.data.contact.id, contact.id); // narrowed: data.contact is a Contact

    await assert.rejects(
      constructEvent(body.replace(contact.id, 'con_0000000000000000'), signature, endpoint.secret!),
      WebhookSignatureError,
    );
    await assert.rejects(constructEvent(body, signature, 'not-the-secret'), WebhookSignatureError);
    await assert.rejects(constructEvent(body, undefined, endpoint.secret!), WebhookSignatureError);
    await assert.rejects(constructEvent(body, 't=abc', endpoint.secret!), WebhookSignatureError);
  });

  test('the replay window: an old or future timestamp fails, tolerance 0 disables the check', async () => {
    const secret = 'whsec_test';
    const payload = {
      event: {
        id: 'evt_1',
        type: 'order.completed',
        api_version: '2025-09',
        created_at: '2025-01-15T10:30:00Z',
        data: { order: { id: 'order_1' } },
      },
    };
    const now = 1_800_000_000;
    const old = await signPayload(payload, secret, now - 301);
    await assert.rejects(constructEvent(old.body, old.header, secret, 300, now), /tolerance/);
    const future = await signPayload(payload, secret, now + 301);
    await assert.rejects(constructEvent(future.body, future.header, secret, 300, now), /tolerance/);
    assert.equal((await constructEvent(old.body, old.header, secret, 0, now)).id, 'evt_1');
    const fresh = await signPayload(payload, secret, now - 10);
    const event = await constructEvent(fresh.body, fresh.header, secret, 300, now);
    assert.equal(event.type === 'order.completed' && event.data.order.id, 'order_1');
    // A header with a rotated-out signature first and the current one second still verifies.
    assert.equal(
      (await constructEvent(fresh.body, fresh.header.replace('v1=', 'v1=00,v1='), secret, 300, now)).id,
      'evt_1',
    );
  });

  test('the SDK knows all 50 event types the server accepts', async () => {
    assert.equal(Object.keys(EVENT_TYPES).length, 50);
    const stora = new Stora({ baseUrl: t.baseUrl, accessToken: t.a.token });
    const all = await stora.webhookEndpoints.create({
      name: 'all',
      api_version: '2025-09',
      url: receiverUrl,
      event_types: Object.keys(EVENT_TYPES) as never,
    });
    assert.equal(all.event_types.length, 50);
  });
});
