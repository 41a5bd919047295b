import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { eventsOf, expect422 } from '../harness/api-checks.ts';

const TASK_KEYS = [
  'id',
  'assignee',
  'completed_at',
  'created_at',
  'creator',
  'description',
  'due_at',
  'metadata',
  'resource',
  'site',
  'status',
  'title',
  'updated_at',
];

describe('tasks', () => {
  let t: TestApp;
  let contactId: string;
  let unitId: string;
  let staffId: string;
  let siteId: string;

  const create = async (body: Record<string, unknown> = {}, token?: string) => {
    const res = await t.post('/2025-09/tasks', { title: 'Call the customer', ...body }, { token });
    assert.equal(res.status, 201, res.text);
    return res.body.task;
  };
  const events = (type: string, id: string) => eventsOf(t, type, 'task', id);
  const show = async (id: string) => (await t.get(`/2025-09/tasks/${id}`)).body.task;

  before(async () => {
    t = await createTestApp();
    contactId = (await t.get('/2025-09/contacts?limit=1')).body.contacts[0].id;
    unitId = (await t.get('/2025-09/units?limit=1')).body.units[0].id;
    staffId = (await t.get('/2025-09/staff?limit=1')).body.staff[0].id;
    siteId = (await t.get('/2025-09/sites?limit=1')).body.sites[0].id;
  });
  after(() => t.close());

  test('create: minimal and full, documented shape, task.created as shown', async () => {
    const min = await create({ title: 'Task with minimal params' });
    assert.deepEqual(Object.keys(min), TASK_KEYS);
    assert.match(min.id, /^task_[0-9a-f]{16}$/);
    assert.match(min.creator.id, /^tok_/);
    assert.deepEqual(
      [min.status, min.assignee, min.resource, min.site, min.due_at, min.completed_at, min.description],
      ['open', null, null, null, null, null, null],
    );
    const full = await create({
      title: 'Contact Task',
      description: '<p>Task for a contact</p>',
      due_at: '2027-02-27T14:41:00Z',
      assignee: { id: staffId },
      site: { id: siteId },
      resource: { id: contactId },
      metadata: { source: 'api', external_id: 'ext_123' },
    });
    assert.deepEqual(
      [full.assignee.id, full.site.id, full.resource.id, full.due_at],
      [staffId, siteId, contactId, '2027-02-27T14:41:00Z'],
    );
    assert.deepEqual(Object.keys(full.metadata), ['source', 'external_id']);
    assert.deepEqual(await show(full.id), full);
    assert.deepEqual((await events('task.created', full.id))[0].payload.event.data.task, full);
  });

  test('create: validation with pointers; the related resource must be the operator’s own', async () => {
    expect422(await t.post('/2025-09/tasks', {}), '/title');
    expect422(await t.post('/2025-09/tasks', { title: '' }), '/title');
    expect422(await t.post('/2025-09/tasks', { title: 'x', due_at: 'tomorrow' }), '/due_at');
    expect422(
      await t.post('/2025-09/tasks', { title: 'x', assignee: { id: 'staff_0000000000000000' } }),
      '/assignee/id',
    );
    expect422(await t.post('/2025-09/tasks', { title: 'x', resource: { id: 'con_0000000000000000' } }), '/resource/id');
    expect422(await t.post('/2025-09/tasks', { title: 'x', resource: { id: siteId } }), '/resource/id');
    const bContact = (await t.get('/2025-09/contacts?limit=1', { token: t.b.token })).body.contacts[0].id;
    expect422(await t.post('/2025-09/tasks', { title: 'x', resource: { id: bContact } }), '/resource/id');
    expect422(await t.post('/2025-09/tasks', { title: 'x', metadata: { 'a b': 'x' } }), '/metadata/a b');
  });

  test('update: fields, nulls, metadata merge; no-op announces nothing; task.updated as shown', async () => {
    const x = await create({ description: 'd', resource: { id: contactId }, metadata: { a: '1' } });
    const res = await t.patch(`/2025-09/tasks/${x.id}`, {
      title: 'Updated Task Title',
      description: null,
      due_at: '2027-02-25T14:41:00Z',
      assignee: { id: staffId },
      resource: { id: unitId },
      metadata: { b: '2' },
    });
    assert.equal(res.status, 200, res.text);
    const u = res.body.task;
    assert.deepEqual(
      [u.title, u.description, u.due_at, u.assignee.id, u.resource.id],
      ['Updated Task Title', null, '2027-02-25T14:41:00Z', staffId, unitId],
    );
    assert.deepEqual(u.metadata, { a: '1', b: '2' });
    assert.deepEqual((await events('task.updated', x.id))[0].payload.event.data.task, await show(x.id));
    assert.equal((await t.patch(`/2025-09/tasks/${x.id}`, { title: 'Updated Task Title' })).status, 200);
    assert.equal((await events('task.updated', x.id)).length, 1);
    assert.equal((await t.patch(`/2025-09/tasks/${x.id}`, { resource: null })).body.task.resource, null);
  });

  test('complete and open: completed_at on the operator clock, events, 409s', async () => {
    const x = await create();
    const clock = (await t.get('/sandbox/clock')).body.clock.now;
    const done = await t.post(`/2025-09/tasks/${x.id}/complete`);
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.task.status, 'completed');
    assert.ok(done.body.task.completed_at >= clock);
    assert.deepEqual((await events('task.completed', x.id))[0].payload.event.data.task, done.body.task);
    const again = await t.post(`/2025-09/tasks/${x.id}/complete`);
    assert.equal(again.status, 409);
    assert.match(again.body.error.message, /already completed/);
    const opened = await t.post(`/2025-09/tasks/${x.id}/open`);
    assert.equal(opened.status, 200);
    assert.deepEqual([opened.body.task.status, opened.body.task.completed_at], ['open', null]);
    assert.deepEqual((await events('task.reopened', x.id))[0].payload.event.data.task, opened.body.task);
    assert.equal((await t.post(`/2025-09/tasks/${x.id}/open`)).status, 409);
  });

  test('list: filters (status, assignee, resource, due window, overdue on the sandbox clock), sorts', async () => {
    const now = new Date((await t.get('/sandbox/clock')).body.clock.now);
    const soon = new Date(now.getTime() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const a = await create({ title: 'Due soon', due_at: soon, assignee: { id: staffId }, resource: { id: unitId } });
    const b = await create({ title: 'Done', resource: { id: contactId } });
    await t.post(`/2025-09/tasks/${b.id}/complete`);
    const ids = async (q: string) => {
      const res = await t.get(`/2025-09/tasks?limit=100&${q}`);
      assert.equal(res.status, 200, res.text);
      return res.body.tasks.map((x: any) => x.id);
    };
    assert.ok((await ids('status=completed')).includes(b.id));
    assert.ok(!(await ids('status=open')).includes(b.id));
    assert.ok((await ids(`assignee_id=${staffId}`)).includes(a.id));
    assert.deepEqual(await ids(`resource_id=${unitId}&search=due%20soon`), [a.id]);
    assert.ok((await ids('resource_type=unit')).includes(a.id));
    assert.ok(!(await ids('resource_type=contact')).includes(a.id));
    assert.ok((await ids(`due_after=${encodeURIComponent(soon)}`)).includes(a.id));
    assert.ok(!(await ids(`due_before=${encodeURIComponent(soon)}`)).includes(a.id));
    assert.ok(!(await ids('overdue=true')).includes(a.id));
    assert.equal((await t.post('/sandbox/clock/advance', { seconds: 7200 })).status, 200);
    assert.ok((await ids('overdue=true')).includes(a.id));
    const byDue = await t.get('/2025-09/tasks?sort_by=due_at&sort_direction=ASC&limit=100&status=open');
    const due = byDue.body.tasks.map((x: any) => x.due_at).filter(Boolean);
    assert.deepEqual(due, [...due].sort());
    assert.equal((await t.get('/2025-09/tasks?status=done')).status, 422);
    assert.equal((await t.get('/2025-09/tasks?resource_type=site')).status, 422);
  });

  test('delete: the task and its notes go; isolation and scopes', async () => {
    const x = await create();
    const note = await t.post('/2025-09/notes', { content: 'on the task', resource: { id: x.id } });
    assert.equal(note.status, 201, note.text);
    for (const res of [
      await t.get(`/2025-09/tasks/${x.id}`, { token: t.b.token }),
      await t.patch(`/2025-09/tasks/${x.id}`, { title: 'x' }, { token: t.b.token }),
      await t.post(`/2025-09/tasks/${x.id}/complete`, undefined, { token: t.b.token }),
      await t.del(`/2025-09/tasks/${x.id}`, { token: t.b.token }),
    ])
      assert.equal(res.status, 404);
    const reader = await t.tokenWith(['public.task:read']);
    assert.equal((await t.get(`/2025-09/tasks/${x.id}`, { token: reader })).status, 200);
    assert.equal((await t.del(`/2025-09/tasks/${x.id}`, { token: reader })).status, 403);
    const del = await t.del(`/2025-09/tasks/${x.id}`);
    assert.equal(del.status, 200);
    assert.deepEqual(del.body.success, { message: 'Task deleted successfully.' });
    assert.equal((await t.get(`/2025-09/tasks/${x.id}`)).status, 404);
    assert.equal((await t.get(`/2025-09/notes/${note.body.note.id}`)).status, 404);
  });
});
