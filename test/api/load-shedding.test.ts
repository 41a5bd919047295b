import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createListeningApp, type ListeningApp } from '../harness/listening-app.ts';

// Overload forced deterministically: a limit of one request in flight, held by a POST whose body never finishes
// arriving (a request is in flight from its first byte until it is answered or its client goes away).
let t: ListeningApp;
before(async () => {
  t = await createListeningApp({ loadShedding: { maxInFlight: 1, retryAfterSeconds: 2 } });
});
after(() => t.close());

function holdOneRequest(): ClientRequest {
  const url = new URL('/2025-09/contacts', t.baseUrl);
  const req = httpRequest(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.a.token}`, 'content-type': 'application/json', 'content-length': '100' },
  });
  req.on('error', () => {}); // destroyed on purpose below
  req.write('{"full_name": ');
  return req;
}

const get = () => fetch(`${t.baseUrl}/2025-09/units?limit=1`, { headers: { authorization: `Bearer ${t.a.token}` } });

test('past the in-flight limit the API answers 503 with Retry-After in the error envelope, then recovers', async () => {
  assert.equal((await get()).status, 200, 'under the limit, served');

  const held = holdOneRequest();
  const closed = new Promise((resolve) => held.once('close', resolve));
  try {
    // Polled only until the server has taken the held request in (it arrives over a real socket).
    let shed = await get();
    for (let i = 0; i < 100 && shed.status === 200; i++) {
      await sleep(50);
      shed = await get();
    }
    assert.equal(shed.status, 503);
    assert.equal(shed.headers.get('retry-after'), '2');
    assert.ok(shed.headers.get('x-request-id'));
    const body = await shed.json();
    assert.equal(body.error.code, 'internal_server_error');
    assert.equal(body.error.type, 'api_error');
    assert.match(body.error.message, /Retry after 2 seconds/);
    assert.equal(body.error.request_id, shed.headers.get('x-request-id'));

    // The health check is never shed.
    assert.equal((await fetch(`${t.baseUrl}/healthz`)).status, 200);
  } finally {
    // The held request goes away: the next request is served again.
    held.destroy();
  }
  await closed;
  let status = 0;
  for (let i = 0; i < 50 && status !== 200; i++) {
    status = (await get()).status;
    if (status !== 200) await sleep(20);
  }
  assert.equal(status, 200, 'recovered');
});

test('a request that completes frees its slot (no leak across many requests)', async () => {
  for (let i = 0; i < 20; i++) assert.equal((await get()).status, 200);
});
