import { parse, protocol, type PGlite, type Results } from '@electric-sql/pglite';
import pgUtils from 'pg/lib/utils.js';

const { serialize } = protocol;
const SYNC = serialize.sync();
const DESCRIBE_PORTAL = serialize.describe({ type: 'P' });
const EXECUTE = serialize.execute({});
/** Prepared statements kept per database (least recently used closed first): a plan is some KB of wasm memory. */
const MAX_PREPARED = 200;
/** Statements that may change a table's columns, after which a kept plan could fail on its new result type. */
const DDL = /^\s*(CREATE|ALTER|DROP|TRUNCATE|DO|COMMENT|DISCARD|DEALLOCATE)\b/i;

/**
 * Parameterised statements for PGlite, each in one trip into the database with its plan kept (docs/performance.md).
 * `pglite.query` makes six trips per statement (it first asks for the parameter types to choose its serializers)
 * and plans it every time; here Parse (once per statement text, named), Bind, Describe, Execute and Sync go as one
 * message buffer, and the next run of the same text only binds. Kysely emits the same text for the same query
 * shape, so a lifecycle batch plans each of its statements once. Parameters are serialized as node-postgres does
 * for the PostgreSQL store (`prepareValue`: dates with their offset, arrays as array literals, objects as JSON,
 * buffers binary), so both stores receive the same text; rows are parsed by PGlite's own type parsers, as before.
 * Prepared statements outlive a rolled-back transaction (PostgreSQL does not undo them), so a name is kept once its
 * Parse completed, whatever happened after.
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();
  private toClose: string[] = [];
  private seq = 0;

  constructor(private readonly pglite: PGlite) {}

  /** A statement run outside this cache (simple protocol): one that may alter tables retires every kept plan. */
  sawSimple(sql: string): void {
    if (DDL.test(sql)) this.retireAll();
  }

  private retireAll() {
    this.toClose.push(...this.names.values());
    this.names.clear();
  }

  async query(sql: string, params: readonly unknown[]): Promise<Results> {
    const parts: Uint8Array[] = [];
    // Closing is allowed even in an aborted transaction; sent first, before anything can fail.
    for (const name of this.toClose.splice(0)) parts.push(serialize.close({ type: 'S', name }));
    // DDL runs unnamed and is never kept; it retires every kept plan.
    const ddl = DDL.test(sql);
    if (ddl) this.retireAll();
    let name = ddl ? '' : this.names.get(sql);
    const parsing = name === undefined || ddl;
    if (parsing) {
      name ??= `lockyard_${++this.seq}`;
      parts.push(serialize.parse({ name, text: sql, types: [] }));
    } else {
      this.names.delete(sql); // re-inserted below: most recently used last
    }
    parts.push(
      serialize.bind({ statement: name!, values: params.map((v) => pgUtils.prepareValue(v)) }),
      DESCRIBE_PORTAL,
      EXECUTE,
      SYNC,
    );
    // PGlite's own queries (its LISTEN) run under this lock; no statement of theirs may land between ours.
    const { messages } = await (this.pglite as unknown as Exclusive)._runExclusiveQuery(() =>
      this.pglite.execProtocol(concat(parts), { throwOnError: false }),
    );
    if (!ddl && (!parsing || messages.some((m) => m.name === 'parseComplete'))) this.keep(sql, name!);
    const error = messages.find((m) => m.name === 'error') as { name: string; code?: string } | undefined;
    // A kept name the database no longer knows (closed behind our back) is parsed again next time.
    if (error?.code === '26000') this.names.delete(sql);
    // As pglite.query reports them: the statement and its parameters on the error.
    if (error) throw Object.assign(error as unknown as Error, { query: sql, params });
    return parse.parseResults(messages, this.pglite.parsers, { rowMode: 'object' })[0];
  }

  private keep(sql: string, name: string) {
    this.names.set(sql, name);
    if (this.names.size <= MAX_PREPARED) return;
    const [oldest, oldName] = this.names.entries().next().value!;
    this.names.delete(oldest);
    this.toClose.push(oldName);
  }
}

interface Exclusive {
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
