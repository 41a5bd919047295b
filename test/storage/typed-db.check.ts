// Compile-time proofs for the typed database (docs/architecture.md rule 3). `tsc --noEmit` checks this file;
// each `@ts-expect-error` fails the type check the day the mistake below it starts to compile.
import type { Contact } from '../../src/domain/contacts/contact.ts';
import { withTransaction, type Db, type Handle, type Tx } from '../../src/storage/database.ts';
import { insertContact } from '../../src/storage/repos/contacts.repo.ts';
import { findOperator } from '../../src/storage/repos/operators.repo.ts';

export async function misspeltNamesDoNotCompile(db: Db) {
  // @ts-expect-error a misspelt column in a select
  await db.selectFrom('contacts').select('full_nme').execute();
  // @ts-expect-error a misspelt column in a filter
  await db.selectFrom('contacts').selectAll().where('operatorid', '=', 'op_1').execute();
  // @ts-expect-error a misspelt table
  await db.selectFrom('contact').selectAll().execute();
  // @ts-expect-error a misspelt column in an update
  await db.updateTable('contacts').set({ emial: 'a@example.com' }).execute();
  // @ts-expect-error a value of the wrong type
  await db.updateTable('contacts').set({ identity_check_required: 'yes' }).execute();
  // @ts-expect-error an insert missing a NOT NULL column without a default (created_at)
  await db.insertInto('product_categories').values({ id: 'pc_1', operator_id: 'op_1', name: 'Boxes' }).execute();
  // Columns with a default may be left out.
  await db
    .insertInto('operators')
    .values({
      id: 'op_1',
      name: 'A',
      slug: 'a',
      currency: 'GBP',
      timezone: 'UTC',
      created_at: new Date(),
      updated_at: new Date(),
    })
    .execute();
}

export async function writesNeedTheTransaction(db: Db, contact: Omit<Contact, 'tenanciesCount'>) {
  // @ts-expect-error a write handed the pool instead of the transaction it belongs to
  await insertContact(db, contact);
  await withTransaction(db, async (tx) => {
    await insertContact(tx, contact);
    // Reads take either handle.
    await findOperator(tx, contact.operatorId);
  });
  await findOperator(db, contact.operatorId);
}

export function handlesAreDistinct(db: Db, tx: Tx) {
  const read: Handle = tx;
  const pool: Handle = db;
  // @ts-expect-error the pool is not a transaction
  const notTx: Tx = db;
  return [read, pool, notTx];
}
