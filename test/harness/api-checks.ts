import assert from 'node:assert/strict';
import type { TestApp, TestResponse } from './test-app.ts';

/** Asserts a 422 whose details name `pointer` (and, given `message`, say that there); answers that detail. */
export function expect422(res: TestResponse, pointer: string, message?: RegExp) {
  assert.equal(res.status, 422, res.text);
  const detail = res.body.error.details.find((d: any) => d.pointer === pointer);
  assert.ok(detail, `${pointer} in ${res.text}`);
  if (message) assert.match(detail.message, message);
  return detail;
}

/** Operator A's stored events of `type` about one record (`resource`: its key in the event's data, e.g. 'deal'). */
export async function eventsOf(t: TestApp, type: string, resource: string, id: string): Promise<any[]> {
  const rows = await t.lockyard.services.events.list(t.lockyard.database.db, t.a.id, { type, limit: 1000 });
  return rows.filter((r: any) => r.payload.event.data[resource]?.id === id);
}
