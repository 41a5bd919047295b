import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';

type Client = { query(sql: unknown, params?: unknown[]): Promise<unknown>; release(err?: Error | boolean): void };

interface Unit {
  client: Client;
  /** False once the unit commits or rolls back: a straggler from its async flow then gets a connection of its own. */
  open: boolean;
  /** A `withTransaction` inside rolled back: its writes cannot be undone alone, so the unit must not commit. */
  doomed: boolean;
}

const done = (command: string) => ({ rows: [], rowCount: 0, command });

/**
 * A pg-Pool-shaped front that can hold one transaction for a whole unit of work (an API write and the
 * Idempotency-Key outcome recorded with it, docs/decisions/idempotency.md).
 *
 * While `run(fn)` is active, every query fn's async flow issues — on `db`, inside `withTransaction`, in any
 * repo — goes to the unit's connection, inside its one BEGIN … COMMIT. A `withTransaction` inside joins the
 * unit: its BEGIN and COMMIT do nothing and its ROLLBACK dooms the unit. So services written for their own
 * transactions need no change, and a read on `db` inside cannot wait on PGlite's single session held by the unit.
 */
export class UnitOfWorkPool {
  private readonly units = new AsyncLocalStorage<Unit>();

  constructor(private readonly inner: pg.Pool) {}

  async connect(): Promise<Client> {
    const unit = this.units.getStore();
    if (unit?.open) return joined(unit);
    return (await this.inner.connect()) as unknown as Client;
  }

  end() {
    return this.inner.end();
  }

  /** Binds a callback to run outside any unit, whoever triggers it (change listeners, NOTIFY handlers). */
  detached<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
    return (...args) => this.units.exit(() => fn(...args));
  }

  /** Runs `fn` as one transaction (joining the current unit if there is one). Commits when fn resolves. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.units.getStore()?.open) return fn();
    const client = (await this.inner.connect()) as unknown as Client;
    const unit: Unit = { client, open: true, doomed: false };
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await this.units.run(unit, fn);
      if (unit.doomed) throw new Error('A transaction inside this unit of work rolled back; the unit cannot commit.');
      unit.open = false;
      await client.query('COMMIT');
      return result;
    } catch (err) {
      if (unit.open) {
        unit.open = false;
        await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      }
      throw err;
    } finally {
      unit.open = false;
      client.release(broken);
    }
  }
}

function joined(unit: Unit): Client {
  return {
    async query(sql, params) {
      const head = typeof sql === 'string' ? sql.trim().toLowerCase() : '';
      if (head === 'begin' || head.startsWith('start transaction')) return done('BEGIN');
      if (head === 'commit') return done('COMMIT');
      if (head === 'rollback') {
        unit.doomed = true;
        return done('ROLLBACK');
      }
      if (!unit.open) throw new Error('This unit of work has ended; the query was issued by work it left running.');
      return unit.client.query(sql, params);
    },
    release() {},
  };
}
