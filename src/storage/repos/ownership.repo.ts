import type { Handle } from '../database.ts';

/** Tables whose rows belong to one operator and may be named by id in a request body. */
export type OwnedTable =
  | 'contacts'
  | 'deals'
  | 'deal_stages'
  | 'invoices'
  | 'products'
  | 'protection_levels'
  | 'sites'
  | 'staff'
  | 'subscriptions'
  | 'tasks'
  | 'tenancies'
  | 'unit_types'
  | 'units';

const OWNED: ReadonlySet<string> = new Set<OwnedTable>([
  'contacts',
  'deals',
  'deal_stages',
  'invoices',
  'products',
  'protection_levels',
  'sites',
  'staff',
  'subscriptions',
  'tasks',
  'tenancies',
  'unit_types',
  'units',
]);

/** The ids among `ids` that are rows of `table` belonging to the operator. */
export async function ownedIds(tx: Handle, table: OwnedTable, operatorId: string, ids: string[]): Promise<Set<string>> {
  // The table name is interpolated as an identifier: only the closed list above may reach here.
  if (!OWNED.has(table)) throw new Error(`not an owned table: ${table}`);
  if (!ids.length) return new Set();
  const rows = await tx
    .selectFrom(table)
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((r: { id: string }) => r.id));
}
