import type { PGlite } from '@electric-sql/pglite';
import { assertStorable } from './param-guard.ts';
import { PreparedStatements } from './pglite-statements.ts';

/**
 * A pg-Pool-shaped front for PGlite so Kysely's stock PostgresDialect drives both stores.
 * PGlite is one session: `connect()` hands it out to one holder at a time, so a transaction
 * never interleaves with another request's statements. A query on the pool while the same
 * code holds a transaction waits forever: pass `tx` first, everywhere.
 */
export class PGlitePool {
  private queue: Array<() => void> = [];
  private held = false;
  private readonly statements: PreparedStatements;

  constructor(
    readonly pglite: PGlite,
    private readonly onWrite: () => void = () => {},
  ) {
    this.statements = new PreparedStatements(pglite);
  }

  async connect() {
    if (this.held) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.held = true;
    const { pglite, statements } = this;
    return {
      query: async (sql: string, params: readonly unknown[] = []) => {
        assertStorable(params);
        // Like pg: no parameters means the simple protocol, which also runs multi-statement scripts.
        if (!params.length) statements.sawSimple(sql);
        const res = params.length
          ? await statements.query(sql, params)
          : (await pglite.exec(sql, { rowMode: 'object' })).at(-1)!;
        if (isWrite(sql)) this.onWrite();
        return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length, command: commandOf(sql) };
      },
      release: () => this.release(),
    };
  }

  private release() {
    const next = this.queue.shift();
    if (next) next();
    else this.held = false;
  }

  async end() {
    await this.pglite.close();
  }
}

function commandOf(sql: string): string {
  return sql.trimStart().slice(0, 6).toUpperCase();
}

/** Anything but a read (or a transaction start) may change what readers see. */
export function isWrite(sql: string): boolean {
  const head = sql.trimStart().slice(0, 6).toUpperCase();
  return head !== 'SELECT' && head !== 'BEGIN' && head !== 'WITH R' && head !== 'SHOW' && head !== 'ROLLBA';
}
