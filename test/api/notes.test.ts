import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { eventsOf, expect422 } from '../harness/api-checks.ts';

describe('notes', () => {
  let t: TestApp;
  let contactId: string;
  let unitId: string;

  const events = (type: string, id: string) => eventsOf(t, type, 'note', id);

  before(async () => {
    t = await createTestApp();
    contactId = (await t.get('/2025-09/contacts?limit=1')).body.contacts[0].id;
    unitId = (await t.get('/2025-09/units?limit=1')).body.units[0].id;
  });
  after(() => t.close());

  test('create, show, update (move to another resource, metadata merge), delete; events as shown', async () => {
    const res = await t.post('/2025-09/notes', {
      content: 'Note content',
      resource: { id: contactId },
      metadata: { external_id: 'crm_12345', source: 'api_import' },
    });
    assert.equal(res.status, 201, res.text);
    const n = res.body.note;
    assert.deepEqual(Object.keys(n), ['id', 'content', 'created_at', 'creator', 'metadata', 'resource', 'updated_at']);
    assert.match(n.id, /^note_[0-9a-f]{16}$/);
    assert.match(n.creator.id, /^tok_/);
    assert.deepEqual(n.resource, { id: contactId });
    assert.deepEqual(n.metadata, { external_id: 'crm_12345', source: 'api_import' });
    assert.deepEqual(Object.keys(n.metadata), ['external_id', 'source'], 'written order, as the reference shows');
    assert.deepEqual((await t.get(`/2025-09/notes/${n.id}`)).body.note, n);
    assert.deepEqual((await events('note.created', n.id))[0].payload.event.data.note, n);

    const up = await t.patch(`/2025-09/notes/${n.id}`, {
      content: 'Updated note content.',
      resource: { id: unitId },
      metadata: { source: 'updated', external_id: null },
    });
    assert.equal(up.status, 200, up.text);
    assert.deepEqual([up.body.note.content, up.body.note.resource.id], ['Updated note content.', unitId]);
    assert.deepEqual(up.body.note.metadata, { source: 'updated' });
    assert.deepEqual((await events('note.updated', n.id))[0].payload.event.data.note, up.body.note);
    assert.equal((await t.patch(`/2025-09/notes/${n.id}`, { content: 'Updated note content.' })).status, 200);
    assert.equal((await events('note.updated', n.id)).length, 1);

    const del = await t.del(`/2025-09/notes/${n.id}`);
    assert.deepEqual([del.status, del.body.success.message], [200, 'Note deleted successfully.']);
    assert.equal((await t.get(`/2025-09/notes/${n.id}`)).status, 404);
  });

  test('validation: content and resource required; resource must exist and be the operator’s', async () => {
    expect422(await t.post('/2025-09/notes', { resource: { id: contactId } }), '/content');
    expect422(await t.post('/2025-09/notes', { content: 'x' }), '/resource');
    expect422(
      await t.post('/2025-09/notes', { content: 'x', resource: { id: 'con_0000000000000000' } }),
      '/resource/id',
    );
    expect422(
      await t.post('/2025-09/notes', { content: 'x', resource: { id: 'site_0000000000000000' } }),
      '/resource/id',
    );
    const bUnit = (await t.get('/2025-09/units?limit=1', { token: t.b.token })).body.units[0].id;
    expect422(await t.post('/2025-09/notes', { content: 'x', resource: { id: bUnit } }), '/resource/id');
    const n = (await t.post('/2025-09/notes', { content: 'x', resource: { id: contactId } })).body.note;
    expect422(await t.patch(`/2025-09/notes/${n.id}`, { resource: { id: bUnit } }), '/resource/id');
    expect422(
      await t.post('/2025-09/notes', { content: 'x', resource: { id: contactId }, metadata: { k: 1 } }),
      '/metadata/k',
    );
  });

  test('list: resource_id and resource_type filters, sort; isolation and scopes', async () => {
    const onUnit = (await t.post('/2025-09/notes', { content: 'on unit', resource: { id: unitId } })).body.note;
    const onContact = (await t.post('/2025-09/notes', { content: 'on contact', resource: { id: contactId } })).body
      .note;
    const ids = async (q: string, token?: string) =>
      (await t.get(`/2025-09/notes?limit=100&${q}`, { token })).body.notes.map((x: any) => x.id);
    assert.ok((await ids(`resource_id=${unitId}`)).includes(onUnit.id));
    assert.ok(!(await ids(`resource_id=${unitId}`)).includes(onContact.id));
    assert.ok((await ids(`resource_id=${unitId},${contactId}`)).includes(onContact.id));
    assert.ok((await ids('resource_type=contact')).includes(onContact.id));
    assert.ok(!(await ids('resource_type=contact')).includes(onUnit.id));
    assert.equal((await t.get('/2025-09/notes?resource_type=site')).status, 422);
    const asc = (await t.get('/2025-09/notes?sort_by=created_at&sort_direction=ASC')).body.notes.map(
      (x: any) => x.created_at,
    );
    assert.deepEqual(asc, [...asc].sort());
    assert.deepEqual(await ids('', t.b.token), []);
    assert.equal((await t.get(`/2025-09/notes/${onUnit.id}`, { token: t.b.token })).status, 404);
    assert.equal((await t.del(`/2025-09/notes/${onUnit.id}`, { token: t.b.token })).status, 404);
    const reader = await t.tokenWith(['public.note:read']);
    assert.equal((await t.get(`/2025-09/notes/${onUnit.id}`, { token: reader })).status, 200);
    assert.equal(
      (await t.post('/2025-09/notes', { content: 'x', resource: { id: contactId } }, { token: reader })).status,
      403,
    );
  });
});
