import { sql } from 'kysely';
import type { Tx } from './database.ts';
import { forgetAllInTx } from './tx-memo.ts';

let counter = 0;

/**
 * Runs `work` inside a savepoint of the caller's transaction: if it throws, only its own writes are undone and
 * the transaction goes on (a batch of scheduled steps settles in one transaction; one bad step must not undo the
 * others). Rethrows the error.
 */
export async function withSavepoint<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  const name = `sp_${++counter}`;
  await sql.raw(`SAVEPOINT ${name}`).execute(tx);
  try {
    const out = await work();
    await sql.raw(`RELEASE SAVEPOINT ${name}`).execute(tx);
    return out;
  } catch (err) {
    await sql.raw(`ROLLBACK TO SAVEPOINT ${name}`).execute(tx);
    forgetAllInTx(tx);
    throw err;
  }
}
