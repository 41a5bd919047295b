import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp, type TestResponse } from '../harness/test-app.ts';
import { eventsOf, expect422 } from '../harness/api-checks.ts';

const DEAL_KEYS = [
  'id',
  'assignee',
  'contact',
  'created_at',
  'creator',
  'line_items',
  'lost_reason',
  'metadata',
  'name',
  'note',
  'site',
  'stage',
  'starts_at',
  'status',
  'updated_at',
  'value_estimate',
];

describe('deals', () => {
  let t: TestApp;
  let contactId: string;
  let otherContactId: string;
  let staffId: string;
  let stages: any[];
  let siteId: string;
  let unitTypeId: string;
  let protectionId: string;
  let productId: string;

  const create = async (body: Record<string, unknown> = {}, token?: string) => {
    const res = await t.post(
      '/2025-09/deals',
      { name: 'Storage for Acme', contact: { id: contactId }, ...body },
      { token },
    );
    assert.equal(res.status, 201, res.text);
    return res.body.deal;
  };
  const events = (type: string, id: string) => eventsOf(t, type, 'deal', id);
  const show = async (id: string) => (await t.get(`/2025-09/deals/${id}`)).body.deal;
  /** A 422 `invalid_content` naming `pointer`. */
  const expectInvalid = (res: TestResponse, pointer: string) => {
    expect422(res, pointer);
    assert.equal(res.body.error.code, 'invalid_content');
  };

  before(async () => {
    t = await createTestApp();
    [contactId, otherContactId] = (await t.get('/2025-09/contacts?limit=2')).body.contacts.map((c: any) => c.id);
    staffId = (await t.get('/2025-09/staff?limit=1')).body.staff[0].id;
    stages = (await t.get('/2025-09/deals/stages?sort_by=position&sort_direction=ASC')).body.stages;
    siteId = (await t.get('/2025-09/sites?limit=1')).body.sites[0].id;
    unitTypeId = (await t.get('/2025-09/unit_types?limit=1')).body.unit_types[0].id;
    protectionId = (await t.get('/2025-09/protection_levels?limit=1')).body.protection_levels[0].id;
    productId = (await t.get('/2025-09/products?limit=1')).body.products[0].id;
  });
  after(() => t.close());

  test('create: the documented shape, first stage by default, creator is the token, deal.created as shown', async () => {
    const res = await t.post('/2025-09/deals', {
      name: 'Acme Corp Storage',
      contact: { id: contactId },
      line_items: [
        { type: 'unit_type', item: { id: unitTypeId } },
        { type: 'protection', item: { id: protectionId } },
      ],
      metadata: { crm_id: 'hub_1' },
    });
    assert.equal(res.status, 201, res.text);
    const d = res.body.deal;
    assert.deepEqual(Object.keys(d), DEAL_KEYS);
    assert.match(d.id, /^deal_[0-9a-f]{16}$/);
    assert.match(d.creator.id, /^tok_/);
    assert.deepEqual(d.stage, { id: stages[0].id });
    assert.equal(d.status, 'open');
    assert.equal(d.lost_reason, null);
    assert.deepEqual(d.line_items, [
      { item: { id: protectionId }, quantity: 1, type: 'protection' },
      { item: { id: unitTypeId }, quantity: 1, type: 'unit_type' },
    ]);
    assert.deepEqual(d.metadata, { crm_id: 'hub_1' });
    assert.deepEqual(await show(d.id), d);
    const [event] = await events('deal.created', d.id);
    assert.deepEqual(event.payload.event.data.deal, d);
  });

  test('create: every optional field, and expand of assignee, stage, contact and site', async () => {
    const d = await create({
      stage: { id: stages[2].id },
      assignee: { id: staffId },
      site: { id: siteId },
      note: '£50 per month',
      value_estimate: '£600 a year',
      starts_at: '2026-12-01T09:00:00Z',
      line_items: [{ type: 'product', item: { id: productId }, quantity: 3 }],
    });
    assert.deepEqual(
      [d.stage.id, d.assignee.id, d.site.id, d.note, d.value_estimate, d.starts_at],
      [stages[2].id, staffId, siteId, '£50 per month', '£600 a year', '2026-12-01T09:00:00Z'],
    );
    assert.deepEqual(d.line_items, [{ item: { id: productId }, quantity: 3, type: 'product' }]);
    const res = await t.get(`/2025-09/deals/${d.id}?expand=assignee,stage,contact,site`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.deal.assignee.email !== undefined, true);
    assert.equal(res.body.deal.stage.name, stages[2].name);
    assert.equal(res.body.deal.contact.id, contactId);
    assert.equal(res.body.deal.site.id, siteId);
  });

  test('create: validation with pointers', async () => {
    const base = { name: 'x', contact: { id: contactId } };
    expectInvalid(await t.post('/2025-09/deals', { contact: { id: contactId } }), '/name');
    expectInvalid(await t.post('/2025-09/deals', { name: 'x' }), '/contact');
    expectInvalid(await t.post('/2025-09/deals', { ...base, contact: { id: 'con_0000000000000000' } }), '/contact/id');
    expectInvalid(await t.post('/2025-09/deals', { ...base, stage: { id: 'dstg_0000000000000000' } }), '/stage/id');
    expectInvalid(
      await t.post('/2025-09/deals', { ...base, assignee: { id: 'staff_0000000000000000' } }),
      '/assignee/id',
    );
    expectInvalid(
      await t.post('/2025-09/deals', { ...base, line_items: [{ type: 'unit_type', item: { id: protectionId } }] }),
      '/line_items/0/item/id',
    );
    expectInvalid(
      await t.post('/2025-09/deals', { ...base, line_items: [{ type: 'storage', item: { id: unitTypeId } }] }),
      '/line_items/0/type',
    );
    expectInvalid(
      await t.post('/2025-09/deals', {
        ...base,
        line_items: [
          { type: 'unit_type', item: { id: unitTypeId } },
          { type: 'unit_type', item: { id: unitTypeId } },
        ],
      }),
      '/line_items/1/type',
    );
    expectInvalid(await t.post('/2025-09/deals', { ...base, starts_at: 'next week' }), '/starts_at');
    expectInvalid(await t.post('/2025-09/deals', { ...base, metadata: { Bad: 'x' } }), '/metadata/Bad');
    // Another operator's records read as unknown ones.
    const bContact = (await t.get('/2025-09/contacts?limit=1', { token: t.b.token })).body.contacts[0].id;
    expectInvalid(await t.post('/2025-09/deals', { ...base, contact: { id: bContact } }), '/contact/id');
  });

  test('update: rename, replace line items, move stage, merge metadata, clear nullable fields; deal.updated as shown', async () => {
    const d = await create({
      note: 'n',
      site: { id: siteId },
      metadata: { a: '1', b: '2' },
      line_items: [{ type: 'protection', item: { id: protectionId } }],
    });
    const res = await t.patch(`/2025-09/deals/${d.id}`, {
      name: 'Renamed',
      stage: { id: stages[1].id },
      note: null,
      site: null,
      metadata: { a: null, c: '3' },
      line_items: [{ type: 'unit_type', item: { id: unitTypeId } }],
      contact: { id: otherContactId },
    });
    assert.equal(res.status, 200, res.text);
    const u = res.body.deal;
    assert.deepEqual(
      [u.name, u.stage.id, u.note, u.site, u.contact.id],
      ['Renamed', stages[1].id, null, null, otherContactId],
    );
    assert.deepEqual(u.metadata, { b: '2', c: '3' });
    assert.deepEqual(u.line_items, [{ item: { id: unitTypeId }, quantity: 1, type: 'unit_type' }]);
    const [event] = await events('deal.updated', d.id);
    assert.deepEqual(event.payload.event.data.deal, await show(d.id));
    const cleared = await t.patch(`/2025-09/deals/${d.id}`, { line_items: [] });
    assert.deepEqual(cleared.body.deal.line_items, []);
    // A patch that changes nothing announces nothing.
    const before = (await events('deal.updated', d.id)).length;
    assert.equal((await t.patch(`/2025-09/deals/${d.id}`, { name: 'Renamed' })).status, 200);
    assert.equal((await events('deal.updated', d.id)).length, before);
    expectInvalid(await t.patch(`/2025-09/deals/${d.id}`, { stage: { id: 'dstg_0000000000000000' } }), '/stage/id');
  });

  test('win, lose, reopen: events, 409 naming the state, reopen to the last open stage or a given one', async () => {
    const d = await create({ stage: { id: stages[3].id } });
    const won = await t.post(`/2025-09/deals/${d.id}/win`);
    assert.equal(won.status, 200, won.text);
    assert.equal(won.body.deal.status, 'won');
    assert.deepEqual((await events('deal.won', d.id))[0].payload.event.data.deal, won.body.deal);

    for (const res of [
      await t.post(`/2025-09/deals/${d.id}/win`),
      await t.post(`/2025-09/deals/${d.id}/lose`, { lost_reason: 'price_concerns' }),
    ]) {
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'conflict');
      assert.match(res.body.error.message, /already won/);
    }
    const move = await t.patch(`/2025-09/deals/${d.id}`, { stage: { id: stages[0].id } });
    assert.equal(move.status, 409);
    assert.match(move.body.error.message, /is won; reopen/);

    const reopened = await t.post(`/2025-09/deals/${d.id}/reopen`, {});
    assert.equal(reopened.status, 200, reopened.text);
    assert.equal(reopened.body.deal.status, 'open');
    assert.deepEqual(reopened.body.deal.stage, { id: stages[3].id });
    assert.deepEqual((await events('deal.reopened', d.id))[0].payload.event.data.deal, reopened.body.deal);
    const again = await t.post(`/2025-09/deals/${d.id}/reopen`, {});
    assert.equal(again.status, 409);
    assert.match(again.body.error.message, /is open/);

    expectInvalid(await t.post(`/2025-09/deals/${d.id}/lose`, {}), '/lost_reason');
    expectInvalid(await t.post(`/2025-09/deals/${d.id}/lose`, { lost_reason: 'bored' }), '/lost_reason');
    const lost = await t.post(`/2025-09/deals/${d.id}/lose`, { lost_reason: 'chose_competitor' });
    assert.equal(lost.status, 200);
    assert.deepEqual([lost.body.deal.status, lost.body.deal.lost_reason], ['lost', 'chose_competitor']);
    assert.deepEqual((await events('deal.lost', d.id))[0].payload.event.data.deal, lost.body.deal);
    assert.match(
      (await t.post(`/2025-09/deals/${d.id}/lose`, { lost_reason: 'other' })).body.error.message,
      /already lost/,
    );

    const back = await t.post(`/2025-09/deals/${d.id}/reopen`, {
      stage: { id: stages[1].id },
      assignee: { id: staffId },
    });
    assert.equal(back.status, 200, back.text);
    assert.deepEqual(
      [back.body.deal.stage.id, back.body.deal.assignee.id, back.body.deal.lost_reason],
      [stages[1].id, staffId, null],
    );
  });

  test('list: filters, search, sorts and time ranges', async () => {
    const x = await create({
      name: 'Filter Alpha',
      assignee: { id: staffId },
      site: { id: siteId },
      stage: { id: stages[4].id },
    });
    const y = await create({ name: 'Filter Beta', contact: { id: otherContactId } });
    await t.post(`/2025-09/deals/${y.id}/lose`, { lost_reason: 'no_response' });
    const ids = async (q: string) => {
      const res = await t.get(`/2025-09/deals?limit=100&${q}`);
      assert.equal(res.status, 200, res.text);
      return res.body.deals.map((d: any) => d.id);
    };
    assert.ok((await ids('status=lost')).includes(y.id));
    assert.ok(!(await ids('status=open')).includes(y.id));
    assert.ok((await ids('status=open,lost')).includes(y.id));
    assert.deepEqual(await ids(`stage_id=${stages[4].id}`), [x.id]);
    assert.ok((await ids(`assignee_id=${staffId}`)).includes(x.id));
    assert.ok((await ids(`site_id=${siteId}`)).includes(x.id));
    assert.ok((await ids(`contact_id=${otherContactId}`)).includes(y.id));
    assert.ok(!(await ids(`contact_id=${otherContactId}`)).includes(x.id));
    assert.deepEqual(await ids('lost_reason=no_response'), [y.id]);
    assert.deepEqual(await ids('search=filter%20al'), [x.id]);
    assert.ok((await ids(`created_after=${encodeURIComponent(y.created_at)}&search=filter`)).includes(y.id));
    assert.ok(!(await ids(`created_before=${encodeURIComponent(y.created_at)}&search=filter`)).includes(y.id));
    const asc = await t.get('/2025-09/deals?sort_by=updated_at&sort_direction=ASC&limit=100');
    const times = asc.body.deals.map((d: any) => d.updated_at);
    assert.deepEqual(times, [...times].sort());
    const bad = await t.get('/2025-09/deals?status=closed');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.details[0].pointer, '/status');
    assert.equal((await t.get('/2025-09/deals?sort_by=name')).status, 422);
  });

  test('isolation and scopes', async () => {
    const d = await create();
    for (const res of [
      await t.get(`/2025-09/deals/${d.id}`, { token: t.b.token }),
      await t.patch(`/2025-09/deals/${d.id}`, { name: 'x' }, { token: t.b.token }),
      await t.post(`/2025-09/deals/${d.id}/win`, undefined, { token: t.b.token }),
      await t.post(`/2025-09/deals/${d.id}/lose`, { lost_reason: 'other' }, { token: t.b.token }),
      await t.post(`/2025-09/deals/${d.id}/reopen`, {}, { token: t.b.token }),
    ]) {
      assert.equal(res.status, 404, res.text);
      assert.equal(res.body.error.code, 'resource_not_found');
    }
    assert.ok(
      !(await t.get('/2025-09/deals?limit=100', { token: t.b.token })).body.deals.some((x: any) => x.id === d.id),
    );
    const reader = await t.tokenWith(['public.deal:read']);
    assert.equal((await t.get(`/2025-09/deals/${d.id}`, { token: reader })).status, 200);
    assert.equal((await t.post(`/2025-09/deals/${d.id}/win`, undefined, { token: reader })).status, 403);
    assert.equal(
      (await t.post('/2025-09/deals', { name: 'x', contact: { id: contactId } }, { token: reader })).status,
      403,
    );
    assert.equal((await t.get('/2025-09/deals', { token: await t.tokenWith(['public.deal_stage:read']) })).status, 403);
    // Expanding needs the expanded resource's own read scope.
    assert.equal((await t.get(`/2025-09/deals/${d.id}?expand=contact`, { token: reader })).status, 403);
  });
});
