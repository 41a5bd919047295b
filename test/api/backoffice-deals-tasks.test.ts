import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../harness/test-app.ts';
import { BackofficeSession, demoStaffOn } from '../harness/backoffice-session.ts';

/** Back office → Deals (board by stage, move / win / lose / reopen, create) and Tasks (views, complete, create). */
describe('back office: deals board and tasks', () => {
  let t: TestApp;
  let staff: BackofficeSession;
  let emitted: (type: string, id: string) => Promise<number>;
  let contact: { id: string; email: string };
  const api = (path: string) => t.get(path, { token: t.a.token });

  before(async () => {
    t = await createTestApp();
    ({ staff, emitted } = await demoStaffOn(t, t.a.id));
    contact = (await api('/2025-09/contacts?limit=1')).body.contacts[0];
  });
  after(() => t.close());

  test('create a deal by contact email; refusals in the API’s words keep what was typed', async () => {
    const board = await staff.get('/backoffice/deals');
    assert.equal(board.status, 200);
    const stages = (await api('/2025-09/deals/stages')).body.stages;
    for (const s of stages) assert.ok(board.body.includes(`id="column-${s.id}"`));

    const noName = await staff.post('/backoffice/deals', { name: '', contact: contact.email, value_estimate: '£40' });
    assert.equal(noName.status, 422);
    assert.match(noName.body, /value at `\/name` must NOT have fewer than 1 characters/);
    assert.match(noName.body, /value="£40"/);
    const nobody = await staff.post('/backoffice/deals', { name: 'Ghost', contact: 'nobody@example.com' });
    assert.equal(nobody.status, 422);
    assert.match(nobody.body, /no contact has the email nobody@example\.com/);
    const badId = await staff.post('/backoffice/deals', { name: 'Ghost', contact: 'con_0000000000000000' });
    assert.equal(badId.status, 422);
    assert.match(badId.body, /value at `\/contact\/id` is not/);

    const res = await staff.post('/backoffice/deals', {
      name: 'Board deal',
      contact: contact.email,
      stage_id: stages[0].id,
      value_estimate: '£60 per month',
    });
    assert.equal(res.status, 303, res.body);
    const id = res.location!.split('#')[1];
    const deal = (await api(`/2025-09/deals/${id}`)).body.deal;
    assert.equal(deal.name, 'Board deal');
    assert.equal(deal.contact.id, contact.id);
    assert.equal(deal.stage.id, stages[0].id);
    assert.equal(await emitted('deal.created', id), 1);
  });

  test('move along the board, win, reopen, lose; a closed deal cannot move (409)', async () => {
    const stages = (await api('/2025-09/deals/stages')).body.stages.sort(
      (a: { position: number }, b: { position: number }) => a.position - b.position,
    );
    await staff.get('/backoffice/deals');
    const made = await staff.post('/backoffice/deals', { name: 'Mover', contact: contact.id, stage_id: stages[0].id });
    const id = made.location!.split('#')[1];
    const page = await staff.get('/backoffice/deals');
    assert.match(page.body, new RegExp(`aria-label="Move Mover to ${stages[1].name}"`));

    const moved = await staff.post(`/backoffice/deals/${id}/move`, { stage_id: stages[1].id });
    assert.equal(moved.status, 303);
    assert.equal((await api(`/2025-09/deals/${id}`)).body.deal.stage.id, stages[1].id);
    assert.equal(await emitted('deal.updated', id), 1);

    assert.equal((await staff.post(`/backoffice/deals/${id}/win`)).status, 303);
    assert.equal((await api(`/2025-09/deals/${id}`)).body.deal.status, 'won');
    assert.equal(await emitted('deal.won', id), 1);
    const closedMove = await staff.post(`/backoffice/deals/${id}/move`, { stage_id: stages[0].id });
    assert.equal(closedMove.status, 409);
    assert.match(closedMove.body, /is won; reopen it to move it to another stage/);
    assert.equal((await staff.post(`/backoffice/deals/${id}/win`)).status, 409);

    assert.equal((await staff.post(`/backoffice/deals/${id}/reopen`)).status, 303);
    assert.equal(await emitted('deal.reopened', id), 1);
    const badReason = await staff.post(`/backoffice/deals/${id}/lose`, { lost_reason: 'bored' });
    assert.equal(badReason.status, 422);
    assert.match(badReason.body, /value at `\/lost_reason` is not one of/);
    assert.equal((await staff.post(`/backoffice/deals/${id}/lose`, { lost_reason: 'price_concerns' })).status, 303);
    const lost = (await api(`/2025-09/deals/${id}`)).body.deal;
    assert.equal(lost.status, 'lost');
    assert.equal(lost.lost_reason, 'price_concerns');
    assert.equal(await emitted('deal.lost', id), 1);
    assert.equal(
      (await staff.post(`/backoffice/deals/${id}/move`, { _csrf: 'forged', stage_id: stages[0].id })).status,
      403,
    );
  });

  test('tasks: create mine with a due time in operator time, overdue view, complete and reopen', async () => {
    const list = await staff.get('/backoffice/tasks');
    assert.equal(list.status, 200);
    const empty = await staff.post('/backoffice/tasks', { title: '', due_at: '2020-01-01T09:30' });
    assert.equal(empty.status, 422);
    assert.match(empty.body, /value at `\/title` must NOT have fewer than 1 characters/);
    assert.match(empty.body, /value="2020-01-01T09:30"/);
    const badDue = await staff.post('/backoffice/tasks', { title: 'x', due_at: 'soon' });
    assert.equal(badDue.status, 422);
    assert.match(badDue.body, /value at `\/due_at` does not match format: date-time/);
    const badRef = await staff.post('/backoffice/tasks', { title: 'x', resource_id: 'con_0000000000000000' });
    assert.equal(badRef.status, 422);
    assert.match(badRef.body, /value at `\/resource\/id` is not/);

    const res = await staff.post('/backoffice/tasks', {
      title: 'Call about the late invoice',
      due_at: '2020-01-01T09:30',
      resource_id: contact.id,
      assign_to_me: '1',
    });
    assert.equal(res.status, 303, res.body);
    const id = res.location!.split('#')[1];
    const task = (await api(`/2025-09/tasks/${id}`)).body.task;
    assert.ok(task.assignee?.id);
    assert.equal(task.resource.id, contact.id);
    // Acme is on Europe/London: 09:30 in January is 09:30 UTC.
    assert.equal(task.due_at, '2020-01-01T09:30:00Z');
    assert.equal(await emitted('task.created', id), 1);

    const mine = await staff.get('/backoffice/tasks?view=mine');
    assert.ok(mine.body.includes(`id="${id}"`));
    const overdue = await staff.get('/backoffice/tasks?view=overdue');
    assert.ok(overdue.body.includes(`id="${id}"`));
    assert.match(overdue.body, /data-status="overdue"/);

    assert.equal((await staff.post(`/backoffice/tasks/${id}/complete`, { view: 'overdue' })).status, 303);
    assert.equal((await api(`/2025-09/tasks/${id}`)).body.task.status, 'completed');
    assert.equal(await emitted('task.completed', id), 1);
    assert.ok(!(await staff.get('/backoffice/tasks?view=overdue')).body.includes(`id="${id}"`));
    const twice = await staff.post(`/backoffice/tasks/${id}/complete`);
    assert.equal(twice.status, 409);
    assert.match(twice.body, /is already completed/);
    assert.equal((await staff.post(`/backoffice/tasks/${id}/reopen`)).status, 303);
    assert.equal(await emitted('task.reopened', id), 1);
  });
});
