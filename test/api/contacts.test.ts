import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { newId } from '../../src/kernel/ids.ts';
import { withTransaction } from '../../src/storage/database.ts';
import { CONTACT_EMAIL_INDEX, insertContact, isUniqueViolation } from '../../src/storage/repos/contacts.repo.ts';

const CONTACT_KEYS = [
  'id',
  'address',
  'company_registration_number',
  'created_at',
  'email',
  'full_name',
  'identity_check',
  'marketing_source',
  'metadata',
  'phone_number',
  'source',
  'status',
  'stripe_customer_id',
  'tax_id',
  'tenancies_count',
  'type',
  'updated_at',
  'use_case',
];
const ADDRESS_KEYS = ['city', 'country_alpha2', 'line_1', 'line_2', 'postal_code', 'state'];
const TYPES = ['domestic', 'company', 'student', 'charity', 'local_authority'];
const SOURCES = [
  'pre_open',
  'incomplete_booking',
  'registered_interest',
  'price_interest',
  'quotation_request',
  'booking',
  'popup',
  'external_enquiry',
  'phone',
  'walkin',
  'import',
  'other',
];
const MARKETING = [
  'used_before',
  'recommendation',
  'received_leaflet',
  'seen_building_signs',
  'seen_advert',
  'facebook_marketplace',
  'google_search',
  'other_online_search',
  'social_media',
  'email',
  'radio',
  'other',
];
const USE_CASES = ['business_needs', 'moving_home', 'more_space', 'refurb', 'travelling', 'other'];
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const ids = (list: any[]) => list.map((c) => c.id);
const sorted = (list: string[]) => [...list].sort();

describe('contacts', () => {
  let t: TestApp;
  let seeded: any[];

  const all = async (query = '', token?: string) => {
    const res = await t.get(`/2025-09/contacts?limit=100${query ? `&${query}` : ''}`, token ? { token } : {});
    assert.equal(res.status, 200, res.text);
    return res.body.contacts as any[];
  };
  const eventsFor = async (type: string, contactId: string) => {
    const rows = await t.lockyard.services.events.list(t.lockyard.database.db, t.a.id, { type, limit: 1000 });
    return rows.filter((r: any) => r.payload.event.data.contact.id === contactId);
  };
  const create = async (body: Record<string, unknown>) => {
    const res = await t.post('/2025-09/contacts', body);
    assert.equal(res.status, 201, res.text);
    return res.body.contact;
  };

  before(async () => {
    t = await createTestApp();
    seeded = await all();
  });
  after(() => t.close());

  describe('list and show', () => {
    test('lists the seeded contacts newest first, shaped like the reference', async () => {
      const res = await t.get('/2025-09/contacts');
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body), ['contacts', 'meta']);
      assert.deepEqual(res.body.meta.pagination, {
        count: 30,
        last: 1,
        limit: 50,
        next: null,
        page: 1,
        pages: 1,
        prev: null,
      });
      const created = res.body.contacts.map((c: any) => c.created_at);
      assert.deepEqual(created, [...created].sort().reverse());
      for (const c of res.body.contacts) {
        assert.deepEqual(Object.keys(c), CONTACT_KEYS);
        assert.match(c.id, /^con_[0-9a-f]{16}$/);
        assert.match(c.created_at, TIMESTAMP);
        assert.match(c.updated_at, TIMESTAMP);
        assert.ok(c.updated_at >= c.created_at);
        assert.equal(typeof c.email, 'string');
        assert.deepEqual(Object.keys(c.identity_check), ['required', 'status']);
        assert.equal(typeof c.identity_check.required, 'boolean');
        assert.ok(['lead', 'customer', 'churned'].includes(c.status));
        assert.ok(c.type === null || TYPES.includes(c.type));
        assert.ok(c.source === null || SOURCES.includes(c.source));
        assert.ok(c.marketing_source === null || MARKETING.includes(c.marketing_source));
        assert.ok(c.use_case === null || USE_CASES.includes(c.use_case));
        assert.ok(Number.isInteger(c.tenancies_count) && c.tenancies_count >= 0); // the demo seed books a few contacts
        if (c.address) assert.deepEqual(Object.keys(c.address), ADDRESS_KEYS);
        for (const v of Object.values(c.metadata)) assert.equal(typeof v, 'string');
      }
      // The seed covers every case the filters distinguish.
      const list = res.body.contacts;
      assert.ok(list.some((c: any) => c.address) && list.some((c: any) => !c.address));
      assert.ok(list.some((c: any) => Object.keys(c.metadata).length) && list.some((c: any) => c.type === null));
      assert.deepEqual(new Set(list.map((c: any) => c.status)), new Set(['lead', 'customer', 'churned']));
    });

    test('shows a contact exactly as the list renders it', async () => {
      const c = seeded.find((x) => x.address && Object.keys(x.metadata).length === 0) ?? seeded[0];
      const res = await t.get(`/2025-09/contacts/${c.id}`);
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body), ['contact', 'meta']);
      assert.deepEqual(Object.keys(res.body.meta), ['request_id', 'curies']);
      assert.deepEqual(res.body.contact, c);
    });

    test('an unknown id and another operator’s id are both 404 resource_not_found', async () => {
      const unknown = await t.get('/2025-09/contacts/con_0000000000000000');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error.code, 'resource_not_found');
      const id = seeded[0].id;
      for (const res of [
        await t.get(`/2025-09/contacts/${id}`, { token: t.b.token }),
        await t.patch(`/2025-09/contacts/${id}`, { full_name: 'Hijack' }, { token: t.b.token }),
        await t.del(`/2025-09/contacts/${id}`, { token: t.b.token }),
      ]) {
        assert.equal(res.status, 404);
        assert.equal(res.body.error.code, 'resource_not_found');
      }
      assert.ok(!ids(await all('', t.b.token)).includes(id));
      assert.equal((await t.get(`/2025-09/contacts/${id}`)).body.contact.full_name, seeded[0].full_name);
    });
  });

  describe('filters', () => {
    test('email: a comma list, matched exactly and case-insensitively', async () => {
      const [x, y] = [seeded[2], seeded[7]];
      const got = await all(`email=${encodeURIComponent(`${x.email.toUpperCase()},${y.email}`)}`);
      assert.deepEqual(sorted(ids(got)), sorted([x.id, y.id]));
      const partial = await all(`email=${encodeURIComponent(x.email.slice(1))}`);
      assert.deepEqual(partial, []);
    });

    test('search: name, email or phone, case-insensitive contains', async () => {
      const byName = seeded.find((c) => c.full_name && c.phone_number)!;
      const fragment = byName.full_name.split(' ')[0].slice(1, 4).toUpperCase();
      const expected = seeded.filter((c) =>
        [c.full_name, c.email, c.phone_number].some((v) => v && v.toLowerCase().includes(fragment.toLowerCase())),
      );
      assert.ok(expected.length >= 1);
      assert.deepEqual(sorted(ids(await all(`search=${encodeURIComponent(fragment)}`))), sorted(ids(expected)));

      const emailPart = byName.email.split('@')[0];
      assert.ok(ids(await all(`search=${encodeURIComponent(emailPart)}`)).includes(byName.id));

      const phone: string = byName.phone_number;
      const spaced = `${phone.slice(3, 7)} ${phone.slice(7)}`;
      assert.deepEqual(ids(await all(`search=${encodeURIComponent(spaced)}`)), [byName.id]);
      assert.deepEqual(await all('search=zzzz-no-such-contact'), []);
      // LIKE wildcards are literal text.
      assert.deepEqual(await all('search=%25'), []);
    });

    for (const [param, field] of [
      ['type', 'type'],
      ['source', 'source'],
      ['marketing_source', 'marketing_source'],
      ['use_case', 'use_case'],
    ] as const) {
      test(`${param}: values, unspecified (null) and both together`, async () => {
        const present = [...new Set(seeded.map((c) => c[field]).filter(Boolean))] as string[];
        assert.ok(present.length >= 2, `seed has several ${field} values`);
        const two = present.slice(0, 2);
        const expectTwo = seeded.filter((c) => two.includes(c[field]));
        assert.deepEqual(sorted(ids(await all(`${param}=${two.join(',')}`))), sorted(ids(expectTwo)));

        const nulls = seeded.filter((c) => c[field] === null);
        assert.ok(nulls.length >= 1);
        assert.deepEqual(sorted(ids(await all(`${param}=unspecified`))), sorted(ids(nulls)));

        const both = seeded.filter((c) => c[field] === null || c[field] === two[0]);
        assert.deepEqual(sorted(ids(await all(`${param}=${two[0]},unspecified`))), sorted(ids(both)));

        const bad = await t.get(`/2025-09/contacts?${param}=nonsense`);
        assert.equal(bad.status, 422);
        assert.equal(bad.body.error.code, 'invalid_url_param');
        assert.equal(bad.body.error.details[0].pointer, `/${param}`);
      });
    }

    test('status: lead, customer, churned; unspecified is not a status', async () => {
      for (const status of ['lead', 'customer', 'churned']) {
        const got = await all(`status=${status}`);
        assert.ok(got.length > 0);
        assert.deepEqual(sorted(ids(got)), sorted(ids(seeded.filter((c) => c.status === status))));
      }
      assert.equal((await all('status=customer,churned')).length, seeded.filter((c) => c.status !== 'lead').length);
      const bad = await t.get('/2025-09/contacts?status=unspecified');
      assert.equal(bad.status, 422);
      assert.equal(bad.body.error.details[0].pointer, '/status');
    });

    test('time ranges: after is inclusive, before is exclusive', async () => {
      const byCreated = [...seeded].sort((a, b) => (a.created_at < b.created_at ? -1 : 1));
      const pivot = byCreated[10];
      const after = await all(`created_after=${pivot.created_at}`);
      assert.deepEqual(sorted(ids(after)), sorted(ids(seeded.filter((c) => c.created_at >= pivot.created_at))));
      assert.ok(ids(after).includes(pivot.id));
      const before = await all(`created_before=${pivot.created_at}`);
      assert.deepEqual(sorted(ids(before)), sorted(ids(seeded.filter((c) => c.created_at < pivot.created_at))));
      assert.ok(!ids(before).includes(pivot.id));

      const upd = [...seeded].sort((a, b) => (a.updated_at < b.updated_at ? -1 : 1))[20];
      const window = await all(`updated_after=${byCreated[0].updated_at}&updated_before=${upd.updated_at}`);
      assert.deepEqual(
        sorted(ids(window)),
        sorted(ids(seeded.filter((c) => c.updated_at >= byCreated[0].updated_at && c.updated_at < upd.updated_at))),
      );
      const bad = await t.get('/2025-09/contacts?created_after=yesterday');
      assert.equal(bad.status, 422);
      assert.equal(bad.body.error.code, 'invalid_url_param');
    });

    test('sort_by full_name ASC and DESC (case-insensitive, unnamed contacts last when ascending)', async () => {
      const key = (c: any) => (c.full_name === null ? null : c.full_name.toLowerCase());
      const asc = [...seeded].sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        if (x === y) return a.id < b.id ? -1 : 1;
        if (x === null) return 1;
        if (y === null) return -1;
        return x < y ? -1 : 1;
      });
      assert.deepEqual(ids(await all('sort_by=full_name&sort_direction=ASC')), ids(asc));
      assert.deepEqual(ids(await all('sort_by=full_name&sort_direction=DESC')), ids(asc).reverse());
      const page2 = await t.get('/2025-09/contacts?sort_by=full_name&sort_direction=ASC&limit=7&page=2');
      assert.deepEqual(ids(page2.body.contacts), ids(asc).slice(7, 14));
    });

    test('sort_by created_at and updated_at', async () => {
      const created = (await all('sort_by=created_at&sort_direction=ASC')).map((c) => c.created_at);
      assert.deepEqual(created, [...created].sort());
      const updated = (await all('sort_by=updated_at&sort_direction=DESC')).map((c) => c.updated_at);
      assert.deepEqual(updated, [...updated].sort().reverse());
    });

    test('CSV export: a header row and one row per contact', async () => {
      const res = await t.get('/2025-09/contacts?limit=100', { headers: { accept: 'text/csv' } });
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      const lines = res.text.trim().split('\n');
      const header = lines[0].split(',');
      assert.equal(header[0], 'id');
      for (const col of ['email', 'full_name', 'identity_check.status', 'tenancies_count', 'address.city', 'status']) {
        assert.ok(header.includes(col), col);
      }
      assert.equal(lines.length, seeded.length + 1);
      assert.deepEqual(sorted(lines.slice(1).map((l) => l.split(',')[0])), sorted(ids(seeded)));
      const emailCol = header.indexOf('email');
      const first = lines[1].split(',');
      assert.equal(first[emailCol], seeded.find((c) => c.id === first[0]).email);
    });
  });

  describe('create', () => {
    test('creates the reference example and emits exactly one contact.created', async () => {
      const res = await t.post('/2025-09/contacts', {
        full_name: 'John Doe',
        email: 'john@doe.com',
        tax_id: '123456789',
        address: {
          line_1: '123 Main St',
          line_2: 'Apt 4B',
          city: 'Anytown',
          postal_code: '12345',
          state: 'CA',
          country_alpha2: 'US',
        },
        type: 'company',
        marketing_source: 'recommendation',
        source: 'walkin',
        use_case: 'more_space',
        metadata: { external_id: 'crm_12345', source: 'api_import' },
      });
      assert.equal(res.status, 201);
      const c = res.body.contact;
      assert.deepEqual(Object.keys(c), CONTACT_KEYS);
      const now = c.created_at;
      assert.match(c.id, /^con_[0-9a-f]{16}$/);
      assert.deepEqual(c, {
        id: c.id,
        address: {
          city: 'Anytown',
          country_alpha2: 'US',
          line_1: '123 Main St',
          line_2: 'Apt 4B',
          postal_code: '12345',
          state: 'CA',
        },
        company_registration_number: null,
        created_at: now,
        email: 'john@doe.com',
        full_name: 'John Doe',
        identity_check: { required: false, status: 'not_attempted' },
        marketing_source: 'recommendation',
        metadata: { external_id: 'crm_12345', source: 'api_import' },
        phone_number: null,
        source: 'walkin',
        status: 'lead',
        stripe_customer_id: null,
        tax_id: '123456789',
        tenancies_count: 0,
        type: 'company',
        updated_at: now,
        use_case: 'more_space',
      });
      // Metadata keys keep the order they were sent in.
      assert.deepEqual(Object.keys(c.metadata), ['external_id', 'source']);
      const shown = await t.get(`/2025-09/contacts/${c.id}`);
      assert.deepEqual(shown.body.contact, c);
      const events = await eventsFor('contact.created', c.id);
      assert.equal(events.length, 1);
      const event = events[0].payload.event as any;
      assert.equal(event.type, 'contact.created');
      assert.equal(event.api_version, '2025-09');
      assert.deepEqual(event.data.contact, shown.body.contact);
    });

    test('only email is required; everything else defaults to null/empty', async () => {
      const c = await create({ email: 'only.email@example.org' });
      assert.equal(c.full_name, null);
      assert.equal(c.address, null);
      assert.deepEqual(c.metadata, {});
      assert.equal(c.status, 'lead');
      const lower = await create({
        email: 'Country.Case@example.org',
        address: { line_1: '1 Quay', country_alpha2: 'gb' },
      });
      assert.deepEqual(lower.address, {
        city: null,
        country_alpha2: 'GB',
        line_1: '1 Quay',
        line_2: null,
        postal_code: null,
        state: null,
      });
    });

    test('a duplicate email, also differing only in case, is 422 at /email and emits nothing', async () => {
      const existing = seeded[4];
      for (const email of [existing.email, existing.email.toUpperCase()]) {
        const res = await t.post('/2025-09/contacts', { email, full_name: 'Duplicate' });
        assert.equal(res.status, 422);
        assert.equal(res.body.error.code, 'invalid_content');
        assert.deepEqual(
          res.body.error.details.map((d: any) => d.pointer),
          ['/email'],
        );
        assert.deepEqual(Object.keys(res.body.error.details[0]), ['message', 'pointer']);
      }
      assert.equal((await all(`email=${encodeURIComponent(existing.email)}`)).length, 1);
      const rows = await t.lockyard.services.events.list(t.lockyard.database.db, t.a.id, {
        type: 'contact.created',
        limit: 1000,
      });
      assert.ok(!rows.some((r: any) => r.payload.event.data.contact.full_name === 'Duplicate'));
    });

    test('two simultaneous creates with one email: one 201, one 422 at /email', async () => {
      const body = { email: 'race@example.org' };
      const [x, y] = await Promise.all([
        t.post('/2025-09/contacts', body),
        t.post('/2025-09/contacts', { email: 'RACE@example.org' }),
      ]);
      assert.deepEqual([x.status, y.status].sort(), [201, 422]);
      const failed = x.status === 422 ? x : y;
      assert.equal(failed.body.error.details[0].pointer, '/email');
    });

    test('the unique email index is recognised when a duplicate slips past the check (both stores)', async () => {
      const existing = seeded[5];
      const at = new Date(existing.created_at);
      let caught: unknown;
      try {
        await withTransaction(t.lockyard.database.db, (tx) =>
          insertContact(tx, {
            id: newId('contact'),
            operatorId: t.a.id,
            email: existing.email.toUpperCase(),
            fullName: null,
            phoneNumber: null,
            taxId: null,
            companyRegistrationNumber: null,
            address: null,
            type: null,
            source: null,
            marketingSource: null,
            useCase: null,
            status: 'lead',
            stripeCustomerId: null,
            identityCheck: { required: false, status: 'not_attempted' },
            metadata: {},
            createdAt: at,
            updatedAt: at,
          }),
        );
      } catch (err) {
        caught = err;
      }
      assert.ok(caught, 'the index refuses the duplicate');
      assert.equal(isUniqueViolation(caught, CONTACT_EMAIL_INDEX), true);
      assert.equal(isUniqueViolation(caught, 'some_other_index'), false);
    });

    test('the same email at another operator is fine', async () => {
      const res = await t.post('/2025-09/contacts', { email: seeded[0].email }, { token: t.b.token });
      assert.equal(res.status, 201);
    });

    for (const [name, body, pointers] of [
      ['missing email', { full_name: 'No Email' }, ['/email']],
      ['malformed email', { email: 'not-an-email' }, ['/email']],
      ['unknown type', { email: 'a1@example.org', type: 'alien' }, ['/type']],
      [
        'unknown source and use case',
        { email: 'a2@example.org', source: 'tv', use_case: 'hoarding' },
        ['/source', '/use_case'],
      ],
      ['unknown field', { email: 'a3@example.org', nickname: 'Jo' }, ['/nickname']],
      [
        'bad country',
        { email: 'a4@example.org', address: { line_1: 'x', country_alpha2: 'XX' } },
        ['/address/country_alpha2'],
      ],
      [
        'three-letter country',
        { email: 'a5@example.org', address: { country_alpha2: 'GBR' } },
        ['/address/country_alpha2'],
      ],
      ['metadata not an object', { email: 'a6@example.org', metadata: 'x' }, ['/metadata']],
      [
        'metadata bad key and value',
        { email: 'a7@example.org', metadata: { Bad: 'x', n: 5 } },
        ['/metadata/Bad', '/metadata/n'],
      ],
      [
        'metadata with 21 keys',
        { email: 'a8@example.org', metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) },
        ['/metadata'],
      ],
    ] as const) {
      test(`${name} → 422 invalid_content at ${pointers.join(', ')}`, async () => {
        const res = await t.post('/2025-09/contacts', body);
        assert.equal(res.status, 422, res.text);
        assert.equal(res.body.error.code, 'invalid_content');
        assert.deepEqual(res.body.error.details.map((d: any) => d.pointer).sort(), [...pointers].sort());
      });
    }

    test('write endpoints need public.contact:write; reads need public.contact:read', async () => {
      const readOnly = await t.tokenWith(['public.contact:read']);
      const post = await t.post('/2025-09/contacts', { email: 'scoped@example.org' }, { token: readOnly });
      assert.equal(post.status, 403);
      assert.equal(post.body.error.code, 'forbidden');
      assert.equal(
        (await t.patch(`/2025-09/contacts/${seeded[0].id}`, { full_name: 'x' }, { token: readOnly })).status,
        403,
      );
      assert.equal((await t.del(`/2025-09/contacts/${seeded[0].id}`, { token: readOnly })).status, 403);
      const noRead = await t.tokenWith(['public.site:read']);
      assert.equal((await t.get('/2025-09/contacts', { token: noRead })).status, 403);
      assert.equal((await t.get(`/2025-09/contacts/${seeded[0].id}`, { token: noRead })).status, 403);
      assert.equal((await all('email=scoped@example.org')).length, 0);
    });
  });

  describe('update', () => {
    test('the reference example: fields set, address replaced, one contact.updated', async () => {
      const c = await create({
        email: 'john.update@doe.com',
        full_name: 'John Doe',
        tax_id: '123',
        metadata: { source: 'original' },
      });
      const res = await t.patch(`/2025-09/contacts/${c.id}`, {
        full_name: 'John Doe Updated',
        email: 'john-2@doe.com',
        address: {
          line_1: '456 Main St',
          line_2: 'Apt 1B',
          city: 'Kindtown',
          postal_code: '54321',
          state: null,
          country_alpha2: 'GB',
        },
        metadata: { source: 'updated' },
      });
      assert.equal(res.status, 200, res.text);
      const u = res.body.contact;
      assert.deepEqual(Object.keys(u), CONTACT_KEYS);
      assert.deepEqual(u.address, {
        city: 'Kindtown',
        country_alpha2: 'GB',
        line_1: '456 Main St',
        line_2: 'Apt 1B',
        postal_code: '54321',
        state: null,
      });
      assert.equal(u.email, 'john-2@doe.com');
      assert.equal(u.full_name, 'John Doe Updated');
      assert.equal(u.tax_id, '123');
      assert.deepEqual(u.metadata, { source: 'updated' });
      assert.equal(u.created_at, c.created_at);
      const shown = (await t.get(`/2025-09/contacts/${c.id}`)).body.contact;
      assert.deepEqual(shown, u);
      const events = await eventsFor('contact.updated', c.id);
      assert.equal(events.length, 1);
      assert.deepEqual((events[0].payload.event as any).data.contact, shown);
    });

    test('metadata is a merge-patch (the guide’s example); {} clears it; omitted leaves it', async () => {
      const c = await create({ email: 'merge@example.org', metadata: { source: 'zapier', external_id: 'abc_123' } });
      const r1 = await t.patch(`/2025-09/contacts/${c.id}`, { metadata: { source: 'make', external_id: null } });
      assert.deepEqual(r1.body.contact.metadata, { source: 'make' });
      const r2 = await t.patch(`/2025-09/contacts/${c.id}`, { full_name: 'Merge Test', metadata: { plan: 'pro' } });
      assert.deepEqual(r2.body.contact.metadata, { source: 'make', plan: 'pro' });
      const r3 = await t.patch(`/2025-09/contacts/${c.id}`, { full_name: 'Merge Test 2' });
      assert.deepEqual(r3.body.contact.metadata, { source: 'make', plan: 'pro' });
      const r4 = await t.patch(`/2025-09/contacts/${c.id}`, { metadata: {} });
      assert.deepEqual(r4.body.contact.metadata, {});
      const bad = await t.patch(`/2025-09/contacts/${c.id}`, { metadata: { 'Not Valid': 'x' } });
      assert.equal(bad.status, 422);
      assert.deepEqual(
        bad.body.error.details.map((d: any) => d.pointer),
        ['/metadata/Not Valid'],
      );
      assert.equal((await eventsFor('contact.updated', c.id)).length, 4);
    });

    test('null clears nullable fields; omitted fields stay', async () => {
      const c = await create({
        email: 'clear@example.org',
        full_name: 'Clear Me',
        phone_number: '+441234',
        type: 'student',
        address: { line_1: '1 Road', country_alpha2: 'GB' },
      });
      const res = await t.patch(`/2025-09/contacts/${c.id}`, { full_name: null, type: null, address: null });
      assert.equal(res.status, 200);
      assert.equal(res.body.contact.full_name, null);
      assert.equal(res.body.contact.type, null);
      assert.equal(res.body.contact.address, null);
      assert.equal(res.body.contact.phone_number, '+441234');
      const nullEmail = await t.patch(`/2025-09/contacts/${c.id}`, { email: null });
      assert.equal(nullEmail.status, 422);
      assert.equal(nullEmail.body.error.details[0].pointer, '/email');
    });

    test('changing email to another contact’s (any case) is 422 at /email; own email in new case is fine', async () => {
      const c = await create({ email: 'mover@example.org' });
      const taken = await t.patch(`/2025-09/contacts/${c.id}`, { email: seeded[3].email.toUpperCase() });
      assert.equal(taken.status, 422);
      assert.deepEqual(
        taken.body.error.details.map((d: any) => d.pointer),
        ['/email'],
      );
      const own = await t.patch(`/2025-09/contacts/${c.id}`, { email: 'Mover@Example.org' });
      assert.equal(own.status, 200);
      assert.equal(own.body.contact.email, 'Mover@Example.org');
      assert.equal((await eventsFor('contact.updated', c.id)).length, 1);
    });

    test('a patch that changes nothing returns the contact and emits nothing', async () => {
      const c = await create({ email: 'same@example.org', full_name: 'Same' });
      const res = await t.patch(`/2025-09/contacts/${c.id}`, { full_name: 'Same', metadata: {} });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.contact, c);
      assert.equal((await eventsFor('contact.updated', c.id)).length, 0);
    });

    test('invalid enum values and unknown fields → 422 with pointers', async () => {
      const res = await t.patch(`/2025-09/contacts/${seeded[0].id}`, {
        marketing_source: 'billboard',
        status: 'customer',
      });
      assert.equal(res.status, 422);
      assert.deepEqual(res.body.error.details.map((d: any) => d.pointer).sort(), ['/marketing_source', '/status']);
    });
  });

  describe('delete', () => {
    test('deletes a contact: 200 success envelope, then 404', async () => {
      const c = await create({ email: 'delete.me@example.org' });
      const res = await t.del(`/2025-09/contacts/${c.id}`);
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body), ['success', 'meta']);
      assert.deepEqual(res.body.success, { message: 'Contact deleted successfully.' });
      assert.equal(typeof res.body.meta.request_id, 'string');
      assert.equal((await t.get(`/2025-09/contacts/${c.id}`)).status, 404);
      assert.equal((await t.del(`/2025-09/contacts/${c.id}`)).status, 404);
      // The email is free again.
      assert.equal((await t.post('/2025-09/contacts', { email: 'delete.me@example.org' })).status, 201);
    });

    test('a contact with a tenancy cannot be deleted: 409 conflict, and tenancies_count shows it', async () => {
      const c = await create({ email: 'tenant@example.org' });
      const site = (await t.get('/2025-09/sites')).body.sites[0];
      const at = new Date(c.created_at);
      await t.lockyard.database.db
        .insertInto('tenancies')
        .values({
          id: newId('tenancy'),
          operator_id: t.a.id,
          contact_id: c.id,
          site_id: site.id,
          starts_at: at,
          created_at: at,
          updated_at: at,
        })
        .execute();
      const res = await t.del(`/2025-09/contacts/${c.id}`);
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'conflict');
      assert.match(res.body.error.message, /1 tenancy/);
      const shown = await t.get(`/2025-09/contacts/${c.id}`);
      assert.equal(shown.status, 200);
      assert.equal(shown.body.contact.tenancies_count, 1);
    });
  });
});
