import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { SCOPES } from '../../src/kernel/scopes.ts';
import { withTransaction } from '../../src/storage/database.ts';
import { updateContractStatus } from '../../src/storage/repos/contracts.repo.ts';

const KEYS = [
  'id',
  '_links',
  'contact',
  'contract_template',
  'created_at',
  'name',
  'sent_at',
  'signed_at',
  'status',
  'tenancy',
  'updated_at',
];

describe('contracts', () => {
  let t: TestApp;
  let all: any[];
  let signed: any;
  let pending: any;
  const get = (url: string, accept: string, token = t.a.token) =>
    t.lockyard.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, accept } });
  before(async () => {
    t = await createTestApp();
    all = (await t.get('/2025-09/contracts')).body.contracts;
    signed = all.find((c) => c.status === 'signed');
    pending = all.find((c) => c.status === 'pending');
  });
  after(() => t.close());

  test('lists a signed and a pending contract in the reference’s shape, with the storefront link', async () => {
    const res = await t.get('/2025-09/contracts');
    assert.equal(res.status, 200);
    assert.equal(res.body.meta.pagination.count, 2);
    for (const c of res.body.contracts) {
      assert.deepEqual(Object.keys(c), KEYS);
      assert.match(c.id, /^ctr_[0-9a-f]{16}$/);
      assert.match(c.contract_template.id, /^ctpl_/);
      assert.match(c.tenancy.id, /^ten_/);
      assert.deepEqual(c._links, { 'sf:show_contract': { href: `/contracts/${c.id}`, title: 'Show contract' } });
      assert.ok(c.sent_at);
    }
    assert.ok(signed && pending);
    assert.ok(signed.signed_at > signed.sent_at);
    assert.equal(pending.signed_at, null);
    const template = (await t.get(`/2025-09/contract_templates/${signed.contract_template.id}`)).body.contract_template;
    assert.equal(signed.name, template.name);
  });

  test('a voided or deleted contract has no storefront link; declined keeps it', async () => {
    const db = t.lockyard.database.db;
    for (const [status, links] of [
      ['voided', {}],
      ['deleted', {}],
      ['declined', { 'sf:show_contract': { href: `/contracts/${pending.id}`, title: 'Show contract' } }],
    ] as const) {
      await withTransaction(db, (tx) =>
        updateContractStatus(tx, t.a.id, pending.id, { status, at: new Date(pending.updated_at) }),
      );
      const res = await t.get(`/2025-09/contracts/${pending.id}`);
      assert.equal(res.body.contract.status, status);
      assert.deepEqual(res.body.contract._links, links, status);
      const pdf = await get(`/2025-09/contracts/${pending.id}`, 'application/pdf');
      assert.equal(pdf.statusCode, 406, status);
    }
    await withTransaction(db, (tx) =>
      updateContractStatus(tx, t.a.id, pending.id, { status: 'pending', at: new Date(pending.updated_at) }),
    );
    assert.deepEqual((await t.get(`/2025-09/contracts/${pending.id}`)).body.contract, pending);
  });

  test('filters by status, site, contact, template and tenancy; a bad status is 422', async () => {
    const ids = async (q: string) => (await t.get(`/2025-09/contracts?${q}`)).body.contracts.map((c: any) => c.id);
    assert.deepEqual(await ids('status=signed'), [signed.id]);
    assert.deepEqual((await ids('status=signed,pending')).sort(), [signed.id, pending.id].sort());
    assert.deepEqual(await ids(`contact_id=${pending.contact.id}`), [pending.id]);
    assert.deepEqual(await ids(`contract_template_id=${signed.contract_template.id}`), [signed.id]);
    assert.deepEqual(await ids(`tenancy_id=${pending.tenancy.id}`), [pending.id]);
    const tenancy = (await t.get(`/2025-09/tenancies/${signed.tenancy.id}`)).body.tenancy;
    assert.ok((await ids(`site_id=${tenancy.site.id}`)).includes(signed.id));
    assert.deepEqual(await ids('site_id=site_0000000000000000'), []);
    const bad = await t.get('/2025-09/contracts?status=archived');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.code, 'invalid_url_param');
    assert.equal(bad.body.error.details[0].pointer, '/status');
  });

  test('shows as listed; expands contact, contract template and tenancy', async () => {
    assert.deepEqual((await t.get(`/2025-09/contracts/${signed.id}`)).body.contract, signed);
    const res = await t.get(`/2025-09/contracts/${signed.id}?expand=contact,contract_template,tenancy`);
    assert.equal(res.status, 200);
    const c = res.body.contract;
    assert.deepEqual(Object.keys(c.contract_template), ['id', 'created_at', 'name', 'updated_at']);
    assert.equal(c.contract_template.name, signed.name);
    assert.equal(typeof c.contact.email, 'string');
    assert.equal(c.tenancy.id, signed.tenancy.id);
    assert.deepEqual(c.tenancy.contact, signed.contact);
    assert.equal((await t.get('/2025-09/contracts?expand=site')).status, 422);
  });

  test('a signed contract is a PDF; a pending one is 406 invalid_format', async () => {
    const pdf = await get(`/2025-09/contracts/${signed.id}`, 'application/pdf');
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const no = await get(`/2025-09/contracts/${pending.id}`, 'application/pdf');
    assert.equal(no.statusCode, 406);
    assert.equal(no.json().error.code, 'invalid_format');
    assert.match(no.json().error.message, /only signed contracts/);
    // PDF is per contract, never for the list.
    assert.equal((await get('/2025-09/contracts', 'application/pdf')).statusCode, 406);
  });

  test('needs public.contract:read; another operator’s contract is 404', async () => {
    const without = await t.tokenWith(SCOPES.filter((s) => s !== 'public.contract:read'));
    assert.equal((await t.get('/2025-09/contracts', { token: without })).status, 403);
    assert.equal((await t.get(`/2025-09/contracts/${signed.id}`, { token: without })).status, 403);
    const res = await t.get(`/2025-09/contracts/${signed.id}`, { token: t.b.token });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'resource_not_found');
    assert.equal((await get(`/2025-09/contracts/${signed.id}`, 'application/pdf', t.b.token)).statusCode, 404);
    const theirs = (await t.get('/2025-09/contracts', { token: t.b.token })).body.contracts;
    assert.equal(theirs.length, 1);
    assert.equal(theirs[0].status, 'pending');
  });
});
