import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

describe('contract templates', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('lists the templates as {id, created_at, name, updated_at}, newest first', async () => {
    const res = await t.get('/2025-09/contract_templates');
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['contract_templates', 'meta']);
    assert.deepEqual(res.body.meta.pagination, {
      count: 3,
      last: 1,
      limit: 50,
      next: null,
      page: 1,
      pages: 1,
      prev: null,
    });
    assert.deepEqual(
      res.body.contract_templates.map((c: any) => c.name),
      ['Vehicle Storage Contract', 'Business Storage Contract', 'Indoor Storage Contract'],
    );
    for (const c of res.body.contract_templates) {
      // The body text is internal: not on the wire.
      assert.deepEqual(Object.keys(c), ['id', 'created_at', 'name', 'updated_at']);
      assert.match(c.id, /^ctpl_[0-9a-f]{16}$/);
    }
    const asc = await t.get('/2025-09/contract_templates?sort_direction=ASC&limit=2');
    assert.deepEqual(
      asc.body.contract_templates.map((c: any) => c.name),
      ['Indoor Storage Contract', 'Business Storage Contract'],
    );
    assert.equal(asc.body.meta.pagination.next, 2);
  });

  test('shows a template under `contract_template`', async () => {
    const first = (await t.get('/2025-09/contract_templates')).body.contract_templates[0];
    const res = await t.get(`/2025-09/contract_templates/${first.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['contract_template', 'meta']);
    assert.deepEqual(res.body.contract_template, first);
  });

  test('operator B gets 404 for A’s template and lists only its own', async () => {
    const first = (await t.get('/2025-09/contract_templates')).body.contract_templates[0];
    const res = await t.get(`/2025-09/contract_templates/${first.id}`, { token: t.b.token });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'resource_not_found');
    const bList = await t.get('/2025-09/contract_templates', { token: t.b.token });
    assert.deepEqual(
      bList.body.contract_templates.map((c: any) => c.name),
      ['Indoor Storage Contract'],
    );
    assert.notEqual(bList.body.contract_templates[0].id, first.id);
  });

  test('needs public.contract_template:read', async () => {
    const res = await t.get('/2025-09/contract_templates', { token: await t.tokenWith(['public.contract:read']) });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'forbidden');
  });
});
