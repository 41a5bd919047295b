import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';

const SOURCE_KEYS = ['id', 'created_at', 'global', 'name', 'updated_at', 'website_url'];
const TEMPLATE_KEYS = ['id', 'created_at', 'global', 'message', 'name', 'updated_at', 'variables'];
const GLOBAL_SOURCE = 'tsrc_24c519f1096013f2';
const GLOBAL_TEMPLATE = 'aetpl_14b419f1096013f1';

describe('timeline sources and templates', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  describe('sources', () => {
    test('lists global and own sources under `sources`, shaped like the reference', async () => {
      const res = await t.get('/2025-09/timeline/sources');
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body), ['sources', 'meta']);
      assert.deepEqual(res.body.meta.pagination, {
        count: 2,
        last: 1,
        limit: 50,
        next: null,
        page: 1,
        pages: 1,
        prev: null,
      });
      for (const s of res.body.sources) {
        assert.deepEqual(Object.keys(s), SOURCE_KEYS);
        assert.match(s.id, /^tsrc_[0-9a-f]{16}$/);
      }
      const global = res.body.sources.find((s: any) => s.id === GLOBAL_SOURCE);
      assert.deepEqual(
        { global: global.global, name: global.name, website_url: global.website_url },
        { global: true, name: 'Messaging App', website_url: 'https://messagingapp.com' },
      );
      const own = res.body.sources.find((s: any) => s.id !== GLOBAL_SOURCE);
      assert.deepEqual(
        { global: own.global, name: own.name, website_url: own.website_url },
        { global: false, name: 'My CRM', website_url: 'https://my-crm.example.com' },
      );
    });

    test('time ranges: after inclusive, before exclusive', async () => {
      const list = (await t.get('/2025-09/timeline/sources')).body.sources;
      const older = list.find((s: any) => s.id === GLOBAL_SOURCE);
      const newer = list.find((s: any) => s.id !== GLOBAL_SOURCE);
      assert.ok(older.created_at < newer.created_at);
      const ids = async (q: string) =>
        (await t.get(`/2025-09/timeline/sources?${q}`)).body.sources.map((s: any) => s.id);
      assert.deepEqual(await ids(`created_after=${newer.created_at}`), [newer.id]);
      assert.deepEqual(await ids(`created_before=${newer.created_at}`), [older.id]);
      assert.deepEqual(await ids(`created_after=${older.created_at}&created_before=${newer.created_at}`), [older.id]);
      assert.deepEqual(await ids(`updated_after=${older.updated_at}`), [newer.id, older.id]);
      assert.deepEqual(await ids(`updated_before=${older.updated_at}`), []);
      const bad = await t.get('/2025-09/timeline/sources?updated_before=not-a-date');
      assert.equal(bad.status, 422);
      assert.equal(bad.body.error.code, 'invalid_url_param');
    });

    test('shows a source under `source`; B sees the global one but not A’s own', async () => {
      const list = (await t.get('/2025-09/timeline/sources')).body.sources;
      const own = list.find((s: any) => s.id !== GLOBAL_SOURCE);
      const res = await t.get(`/2025-09/timeline/sources/${own.id}`);
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body), ['source', 'meta']);
      assert.deepEqual(res.body.source, own);
      const hidden = await t.get(`/2025-09/timeline/sources/${own.id}`, { token: t.b.token });
      assert.equal(hidden.status, 404);
      assert.equal(hidden.body.error.code, 'resource_not_found');
      const shared = await t.get(`/2025-09/timeline/sources/${GLOBAL_SOURCE}`, { token: t.b.token });
      assert.equal(shared.status, 200);
      assert.equal(shared.body.source.global, true);
      const bList = (await t.get('/2025-09/timeline/sources', { token: t.b.token })).body.sources;
      assert.equal(bList.length, 2);
      assert.ok(!bList.some((s: any) => s.id === own.id));
    });

    test('needs public.timeline_source:read', async () => {
      const res = await t.get('/2025-09/timeline/sources', {
        token: await t.tokenWith(['public.timeline_template:read']),
      });
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'forbidden');
    });
  });

  describe('templates', () => {
    test('lists global and own templates under `templates`, shaped like the reference', async () => {
      const res = await t.get('/2025-09/timeline/templates');
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body), ['templates', 'meta']);
      assert.equal(res.body.meta.pagination.count, 3);
      for (const tpl of res.body.templates) {
        assert.deepEqual(Object.keys(tpl), TEMPLATE_KEYS);
        assert.match(tpl.id, /^aetpl_[0-9a-f]{16}$/);
        assert.deepEqual(Object.keys(tpl.variables), ['custom', 'predefined']);
      }
      const global = res.body.templates.find((x: any) => x.id === GLOBAL_TEMPLATE);
      assert.deepEqual(
        { global: global.global, name: global.name, message: global.message, variables: global.variables },
        {
          global: true,
          name: 'Sent Campaign',
          message: "sent campaign '{{ campaign_name }}'{% if global_context %} for {{ contact }}{% endif %}.",
          variables: { custom: ['campaign_name'], predefined: ['contact'] },
        },
      );
      const own = res.body.templates
        .filter((x: any) => !x.global)
        .map((x: any) => x.name)
        .sort();
      assert.deepEqual(own, ['Deal Stage Changed', 'Email Opened']);
      const deal = res.body.templates.find((x: any) => x.name === 'Deal Stage Changed');
      assert.deepEqual(deal.variables.custom, ['deal_name', 'previous_state', 'new_state']);
    });

    test('time ranges: after inclusive, before exclusive', async () => {
      const list = (await t.get('/2025-09/timeline/templates')).body.templates;
      const byCreated = [...list].sort((a: any, b: any) => (a.created_at < b.created_at ? -1 : 1));
      const pivot = byCreated[1];
      const ids = async (q: string) =>
        (await t.get(`/2025-09/timeline/templates?${q}`)).body.templates.map((x: any) => x.id).sort();
      assert.deepEqual(
        await ids(`created_after=${pivot.created_at}`),
        byCreated
          .slice(1)
          .map((x: any) => x.id)
          .sort(),
      );
      assert.deepEqual(await ids(`created_before=${pivot.created_at}`), [byCreated[0].id]);
      assert.deepEqual(await ids(`updated_before=${byCreated[2].updated_at}&updated_after=${pivot.updated_at}`), [
        pivot.id,
      ]);
    });

    test('shows a template under `template`; B sees the global one but not A’s own', async () => {
      const list = (await t.get('/2025-09/timeline/templates')).body.templates;
      const own = list.find((x: any) => !x.global);
      const res = await t.get(`/2025-09/timeline/templates/${own.id}`);
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body), ['template', 'meta']);
      assert.deepEqual(res.body.template, own);
      assert.equal((await t.get(`/2025-09/timeline/templates/${own.id}`, { token: t.b.token })).status, 404);
      const shared = await t.get(`/2025-09/timeline/templates/${GLOBAL_TEMPLATE}`, { token: t.b.token });
      assert.equal(shared.status, 200);
      assert.equal(shared.body.template.global, true);
    });

    test('needs public.timeline_template:read', async () => {
      const res = await t.get('/2025-09/timeline/templates', {
        token: await t.tokenWith(['public.timeline_source:read']),
      });
      assert.equal(res.status, 403);
    });
  });
});
