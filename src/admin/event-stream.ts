import { randomBytes } from '../kernel/ids.ts';
import { EVENT_TYPES } from '../domain/events/event-types.ts';
import { eventsAfter, latestEventSeq } from '../storage/repos/events.repo.ts';
import { initSetting } from '../storage/repos/images.repo.ts';
import type { Lockyard } from '../main.ts';
import { AdminError, operatorContext } from './admin-operation.ts';

/** How often the stream looks again when nothing woke it (writes by other processes that notify nothing). */
const POLL_MS = 500;
const HEARTBEAT_MS = 15_000;
const BATCH = 100;

/** What `lockyard listen` learns first: whose events, from where, and the secret forwards are signed with. */
export interface StreamStart {
  operator_id: string;
  operator_name: string;
  /** Stable per instance (kept across resets): a receiver configured once keeps verifying. */
  secret: string;
  seq: number;
  types: string[] | null;
}

/**
 * The live event stream behind `lockyard listen` (server-sent events): every event written after the stream opens,
 * oldest first, as `event: event` messages whose `body` is the exact text a webhook delivery posts. Events are read
 * from the events table, so those written by any process appear: a write by this process (or a change notification
 * from another) wakes the stream at once, and it looks again every POLL_MS regardless.
 */
export async function streamEvents(
  lockyard: Lockyard,
  filter: { operatorId?: string; types?: string[]; since?: number },
  signal: AbortSignal,
  open: (start: StreamStart) => (chunk: string) => void,
): Promise<void> {
  const db = lockyard.database.db;
  const bad = (filter.types ?? []).filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
  if (bad.length) throw new AdminError(`unknown event type(s): ${bad.join(', ')}`);
  const ctx = await operatorContext(lockyard, filter.operatorId);
  const secret = await initSetting(db, 'listen_secret', randomBytes(32).toString('hex'));
  let cursor = filter.since ?? (await latestEventSeq(db));
  const types = filter.types?.length ? filter.types : undefined;
  const write = open({
    operator_id: ctx.operator.id,
    operator_name: ctx.operator.name,
    secret,
    seq: cursor,
    types: types ?? null,
  });
  let wake = () => {};
  const off = lockyard.database.onChange(() => wake());
  const heartbeat = setInterval(() => write(': keep-alive\n\n'), HEARTBEAT_MS);
  try {
    while (!signal.aborted) {
      const rows = await eventsAfter(db, cursor, { operatorId: ctx.operator.id, types, limit: BATCH });
      for (const r of rows) {
        cursor = r.seq;
        const data = {
          seq: r.seq,
          id: r.id,
          type: r.type,
          operator_id: r.operatorId,
          body: JSON.stringify(r.payload),
        };
        write(`id: ${r.seq}\nevent: event\ndata: ${JSON.stringify(data)}\n\n`);
      }
      if (rows.length === BATCH) continue;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          wake = () => {};
          resolve();
        };
        const timer = setTimeout(done, POLL_MS);
        wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
    }
  } finally {
    clearInterval(heartbeat);
    off();
  }
}
